"""Exporting annotations from the store, and importing JSON-LD or .qdpx files into it.

:func:`gather` turns the annotations in a :class:`Scope` into the excerpts of
:mod:`viewer.core.export` (context cut from the document's text, colours with
their hex value, entity labels from the recognition cache, the links touching each
passage); :func:`export_annotations` writes them; :func:`preview` renders the
Markdown or HTML a dialog shows and :func:`count_annotations` says how many.
:func:`import_annotations` reads a file back in one transaction: documents are
matched by content hash (a .qdpx brings their text, so missing ones are added),
every passage is placed again with the anchoring of :mod:`viewer.core.anchoring`,
and annotations or links whose UUID the store already has are left as they are,
so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from viewer.core import annotations as model
from viewer.core.anchoring import Selector, TextPosition, TextQuote, reanchor
from viewer.core.annotations import Annotation, has_tag, normalise_tags
from viewer.core.palette import PALETTE
from viewer.core.decoding import normalise_text
from viewer.core.document import Document, DocumentMeta, ParsedText
from viewer.core.export import (
    Color, DocInfo, Excerpt, ExportOptions, Link, Passage, ReadBack, export, read_annotations, render_preview,
)
from viewer.core.intervals import SpanIndex
from viewer.store import Store
from viewer.store import annotations as rows
from viewer.store.documents import add_document, find_by_hash, get_document


@dataclass(frozen=True)
class Scope:
    """Which annotations to export; every filter given must hold.

    ``doc_ids``: these documents (one, the open pair, ...); None for all.
    ``tags``: annotations with any of these tags or their children.
    ``annotation_ids``: exactly these annotations (a selection in the panel).
    """

    doc_ids: Sequence[int] | None = None
    tags: Sequence[str] = ()
    annotation_ids: Sequence[str] = ()

    @property
    def whole_documents(self) -> bool:
        """Whether links between plain passages belong in the export too."""
        return not self.tags and not self.annotation_ids


def _selected(store: Store, scope: Scope) -> list[Annotation]:
    if scope.annotation_ids:
        found = rows.get_annotations(store, scope.annotation_ids)
        chosen = [found[i] for i in dict.fromkeys(scope.annotation_ids) if i in found]
        if scope.doc_ids is not None:
            chosen = [a for a in chosen if a.passage.doc_id in scope.doc_ids]
    else:
        chosen = rows.query_annotations(store, doc_ids=scope.doc_ids)
    if scope.tags:
        wanted = normalise_tags(list(scope.tags))
        chosen = [a for a in chosen if any(has_tag(a.tags, w) for w in wanted)]
    return chosen


def _doc_info(doc: Document) -> DocInfo:
    m = doc.meta
    return DocInfo(id=doc.id, title=m.title, sha256=doc.sha256, author=m.author, publisher=m.publisher,
                   date=m.date, era=m.era, source=m.source, language=m.language, text=doc.text)


def _entity_labels(store: Store, doc_ids: Iterable[int]) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, label) of each mention of a known, not ignored entity, per document.

    Only what recognition already cached: exporting never loads the language model.
    """
    from viewer.ops.entities import is_cached
    from viewer.store import entities as entity_rows

    docs = [d for d in doc_ids if is_cached(store, d)]
    if not docs:
        return {}
    labels = {i: e["label"] for i, e in entity_rows.entities_in(store, docs).items() if not e["ignored"]}
    # document_mentions rows: (id, start, end, text, role, entity_id)
    return {d: [(m[1], m[2], labels[m[5]]) for m in entity_rows.document_mentions(store, d) if m[5] in labels]
            for d in docs}


def _inside(mentions: list[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label for s, e, label in mentions if start <= s and e <= end))


class _LinkEnds:
    """The placed link ends of each document, indexed, to find those an annotation touches."""

    def __init__(self, raw: Sequence[model.Link], links: Sequence[Link]) -> None:
        by_doc: dict[int, list[tuple[int, int, Link]]] = {}
        for k, link in zip(raw, links):
            for e in k.passages:
                if not e.is_orphan:
                    by_doc.setdefault(e.doc_id, []).append((e.start, e.end, link))
        self.ends = {d: SpanIndex(v) for d, v in by_doc.items()}

    def touching(self, p: model.Passage) -> tuple[Link, ...]:
        """Links with an end that holds the passage or lies within it (mere overlap
        would hand a link to every neighbouring annotation)."""
        if p.doc_id not in self.ends:
            return ()
        found = {link.id: link for s, e, link in self.ends[p.doc_id].near(p.start, p.end)
                 if (s <= p.start and p.end <= e) or (p.start <= s and e <= p.end)}
        return tuple(found.values())


def count_annotations(store: Store, scope: Scope = Scope()) -> int:
    """How many annotations an export of ``scope`` would write."""
    return len(_selected(store, scope))


def gather(store: Store, scope: Scope = Scope(), *, context: int = 80,
           limit: int | None = None) -> tuple[list[Excerpt], list[Link]]:
    """The excerpts of the annotations in ``scope`` (the first ``limit`` of them, by
    document and position, if given), and the links no excerpt carries."""
    selected = _selected(store, scope)
    chosen = selected[:limit]
    scope_docs = {a.passage.doc_id for a in chosen} | set(scope.doc_ids or ())
    everything = scope.doc_ids is None and scope.whole_documents
    links = rows.query_links(store, doc_ids=None if everything else sorted(scope_docs))
    docs = {d: _doc_info(get_document(store, d))
            for d in sorted(scope_docs | {p.doc_id for k in links for p in k.passages})}
    spans = {(a.passage.doc_id, a.passage.start, a.passage.end): a.id for a in chosen
             if not a.passage.is_orphan}

    def passage(p: model.Passage) -> Passage:
        owner = "" if p.is_orphan else spans.get((p.doc_id, p.start, p.end), "")
        return Passage(docs[p.doc_id], p.start, p.end, p.quote, annotation_id=owner, status=p.status)

    def as_link(k: model.Link) -> Link:
        return Link(id=k.id, relation=k.relation, origin=passage(k.source), target=passage(k.target),
                    note=k.note, author=k.author, created=k.created, modified=k.modified)

    exported = [as_link(k) for k in links]
    ends = _LinkEnds(links, exported)
    mentions = _entity_labels(store, {a.passage.doc_id for a in chosen})
    excerpts = []
    for a in chosen:
        p, doc = a.passage, docs[a.passage.doc_id]
        if p.is_orphan:
            prefix, suffix = p.prefix, p.suffix
        else:
            prefix, suffix = doc.text[max(0, p.start - context):p.start], doc.text[p.end:p.end + context]
        touching = () if p.is_orphan else ends.touching(p)
        excerpts.append(Excerpt(
            id=a.id, doc=doc, start=p.start, end=p.end, quote=p.quote, prefix=prefix, suffix=suffix,
            note=a.note, tags=a.tags, color=Color(a.color, PALETTE.get(a.color, "")), author=a.author,
            created=a.created, modified=a.modified, status=p.status,
            entities=() if p.is_orphan else _inside(mentions.get(p.doc_id, []), p.start, p.end),
            links=touching))
    carried = {k.id for ex in excerpts for k in ex.links}
    # In a sample, the links of the annotations left out are not loose ones.
    complete = len(chosen) == len(selected)
    loose = [k for k in exported if k.id not in carried] if scope.whole_documents and complete else []
    return excerpts, loose


def export_options(store: Store, **choices: object) -> ExportOptions:
    """Options with the store's tag colours (as hex) for the codes of a .qdpx."""
    colors = {tag: PALETTE[c] for tag, c in rows.tag_colors(store).items() if c in PALETTE}
    return ExportOptions(tag_colors=colors, **choices)  # type: ignore[arg-type]


def export_annotations(store: Store, options: ExportOptions, path: Path | str,
                       scope: Scope = Scope()) -> int:
    """Export the annotations in ``scope`` to ``path``; returns how many were written."""
    excerpts, loose = gather(store, scope, context=options.context)
    export(excerpts, options, path, loose)
    return len(excerpts)


def preview(store: Store, options: ExportOptions, scope: Scope = Scope(), *, limit: int | None = None) -> str:
    """The Markdown or HTML the export would write, for the dialog's live preview;
    of the first ``limit`` annotations only, if given, to keep a large export's quick."""
    excerpts, loose = gather(store, scope, context=options.context, limit=limit)
    return render_preview(excerpts, options, loose)


# -- importing ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportReport:
    documents_added: list[str] = field(default_factory=list)  # titles
    annotations_added: int = 0
    links_added: int = 0
    already_present: int = 0  # annotations and links whose UUID the store had
    orphans: int = 0  # imported, but their passage is not in the text
    missing_documents: list[str] = field(default_factory=list)  # titles or hashes not in the library
    skipped: int = 0  # annotations and links on those documents

    def summary(self) -> str:
        parts = [f"{self.annotations_added} annotation(s) and {self.links_added} link(s) imported"]
        if self.documents_added:
            parts.append(f"{len(self.documents_added)} document(s) added: " + "; ".join(self.documents_added))
        if self.already_present:
            parts.append(f"{self.already_present} already in the library, left as they were")
        if self.orphans:
            parts.append(f"{self.orphans} could not be placed in their text and are orphans")
        if self.missing_documents:
            parts.append(f"{self.skipped} skipped because their document is not in the library "
                         f"({'; '.join(self.missing_documents)}); import it first")
        return ". ".join(parts) + "."


class _Placer:
    """Places passages of one file in the store's documents, adding documents it brings."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.docs: dict[str, tuple[int, str, str, str | None]] = {}  # sha -> id, sha, text, source text
        self.added: list[str] = []

    def document(self, info: DocInfo) -> bool:
        """Make ``info`` known (adding it if it came with its text); False if it is not available."""
        if info.sha256 in self.docs:
            return True
        text = normalise_text(info.text) if info.text else ""
        found = find_by_hash(self.store, info.sha256) or (find_by_hash(self.store, _sha(text)) if text else None)
        if found is None and text:
            meta = DocumentMeta(title=info.title or "Untitled").merged(
                author=info.author, publisher=info.publisher, date=info.date, era=info.era,
                source=info.source, language=info.language)
            found = get_document(self.store, add_document(self.store, ParsedText(text=text), meta, "txt"))
            self.added.append(meta.title)
        if found is None:
            return False
        stored = get_document(self.store, found.id)
        self.docs[info.sha256] = (stored.id, stored.sha256, stored.text, info.text or stored.text)
        return True

    def place(self, items: list[tuple[DocInfo, int, int, str, str, str, str]]) -> list[model.Passage]:
        """Passages for (doc, start, end, quote, prefix, suffix, status), in order."""
        out: list[model.Passage | None] = [None] * len(items)
        by_doc: dict[tuple[str, bool], list[int]] = {}
        for i, (doc, *_rest, status) in enumerate(items):
            by_doc.setdefault((doc.sha256, status == model.ANCHORED), []).append(i)
        for (sha, anchored), indexes in by_doc.items():
            doc_id, stored_sha, text, source_text = self.docs[sha]
            selectors = [Selector(TextPosition(items[i][1], max(items[i][2], items[i][1] + 1)),
                                  TextQuote(items[i][3], items[i][4], items[i][5])) for i in indexes]
            placed = reanchor(source_text if anchored else None, text, selectors)
            for i, sel, placement in zip(indexes, selectors, placed):
                if placement.selector is not None:
                    out[i] = model.Passage.at(doc_id, stored_sha, placement.selector)
                else:
                    start = min(sel.position.start, max(len(text) - 1, 0))
                    out[i] = model.Passage(doc_id, stored_sha, start, start + 1, sel.quote.exact,
                                           sel.quote.prefix, sel.quote.suffix, model.ORPHAN)
        return [p for p in out if p is not None]


def _sha(text: str) -> str:
    return ParsedText(text=text).sha256


def _stamp(value: str) -> str:
    """A timestamp as the store writes them (UTC, ``+00:00``), its digits kept; now if the file has none."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return model.now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    if moment.utcoffset() == timedelta(0):
        return value.removesuffix("Z").removesuffix("+00:00") + "+00:00"
    return moment.astimezone(timezone.utc).isoformat()


def _color(color: Color | None) -> str:
    if color is None:
        return model.DEFAULT_COLOR
    if color.name.lower() in PALETTE:
        return color.name.lower()
    by_hex = {h.lower(): n for n, h in PALETTE.items()}
    return by_hex.get(color.hex.lower(), model.DEFAULT_COLOR)


def import_annotations(store: Store, path: Path | str) -> ImportReport:
    """Import the annotations and links of a JSON-LD or .qdpx file, all of them or none."""
    data: ReadBack = read_annotations(path)
    with store.write():
        placer = _Placer(store)
        missing = {d.sha256: d.title or d.sha256 for d in data.documents if not placer.document(d)}
        known_anns = rows.get_annotations(store, [e.id for e in data.excerpts])
        known_links = rows.get_links(store, [k.id for k in data.links])
        excerpts = [e for e in data.excerpts if e.doc.sha256 not in missing and e.id not in known_anns]
        links = [k for k in data.links if k.id not in known_links
                 and not {k.origin.doc.sha256, k.target.doc.sha256} & set(missing)]
        placed = placer.place([(e.doc, e.start, e.end, e.quote, e.prefix, e.suffix, e.status) for e in excerpts])
        for e, p in zip(excerpts, placed):
            rows.put_annotation(store, Annotation(
                id=e.id, passage=p, note=e.note, tags=normalise_tags([t for t in e.tags if t.strip("/ ")]),
                color=_color(e.color), author=e.author or model.default_author(),
                created=_stamp(e.created), modified=_stamp(e.modified or e.created)))
        ends = placer.place([(q.doc, q.start, q.end, q.quote, "", "", q.status)
                             for k in links for q in (k.origin, k.target)])
        for i, k in enumerate(links):
            rows.put_link(store, model.Link(
                id=k.id, source=ends[2 * i], target=ends[2 * i + 1],
                relation=model.check_relation(k.relation[:model.MAX_LABEL] or "echoes"),
                note=k.note, author=k.author or model.default_author(), created=_stamp(k.created),
                modified=_stamp(k.modified or k.created)))
    skipped = sum(e.doc.sha256 in missing for e in data.excerpts) + sum(
        bool({k.origin.doc.sha256, k.target.doc.sha256} & set(missing)) for k in data.links)
    return ImportReport(
        documents_added=placer.added, annotations_added=len(excerpts), links_added=len(links),
        already_present=len(known_anns) + len(known_links),
        orphans=sum(p.is_orphan for p in [*placed, *ends]),
        missing_documents=sorted(missing.values()), skipped=skipped)
