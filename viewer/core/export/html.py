"""The HTML brief: one self-contained page, printable to PDF from any browser.

Inline CSS only, no scripts, no remote resources. Every string that came from a
document or from the analyst goes through ``html.escape``, so a note containing
``<script>`` shows those characters; colours reach the style sheet only as
validated hex values. Notes are shown as written (line breaks kept), not rendered
as Markdown, so nothing in them can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from viewer.core.export.model import Excerpt, ExportOptions, Link, Passage, grouped, loose_links

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #1d1d1f; max-width: 48rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; margin-top: 2.2rem; }
.lead, .meta, .docfacts { font-family: system-ui, sans-serif; font-size: .85rem; color: #555; }
article { margin: 1.2rem 0 1.6rem; page-break-inside: avoid; break-inside: avoid; }
blockquote { margin: 0; padding: .4rem .9rem; border-left: 4px solid var(--c); background: #fafafa;
             white-space: pre-wrap; }
blockquote .ctx { color: #777; }
mark { background: var(--c); color: inherit; padding: 0 .1em; }
.note { white-space: pre-wrap; margin: .5rem 0; }
.meta { margin: .3rem 0 0; padding: 0; list-style: none; }
.meta li { display: inline; }
.meta li + li::before { content: " · "; }
.tag { border: 1px solid #bbb; border-radius: .6rem; padding: 0 .4rem; white-space: nowrap; }
.link { font-family: system-ui, sans-serif; font-size: .9rem; margin: .4rem 0 0 1rem; }
.link q { font-style: italic; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def _e(text: str) -> str:
    # Control characters are not allowed in HTML text; a browser would show them as boxes.
    return escape(_CONTROL.sub("", text), quote=True)


def _article(ex: Excerpt, show_doc: bool) -> str:
    color = ex.color.css if ex.color else "#ffe066"
    quote = (f'<span class="ctx">…{_e(ex.prefix)}</span>' if ex.prefix else "") + f"<mark>{_e(ex.quote)}</mark>" + (
        f'<span class="ctx">{_e(ex.suffix)}…</span>' if ex.suffix else "")
    parts = [f'<article id="a-{_e(ex.id)}" style="--c: {color}">', f"<blockquote>{quote}</blockquote>"]
    if ex.note:
        parts.append(f'<div class="note">{_e(ex.note)}</div>')
    meta = []
    if show_doc:
        meta.append(f"<cite>{_e(ex.doc.label)}</cite>")
    meta.append(f"characters {ex.start}–{ex.end}")
    if ex.status != "anchored":
        meta.append(f"<strong>{_e(ex.status)}</strong>")
    meta += [f'<span class="tag">{_e(t)}</span>' for t in ex.tags]
    if ex.color:
        meta.append(f"colour {_e(ex.color.name)}")
    if ex.author:
        meta.append(_e(ex.author))
    if ex.created:
        meta.append(f'<time datetime="{_e(ex.created)}">{_e(ex.created[:10])}</time>')
    if ex.entities:
        meta.append("entities: " + ", ".join(_e(n) for n in ex.entities))
    parts.append('<ul class="meta">' + "".join(f"<li>{m}</li>" for m in meta) + "</ul>")
    for link in ex.links:
        note = f" — {_e(link.note)}" if link.note else ""
        parts.append(f'<p class="link">{_e(link.relation.capitalize())}: {_cite(link.counterpart(ex))}{note}</p>')
    parts.append("</article>")
    return "\n".join(parts)


def _cite(p: Passage) -> str:
    return f"<q>{_e(p.quote)}</q> (<cite>{_e(p.doc.label)}</cite>, characters {p.start}–{p.end})"


def _doc_facts(ex: Excerpt) -> str:
    doc = ex.doc
    facts = [_e(p) for p in (doc.author, doc.publisher) if p]
    if doc.source:
        facts.append(f"source: {_e(doc.source)}")  # shown, never a live link to fetch
    return f'<p class="docfacts">{" · ".join(facts)}</p>' if facts else ""


def render_html(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions) -> str:
    """The whole page as one string (also the dialog's live preview)."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    count = f"{len(excerpts)} excerpt{'s' if len(excerpts) != 1 else ''}"
    body: list[str] = []
    by_doc = options.group_by == "document"
    for heading, items in grouped(excerpts, options.group_by):
        body.append(f"<section>\n<h2>{_e(heading)}</h2>")
        if by_doc:
            body.append(_doc_facts(items[0]))
        body.extend(_article(ex, show_doc=not by_doc) for ex in items)
        body.append("</section>")
    loose = loose_links(excerpts, links)
    if loose:
        body.append("<section>\n<h2>Links between eras</h2>")
        for link in loose:
            note = f" — {_e(link.note)}" if link.note else ""
            body.append(f'<p class="link">{_cite(link.origin)} <em>{_e(link.relation)}</em> '
                        f"{_cite(link.target)}{note}</p>")
        body.append("</section>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Forbid anything remote or scripted even if a future change slipped some in.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(options.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(options.title)}</h1>",
        f'<p class="lead">{count}, exported {stamp} from Diptych.</p>',
        *body,
        "</body>",
        "</html>",
        "",
    ])


def write_html(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions, path: Path) -> None:
    path.write_text(render_html(excerpts, links, options), encoding="utf-8", newline="\n")
