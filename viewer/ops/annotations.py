"""Annotating, as one function per user action: create, edit, delete, move or re-attach,
link and unlink, tag colours, and re-importing a corrected text with re-anchoring.

Every action commits at once in one transaction and returns ``Done(value, revert)``.
``revert`` is a :class:`Revert`: the rows the action touched as they were before it.
Applying it (undo) commits in one transaction and returns the ``Revert`` that puts the
action back (redo), so an undo stack only ever holds ``Revert`` objects. A deleted
annotation comes back with its UUID and timestamps. Listing and filtering for the
annotations panel are here too, over the same store.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from viewer.core.anchoring import Method, make_selector, reanchor
from viewer.core.annotations import (
    ANCHORED,
    DEFAULT_COLOR,
    ORPHAN,
    Annotation,
    AnnotationError,
    AnnotationFilter,
    Link,
    Passage,
    TextVersion,
    check_color,
    check_relation,
    count_tags,
    default_author,
    new_id,
    normalise_tag,
    normalise_tags,
    now,
    tag_ancestry,
)
from viewer.core.decoding import normalise_text
from viewer.core.document import ParsedText
from viewer.core.errors import DuplicateDocument
from viewer.core.importing import read_document
from viewer.core.search import find_all
from viewer.store import Store
from viewer.store import annotations as rows
from viewer.store.documents import find_by_hash

T = TypeVar("T")


@dataclass(frozen=True)
class Selection:
    """What a person selected: ``[start, end)`` in code points of a document's text."""

    doc_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Revert:
    """Rows as they were before an action (None: the row did not exist)."""

    annotations: Mapping[str, Annotation | None] = field(default_factory=dict)
    links: Mapping[str, Link | None] = field(default_factory=dict)
    tag_colors: Mapping[str, str | None] = field(default_factory=dict)
    text: TextVersion | None = None
    #: Documents whose annotations or links the action changed: the views to refresh.
    doc_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        """True when the action changed nothing (an edit to the same values): nothing to undo."""
        return not (self.annotations or self.links or self.tag_colors or self.text)

    def apply(self, store: Store) -> Revert:
        """Put the rows back in one transaction; returns the Revert that undoes this."""
        with store.write():
            redo = _snapshot(store, self.doc_ids, annotations=self.annotations, links=self.links,
                             tags=self.tag_colors, text_of=self.text.doc_id if self.text else None)
            if self.text is not None:
                rows.put_text_version(store, self.text)
            for annotation_id, ann in self.annotations.items():
                if ann is None:
                    rows.delete_annotation(store, annotation_id)
                else:
                    rows.put_annotation(store, ann)
            for link_id, link in self.links.items():
                if link is None:
                    rows.delete_link(store, link_id)
                else:
                    rows.put_link(store, link)
            for tag, color in self.tag_colors.items():
                rows.put_tag_color(store, tag, color)
        return redo


@dataclass(frozen=True)
class Done(Generic[T]):
    """What an action produced, and how to take it back."""

    value: T
    revert: Revert


def _snapshot(store: Store, doc_ids: Iterable[int], *, annotations: Iterable[str] = (),
              links: Iterable[str] = (), tags: Iterable[str] = (), text_of: int | None = None) -> Revert:
    ann_ids, link_ids = list(annotations), list(links)
    current_anns = rows.get_annotations(store, ann_ids)
    current_links = rows.get_links(store, link_ids)
    colors = rows.tag_colors(store)
    folded = {t.casefold(): c for t, c in colors.items()}
    return Revert(
        annotations={i: current_anns.get(i) for i in ann_ids},
        links={i: current_links.get(i) for i in link_ids},
        tag_colors={t: folded.get(t.casefold()) for t in tags},
        text=rows.get_text_version(store, text_of) if text_of is not None else None,
        doc_ids=frozenset(doc_ids),
    )


def _record(store: Store, write: Callable[[], None], doc_ids: Iterable[int], *,
            annotations: Iterable[str] = (), links: Iterable[str] = (), tags: Iterable[str] = ()) -> Revert:
    """Snapshot what ``write`` is about to change, then run it (inside the caller's transaction)."""
    before = _snapshot(store, doc_ids, annotations=annotations, links=links, tags=tags)
    write()
    return before


# -- annotations ----------------------------------------------------------------------
def create_annotation(
    store: Store, selection: Selection, *, note: str = "", tags: Sequence[str] = (),
    color: str | None = None, author: str | None = None,
) -> Done[Annotation]:
    """Annotate a selection. Without a colour, the first tag's colour (or its parent's) is used."""
    clean_tags = normalise_tags(list(tags))
    with store.write():
        version = rows.get_text_version(store, selection.doc_id)
        selector = make_selector(version.text, selection.start, selection.end)
        stamp = now()
        ann = Annotation(
            id=new_id(), passage=Passage.at(selection.doc_id, version.sha256, selector),
            note=note, tags=clean_tags,
            color=check_color(color) if color else _tag_default(store, clean_tags),
            author=author or default_author(), created=stamp, modified=stamp)
        revert = _record(store, lambda: rows.put_annotation(store, ann), [selection.doc_id],
                         annotations=[ann.id])
    return Done(ann, revert)


def edit_annotation(
    store: Store, annotation_id: str, *, note: str | None = None,
    tags: Sequence[str] | None = None, color: str | None = None,
) -> Done[Annotation]:
    """Change what is given of note, tags and colour; ``modified`` moves only on a real change."""
    with store.write():
        old = _annotation(store, annotation_id)
        new = replace(
            old,
            note=old.note if note is None else note,
            tags=old.tags if tags is None else normalise_tags(list(tags)),
            color=old.color if color is None else check_color(color),
        )
        if new == old:
            return Done(old, Revert(doc_ids=frozenset({old.passage.doc_id})))
        new = replace(new, modified=now())
        revert = _record(store, lambda: rows.put_annotation(store, new), [old.passage.doc_id],
                         annotations=[old.id])
    return Done(new, revert)


def delete_annotation(store: Store, annotation_id: str) -> Done[Annotation]:
    """Delete an annotation; the value is the annotation as it was."""
    with store.write():
        old = _annotation(store, annotation_id)
        revert = _record(store, lambda: rows.delete_annotation(store, old.id), [old.passage.doc_id],
                         annotations=[old.id])
    return Done(old, revert)


def reattach_annotation(store: Store, annotation_id: str, start: int, end: int) -> Done[Annotation]:
    """Place an annotation (an orphan, or one to move) on ``[start, end)`` of its document's
    current text; it becomes anchored there."""
    with store.write():
        old = _annotation(store, annotation_id)
        new = replace(old, passage=_placed(store, Selection(old.passage.doc_id, start, end)),
                      modified=now())
        revert = _record(store, lambda: rows.put_annotation(store, new), [old.passage.doc_id],
                         annotations=[old.id])
    return Done(new, revert)


def _annotation(store: Store, annotation_id: str) -> Annotation:
    found = rows.get_annotations(store, [annotation_id]).get(annotation_id)
    if found is None:
        raise AnnotationError(f"There is no annotation {annotation_id}.")
    return found


def _placed(store: Store, selection: Selection) -> Passage:
    version = rows.get_text_version(store, selection.doc_id)
    return Passage.at(selection.doc_id, version.sha256,
                      make_selector(version.text, selection.start, selection.end))


# -- tags -----------------------------------------------------------------------------
def set_tag_color(store: Store, tag: str, color: str | None) -> Done[None]:
    """Give a tag (and its children without a colour of their own) a default colour, or clear it."""
    clean = normalise_tag(tag)
    value = check_color(color) if color else None
    with store.write():
        revert = _record(store, lambda: rows.put_tag_color(store, clean, value), [], tags=[clean])
    return Done(None, revert)


def _tag_default(store: Store, tags: Sequence[str]) -> str:
    colors = {t.casefold(): c for t, c in rows.tag_colors(store).items()}
    for tag in tags:
        for name in tag_ancestry(tag):
            if name.casefold() in colors:
                return colors[name.casefold()]
    return DEFAULT_COLOR


# -- links ----------------------------------------------------------------------------
def link_passages(
    store: Store, source: Selection, target: Selection, *, relation: str, note: str = "",
    author: str | None = None,
) -> Done[Link]:
    """Link a passage of one document to a passage of another (continues, echoes, ...)."""
    label = check_relation(relation)
    with store.write():
        stamp = now()
        link = Link(id=new_id(), source=_placed(store, source), target=_placed(store, target),
                    relation=label, note=note, author=author or default_author(),
                    created=stamp, modified=stamp)
        revert = _record(store, lambda: rows.put_link(store, link), [source.doc_id, target.doc_id],
                         links=[link.id])
    return Done(link, revert)


def edit_link(store: Store, link_id: str, *, relation: str | None = None,
              note: str | None = None) -> Done[Link]:
    with store.write():
        old = _link(store, link_id)
        new = replace(old, relation=old.relation if relation is None else check_relation(relation),
                      note=old.note if note is None else note)
        if new == old:
            return Done(old, Revert(doc_ids=_link_docs(old)))
        new = replace(new, modified=now())
        revert = _record(store, lambda: rows.put_link(store, new), _link_docs(old), links=[old.id])
    return Done(new, revert)


def unlink(store: Store, link_id: str) -> Done[Link]:
    """Delete a link; the value is the link as it was."""
    with store.write():
        old = _link(store, link_id)
        revert = _record(store, lambda: rows.delete_link(store, old.id), _link_docs(old), links=[old.id])
    return Done(old, revert)


def reattach_link_end(store: Store, link_id: str, side: int, start: int, end: int) -> Done[Link]:
    """Place one end of a link (0 = source, 1 = target) on ``[start, end)`` of its document."""
    with store.write():
        old = _link(store, link_id)
        ends = list(old.passages)
        ends[side] = _placed(store, Selection(ends[side].doc_id, start, end))
        new = replace(old, source=ends[0], target=ends[1], modified=now())
        revert = _record(store, lambda: rows.put_link(store, new), _link_docs(old), links=[old.id])
    return Done(new, revert)


def _link(store: Store, link_id: str) -> Link:
    found = rows.get_links(store, [link_id]).get(link_id)
    if found is None:
        raise AnnotationError(f"There is no link {link_id}.")
    return found


def _link_docs(link: Link) -> frozenset[int]:
    return frozenset(p.doc_id for p in link.passages)


# -- reading, for the panel and the CLI -------------------------------------------------
def list_annotations(
    store: Store, *, doc_ids: Sequence[int] | None = None, tag: str | None = None,
    color: str | None = None, text: str | None = None, status: str | None = None,
) -> list[Annotation]:
    """Annotations of these documents (all without ``doc_ids``) matching every filter given,
    by document and position; ``tag`` includes its children. The panel lists a pair once
    and re-filters with :meth:`AnnotationFilter.apply` (see :func:`annotation_filter`)."""
    listed = rows.query_annotations(store, doc_ids=doc_ids, status=status)
    return annotation_filter(tag=tag, color=color, text=text).apply(listed)


def annotation_filter(*, tag: str | None = None, color: str | None = None, text: str | None = None,
                      status: str | None = None) -> AnnotationFilter:
    """A filter from what a person typed: the tag cleaned, the colour checked against the palette."""
    return AnnotationFilter(tag=normalise_tag(tag) if tag else None,
                            color=check_color(color) if color else None, text=text or None, status=status)


def list_links(store: Store, *, doc_ids: Sequence[int] | None = None) -> list[Link]:
    return rows.query_links(store, doc_ids=doc_ids)


def list_orphans(store: Store, *, doc_ids: Sequence[int] | None = None) -> tuple[list[Annotation], list[Link]]:
    """Annotations that lost their place, and links with an end that did."""
    links = [lk for lk in rows.query_links(store, doc_ids=doc_ids)
             if any(p.is_orphan for p in lk.passages)]
    return list_annotations(store, doc_ids=doc_ids, status=ORPHAN), links


def known_tags(store: Store) -> list[str]:
    """Every tag and every parent of one, for completion."""
    names: dict[str, str] = {}
    for tag in rows.all_tags(store):
        for name in tag_ancestry(tag):
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def tag_colors(store: Store) -> dict[str, str]:
    return rows.tag_colors(store)


@dataclass(frozen=True)
class TagCount:
    """How many annotations of one document carry a tag or one of its children."""

    tag: str
    doc_id: int
    count: int


def tag_counts(store: Store, doc_ids: Sequence[int] | None = None) -> list[TagCount]:
    """Counts per tag (parents include their children, each annotation once) per document."""
    spelled, counts = count_tags(rows.tag_sets(store, doc_ids))
    return sorted((TagCount(spelled[k], d, n) for (k, d), n in counts.items()),
                  key=lambda c: (c.tag.casefold(), c.doc_id))


def find_quote(store: Store, doc_id: int, quote: str, occurrence: int | None = None) -> Selection:
    """The selection of an exact quote in a document; the n-th (from 1) when it occurs more than once."""
    needle = normalise_text(quote)
    text = rows.get_text_version(store, doc_id).text
    hits = find_all(text, needle, case_sensitive=True)
    if not hits:
        raise AnnotationError(f"“{quote}” does not occur in document #{doc_id} (the match is exact, "
                              "case included; `viewer text` prints the text).")
    if occurrence is None and len(hits) > 1:
        raise AnnotationError(f"“{quote}” occurs {len(hits)} times in document #{doc_id}; "
                              f"say which with --occurrence N (1–{len(hits)}), or quote more text.")
    n = occurrence or 1
    if not 1 <= n <= len(hits):
        raise AnnotationError(f"“{quote}” occurs {len(hits)} time(s) in document #{doc_id}; "
                              f"there is no occurrence {n}.")
    start, end = hits[n - 1]
    return Selection(doc_id, start, end)


# -- re-importing a corrected text ------------------------------------------------------
@dataclass(frozen=True)
class ReanchorReport:
    """What re-importing a text did, or would do, to the passages on it."""

    doc_id: int
    changed: bool
    methods: Mapping[Method, int]  # passages (annotations and link ends) placed by each method
    orphan_annotations: tuple[str, ...]  # ids that have no place in the new text
    orphan_links: tuple[str, ...]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.methods.values())


@dataclass(frozen=True)
class _Plan:
    report: ReanchorReport
    version: TextVersion
    annotations: list[tuple[str, Passage]]
    link_ends: list[tuple[str, int, Passage]]
    before: Revert  # everything the re-import changes, as it is now


def preview_reimport(store: Store, doc_id: int, path: Path | str) -> ReanchorReport:
    """What :func:`reimport_document` would do, without writing anything (for the consent dialog)."""
    parsed, fmt = read_document(path)
    return _plan_reimport(store, doc_id, parsed, fmt).report


def reimport_document(store: Store, doc_id: int, path: Path | str) -> Done[ReanchorReport]:
    """Replace a document's text with a corrected version of it and place every annotation
    and link end again; those that cannot be placed become orphans, never deleted."""
    parsed, fmt = read_document(path)
    with store.write():
        plan = _plan_reimport(store, doc_id, parsed, fmt)
        if not plan.report.changed:
            return Done(plan.report, plan.before)
        rows.put_text_version(store, plan.version)
        rows.set_annotation_passages(store, plan.annotations)
        rows.set_link_passages(store, plan.link_ends)
    return Done(plan.report, plan.before)


def _plan_reimport(store: Store, doc_id: int, parsed: ParsedText, fmt: str) -> _Plan:
    started = time.perf_counter()
    old = rows.get_text_version(store, doc_id)
    version = TextVersion(doc_id, parsed.text, parsed.sha256, parsed.word_count,
                          json.dumps([s.to_json() for s in parsed.spans]), fmt)
    other = find_by_hash(store, version.sha256)
    if other is not None and other.id != doc_id:
        raise DuplicateDocument(other.id, other.meta.title)
    if version.sha256 == old.sha256:
        return _Plan(ReanchorReport(doc_id, False, {}, (), (), 0.0), old, [], [],
                     Revert(doc_ids=frozenset({doc_id})))
    annotations_now = rows.query_annotations(store, doc_ids=[doc_id])
    links_now = rows.query_links(store, doc_ids=[doc_id])
    before = Revert(annotations={a.id: a for a in annotations_now}, links={lk.id: lk for lk in links_now},
                    text=old, doc_ids=frozenset({doc_id, *(p.doc_id for lk in links_now for p in lk.passages)}))
    keyed: list[tuple[tuple[str, int], Passage]] = [((a.id, -1), a.passage) for a in annotations_now]
    keyed += [((lk.id, side), p) for lk in links_now for side, p in enumerate(lk.passages) if p.doc_id == doc_id]
    # Passages taken from the current text are mapped through the diff; orphans from an
    # earlier version only have their quote and an approximate place to go on.
    current = [(k, p) for k, p in keyed if p.status == ANCHORED and p.doc_sha256 == old.sha256]
    stale = [(k, p) for k, p in keyed if not (p.status == ANCHORED and p.doc_sha256 == old.sha256)]
    placements = (reanchor(old.text, version.text, [p.selector for _k, p in current])
                  + reanchor(None, version.text, [p.selector for _k, p in stale]))
    methods: Counter[Method] = Counter()
    annotations: list[tuple[str, Passage]] = []
    link_ends: list[tuple[str, int, Passage]] = []
    for ((key, side), passage), placement in zip(current + stale, placements):
        methods[placement.method] += 1
        if placement.selector is None:
            new = replace(passage, status=ORPHAN)
        else:
            new = Passage.at(doc_id, version.sha256, placement.selector)
        if side < 0:
            annotations.append((key, new))
        else:
            link_ends.append((key, side, new))
    report = ReanchorReport(
        doc_id, True, dict(methods),
        tuple(i for i, p in annotations if p.is_orphan),
        tuple(sorted({i for i, _s, p in link_ends if p.is_orphan})),
        time.perf_counter() - started)
    return _Plan(report, version, annotations, link_ends, before)
