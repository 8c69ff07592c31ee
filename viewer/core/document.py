"""What a document is once imported: one canonical text plus structure spans.

Every position anywhere in Diptych is an offset into ``ParsedText.text`` counted in
Unicode code points (Python ``str`` indices). The structure spans say which ranges
are headings, emphasis, links and so on; the reader draws them, exports quote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

#: Span kinds the importers produce and the reader knows how to draw.
SPAN_KINDS = frozenset({"heading", "emphasis", "strong", "link", "code", "quote", "list_item"})


@dataclass(frozen=True)
class Span:
    """A structural range ``[start, end)`` of the canonical text."""

    start: int
    end: int
    kind: str
    level: int = 0  # heading level 1-6; 0 where it does not apply
    href: str = ""  # for links, shown as text and never fetched

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "kind": self.kind}
        if self.level:
            out["level"] = self.level
        if self.href:
            out["href"] = self.href
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            kind=str(data["kind"]),
            level=int(data.get("level", 0)),
            href=str(data.get("href", "")),
        )


@dataclass(frozen=True)
class ParsedText:
    """The canonical text of a document and its structure."""

    text: str
    spans: tuple[Span, ...] = ()
    #: A title the source itself suggests (first heading, HTML <title>), if any.
    title_hint: str = ""

    @property
    def sha256(self) -> str:
        return content_hash(self.text)

    @property
    def word_count(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class DocumentMeta:
    """Bibliographic facts about a document, all optional but the title."""

    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)
    date_approximate: bool = False
    date_note: str = ""  # how an approximate date was inferred
    era: str = ""
    source: str = ""  # URL or citation; shown, never fetched
    language: str = "en"

    def merged(self, **overrides: Any) -> DocumentMeta:
        """A copy with every non-empty override applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v not in (None, "")})


@dataclass(frozen=True)
class Document:
    """A stored document: its id, metadata, canonical text and structure."""

    id: int
    meta: DocumentMeta
    sha256: str
    word_count: int
    format: str
    text: str = ""
    spans: tuple[Span, ...] = field(default=())


def content_hash(text: str) -> str:
    import hashlib  # only importing a document hashes: keep it off the window's start-up path

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    return len(text.split())
