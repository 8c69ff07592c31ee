"""The numbered schema steps of ``data.db``, applied in order and never edited.

To change the schema, append a new function ``mNNN_what_it_does`` below; never
alter one that has shipped. Each runs in its own transaction with the record of
having run (sqlite-utils' ``Migrations``, built only when a step is pending: an
up-to-date database opens without importing sqlite-utils, which keeps ~70 ms off
the window's start-up). A database carrying a step this list does not know was
written by a newer Diptych and is refused, untouched.

Schema (current):

``documents``
    One row per imported text. ``text`` is the canonical text (NFC, LF); every
    offset anywhere refers to it in code points. ``structure`` is a JSON list of
    spans (``start``, ``end``, ``kind``, optional ``level``/``href``). ``sha256``
    is the hash of ``text`` and is unique: the same text is never stored twice.
    ``date`` is ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD); ``date_approximate`` and
    ``date_note`` say when and why it is an estimate.

``annotations``
    One row per annotation; ``id`` is a UUID (rows from several analysts merge
    without collisions). ``doc_id``/``doc_sha256`` name the document and the
    version of its text the selectors were taken from; ``start``/``end`` are code
    points, ``quote``/``prefix``/``suffix`` the W3C TextQuote (32 code points of
    context). ``status`` is ``anchored`` or ``orphan`` (text gone after a
    re-import; kept, never deleted). ``color`` is a palette name; ``created`` and
    ``modified`` are ISO 8601 UTC. A document with annotations cannot be deleted
    (ON DELETE RESTRICT): its annotations must be dealt with first.
    ``tags`` holds the annotation's tags in order joined by U+001F (never part
    of a tag): listing the 10,000 annotations of a pair needs no join, and the
    panel filters by tag (a tag and its children) on what it has listed.
``tag_colors``
    The default colour of a tag (children inherit it unless they have their own).
``links`` and ``link_ends``
    A link between two passages (``side`` 0 = source, 1 = target, each with the
    same selector and status columns as an annotation) with a ``relation``
    (continues, echoes, contrasts, contradicts or the analyst's own label) and a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

#: The migration set's name, and the table where sqlite-utils records applied steps.
SET_NAME = "diptych"
RECORD_TABLE = "_sqlite_migrations"


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


def m002_entities(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE recognitions (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            seconds REAL NOT NULL,
            recognised_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            type TEXT NOT NULL,
            ignored INTEGER NOT NULL DEFAULT 0,
            split_doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            split_start INTEGER,
            split_end INTEGER
        )
        """
    )
    db.execute(
        """
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            expansion TEXT NOT NULL DEFAULT '',
            entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL
        )
        """
    )
    db.execute("CREATE INDEX mentions_doc ON mentions(doc_id, start)")
    db.execute("CREATE INDEX mentions_entity ON mentions(entity_id)")
    db.execute(
        """
        CREATE TABLE entity_links (
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            score REAL NOT NULL,
            a TEXT NOT NULL,
            b TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX entity_links_entity ON entity_links(entity_id)")
    db.execute(
        """
        CREATE TABLE entity_related (
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            related_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            PRIMARY KEY (entity_id, related_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE entity_decisions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'type', 'ignore')),
            key TEXT NOT NULL,
            doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            start INTEGER,
            "end" INTEGER,
            other_key TEXT,
            other_doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            other_start INTEGER,
            other_end INTEGER,
            value TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )
        """
    )

def m003_annotations(db: Database) -> None:
    passage = """
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE RESTRICT,
            doc_sha256 TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphan'))"""
    record = """
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL"""
    for statement in (
        f"""CREATE TABLE annotations (
            id TEXT PRIMARY KEY NOT NULL,{passage},
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL,{record}
        )""",
        'CREATE INDEX annotations_doc ON annotations(doc_id, start)',
        """CREATE TABLE tag_colors (
            tag TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
            color TEXT NOT NULL
        )""",
        f"""CREATE TABLE links (
            id TEXT PRIMARY KEY NOT NULL,
            relation TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',{record}
        )""",
        f"""CREATE TABLE link_ends (
            link_id TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
            side INTEGER NOT NULL CHECK (side IN (0, 1)),{passage},
            PRIMARY KEY (link_id, side)
        )""",
        "CREATE INDEX link_ends_doc ON link_ends(doc_id)",
    ):
        db.execute(statement)


STEPS: tuple[Callable[[Database], None], ...] = (m001_documents, m002_entities, m003_annotations)


def migrations() -> Migrations:
    """The steps as a sqlite-utils migration set, ready to apply."""
    from viewer.store._sqlite_utils import Migrations

    steps = Migrations(SET_NAME)
    for step in STEPS:
        steps()(step)
    return steps
