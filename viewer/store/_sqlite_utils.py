"""sqlite-utils, imported the way the store needs it: late, and without pandas.

sqlite-utils imports pandas and numpy at import time when they are installed, to
map their types; that is ~0.4 s. The store never hands it pandas or numpy values,
so both are hidden while it loads (unless something already loaded them) and
later imports of pandas work as usual. Diptych uses no sqlite-utils plugins, and
looking for them scans the entry points of every installed distribution (~30 ms).
"""

import sys

_hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
sys.modules.update(dict.fromkeys(_hidden))
try:
    import sqlite_utils.plugins
finally:
    for _name in _hidden:
        del sys.modules[_name]
sqlite_utils.plugins._plugins_loaded = True

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
