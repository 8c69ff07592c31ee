"""The Markdown brief: excerpts as block quotes grouped by tag or by document.

Quoted text is escaped so that it renders as the words it is (a ``*`` or a ``<b>``
in a document stays visible), the highlighted span is wrapped in ``<mark>`` which
CommonMark passes through and every common renderer shows, and the surrounding
context is set off by ellipses. Notes are the analyst's own light Markdown and are
kept as Markdown, with raw HTML neutralised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from viewer.core.export.model import Excerpt, ExportOptions, Link, Passage, grouped, loose_links

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these
# are the ones that can start or end markup inside a line.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~!&])")
# At the start of a line these make a list, a heading underline or a numbered list.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape_text(text: str) -> str:
    """``text`` as Markdown that renders to exactly these characters (line breaks aside)."""
    lines = (_LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", line)) for line in text.split("\n"))
    return "\n".join(lines)


def _note(text: str) -> str:
    # The note is Markdown already; only raw HTML would be dangerous or garbled.
    return text.replace("<", "\\<").strip()


def _quote_block(ex: Excerpt) -> str:
    """The block-quote lines: context, the marked quote, context."""
    prefix, suffix = escape_text(ex.prefix), escape_text(ex.suffix)
    # <mark> may not span paragraphs, so each line of the quote gets its own.
    quote = "\n".join(f"<mark>{line}</mark>" if line.strip() else "" for line in escape_text(ex.quote).split("\n"))
    body = (f"…{prefix}" if prefix else "") + quote + (f"{suffix}…" if suffix else "")
    # Leading spaces would make an indented code block of the line; a backslash at
    # the end keeps the document's line break where the next line is not blank.
    lines = [line.strip() for line in body.split("\n")]
    ends = ["\\" if line and nxt else "" for line, nxt in zip(lines, lines[1:] + [""])]
    return "\n".join(f"> {line}{end}".rstrip() for line, end in zip(lines, ends))


def _meta(ex: Excerpt, group_by: str) -> list[str]:
    lines: list[str] = []
    if group_by == "tag":
        lines.append(f"*{escape_text(ex.doc.label)}*, characters {ex.start}–{ex.end}")
    else:
        lines.append(f"Characters {ex.start}–{ex.end}")
    if ex.status != "anchored":
        lines.append(f"Status: {escape_text(ex.status)}")
    if ex.tags:
        lines.append("Tags: " + ", ".join(f"`{t.replace('`', '')}`" for t in ex.tags))
    if ex.color:
        lines.append(f"Colour: {escape_text(ex.color.name)}")
    who = ", ".join(p for p in (escape_text(ex.author), ex.created[:10]) if p)
    if who:
        lines.append(f"By {who}" + (f" (edited {ex.modified[:10]})" if ex.modified[:10] != ex.created[:10] else ""))
    if ex.entities:
        lines.append("Entities: " + ", ".join(escape_text(e) for e in ex.entities))
    for link in ex.links:
        lines.append(f"{escape_text(link.relation).capitalize()}: {_cite(link.counterpart(ex))}"
                     + (f". {_note(link.note)}" if link.note else ""))
    return [f"- {line}".replace("\n", " ") for line in lines]


def _cite(p: Passage) -> str:
    return f"“{escape_text(p.quote)}” ({escape_text(p.doc.label)}, characters {p.start}–{p.end})"


def render_markdown(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions) -> str:
    """The whole brief as one Markdown string (also the dialog's live preview)."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out = [f"# {escape_text(options.title)}", "",
           f"{len(excerpts)} excerpt{'s' if len(excerpts) != 1 else ''}, exported {stamp} from Diptych.", ""]
    docs = {ex.doc.sha256: ex.doc for ex in excerpts}
    if options.group_by == "tag" and docs:
        out += ["Documents:", ""]
        for doc in sorted(docs.values(), key=lambda d: (d.date, d.id)):
            facts = ", ".join(escape_text(p) for p in (doc.author, doc.publisher, doc.source) if p)
            out.append(f"- {escape_text(doc.label)}" + (f": {facts}" if facts else ""))
        out.append("")
    for heading, items in grouped(excerpts, options.group_by):
        out += [f"## {escape_text(heading)}".replace("\n", " "), ""]
        if options.group_by == "document":
            doc = items[0].doc
            facts = ", ".join(escape_text(p) for p in (doc.author, doc.publisher, doc.source) if p)
            if facts:
                out += [facts, ""]
        for ex in items:
            out += [_quote_block(ex), ""]
            if ex.note:
                out += [_note(ex.note), ""]
            out += [*_meta(ex, options.group_by), "", "---", ""]
    loose = loose_links(excerpts, links)
    if loose:
        out += ["## Links between eras", ""]
        for link in loose:
            line = f"- {_cite(link.origin)} *{escape_text(link.relation)}* {_cite(link.target)}"
            out.append((line + (f". {_note(link.note)}" if link.note else "")).replace("\n", " "))
        out.append("")
    return "\n".join(out)


def write_markdown(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions, path: Path) -> None:
    path.write_text(render_markdown(excerpts, links, options), encoding="utf-8", newline="\n")
