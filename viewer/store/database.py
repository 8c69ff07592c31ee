"""Opening, checking and migrating ``data.db``; the single write path.

Why our own connection: we open it in driver autocommit mode and begin each write
with ``BEGIN IMMEDIATE``, so a second process waits on the busy timeout instead of
failing half-way through a deferred transaction with "database is locked".

Reads go straight to that connection (:meth:`Store.query`); the sqlite-utils
``Database`` over it is made on the first write or migration. So a window opening
an up-to-date database never imports sqlite-utils before its first paint.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.errors import StoreError
from viewer.store.migrations import RECORD_TABLE, SET_NAME, STEPS, migrations

if TYPE_CHECKING:
    import sqlite_utils

ENV_VAR = "DIPTYCH_DB"
BUSY_TIMEOUT_S = 10.0


def _is_busy(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY")


def default_db_path() -> Path:
    """``$DIPTYCH_DB`` if set, else ``data.db`` in the current folder."""
    return Path(os.environ.get(ENV_VAR) or "data.db")


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
        self.conn = conn
        try:
            self._check_and_migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_busy(exc):
                raise StoreError(
                    f"The database {self.path} stayed locked by another program for "
                    f"{BUSY_TIMEOUT_S:.0f} s; it has not been changed. Try again."
                ) from None
            raise self._damaged(str(exc)) from None

    # -- reading ----------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of ``sql`` as dicts (column name → value), like sqlite-utils' ``query``."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    # -- writing ----------------------------------------------------------------------
    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for writes and migrations."""
        from viewer.store._sqlite_utils import Database

        return Database(self.conn)

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction for one user action: all of it commits, or none of it."""
        with self._write_lock:
            conn = self.conn
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
        self.conn.close()

    # -- opening ----------------------------------------------------------------------
    def _check_and_migrate(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA foreign_keys = ON")
        # Reading the schema is the first thing that fails on a file that is not SQLite.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise self._damaged(result)
        applied = self._applied_steps()
        unknown = applied - {step.__name__ for step in STEPS}
        if unknown:
            raise StoreError(
                f"The database {self.path} was written by a newer version of Diptych "
                f"(it has schema steps this version does not know: {', '.join(sorted(unknown))}). "
                "It has not been changed. Update Diptych, or open another file with --db."
            )
        self._enable_wal()
        if len(applied) < len(STEPS):
            # Under BEGIN IMMEDIATE, so that of several processes opening the file at once
            # one migrates and the others, once it commits, find nothing left to do.
            with self.write():
                migrations().apply(self.db)

    def _enable_wal(self) -> None:
        """Switch to WAL, waiting out other processes opening the same new file.

        The switch needs the file to itself, and SQLite reports a clash at once (it
        does not wait on the busy timeout for it), so wait here, up to that timeout.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode = wal").fetchone()[0] == "wal":
                    return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                return  # a file system without WAL: the rollback journal still keeps writes whole
            time.sleep(0.02)

    def _applied_steps(self) -> set[str]:
        """Names of the steps already applied, read from sqlite-utils' record table."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 [RECORD_TABLE]).fetchone():
            return set()
        rows = self.conn.execute(f"SELECT name FROM {RECORD_TABLE} WHERE migration_set = ?", [SET_NAME])
        return {name for (name,) in rows}

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
