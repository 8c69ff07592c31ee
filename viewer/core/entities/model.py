"""The plain records of entity recognition and linking, shared by every layer.

A ``Mention`` is a span of one document's canonical text (code-point offsets)
with a type and, for people, the title written before the name. An ``Entity`` is
a cluster of mentions across documents; each ``Link`` says why two spellings
were joined, so an analyst can judge it. ``Decision`` is a hand correction that
wins over automation whenever recognition or linking runs again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
PERSON = "PERSON"
PLACE = "PLACE"
ORGANISATION = "ORGANISATION"
GROUP = "GROUP"
#: Entity types, in the order legends and tables list them.
TYPES: tuple[str, ...] = (PERSON, PLACE, ORGANISATION, GROUP)

@dataclass(frozen=True)
class Mention:
    """One recognised name in one text: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str
    type: str
    #: Title or office written just before a person's name ("Prime Minister"), else "".
    role: str = ""
    #: Who found it: "model", "gazetteer", "acronym", or "propagated" (a name found
    #: elsewhere in the same text).
    source: str = "model"
    #: For an acronym defined in the text as "Expansion (ABC)": the expansion.
    expansion: str = ""


@dataclass(frozen=True)
class MentionRef:
    """A mention of a stored document, as decisions and links refer to it."""

    doc_id: int
    start: int
    end: int


@dataclass(frozen=True)
class StoredMention:
    """A mention as the linker sees it: its document and store row id added."""

    id: int
    doc_id: int
    mention: Mention

    @property
    def ref(self) -> MentionRef:
        return MentionRef(self.doc_id, self.mention.start, self.mention.end)


@dataclass(frozen=True)
class Link:
    """Why spellings ``a`` and ``b`` of one entity were joined: ``reason`` is one of
    exact, normalised, variant, alias, surname, acronym or manual; ``score`` is the
    spellings' similarity (1.0 where the reason is not a matter of degree)."""

    reason: str
    score: float
    a: str
    b: str


@dataclass(frozen=True)
class EntityRef:
    """How a decision names an entity so it survives a re-run: by the normalised key of
    its main spelling, or, for a mention split off on its own, by that mention."""

    key: str
    mention: MentionRef | None = None


@dataclass(frozen=True)
class Decision:
    """A hand correction: ``kind`` is merge, split, rename, type or ignore; ``value`` is
    the new label (rename), the new type (type), or "yes"/"no" (ignore)."""

    id: int
    kind: str
    target: EntityRef
    other: EntityRef | None = None
    value: str = ""


@dataclass
class Entity:
    """One cluster of mentions, as linking produced it."""

    key: str
    label: str
    type: str
    mention_ids: list[int] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: Keys of related entities (a demonym and its country).
    related_keys: set[str] = field(default_factory=set)
    ignored: bool = False
    #: The mention this entity was split off as, if it is one.
    split_mention: MentionRef | None = None
    #: Every normalised key its mentions carry (to keep entity ids stable on a re-run).
    keys: set[str] = field(default_factory=set)
