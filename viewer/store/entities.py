"""Queries and writes for recognised mentions, linked entities and hand decisions.

The recognition cache (``recognitions`` + ``mentions``) is keyed by the document's
content hash and the pipeline version, so a document opened again costs no model
load. Linking results (``entities`` and their links and relations) are replaced
wholesale on each re-link, but an entity keeps its id as long as most of its
mentions stay with it, so a window's selection and a script's ids survive a re-run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from viewer.core.entities.model import (
    Decision, Entity, EntityRef, Mention, MentionRef, StoredMention,
)
from viewer.core.errors import DiptychError
from viewer.store.database import Store

_MENTION_COLUMNS = 'id, doc_id, start, "end", text, type, role, source, expansion, entity_id'


class EntityNotFound(DiptychError):
    """An entity or mention id that is not in the store."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- the recognition cache ------------------------------------------------------------
def is_current(store: Store, doc_id: int, pipeline_version: str) -> bool:
    """Whether the stored mentions of ``doc_id`` were found by this pipeline on its text."""
    rows = store.conn.execute(
        "SELECT 1 FROM recognitions r JOIN documents d ON d.id = r.doc_id "
        "WHERE r.doc_id = ? AND r.sha256 = d.sha256 AND r.pipeline_version = ?",
        [doc_id, pipeline_version],
    ).fetchall()
    return bool(rows)


def save_mentions(store: Store, doc_id: int, sha256: str, pipeline_version: str,
                  mentions: Iterable[Mention], seconds: float) -> None:
    """Replace the document's mentions; a mention found again at the same place keeps
    the entity it had, so entity ids survive a re-run."""
    with store.write() as db:
        previous = {(s, e): ent for s, e, ent in db.execute(
            'SELECT start, "end", entity_id FROM mentions WHERE doc_id = ?', [doc_id])}
        db.execute("DELETE FROM mentions WHERE doc_id = ?", [doc_id])
        db.conn.executemany(
            'INSERT INTO mentions (doc_id, start, "end", text, type, role, source, expansion, '
            "entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, m.start, m.end, m.text, m.type, m.role, m.source, m.expansion,
              previous.get((m.start, m.end))) for m in mentions],
        )
        db.execute(
            "INSERT OR REPLACE INTO recognitions (doc_id, sha256, pipeline_version, seconds, "
            "recognised_at) VALUES (?, ?, ?, ?, ?)",
            [doc_id, sha256, pipeline_version, seconds, _now()],
        )


def forget_recognition(store: Store, doc_id: int) -> None:
    """Mark the document's mentions stale so the next open recognises it again."""
    with store.write() as db:
        db.execute("DELETE FROM recognitions WHERE doc_id = ?", [doc_id])


def all_mentions(store: Store) -> list[StoredMention]:
    """Every stored mention of every document, as linking takes them."""
    cursor = store.conn.execute(f"SELECT {_MENTION_COLUMNS} FROM mentions ORDER BY doc_id, start")
    return [StoredMention(r[0], r[1], Mention(r[2], r[3], r[4], r[5], r[6], r[7], r[8]))
            for r in cursor]


def document_mentions(store: Store, doc_id: int) -> list[tuple[int, int, int, str, str, int | None]]:
    """The document's mentions in text order as (id, start, end, text, role, entity_id);
    plain tuples, as a long book has thousands."""
    return store.conn.execute(
        'SELECT id, start, "end", text, role, entity_id FROM mentions WHERE doc_id = ? '
        'ORDER BY start, "end"', [doc_id]).fetchall()


def entity_size(store: Store, entity_id: int) -> int:
    """How many mentions the entity has, in every document."""
    return int(store.conn.execute("SELECT count(*) FROM mentions WHERE entity_id = ?",
                                [entity_id]).fetchone()[0])


def get_mention(store: Store, mention_id: int) -> dict[str, Any]:
    rows = list(store.query(f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE id = ?",
                               [mention_id]))
    if not rows:
        raise EntityNotFound(f"There is no mention #{mention_id}.")
    return rows[0]


def find_mention(store: Store, doc_id: int, start: int, end: int | None = None) -> int:
    """The id of the mention of ``doc_id`` starting at ``start`` (and ending at ``end``)."""
    sql = "SELECT id FROM mentions WHERE doc_id = ? AND start = ?"
    params: list[Any] = [doc_id, start]
    if end is not None:
        sql += ' AND "end" = ?'
        params.append(end)
    row = store.conn.execute(sql, params).fetchone()
    if row is None:
        raise EntityNotFound(f"No mention starts at {start} in document #{doc_id}.")
    return int(row[0])


# -- linked entities --------------------------------------------------------------------
def save_entities(store: Store, entities: list[Entity]) -> None:
    """Replace the linking result, keeping each entity's id where its mentions had one."""
    with store.write() as db:
        old = dict(db.execute("SELECT id, entity_id FROM mentions").fetchall())
        top = db.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]
        ids: list[int] = []
        taken: set[int] = set()
        order = sorted(range(len(entities)), key=lambda i: -len(entities[i].mention_ids))
        assigned: dict[int, int] = {}
        for i in order:
            votes = Counter(old.get(m) for m in entities[i].mention_ids)
            votes.pop(None, None)
            choice = next((eid for eid, _ in votes.most_common() if eid not in taken), None)
            if choice is None:
                top += 1
                choice = top
            taken.add(choice)
            assigned[i] = choice
        ids = [assigned[i] for i in range(len(entities))]
        by_key = {e.key: eid for e, eid in zip(entities, ids) if e.split_mention is None}
        db.execute("DELETE FROM entities")
        conn = db.conn
        conn.executemany(
            "INSERT INTO entities (id, key, label, type, ignored, split_doc_id, split_start, "
            "split_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(eid, e.key, e.label, e.type, int(e.ignored),
              *(_ref_columns(e.split_mention))) for e, eid in zip(entities, ids)],
        )
        conn.executemany(
            "INSERT INTO entity_links (entity_id, reason, score, a, b) VALUES (?, ?, ?, ?, ?)",
            [(eid, ln.reason, ln.score, ln.a, ln.b)
             for e, eid in zip(entities, ids) for ln in e.links],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO entity_related (entity_id, related_id) VALUES (?, ?)",
            [(eid, by_key[k]) for e, eid in zip(entities, ids) for k in e.related_keys
             if k in by_key],
        )
        conn.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?",
                         [(eid, m) for e, eid in zip(entities, ids) for m in e.mention_ids])


def _ref_columns(ref: MentionRef | None) -> tuple[int | None, int | None, int | None]:
    return (ref.doc_id, ref.start, ref.end) if ref else (None, None, None)


def _ref(doc_id: int | None, start: int | None, end: int | None) -> MentionRef | None:
    if doc_id is None or start is None or end is None:
        return None
    return MentionRef(doc_id, start, end)


def get_entity(store: Store, entity_id: int) -> dict[str, Any]:
    rows = list(store.query("SELECT * FROM entities WHERE id = ?", [entity_id]))
    if not rows:
        raise EntityNotFound(
            f"There is no entity #{entity_id}. `viewer entities DOC_A DOC_B` lists them.")
    return rows[0]


def entity_ref(row: dict[str, Any]) -> EntityRef:
    """How a decision names the entity of this ``entities`` row."""
    return EntityRef(row["key"], _ref(row["split_doc_id"], row["split_start"], row["split_end"]))


def entities_in(store: Store, doc_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Rows of every entity with a mention in the documents, by id, each with its
    ``links`` and ``related`` ids."""
    docs = sorted(set(doc_ids))
    marks = ", ".join("?" * len(docs))
    chosen = f"SELECT DISTINCT entity_id FROM mentions WHERE doc_id IN ({marks})"
    out = {r["id"]: {**r, "links": [], "related": []} for r in store.query(
        f"SELECT * FROM entities WHERE id IN ({chosen})", docs)}
    for r in store.query(
            f"SELECT * FROM entity_links WHERE entity_id IN ({chosen}) ORDER BY rowid", docs):
        out[r["entity_id"]]["links"].append(r)
    for eid, rid in store.conn.execute(
            f"SELECT entity_id, related_id FROM entity_related WHERE entity_id IN ({chosen}) "
            "ORDER BY related_id", docs):
        out[eid]["related"].append(rid)
    return out


# -- hand decisions -----------------------------------------------------------------------
_DECISION_COLUMNS = ("kind", "key", "doc_id", "start", "end", "other_key", "other_doc_id",
                     "other_start", "other_end", "value", "created_at")


def add_decision(store: Store, kind: str, target: EntityRef, other: EntityRef | None = None,
                 value: str = "") -> int:
    row = {"kind": kind, "key": target.key, **dict(zip(("doc_id", "start", "end"),
                                                       _ref_columns(target.mention))),
           "other_key": other.key if other else None,
           **dict(zip(("other_doc_id", "other_start", "other_end"),
                      _ref_columns(other.mention if other else None))),
           "value": value, "created_at": _now()}
    return restore_decision(store, row)


def restore_decision(store: Store, row: dict[str, Any]) -> int:
    """Insert a decision row (as :func:`delete_decision` returned it); returns its id."""
    cols = [c for c in ("id", *_DECISION_COLUMNS) if c in row]
    with store.write() as db:
        cursor = db.execute(
            f"INSERT INTO entity_decisions ({', '.join(_quote(c) for c in cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
        return int(cursor.lastrowid or 0)


def delete_decision(store: Store, decision_id: int) -> dict[str, Any]:
    """Remove a decision and return its row, so it can be restored."""
    with store.write() as db:
        rows = list(db.query("SELECT * FROM entity_decisions WHERE id = ?", [decision_id]))
        if not rows:
            raise EntityNotFound(f"There is no correction #{decision_id}.")
        db.execute("DELETE FROM entity_decisions WHERE id = ?", [decision_id])
        return rows[0]


def all_decisions(store: Store) -> list[Decision]:
    out = []
    for r in store.query("SELECT * FROM entity_decisions ORDER BY id"):
        other = (EntityRef(r["other_key"], _ref(r["other_doc_id"], r["other_start"],
                                                r["other_end"]))
                 if r["other_key"] is not None else None)
        target = EntityRef(r["key"], _ref(r["doc_id"], r["start"], r["end"]))
        out.append(Decision(r["id"], r["kind"], target, other, r["value"]))
    return out


def _quote(column: str) -> str:
    return f'"{column}"'
