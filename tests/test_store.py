"""The SQLite store: schema by migrations, pragmas, lookups, and refusing bad files untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from viewer.core.errors import DocumentNotFound, StoreError
from viewer.ops.documents import default_pair, seed_pair
from viewer.store import Store
from viewer.store.documents import get_document, list_documents, resolve_document
from viewer.store.migrations import STEPS, migrations


def test_new_store_is_migrated_wal_with_foreign_keys(store: Store) -> None:
    assert store.db.journal_mode == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert "documents" in store.db.table_names()
    applied = [m.name for m in migrations().applied(store.db)]
    assert applied == [step.__name__ for step in STEPS]
    assert migrations().pending(store.db) == []


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    Store(db_path).close()
    again = Store(db_path)
    names = [r["name"] for r in again.query("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) == len(STEPS)


def test_opening_an_up_to_date_store_and_reading_does_not_import_sqlite_utils(db_path: Path) -> None:
    """The window's start-up path reads through the plain connection (~70 ms saved)."""
    seed_pair(Store(db_path))
    code = ("import sys; from viewer.store import Store; from viewer.store.documents import "
            "get_document, list_documents; s = Store(sys.argv[1]); "
            "assert [get_document(s, d.id).meta.title for d in list_documents(s)]; "
            "assert 'sqlite_utils' not in sys.modules, 'sqlite-utils was imported'")
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True, cwd=Path(__file__).parent.parent)


def test_seed_pair_is_older_first_and_idempotent(store: Store) -> None:
    old, new = seed_pair(store)
    assert get_document(store, old).meta.date.startswith("2000")
    assert get_document(store, new).meta.date == "2023-05-02"
    assert seed_pair(store) == (old, new)
    assert len(list_documents(store)) == 2


def test_seed_metadata_records_the_approximate_date_and_why(seeded: tuple[Store, int, int]) -> None:
    store, old, _ = seeded
    meta = get_document(store, old).meta
    assert meta.date_approximate and "Taloqan" in meta.date_note
    assert meta.publisher.startswith("Institute for War")
    assert meta.source.startswith("https://iwpr.net/")


def test_default_pair_on_an_empty_store_imports_the_seeds(store: Store) -> None:
    left, right = default_pair(store)
    assert left != right and len(list_documents(store)) == 2


def test_documents_are_found_by_id_or_unique_title_prefix(seeded: tuple[Store, int, int]) -> None:
    store, old, new = seeded
    assert resolve_document(store, str(new)).id == new
    assert resolve_document(store, "kazakstan").id == old
    assert resolve_document(store, "Central Asia").id == new
    with pytest.raises(DocumentNotFound, match="No document"):
        resolve_document(store, "Nothing like this")
    with pytest.raises(DocumentNotFound, match="no document #99"):
        resolve_document(store, "99")


def test_stored_structure_round_trips(seeded: tuple[Store, int, int]) -> None:
    store, old, _ = seeded
    doc = get_document(store, old)
    headings = [doc.text[s.start:s.end] for s in doc.spans if s.kind == "heading"]
    assert headings == ["Kazakstan Builds Bridges With Taleban"]


def test_a_file_that_is_not_a_database_is_refused_untouched_with_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "data.db"
    garbage = b"This is not SQLite at all. " * 200
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match=r"data\.db is damaged.*A copy was saved as") as err:
        Store(path)
    assert path.read_bytes() == garbage
    backups = list(tmp_path.glob("data.db.damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == garbage
    assert str(path) in str(err.value)


def test_a_truncated_database_is_refused_untouched(seeded: tuple[Store, int, int], db_path: Path) -> None:
    store, *_ = seeded
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="damaged"):
        Store(db_path)
    assert db_path.read_bytes() == data[: len(data) // 2]


def test_a_failed_write_rolls_back_the_whole_action(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as db:
        db.execute("INSERT INTO documents (title, format, sha256, word_count, text, imported_at) "
                   "VALUES ('t', 'text', 'x', 1, 'x', 'now')")
        raise RuntimeError("the action fails half-way")
    assert list_documents(store) == []
