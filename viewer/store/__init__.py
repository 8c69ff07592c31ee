"""The only code in Diptych that talks to SQLite.

``Store`` opens ``data.db`` (WAL, foreign keys, busy timeout), brings its schema
up to date through the numbered migrations in :mod:`viewer.store.migrations`, and
hands out one write transaction at a time. The modules beside it hold the queries
for each kind of record; nothing above this package writes SQL.
"""

import sys

# sqlite-utils imports pandas and numpy at import time when they are installed, to
# map their types; that is ~0.4 s on the window's start-up path. The store never
# hands it pandas or numpy values, so hide both while it loads (unless something
# already loaded them) and let later imports of pandas work as usual.
_hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
sys.modules.update(dict.fromkeys(_hidden))
try:
    import sqlite_utils.plugins
finally:
    for _name in _hidden:
        del sys.modules[_name]
# Diptych uses no sqlite-utils plugins; looking for them scans the entry points of
# every installed distribution (~30 ms) each time the window starts.
sqlite_utils.plugins._plugins_loaded = True

from viewer.store.database import Store, default_db_path  # noqa: E402

__all__ = ["Store", "default_db_path"]
