"""Markdown and HTML briefs: grouping, highlighting, context, and hostile text shown as text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from test_export_model import FORMULA, HOSTILE_NOTE, NEW, OLD, sample_excerpts

from viewer.core.export import ExportOptions, export, render_preview


class _Page(HTMLParser):
    """What a browser would build: tags seen, text shown, attributes used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.marks: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


# -- HTML --------------------------------------------------------------------------------
def test_html_is_self_contained_and_has_no_script_or_remote_resource(tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    export(sample_excerpts(), ExportOptions(format="html"), path)
    page = _page(path.read_text(encoding="utf-8"))
    assert "script" not in page.tags and "img" not in page.tags and "link" not in page.tags
    assert not [a for a in page.attrs if a[0] in ("src", "href") or a[0].startswith("on")]
    assert "style" in page.tags


def test_html_shows_hostile_notes_and_quotes_as_text() -> None:
    html = render_preview(sample_excerpts(), ExportOptions(format="html"))
    shown = "".join(_page(html).text)
    assert HOSTILE_NOTE in shown
    assert "<script>alert(1)</script> & more *stars*" in shown
    assert FORMULA in shown and "IWPR <staff>" in shown


def test_html_marks_each_quote_in_its_colour_with_context_around() -> None:
    excerpts = sample_excerpts()
    html = render_preview(excerpts, ExportOptions(format="html"))
    page = _page(html)
    assert page.marks == [e.quote for e in sorted(excerpts, key=lambda e: (e.doc.date, e.start))]
    assert "--c: #3D8FD1" in html and "--c: #E6B422" in html
    shown = "".join(page.text)
    first = excerpts[0]
    assert f"…{first.prefix}{first.quote}{first.suffix}…" in shown
    assert "flags 🇰🇿 and a family 👩‍👩‍👧" in page.marks


def test_html_grouped_by_tag_names_the_document_of_each_excerpt() -> None:
    html = render_preview(sample_excerpts(), ExportOptions(format="html", group_by="tag"))
    headings = [unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", html)]
    assert headings == [FORMULA, "actors", "policy", "policy/recognition", "Untagged"]
    assert "".join(_page(html).text).count(OLD.label) >= 3


def test_html_shows_the_linked_passage_and_relation() -> None:
    shown = "".join(_page(render_preview(sample_excerpts(), ExportOptions(format="html"))).text)
    assert "Contrasts: Kazakh President Kassym-Jomart Tokayev" in shown
    assert f"({NEW.label}, characters" in shown


# -- Markdown ----------------------------------------------------------------------------
def _rendered(markdown: str) -> _Page:
    return _page(MarkdownIt("commonmark").render(markdown))


def test_markdown_renders_quotes_as_the_exact_words_with_the_span_marked(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    export(sample_excerpts(), ExportOptions(format="md"), path)
    page = _rendered(path.read_text(encoding="utf-8"))
    assert "blockquote" in page.tags
    marked = "\n".join(page.marks)
    for ex in sample_excerpts():
        for line in ex.quote.split("\n"):
            assert line.strip() in marked
    shown = "".join(page.text)
    assert "<script>alert(1)</script> & more *stars*" in shown  # document text stays text
    assert "script" not in page.tags and "img" not in page.tags


def test_markdown_neutralises_html_in_notes_but_keeps_their_markdown() -> None:
    page = _rendered(render_preview(sample_excerpts(), ExportOptions(format="md")))
    assert "script" not in page.tags and "img" not in page.tags
    shown = "".join(page.text)
    assert '<script>alert("x")</script>' in shown
    assert "strong" in page.tags  # the note's **bold** is the analyst's own Markdown


def test_markdown_escapes_markup_characters_of_documents() -> None:
    doc_text = "".join(_rendered(render_preview(sample_excerpts(), ExportOptions(format="md"))).text)
    assert FORMULA in doc_text and "& more *stars*" in doc_text
    assert "em" not in _rendered(render_preview(sample_excerpts()[2:3], ExportOptions(format="md"))).tags


def test_markdown_groups_by_document_or_by_tag() -> None:
    by_doc = _rendered(render_preview(sample_excerpts(), ExportOptions(format="md")))
    assert [t for t in by_doc.text if t in (OLD.label, NEW.label)][:2] == [OLD.label, NEW.label]
    by_tag = render_preview(sample_excerpts(), ExportOptions(format="md", group_by="tag"))
    headings = [line for line in by_tag.splitlines() if line.startswith("## ")]
    assert headings == ["## \\=cmd\\|' /C calc'\\!A0", "## actors", "## policy", "## policy/recognition",
                        "## Untagged"]


def test_markdown_lists_tags_entities_and_links() -> None:
    text = "".join(_rendered(render_preview(sample_excerpts(), ExportOptions(format="md"))).text)
    assert "Entities: Taliban, Ahmad Shah Massoud" in text
    assert "Contrasts: “Kazakh President Kassym-Jomart Tokayev" in text
    assert "policy/recognition" in text and "Status: orphan" in text
