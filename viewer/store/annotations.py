"""Queries and writes for annotations, their tags, tag colours and links between eras.

Every write here joins the caller's transaction (``store.write()`` nests), so one
user action in :mod:`viewer.ops.annotations` is one commit. Rows are written whole
(``put_*``) so that undo can put back exactly what was there, same UUID and
timestamps. Also here: reading and replacing a document's text version, which only
a re-import with re-anchoring does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from viewer.core.annotations import Annotation, Link, Passage, TextVersion
from viewer.core.errors import DocumentNotFound
from viewer.store.database import Store

_PASSAGE = ('doc_id', 'doc_sha256', 'start', '"end"', 'quote', 'prefix', 'suffix', 'status')
_PASSAGE_COLS = ", ".join(_PASSAGE)
_ANNOTATION_COLS = f"id, {_PASSAGE_COLS}, note, color, author, created, modified, tags"
# ``annotations.tags`` keeps the tags in order joined by U+001F, which a tag never
# contains (it counts as whitespace, and tags have their whitespace collapsed).
_TAG_SEP = "\x1f"


# -- annotations ----------------------------------------------------------------------
def put_annotation(store: Store, ann: Annotation) -> None:
    """Insert the annotation, or overwrite the row with that id."""
    p = ann.passage
    values = [ann.id, *_passage_values(p), ann.note, ann.color, ann.author, ann.created, ann.modified,
              _TAG_SEP.join(ann.tags)]
    updates = ", ".join(f"{c} = excluded.{c}" for c in _ANNOTATION_COLS.split(", ")[1:])
    with store.write() as db:
        db.execute(
            f"INSERT INTO annotations ({_ANNOTATION_COLS}) VALUES ({', '.join('?' * len(values))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}", values)


def delete_annotation(store: Store, annotation_id: str) -> None:
    with store.write() as db:
        db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])


def get_annotations(store: Store, ids: Iterable[str]) -> dict[str, Annotation]:
    """The annotations with these ids that exist, by id."""
    wanted = list(ids)
    found: dict[str, Annotation] = {}
    for chunk in _chunks(wanted):
        where = f"a.id IN ({', '.join('?' * len(chunk))})"
        found.update((a.id, a) for a in _select_annotations(store, where, list(chunk)))
    return found


def query_annotations(store: Store, *, doc_ids: Sequence[int] | None = None,
                      status: str | None = None) -> list[Annotation]:
    """Annotations of these documents (all without a filter), by document and position."""
    where = []
    if doc_ids is not None:
        where.append(f"a.doc_id IN {_id_list(doc_ids)}")
    if status is not None:
        where.append("a.status = ?")
    return _select_annotations(store, " AND ".join(where) or "1", [status] if status else [])


def _select_annotations(store: Store, where: str, params: Sequence[Any]) -> list[Annotation]:
    cols = ", ".join(f"a.{c}" for c in _ANNOTATION_COLS.split(", "))
    rows = store.conn.execute(
        f"SELECT {cols} FROM annotations a WHERE {where} "
        "ORDER BY a.doc_id, a.start, a.created", params)
    return [Annotation(id=r[0], passage=Passage(*r[1:9]), note=r[9], color=r[10], author=r[11],
                       created=r[12], modified=r[13], tags=tuple(r[14].split(_TAG_SEP)) if r[14] else ())
            for r in rows]


def set_annotation_passages(store: Store, placed: Sequence[tuple[str, Passage]]) -> None:
    """Move many annotations at once (re-anchoring), leaving the rest of each row alone."""
    sets = ", ".join(f"{c} = ?" for c in _PASSAGE)
    with store.write() as db:
        db.conn.executemany(f"UPDATE annotations SET {sets} WHERE id = ?",
                            [(*_passage_values(p), i) for i, p in placed])


# -- tags -----------------------------------------------------------------------------
def tag_sets(store: Store, doc_ids: Sequence[int] | None = None) -> list[tuple[int, tuple[str, ...], int]]:
    """``(document id, tags, how many annotations carry exactly those tags)``, for counting."""
    where = "" if doc_ids is None else f"WHERE doc_id IN {_id_list(doc_ids)}"
    rows = store.conn.execute(f"SELECT doc_id, tags, count(*) FROM annotations {where} GROUP BY doc_id, tags")
    return [(doc, tuple(tags.split(_TAG_SEP)), n) for doc, tags, n in rows if tags]


def all_tags(store: Store) -> list[str]:
    """Every tag in use or with a colour (in no particular order)."""
    in_use = {t for (tags,) in store.conn.execute("SELECT DISTINCT tags FROM annotations WHERE tags != ''")
              for t in tags.split(_TAG_SEP)}
    return [*in_use, *tag_colors(store)]


def tag_colors(store: Store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.conn.execute("SELECT tag, color FROM tag_colors")}


def put_tag_color(store: Store, tag: str, color: str | None) -> None:
    """Give a tag a default colour, or take it away with None."""
    with store.write() as db:
        if color is None:
            db.execute("DELETE FROM tag_colors WHERE tag = ?", [tag])
        else:
            db.execute("INSERT INTO tag_colors (tag, color) VALUES (?, ?) "
                       "ON CONFLICT(tag) DO UPDATE SET color = excluded.color", [tag, color])


# -- links ----------------------------------------------------------------------------
_LINK_COLS = "id, relation, note, author, created, modified"


def put_link(store: Store, link: Link) -> None:
    """Insert the link, or overwrite the one with that id, both ends included."""
    values = [link.id, link.relation, link.note, link.author, link.created, link.modified]
    updates = ", ".join(f"{c} = excluded.{c}" for c in _LINK_COLS.split(", ")[1:])
    with store.write() as db:
        db.execute(f"INSERT INTO links ({_LINK_COLS}) VALUES (?, ?, ?, ?, ?, ?) "
                   f"ON CONFLICT(id) DO UPDATE SET {updates}", values)
        db.conn.executemany(
            f"INSERT OR REPLACE INTO link_ends (link_id, side, {_PASSAGE_COLS}) "
            f"VALUES (?, ?, {', '.join('?' * len(_PASSAGE))})",
            [(link.id, side, *_passage_values(p)) for side, p in enumerate(link.passages)])


def delete_link(store: Store, link_id: str) -> None:
    with store.write() as db:
        db.execute("DELETE FROM links WHERE id = ?", [link_id])


def get_links(store: Store, ids: Iterable[str]) -> dict[str, Link]:
    found: dict[str, Link] = {}
    for chunk in _chunks(list(ids)):
        where = f"l.id IN ({', '.join('?' * len(chunk))})"
        found.update((link.id, link) for link in _select_links(store, where, list(chunk)))
    return found


def query_links(store: Store, *, doc_ids: Sequence[int] | None = None) -> list[Link]:
    """Links with an end in any of these documents (all links without a filter), oldest first."""
    where = "1"
    if doc_ids is not None:
        where = f"l.id IN (SELECT link_id FROM link_ends WHERE doc_id IN {_id_list(doc_ids)})"
    return _select_links(store, where, [])


def _select_links(store: Store, where: str, params: Sequence[Any]) -> list[Link]:
    rows = store.conn.execute(
        f"SELECT {', '.join('l.' + c for c in _LINK_COLS.split(', '))}, "
        f"{', '.join('e.' + c for c in _PASSAGE)} FROM links l JOIN link_ends e ON e.link_id = l.id "
        f"WHERE {where} ORDER BY l.created, l.id, e.side", params)
    ends: dict[str, list[Passage]] = {}
    heads: dict[str, tuple[Any, ...]] = {}
    for r in rows:
        heads[r[0]] = tuple(r[:6])
        ends.setdefault(r[0], []).append(Passage(*r[6:14]))
    return [Link(id=h[0], relation=h[1], note=h[2], author=h[3], created=h[4], modified=h[5],
                 source=ends[i][0], target=ends[i][1]) for i, h in heads.items()]


def set_link_passages(store: Store, placed: Sequence[tuple[str, int, Passage]]) -> None:
    """Move many link ends at once: ``(link id, side, passage)``."""
    sets = ", ".join(f"{c} = ?" for c in _PASSAGE)
    with store.write() as db:
        db.conn.executemany(f"UPDATE link_ends SET {sets} WHERE link_id = ? AND side = ?",
                            [(*_passage_values(p), i, side) for i, side, p in placed])


# -- a document's text version ----------------------------------------------------------
def get_text_version(store: Store, doc_id: int) -> TextVersion:
    row = store.conn.execute(
        "SELECT id, text, sha256, word_count, structure, format FROM documents WHERE id = ?",
        [doc_id]).fetchone()
    if row is None:
        raise DocumentNotFound(f"There is no document #{doc_id} in the library.")
    return TextVersion(*row)


def put_text_version(store: Store, version: TextVersion) -> None:
    """Replace a document's text (its metadata stays); only re-import and its undo do this."""
    with store.write() as db:
        db.execute("UPDATE documents SET text = ?, sha256 = ?, word_count = ?, structure = ?, "
                   "format = ? WHERE id = ?",
                   [version.text, version.sha256, version.word_count, version.structure,
                    version.format, version.doc_id])


def _passage_values(p: Passage) -> tuple[Any, ...]:
    return (p.doc_id, p.doc_sha256, p.start, p.end, p.quote, p.prefix, p.suffix, p.status)


def _id_list(doc_ids: Sequence[int]) -> str:
    # Document ids are ints (checked here), so inlining them is safe and keeps the
    # parameter count of a query independent of how many documents are asked for.
    return f"({', '.join(str(int(d)) for d in doc_ids) or 'NULL'})"


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    # SQLite caps the number of ? parameters in one statement.
    for i in range(0, len(items), size):
        yield items[i:i + size]
