"""Importing documents and providing the sample pair."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from viewer.core.document import Document, DocumentMeta, ParsedText
from viewer.lazy import lazy_module
from viewer.paths import SEEDS
from viewer.store import Store
from viewer.store.documents import add_document, find_by_hash, get_document, list_documents

_META_NAMES = {f.name for f in fields(DocumentMeta)}
#: Decoding and parsing (html.parser, markdown-it) only once something is imported.
importing = lazy_module("viewer.core.importing")


def import_document(store: Store, path: Path | str, **meta: Any) -> Document:
    """Read ``path`` and add it to the library; metadata given here wins over the file's own.

    Raises ImportRefused (with a message for the user) and writes nothing on any problem.
    """
    parsed, fmt = importing.read_document(path)
    return _add(store, parsed, fmt, Path(path), meta)


def _add(store: Store, parsed: ParsedText, fmt: str, path: Path, meta: dict[str, Any]) -> Document:
    base = DocumentMeta(title=parsed.title_hint or path.stem)
    return get_document(store, add_document(store, parsed, base.merged(**meta), fmt))


def seed_pair(store: Store) -> tuple[int, int]:
    """Ids of the two sample documents, older first, importing any that is missing."""
    manifest = json.loads((SEEDS / "seeds.json").read_text(encoding="utf-8"))
    ids: list[tuple[str, int]] = []
    with store.write():
        for entry in manifest["documents"]:
            path = SEEDS / entry["file"]
            parsed, fmt = importing.read_document(path)
            existing = find_by_hash(store, parsed.sha256)
            if existing is None:
                meta = {k: v for k, v in entry.items() if k in _META_NAMES}
                existing = _add(store, parsed, fmt, path, meta)
            ids.append((entry["date"], existing.id))
    ids.sort()
    return ids[0][1], ids[1][1]


def default_pair(store: Store) -> tuple[int, int]:
    """The pair a window opens on when nothing was remembered: the samples on an empty store."""
    docs = list_documents(store)
    if not docs:
        return seed_pair(store)
    if len(docs) == 1:
        return docs[0].id, docs[0].id
    return docs[0].id, docs[-1].id
