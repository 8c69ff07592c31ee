"""Queries and writes for the ``documents`` table."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from viewer.core.document import Document, DocumentMeta, ParsedText, Span
from viewer.core.errors import DocumentNotFound, DuplicateDocument
from viewer.store.database import Store

_META_FIELDS = ("title", "author", "publisher", "date", "date_approximate", "date_note",
                "era", "source", "language")
_LIST_COLUMNS = ", ".join(("id", "sha256", "word_count", "format", *_META_FIELDS))


def add_document(store: Store, parsed: ParsedText, meta: DocumentMeta, fmt: str) -> int:
    """Store a new document and return its id; refuse a text already stored."""
    with store.write() as db:
        existing = find_by_hash(store, parsed.sha256)
        if existing is not None:
            raise DuplicateDocument(existing.id, existing.meta.title)
        row: dict[str, Any] = {f: getattr(meta, f) for f in _META_FIELDS}
        row.update(
            format=fmt,
            sha256=parsed.sha256,
            word_count=parsed.word_count,
            text=parsed.text,
            structure=json.dumps([s.to_json() for s in parsed.spans]),
            imported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        cursor = db.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        return int(cursor.lastrowid or 0)


def list_documents(store: Store) -> list[Document]:
    """Every document, without its text, oldest era first."""
    rows = store.query(f"SELECT {_LIST_COLUMNS} FROM documents ORDER BY date, id")
    return [_from_row(row) for row in rows]


def get_document(store: Store, doc_id: int) -> Document:
    """One document with its canonical text and structure."""
    rows = list(store.query(f"SELECT {_LIST_COLUMNS}, text, structure FROM documents WHERE id = ?", [doc_id]))
    if not rows:
        raise DocumentNotFound(f"There is no document #{doc_id} in the library.")
    return _from_row(rows[0])


def find_by_hash(store: Store, sha256: str) -> Document | None:
    rows = list(store.query(f"SELECT {_LIST_COLUMNS} FROM documents WHERE sha256 = ?", [sha256]))
    return _from_row(rows[0]) if rows else None


def resolve_document(store: Store, ref: str) -> Document:
    """A document by numeric id or by a unique, case-insensitive title prefix."""
    ref = ref.strip()
    if ref.isdigit():
        return get_document(store, int(ref))
    matches = [d for d in list_documents(store) if d.meta.title.casefold().startswith(ref.casefold())]
    if len(matches) == 1:
        return get_document(store, matches[0].id)
    if not matches:
        raise DocumentNotFound(f"No document's title starts with “{ref}”. `viewer docs` lists them.")
    names = "; ".join(f"#{d.id} {d.meta.title}" for d in matches[:5])
    raise DocumentNotFound(f"“{ref}” matches {len(matches)} documents ({names}); give more of the title or the id.")


def _from_row(row: dict[str, Any]) -> Document:
    meta = DocumentMeta(**{f: row[f] for f in _META_FIELDS if f != "date_approximate"},
                        date_approximate=bool(row["date_approximate"]))
    spans = tuple(Span.from_json(s) for s in json.loads(row["structure"])) if "structure" in row else ()
    return Document(
        id=row["id"], meta=meta, sha256=row["sha256"], word_count=row["word_count"],
        format=row["format"], text=row.get("text", ""), spans=spans,
    )
