"""What an annotation and a link between eras are, as plain values.

A ``Passage`` is a stretch of one document's canonical text held by both W3C
selectors (see :mod:`viewer.core.anchoring`) and marked ``orphan`` once a new
version of the text no longer contains it. An ``Annotation`` is a passage with a
note, hierarchical tags (``policy/recognition``) and a palette colour; a ``Link``
joins a passage of one document to a passage of another with a relation. Ids are
UUIDs and every record carries author and UTC timestamps, so the ``data.db`` of
several analysts can be merged. Validation of user input lives here too.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import TypeVar
from dataclasses import dataclass
from datetime import datetime, timezone

from viewer.core.anchoring import Selector, TextPosition, TextQuote
from viewer.core.errors import DiptychError
from viewer.core.palette import DEFAULT_COLOR, PALETTE, RELATIONS

MAX_LABEL = 40

ANCHORED = "anchored"
ORPHAN = "orphan"
STATUSES = (ANCHORED, ORPHAN)

#: Who annotates, when neither the caller nor the settings say: $DIPTYCH_AUTHOR, else the OS user.
AUTHOR_ENV = "DIPTYCH_AUTHOR"


class AnnotationError(DiptychError):
    """An annotation or link request a person made that cannot be carried out."""


@dataclass(frozen=True)
class Passage:
    """A stretch ``[start, end)`` of a document's text, as last placed."""

    doc_id: int
    doc_sha256: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    status: str = ANCHORED

    @classmethod
    def at(cls, doc_id: int, doc_sha256: str, selector: Selector) -> Passage:
        q = selector.quote
        return cls(doc_id, doc_sha256, selector.start, selector.end, q.exact, q.prefix, q.suffix)

    @property
    def selector(self) -> Selector:
        return Selector(TextPosition(self.start, self.end), TextQuote(self.quote, self.prefix, self.suffix))

    @property
    def is_orphan(self) -> bool:
        return self.status == ORPHAN


@dataclass(frozen=True)
class Annotation:
    """A note, tags and a colour on one passage."""

    id: str
    passage: Passage
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str = DEFAULT_COLOR
    author: str = ""
    created: str = ""
    modified: str = ""

    @property
    def search_text(self) -> str:
        """Quote, note and tags, case-folded: what the free-text filter looks in (computed
        once per annotation, so the panel re-filters fast while a person types)."""
        # A cache, not state (equality ignores it). Not functools.cached_property: on
        # Python 3.11 it takes a lock per first access, five times the cost of the work.
        cached: str | None = self.__dict__.get("_search_text")
        if cached is None:
            cached = "\n".join((self.passage.quote, self.note, *self.tags)).casefold()
            object.__setattr__(self, "_search_text", cached)
        return cached

    def to_json(self) -> dict[str, object]:
        """The fields ``viewer annotations --json`` prints, in that order."""
        p = self.passage
        return {"id": self.id, "doc": p.doc_id, "start": p.start, "end": p.end, "quote": p.quote,
                "prefix": p.prefix, "suffix": p.suffix, "note": self.note, "tags": list(self.tags),
                "color": self.color, "author": self.author, "created": self.created,
                "modified": self.modified, "status": p.status}


@dataclass(frozen=True)
class Link:
    """Two passages, usually of two eras, and how the second relates to the first."""

    id: str
    source: Passage
    target: Passage
    relation: str
    note: str = ""
    author: str = ""
    created: str = ""
    modified: str = ""

    @property
    def passages(self) -> tuple[Passage, Passage]:
        return self.source, self.target

    def to_json(self) -> dict[str, object]:
        ends = {side: {"doc": p.doc_id, "start": p.start, "end": p.end, "quote": p.quote,
                       "status": p.status} for side, p in (("source", self.source), ("target", self.target))}
        return {"id": self.id, **ends, "relation": self.relation, "note": self.note,
                "author": self.author, "created": self.created, "modified": self.modified}


@dataclass(frozen=True)
class AnnotationFilter:
    """What the annotations panel (and ``viewer annotations``) is asked to show.

    ``tag`` matches the tag and its children, ignoring case; ``text`` is a
    case-insensitive substring of the quote, the note or a tag. Filtering is done
    on annotations already listed, so the panel refilters as fast as a person types.
    """

    tag: str | None = None
    color: str | None = None
    text: str | None = None
    status: str | None = None

    def apply(self, annotations: Iterable[Annotation]) -> list[Annotation]:
        text = self.text.casefold() if self.text else None
        found = []
        for a in annotations:
            if self.color and a.color != self.color or self.status and a.passage.status != self.status:
                continue
            if self.tag and not has_tag(a.tags, self.tag):
                continue
            if text and text not in a.search_text:
                continue
            found.append(a)
        return found


@dataclass(frozen=True)
class TextVersion:
    """A document's canonical text at one version, as a re-import replaces it."""

    doc_id: int
    text: str
    sha256: str
    word_count: int
    structure: str  # JSON list of spans, as stored
    format: str


def new_id() -> str:
    import uuid  # here, not at the top: the window paints its texts before it needs one

    return str(uuid.uuid4())


def now() -> str:
    """The current time, ISO 8601 in UTC to the microsecond (two quick actions still differ)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def default_author() -> str:
    name = os.environ.get(AUTHOR_ENV, "").strip()
    if name:
        return name
    import getpass  # as uuid above

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and services
        return "unknown"


def check_color(color: str) -> str:
    name = color.strip().lower()
    if name not in PALETTE:
        raise AnnotationError(f"“{color}” is not a colour of the palette: {', '.join(PALETTE)}.")
    return name


def normalise_tag(tag: str) -> str:
    """``" Policy / recognition/ "`` -> ``"Policy/recognition"``; refuses an empty tag."""
    parts = [" ".join(p.split()) for p in tag.split("/")]
    cleaned = "/".join(p for p in parts if p)
    if not cleaned:
        raise AnnotationError(f"“{tag}” is not a tag: a tag needs some text (use / for levels).")
    return cleaned


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Cleaned tags in the order given, without repeats (ignoring case)."""
    seen: dict[str, str] = {}
    for tag in tags:
        clean = normalise_tag(tag)
        seen.setdefault(clean.casefold(), clean)
    return tuple(seen.values())


def has_tag(tags: Iterable[str], wanted: str) -> bool:
    """Whether ``tags`` hold ``wanted`` or one of its children (``policy`` holds ``policy/x``),
    ignoring case."""
    wanted = wanted.casefold()
    child = f"{wanted}/"
    return any(t.casefold() == wanted or t.casefold().startswith(child) for t in tags)


def tag_ancestry(tag: str) -> list[str]:
    """``"a/b/c"`` -> ``["a/b/c", "a/b", "a"]``: the tag, then each parent."""
    parts = tag.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


G = TypeVar("G", bound=Hashable)


def count_tags(items: Iterable[tuple[G, Iterable[str], int]]) -> tuple[dict[str, str], Counter[tuple[str, G]]]:
    """Tag counts per group from ``(group, tags, n)`` items: each item counts ``n`` once
    for each of its tags and each parent of them, tags compared without case. Returns the
    spelling of each tag key (its first seen) and the counts by ``(key, group)``."""
    spelled: dict[str, str] = {}
    counts: Counter[tuple[str, G]] = Counter()
    for group, tags, n in items:
        for key, name in {name.casefold(): name for tag in tags for name in tag_ancestry(tag)}.items():
            spelled.setdefault(key, name)
            counts[key, group] += n
    return spelled, counts


def check_relation(relation: str) -> str:
    label = " ".join(relation.split())
    if not label:
        raise AnnotationError(
            f"A link needs a relation: {', '.join(RELATIONS)}, or a short label of your own.")
    if len(label) > MAX_LABEL:
        raise AnnotationError(f"A relation label has at most {MAX_LABEL} characters.")
    return label.lower() if label.lower() in RELATIONS else label
