"""W3C Web Annotation JSON-LD: an AnnotationCollection, and the reader that takes it back.

Each excerpt is an Annotation whose target is the document's text, identified by
its content hash as ``urn:sha256:<hex>`` (the same hash ``viewer docs --json``
shows, so an importer on another laptop finds the document whatever its id or
title there), refined by a TextQuoteSelector and, unless the annotation is an
orphan, a TextPositionSelector in code points. Tags are ``tagging`` and the note a
``commenting`` TextualBody; the colour is the target's ``styleClass`` with a one-rule
stylesheet. A cross-era link is its own Annotation with motivation ``linking``:
the origin passage is the target, the other passage a SpecificResource body, the
relation a ``classifying`` body and its note a ``commenting`` one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from viewer.core.errors import DiptychError
from viewer.core.export.model import (
    Color, DocInfo, Excerpt, ExportOptions, Link, Passage, ReadBack, iso_utc, stable_uuid,
    unique_documents,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
HASH_URN = "urn:sha256:"
_UUID_URN = "urn:uuid:"
_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_PLACE = "\x00items\x00"  # stands for the list of annotations in the indented head
_RULE = re.compile(r"\.([A-Za-z0-9_-]+)\s*\{\s*background-color:\s*(#[0-9A-Fa-f]{3,6})\s*;?\s*\}")


def _lifecycle(author: str, created: str, modified: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if iso_utc(created):
        out["created"] = iso_utc(created)
    if iso_utc(modified):
        out["modified"] = iso_utc(modified)
    if author:
        out["creator"] = {"type": "Person", "name": author}
    return out


def _resource(doc: DocInfo) -> dict[str, Any]:
    res: dict[str, Any] = {"id": HASH_URN + doc.sha256, "type": "Text", "format": "text/plain",
                           "language": doc.language or "en", "label": doc.title}
    if doc.source.startswith(("http://", "https://")):
        res["via"] = doc.source
    return res


def _specific(doc: DocInfo, start: int, end: int, quote: str, prefix: str = "", suffix: str = "",
              positioned: bool = True) -> dict[str, Any]:
    tq: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote}
    if prefix:
        tq["prefix"] = prefix
    if suffix:
        tq["suffix"] = suffix
    selectors: list[dict[str, Any]] = [tq]
    if positioned:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    return {"type": "SpecificResource", "source": _resource(doc), "selector": selectors}


def _class_name(color: Color) -> str:
    return _CLASS_UNSAFE.sub("-", color.name).strip("-") or "colour"


def annotation(ex: Excerpt) -> dict[str, Any]:
    """One excerpt as a Web Annotation."""
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in ex.tags]
    if ex.note:
        bodies.insert(0, {"type": "TextualBody", "purpose": "commenting", "value": ex.note,
                          "format": "text/markdown"})
    target = _specific(ex.doc, ex.start, ex.end, ex.quote, ex.prefix, ex.suffix,
                       positioned=ex.status == "anchored")
    anno: dict[str, Any] = {
        "@context": CONTEXT, "id": _UUID_URN + ex.id, "type": "Annotation",
        "motivation": "commenting" if ex.note else "tagging" if ex.tags else "highlighting",
        **_lifecycle(ex.author, ex.created, ex.modified),
    }
    if bodies:
        anno["body"] = bodies
    anno["target"] = target
    if ex.color:
        target["styleClass"] = _class_name(ex.color)
        anno["stylesheet"] = {"type": "CssStylesheet",
                              "value": f".{_class_name(ex.color)} {{ background-color: {ex.color.css}; }}"}
    return anno


def link_annotation(link: Link) -> dict[str, Any]:
    """A cross-era link as a ``linking`` Annotation."""
    o, t = link.origin, link.target
    bodies: list[dict[str, Any]] = [
        {**_specific(t.doc, t.start, t.end, t.quote), "purpose": "linking"},
        {"type": "TextualBody", "purpose": "classifying", "value": link.relation},
    ]
    if link.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": link.note,
                       "format": "text/markdown"})
    return {"@context": CONTEXT, "id": _UUID_URN + link.id, "type": "Annotation", "motivation": "linking",
            **_lifecycle(link.author, link.created, link.modified),
            "body": bodies, "target": _specific(o.doc, o.start, o.end, o.quote)}


def collection(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions) -> dict[str, Any]:
    items = [annotation(ex) for ex in excerpts] + [link_annotation(k) for k in links]
    ident = stable_uuid("collection", *sorted(item["id"] for item in items))
    return {
        "@context": CONTEXT, "id": _UUID_URN + ident, "type": "AnnotationCollection",
        "label": options.title, "total": len(items),
        "generator": {"type": "Software", "name": "Diptych"},
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write_jsonld(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions, path: Path) -> None:
    # One annotation per line: readable and diffable, and each line goes through the C
    # encoder (an indented dump runs the pure-Python one, four times slower).
    whole = collection(excerpts, links, options)
    items, whole["first"]["items"] = whole["first"]["items"], _PLACE
    body = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    head = json.dumps(whole, ensure_ascii=False, indent=1)
    path.write_text(head.replace(json.dumps(_PLACE), f"[\n{body}\n  ]") + "\n", encoding="utf-8", newline="\n")


# -- reading back ------------------------------------------------------------------------
def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _strip(ident: str, prefix: str) -> str:
    return ident[len(prefix):] if ident.startswith(prefix) else ident


def _doc_of(resource: Any, docs: dict[str, DocInfo]) -> DocInfo:
    source = resource.get("source") if isinstance(resource, dict) else resource
    info = source if isinstance(source, dict) else {"id": source}
    ident = str(info.get("id", ""))
    if not ident.startswith(HASH_URN):
        raise DiptychError(f"An annotation targets {ident or 'no document'}, not a document "
                           "identified by its content hash (urn:sha256:…); Diptych cannot place it.")
    sha = ident[len(HASH_URN):]
    if sha not in docs:
        docs[sha] = DocInfo(id=0, title=str(info.get("label", "")), sha256=sha,
                            language=str(info.get("language", "en")), source=str(info.get("via", "")))
    return docs[sha]


def _selection(resource: dict[str, Any]) -> tuple[int, int, str, str, str, bool]:
    """(start, end, exact, prefix, suffix, positioned) from a SpecificResource's selectors."""
    start = end = -1
    exact = prefix = suffix = ""
    for sel in _list(resource.get("selector")):
        if sel.get("type") == "TextQuoteSelector":
            exact, prefix, suffix = str(sel.get("exact", "")), str(sel.get("prefix", "")), str(sel.get("suffix", ""))
        elif sel.get("type") == "TextPositionSelector":
            start, end = int(sel["start"]), int(sel["end"])
    return start, end, exact, prefix, suffix, start >= 0


def _creator(anno: dict[str, Any]) -> str:
    creator = _list(anno.get("creator"))
    first = creator[0] if creator else ""
    return str(first.get("name", "") if isinstance(first, dict) else first)


def _colors(anno: dict[str, Any]) -> dict[str, str]:
    sheet = anno.get("stylesheet")
    value = sheet.get("value", "") if isinstance(sheet, dict) else ""
    return {m.group(1): m.group(2) for m in _RULE.finditer(str(value))}


def _read_excerpt(anno: dict[str, Any], docs: dict[str, DocInfo]) -> Excerpt:
    target = _list(anno.get("target"))[0]
    start, end, exact, prefix, suffix, positioned = _selection(target)
    bodies = [b for b in _list(anno.get("body")) if isinstance(b, dict)]
    notes = [str(b.get("value", "")) for b in bodies if b.get("purpose") == "commenting"]
    color = None
    style = target.get("styleClass")
    if style:
        name = str(_list(style)[0])
        color = Color(name=name, hex=_colors(anno).get(name, ""))
    return Excerpt(
        id=_strip(str(anno.get("id", "")), _UUID_URN), doc=_doc_of(target, docs),
        start=max(start, 0), end=max(end, 0), quote=exact, prefix=prefix, suffix=suffix,
        note="\n\n".join(notes), tags=tuple(str(b.get("value", "")) for b in bodies if b.get("purpose") == "tagging"),
        color=color, author=_creator(anno), created=str(anno.get("created", "")),
        modified=str(anno.get("modified", "")), status="anchored" if positioned else "orphan",
    )


def _passage(resource: dict[str, Any], docs: dict[str, DocInfo]) -> Passage:
    start, end, exact, _p, _s, _ok = _selection(resource)
    return Passage(doc=_doc_of(resource, docs), start=max(start, 0), end=max(end, 0), quote=exact)


def _read_link(anno: dict[str, Any], docs: dict[str, DocInfo]) -> Link:
    bodies = [b for b in _list(anno.get("body")) if isinstance(b, dict)]
    other = next(b for b in bodies if b.get("type") == "SpecificResource" or "selector" in b)
    relation = next((str(b.get("value", "")) for b in bodies if b.get("purpose") == "classifying"), "")
    note = "\n\n".join(str(b.get("value", "")) for b in bodies if b.get("purpose") == "commenting")
    return Link(id=_strip(str(anno.get("id", "")), _UUID_URN), relation=relation,
                origin=_passage(_list(anno.get("target"))[0], docs), target=_passage(other, docs),
                note=note, author=_creator(anno), created=str(anno.get("created", "")),
                modified=str(anno.get("modified", "")))


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return data
    if data.get("type") == "AnnotationCollection":
        first = data.get("first") or {}
        return list(first.get("items", [])) if isinstance(first, dict) else []
    if data.get("type") == "AnnotationPage":
        return list(data.get("items", []))
    return [data]


def read_jsonld(path: Path) -> ReadBack:
    """The excerpts and links of a Web Annotation file (ours, or any using hash-identified texts)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiptychError(f"{path.name} is not a readable JSON-LD file: {exc}.") from None
    docs: dict[str, DocInfo] = {}
    excerpts: list[Excerpt] = []
    links: list[Link] = []
    try:
        for anno in _items(data):
            if anno.get("motivation") == "linking":
                links.append(_read_link(anno, docs))
            else:
                excerpts.append(_read_excerpt(anno, docs))
    except (AttributeError, KeyError, IndexError, TypeError, ValueError, StopIteration) as exc:
        raise DiptychError(f"{path.name} holds an annotation Diptych cannot read ({exc!r}).") from None
    by_span = {(e.doc.sha256, e.start, e.end): e.id for e in excerpts if e.status == "anchored"}
    links = [_with_annotation_ids(k, by_span) for k in links]
    return ReadBack(documents=tuple(unique_documents(excerpts, links)), excerpts=tuple(excerpts),
                    links=tuple(links))


def _with_annotation_ids(link: Link, by_span: dict[tuple[str, int, int], str]) -> Link:
    """The link with each end that is exactly an annotation's passage naming it."""
    def side(p: Passage) -> Passage:
        return replace(p, annotation_id=by_span.get((p.doc.sha256, p.start, p.end), ""))

    return replace(link, origin=side(link.origin), target=side(link.target))
