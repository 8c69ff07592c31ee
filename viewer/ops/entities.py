"""Entity actions, as the window and the CLI call them: recognise, compare, correct.

Recognition is split for the window: :func:`recognise_document` (or
:func:`recognise_text`) is pure and thread-safe (run it in a worker on a Document
read on the main thread), :func:`save_recognition` stores its result and re-links
(call it on the main thread). :func:`ensure_recognised` does both, only
on a cache miss. :func:`is_cached` and :func:`compare` never import spaCy, so a
window opening on cached documents never loads the model. Each correction is one
transaction that records a hand decision and re-links, and returns an
:class:`Undo` whose ``apply(store)`` reverts it and returns the redo.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from viewer.core.document import Document
from viewer.core.entities.gazetteer import load_gazetteer
from viewer.core.entities.linking import link
from viewer.core.entities.model import TYPES, EntityRef, Mention, MentionRef
from viewer.core.entities.normalise import name_key
from viewer.core.entities.recognise import pipeline_version
from viewer.core.errors import DiptychError
from viewer.store import Store
from viewer.store import entities as db
from viewer.store.documents import get_document

Progress = Callable[[int, int], None]


# -- recognition ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Recognition:
    """What recognising one document produced, ready to be stored."""

    doc_id: int
    sha256: str
    pipeline_version: str
    mentions: list[Mention]
    seconds: float


def recognise_text(text: str, progress: Progress | None = None) -> list[Mention]:
    """Every entity mention in ``text``. Pure and thread-safe; loads the model once.

    ``progress(done, total)`` reports characters of ``text`` processed.
    """
    from viewer.core.entities import recognise

    return recognise.recognise_text(text, progress)


def recognise_document(doc: Document, progress: Progress | None = None) -> Recognition:
    """Recognise a document already read from the store (``get_document``); touches no
    store, so a worker thread may run it while the window keeps the database."""
    version = pipeline_version()
    started = time.perf_counter()
    mentions = recognise_text(doc.text, progress)
    return Recognition(doc.id, doc.sha256, version, mentions,
                       round(time.perf_counter() - started, 3))


def save_recognition(store: Store, result: Recognition) -> None:
    """Store a document's mentions and re-link every document, in one transaction."""
    with store.write():
        db.save_mentions(store, result.doc_id, result.sha256, result.pipeline_version,
                         result.mentions, result.seconds)
        relink(store)


def is_cached(store: Store, doc_id: int) -> bool:
    """Whether the document's mentions are stored for its text and this pipeline."""
    return db.is_current(store, doc_id, pipeline_version())


def ensure_recognised(store: Store, doc_id: int, progress: Progress | None = None) -> bool:
    """Recognise and store the document unless the cache has it; True if it ran."""
    if is_cached(store, doc_id):
        return False
    save_recognition(store, recognise_document(get_document(store, doc_id), progress))
    return True


def relink(store: Store) -> None:
    """Cluster the mentions of every document into entities again, decisions applied."""
    with store.write():
        entities = link(db.all_mentions(store), db.all_decisions(store), load_gazetteer())
        db.save_entities(store, entities)


# -- comparing two documents --------------------------------------------------------------
@dataclass(frozen=True)
class MentionView:
    id: int
    doc_id: int
    start: int
    end: int
    text: str
    role: str


@dataclass(frozen=True)
class LinkView:
    """Why spellings ``a`` and ``b`` were joined (``score`` is their similarity)."""

    reason: str
    score: float
    a: str
    b: str


@dataclass(frozen=True)
class EntityView:
    """One entity as a pair of documents shows it; ``mentions[i]`` are those in
    document ``i`` of the pair (0 = A, 1 = B), in text order."""

    id: int
    label: str
    type: str
    related: tuple[int, ...]
    mentions: tuple[tuple[MentionView, ...], tuple[MentionView, ...]]
    links: tuple[LinkView, ...]
    ignored: bool = False

    @property
    def counts(self) -> tuple[int, int]:
        return len(self.mentions[0]), len(self.mentions[1])

    @property
    def presence(self) -> str:
        """"both", "only_a" or "only_b"."""
        a, b = self.counts
        return "both" if a and b else ("only_a" if a else "only_b")

    def spellings(self, side: int) -> list[str]:
        """Distinct spellings used in document ``side``, most frequent first."""
        counts: dict[str, int] = {}
        for m in self.mentions[side]:
            counts[m.text] = counts.get(m.text, 0) + 1
        return sorted(counts, key=lambda s: (-counts[s], s))

    def roles(self, side: int) -> list[str]:
        """Distinct titles written before the name in document ``side``, in text order."""
        return list(dict.fromkeys(m.role for m in self.mentions[side] if m.role))


@dataclass(frozen=True)
class Comparison:
    """Every entity of a pair of documents, most mentioned first."""

    documents: tuple[int, int]
    entities: tuple[EntityView, ...]
    by_id: dict[int, EntityView] = field(repr=False)

    def mentions_in(self, side: int) -> list[tuple[MentionView, EntityView]]:
        """Every mention of document ``side`` with its entity, in text order (for highlighting)."""
        pairs = [(m, e) for e in self.entities for m in e.mentions[side]]
        return sorted(pairs, key=lambda p: (p[0].start, p[0].end))


def compare(store: Store, doc_a: int, doc_b: int, include_ignored: bool = False) -> Comparison:
    """The entities of two documents, with mentions, links and relations. Reads only."""
    pair = (doc_a, doc_b)
    for doc_id in pair:
        get_document(store, doc_id)  # a clear error for an unknown id
    rows = db.entities_in(store, pair)
    per_side: list[dict[int, list[MentionView]]] = [{}, {}]
    for side, doc_id in enumerate(pair):
        for mention_id, start, end, text, role, entity_id in db.document_mentions(store, doc_id):
            if entity_id is not None:
                per_side[side].setdefault(entity_id, []).append(
                    MentionView(mention_id, doc_id, start, end, text, role))
    views = []
    for eid, row in rows.items():
        if row["ignored"] and not include_ignored:
            continue
        views.append(EntityView(
            id=eid, label=row["label"], type=row["type"], related=tuple(row["related"]),
            mentions=(tuple(per_side[0].get(eid, ())), tuple(per_side[1].get(eid, ()))),
            links=tuple(LinkView(r["reason"], r["score"], r["a"], r["b"]) for r in row["links"]),
            ignored=bool(row["ignored"]),
        ))
    views.sort(key=lambda e: (-sum(e.counts), e.label.casefold(), e.id))
    return Comparison(pair, tuple(views), {e.id: e for e in views})


def comparison_json(store: Store, comparison: Comparison) -> dict[str, Any]:
    """The ``viewer entities --json`` document."""
    docs = [get_document(store, d) for d in comparison.documents]
    return {
        "documents": [{"id": d.id, "title": d.meta.title, "era": d.meta.era, "date": d.meta.date}
                      for d in docs],
        "entities": [{
            "id": e.id, "label": e.label, "type": e.type, "related": list(e.related),
            "mentions": [{"doc": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
                          "role": m.role} for side in (0, 1) for m in e.mentions[side]
                         if side == 0 or comparison.documents[0] != comparison.documents[1]],
            "links": [{"reason": ln.reason, "score": ln.score} for ln in e.links],
        } for e in comparison.entities],
    }


# -- corrections ----------------------------------------------------------------------------
class Undo(Protocol):
    """The inverse of a correction: ``apply`` reverts it and returns the redo."""

    description: str

    def apply(self, store: Store) -> Undo: ...


@dataclass(frozen=True)
class RemoveDecision:
    decision_id: int
    description: str

    def apply(self, store: Store) -> Undo:
        with store.write():
            row = db.delete_decision(store, self.decision_id)
            relink(store)
        return RestoreDecision(row, self.description)


@dataclass(frozen=True)
class RestoreDecision:
    row: dict[str, Any]
    description: str

    def apply(self, store: Store) -> Undo:
        with store.write():
            decision_id = db.restore_decision(store, self.row)
            relink(store)
        return RemoveDecision(decision_id, self.description)


def _decide(store: Store, kind: str, target: EntityRef, description: str,
            other: EntityRef | None = None, value: str = "") -> Undo:
    with store.write():
        decision_id = db.add_decision(store, kind, target, other, value)
        relink(store)
    return RemoveDecision(decision_id, description)


def _entity(store: Store, entity_id: int) -> tuple[EntityRef, str]:
    row = db.get_entity(store, entity_id)
    return db.entity_ref(row), row["label"]


def merge(store: Store, entity_id: int, other_id: int) -> Undo:
    """Make two entities one (the first one's label stays unless renamed)."""
    if entity_id == other_id:
        raise DiptychError("An entity cannot be merged with itself.")
    target, label = _entity(store, entity_id)
    other, other_label = _entity(store, other_id)
    return _decide(store, "merge", target, f"Merge “{other_label}” into “{label}”", other)


def split(store: Store, mention_id: int) -> Undo:
    """Take one mention out of its entity; it becomes an entity of its own."""
    m = db.get_mention(store, mention_id)
    if m["entity_id"] is not None and db.entity_size(store, m["entity_id"]) < 2:
        raise DiptychError(f"Mention #{mention_id} “{m['text']}” is already an entity on its own.")
    target = EntityRef(name_key(m["text"]), MentionRef(m["doc_id"], m["start"], m["end"]))
    return _decide(store, "split", target, f"Split “{m['text']}” off")


def rename(store: Store, entity_id: int, label: str) -> Undo:
    """Give an entity a new canonical label."""
    label = " ".join(label.split())
    if not label:
        raise DiptychError("A label cannot be empty.")
    target, old = _entity(store, entity_id)
    return _decide(store, "rename", target, f"Rename “{old}” to “{label}”", value=label)


def set_type(store: Store, entity_id: int, entity_type: str) -> Undo:
    """Change an entity's type (PERSON, PLACE, ORGANISATION or GROUP)."""
    kind = entity_type.strip().upper()
    if kind not in TYPES:
        raise DiptychError(f"“{entity_type}” is not a type; use one of {', '.join(TYPES)}.")
    target, label = _entity(store, entity_id)
    return _decide(store, "type", target, f"Make “{label}” a {kind.lower()}", value=kind)


def ignore(store: Store, entity_id: int, ignored: bool = True) -> Undo:
    """Hide an entity everywhere (or, with ``ignored=False``, show it again)."""
    target, label = _entity(store, entity_id)
    verb = "Ignore" if ignored else "Stop ignoring"
    return _decide(store, "ignore", target, f"{verb} “{label}”", value="yes" if ignored else "no")
