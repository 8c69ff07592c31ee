"""What an export is made of: excerpts, the documents they quote, links, and options.

These dataclasses are the whole contract between the store and the exporters: the
ops layer fills them from ``data.db``, every format module reads only them, and the
readers of JSON-LD and REFI-QDA give them back. Offsets are code points of the
document's canonical text; timestamps are ISO 8601 strings.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal

Format = Literal["md", "html", "csv", "xlsx", "jsonld", "qdpx"]
FORMATS: tuple[Format, ...] = ("md", "html", "csv", "xlsx", "jsonld", "qdpx")
#: File name extension of each format, for dialogs and default names.
EXTENSIONS: dict[str, str] = {"md": ".md", "html": ".html", "csv": ".csv", "xlsx": ".xlsx",
                              "jsonld": ".jsonld", "qdpx": ".qdpx"}

#: Namespace of every identifier an export derives (REFI-QDA GUIDs of documents,
#: codes, codings...): the same data exported twice gives the same GUIDs.
ID_NAMESPACE = uuid.UUID("6f1d8a52-93c4-4e0b-9a51-2f0b7c3d9e10")

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True)
class DocInfo:
    """The document an excerpt quotes. ``text`` is filled only where a format embeds it."""

    id: int
    title: str
    sha256: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    era: str = ""
    source: str = ""  # URL or citation
    language: str = "en"
    text: str = ""

    @property
    def label(self) -> str:
        """Title with era and date, as a heading names the document."""
        extra = ", ".join(p for p in (self.era, self.date) if p)
        return f"{self.title} ({extra})" if extra else self.title


@dataclass(frozen=True)
class Color:
    name: str
    hex: str  # "#rrggbb"

    @property
    def css(self) -> str:
        """The hex value if it is one, so a hostile value never reaches a style sheet."""
        return self.hex if _HEX_COLOR.fullmatch(self.hex) else "#ffe066"


@dataclass(frozen=True)
class Passage:
    """A range of one document; ``annotation_id`` when the range is itself annotated."""

    doc: DocInfo
    start: int
    end: int
    quote: str
    annotation_id: str = ""
    status: str = "anchored"  # or "orphan", as for an excerpt


@dataclass(frozen=True)
class Link:
    """A relation between two passages of documents of different eras."""

    id: str  # UUID
    relation: str
    origin: Passage
    target: Passage
    note: str = ""
    author: str = ""
    created: str = ""
    modified: str = ""

    def counterpart(self, excerpt: Excerpt) -> Passage:
        """The side of the link that is not ``excerpt``."""
        here = self.origin
        if here.annotation_id:
            mine = here.annotation_id == excerpt.id
        else:
            mine = (here.doc.sha256, here.start, here.end) == (excerpt.doc.sha256, excerpt.start, excerpt.end)
        return self.target if mine else self.origin


@dataclass(frozen=True)
class Excerpt:
    """One annotation as it is exported: the passage, its context, and what the analyst wrote."""

    id: str  # the annotation's UUID
    doc: DocInfo
    start: int
    end: int
    quote: str
    prefix: str = ""  # context before the quote (length set by ExportOptions.context)
    suffix: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    color: Color | None = None
    author: str = ""
    created: str = ""
    modified: str = ""
    status: str = "anchored"  # or "orphan": kept, but its text could not be found
    entities: tuple[str, ...] = ()  # canonical labels of the entities mentioned inside
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ExportOptions:
    format: Format = "md"
    group_by: Literal["tag", "document"] = "document"
    context: int = 80  # code points of context on each side, for the ops layer to cut
    xlsx_sheets: Literal["document", "single"] = "single"
    title: str = "Annotated excerpts"
    #: Default colour of each tag, so REFI-QDA codes carry it.
    tag_colors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadBack:
    """What a JSON-LD or REFI-QDA file holds, ready for the store to import."""

    documents: tuple[DocInfo, ...]
    excerpts: tuple[Excerpt, ...]
    links: tuple[Link, ...]


def iso_utc(stamp: str) -> str:
    """An ISO 8601 date-time in UTC with a ``Z`` (xsd:dateTime and RFC 3339 both read it); "" stays ""."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:  # our store writes UTC; a naive stamp is one of ours
        moment = moment.replace(tzinfo=timezone.utc)
    if moment.utcoffset() == timedelta(0):
        # Already UTC: keep the digits as written, so a round trip gives back the very stamp.
        return stamp.removesuffix("Z").removesuffix("+00:00") + "Z"
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def stable_uuid(*parts: object) -> str:
    """A UUID that depends only on ``parts``."""
    return str(uuid.uuid5(ID_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def as_uuid(value: str) -> str:
    """``value`` if it is a UUID (normalised to lower case), else one derived from it."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return stable_uuid("id", value)


def unique_links(excerpts: Iterable[Excerpt], extra: Iterable[Link] = ()) -> list[Link]:
    """Every link the excerpts carry, then the ``extra`` ones, once each, in first-seen order."""
    seen: dict[str, Link] = {}
    for link in [*(k for ex in excerpts for k in ex.links), *extra]:
        seen.setdefault(link.id, link)
    return list(seen.values())


def loose_links(excerpts: Iterable[Excerpt], links: Iterable[Link]) -> list[Link]:
    """The links no excerpt carries (both ends are plain passages, or out of scope)."""
    carried = {k.id for ex in excerpts for k in ex.links}
    return [k for k in links if k.id not in carried]


def unique_documents(excerpts: Iterable[Excerpt], links: Iterable[Link] = ()) -> list[DocInfo]:
    """The documents quoted by excerpts and by either side of links, once each by hash."""
    seen: dict[str, DocInfo] = {}
    for ex in excerpts:
        seen.setdefault(ex.doc.sha256, ex.doc)
    for link in links:
        seen.setdefault(link.origin.doc.sha256, link.origin.doc)
        seen.setdefault(link.target.doc.sha256, link.target.doc)
    return list(seen.values())


def grouped(excerpts: Sequence[Excerpt], by: str) -> Iterator[tuple[str, list[Excerpt]]]:
    """(heading, excerpts) groups in reading order.

    By document: documents in order of date, excerpts by position. By tag: tags in
    alphabetical order, an excerpt under each of its tags, untagged ones last.
    """
    ordered = sorted(excerpts, key=lambda e: (e.doc.date, e.doc.id, e.start, e.end, e.id))
    if by == "tag":
        groups: dict[str, list[Excerpt]] = {}
        for ex in ordered:
            for tag in ex.tags or ("",):
                groups.setdefault(tag, []).append(ex)
        for tag in sorted(groups, key=lambda t: (t == "", t.casefold())):
            yield (tag or "Untagged"), groups[tag]
        return
    by_doc: dict[str, list[Excerpt]] = {}
    for ex in ordered:
        by_doc.setdefault(ex.doc.sha256, []).append(ex)
    for items in by_doc.values():
        yield items[0].doc.label, items
