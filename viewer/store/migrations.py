"""The numbered schema steps of ``data.db``, applied in order and never edited.

To change the schema, append a new function ``mNNN_what_it_does`` below; never
alter one that has shipped. Each runs in its own transaction with the record of
having run (sqlite-utils' ``Migrations``). A database carrying a step this list
does not know was written by a newer Diptych and is refused, untouched.

Schema (current):

``documents``
    One row per imported text. ``text`` is the canonical text (NFC, LF); every
    offset anywhere refers to it in code points. ``structure`` is a JSON list of
    spans (``start``, ``end``, ``kind``, optional ``level``/``href``). ``sha256``
    is the hash of ``text`` and is unique: the same text is never stored twice.
    ``date`` is ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD); ``date_approximate`` and
    ``date_note`` say when and why it is an estimate.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("diptych")


@MIGRATIONS()
def m001_documents(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            date_approximate INTEGER NOT NULL DEFAULT 0,
            date_note TEXT NOT NULL DEFAULT '',
            era TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'en',
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            word_count INTEGER NOT NULL,
            text TEXT NOT NULL,
            structure TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL
        )
        """
    )
