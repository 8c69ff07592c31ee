"""The only code in Diptych that talks to SQLite.

``Store`` opens ``data.db`` (WAL, foreign keys, busy timeout), brings its schema
up to date through the numbered migrations in :mod:`viewer.store.migrations`, and
hands out one write transaction at a time. The modules beside it hold the queries
for each kind of record; nothing above this package writes SQL.
"""

from viewer.store.database import Store, default_db_path

__all__ = ["Store", "default_db_path"]
