"""Opening, checking and migrating ``data.db``; the single write path.

Why our own connection: we open it in driver autocommit mode and begin each write
with ``BEGIN IMMEDIATE``, so a second process waits on the busy timeout instead of
failing half-way through a deferred transaction with "database is locked".
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from viewer.core.errors import StoreError
from viewer.store.migrations import MIGRATIONS

ENV_VAR = "DIPTYCH_DB"
BUSY_TIMEOUT_S = 10.0


def default_db_path() -> Path:
    """``$DIPTYCH_DB`` if set, else ``data.db`` in the current folder."""
    return Path(os.environ.get(ENV_VAR) or "data.db")


def _known_migrations() -> set[str]:
    # Every step of this version is pending on an empty database.
    return {m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))}


class Store:
    """One open ``data.db``. Reads are free; writes go through :meth:`write`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._write_lock = threading.RLock()
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open the database {self.path}: {exc}.") from None
        self.db = sqlite_utils.Database(conn)
        try:
            self._check_and_migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY"):
                raise StoreError(
                    f"The database {self.path} stayed locked by another program for "
                    f"{BUSY_TIMEOUT_S:.0f} s; it has not been changed. Try again."
                ) from None
            raise self._damaged(str(exc)) from None

    # -- writing ----------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction for one user action: all of it commits, or none of it."""
        with self._write_lock:
            conn = self.db.conn
            if conn.in_transaction:  # nested: the outer action owns the commit
                yield self.db
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        self.db.conn.close()

    # -- opening ----------------------------------------------------------------------
    def _check_and_migrate(self) -> None:
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = ON")
        # Reading the schema is the first thing that fails on a file that is not SQLite.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise self._damaged(result)
        applied = {m.name for m in MIGRATIONS.applied(self.db)}
        unknown = applied - _known_migrations()
        if unknown:
            raise StoreError(
                f"The database {self.path} was written by a newer version of Diptych "
                f"(it has schema steps this version does not know: {', '.join(sorted(unknown))}). "
                "It has not been changed. Update Diptych, or open another file with --db."
            )
        if self.db.journal_mode != "wal":
            self.db.enable_wal()
        if MIGRATIONS.pending(self.db):
            # Under BEGIN IMMEDIATE, so that of several processes opening the file at once
            # one migrates and the others, once it commits, find nothing left to do.
            with self.write():
                MIGRATIONS.apply(self.db)

    def _damaged(self, detail: str) -> StoreError:
        backup = self.path.with_name(
            f"{self.path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
        )
        try:
            shutil.copy2(self.path, backup)
            saved = f"A copy was saved as {backup}. "
        except OSError:
            saved = ""
        return StoreError(
            f"The database {self.path} is damaged or is not a Diptych database ({detail}). "
            f"{saved}Diptych has not changed or replaced it. Restore it from a backup, "
            "or open another file with --db."
        )
