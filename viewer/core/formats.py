"""Turn decoded source text into canonical text: plain text, Markdown and HTML.

Plain text is kept line for line. Markdown is rendered (headings, emphasis and
links become structure spans; the ``**`` and ``##`` disappear). HTML is reduced
to its readable text and structure by the standard library's tokenizer: nothing
is executed and nothing is fetched, because we never build a DOM or resolve a URL.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from viewer.core.builder import TextBuilder
from viewer.core.document import ParsedText
from viewer.core.errors import ImportRefused

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html", ".xhtml": "html"}


def format_for(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ImportRefused(
            f"{path.name}: Diptych does not know the format '{path.suffix or '(no extension)'}'. "
            f"It imports {known}."
        ) from None


def parse(text: str, fmt: str) -> ParsedText:
    """Canonical text and structure of ``text`` (already decoded) in format ``fmt``."""
    if fmt == "text":
        return parse_plain(text)
    if fmt == "markdown":
        return parse_markdown(text)
    if fmt == "html":
        return parse_html(text)
    raise ValueError(f"unknown format {fmt!r}")


def parse_plain(text: str) -> ParsedText:
    # Line structure is meaning in plain text (verse, tables, Gutenberg's wrapping):
    # keep it, only drop blank lines at the very start and end.
    body = text.strip("\n").rstrip()
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return ParsedText(text=body, title_hint=first[:200])


# -- Markdown ---------------------------------------------------------------------------

_MD_BLOCK_SPANS = {"heading_open": "heading", "blockquote_open": "quote", "list_item_open": "list_item"}
_MD_INLINE_SPANS = {"em": "emphasis", "strong": "strong", "link": "link", "s": "emphasis"}


def parse_markdown(text: str) -> ParsedText:
    from markdown_it import MarkdownIt

    # html=False: raw HTML inside Markdown is shown as text, never interpreted.
    md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    out = TextBuilder()
    bullet_pending = False  # a list item's first paragraph continues its bullet's line
    for token in md.parse(text):
        kind = token.type
        if kind == "paragraph_open" and bullet_pending:
            bullet_pending = False
            continue
        if kind in _MD_BLOCK_SPANS:
            out.end_block()
            level = int(token.tag[1]) if kind == "heading_open" else 0
            out.open(_MD_BLOCK_SPANS[kind], level=level)
            if kind == "list_item_open":
                out.text(f"{token.info}. " if token.info else "• ")
                bullet_pending = True
        elif kind in ("heading_close", "blockquote_close", "list_item_close"):
            out.close(_MD_BLOCK_SPANS[kind.replace("_close", "_open")])
            out.end_block()
        elif kind in ("paragraph_open", "paragraph_close", "tr_open"):
            out.end_block()
        elif kind in ("th_open", "td_open"):
            out.text(" | ")
        elif kind == "hr":
            out.end_block()
            out.text("⁂")
            out.end_block()
        elif kind in ("fence", "code_block"):
            out.end_block()
            out.open("code")
            out.preformatted(True)
            out.text(token.content.rstrip("\n"))
            out.preformatted(False)
            out.close("code")
            out.end_block()
        elif kind == "inline":
            _markdown_inline(out, token.children or [])
    return out.build()


def _markdown_inline(out: TextBuilder, children: list) -> None:  # type: ignore[type-arg]
    for child in children:
        kind = child.type
        if kind in ("text", "html_inline"):
            out.text(child.content)
        elif kind == "code_inline":
            out.open("code")
            out.text(child.content)
            out.close("code")
        elif kind == "softbreak":
            out.text(" ")
        elif kind == "hardbreak":
            out.line_break()
        elif kind == "image":
            out.text(child.content or "")
        elif kind.endswith("_open") and kind[:-5] in _MD_INLINE_SPANS:
            href = str(child.attrs.get("href", "")) if kind == "link_open" else ""
            out.open(_MD_INLINE_SPANS[kind[:-5]], href=href)
        elif kind.endswith("_close") and kind[:-6] in _MD_INLINE_SPANS:
            out.close(_MD_INLINE_SPANS[kind[:-6]])


# -- HTML -------------------------------------------------------------------------------

_HTML_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed",
                        "svg", "math", "canvas", "audio", "video", "select", "button", "head"})
_HTML_BLOCKS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside",
                          "nav", "ul", "ol", "dl", "dt", "dd", "table", "tr", "figure",
                          "figcaption", "form", "fieldset", "address", "hr", "body"})
_HTML_INLINE_SPANS = {"em": "emphasis", "i": "emphasis", "cite": "emphasis",
                      "strong": "strong", "b": "strong", "a": "link", "code": "code"}
_HTML_BLOCK_SPANS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
                     "h5": "heading", "h6": "heading", "blockquote": "quote", "li": "list_item",
                     "pre": "code"}
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"})


class _HtmlReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = TextBuilder()
        self._skip_depth = 0
        self._stack: list[str] = []
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _HTML_SKIP:
            self._skip_depth += 1
        if self._skip_depth:
            return
        if tag not in _VOID:
            self._stack.append(tag)
        out = self.out
        if tag == "br":
            out.line_break()
        elif tag == "hr" or tag in _HTML_BLOCKS:
            out.end_block()
        elif tag == "td" or tag == "th":
            out.text(" | ")
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            out.text(alt)
        if tag in _HTML_BLOCK_SPANS:
            out.end_block()
            level = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else 0
            out.open(_HTML_BLOCK_SPANS[tag], level=level)
            if tag == "li":
                out.text("• ")
            if tag == "pre":
                out.preformatted(True)
        elif tag in _HTML_INLINE_SPANS:
            href = (dict(attrs).get("href") or "") if tag == "a" else ""
            out.open(_HTML_INLINE_SPANS[tag], href=href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _HTML_SKIP and self._skip_depth:
            self._skip_depth -= 1
            return
        if self._skip_depth:
            return
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack and self._stack.pop() != tag:
            pass
        out = self.out
        if tag in _HTML_BLOCK_SPANS:
            if tag == "pre":
                out.preformatted(False)
            out.close(_HTML_BLOCK_SPANS[tag])
            out.end_block()
        elif tag in _HTML_INLINE_SPANS:
            out.close(_HTML_INLINE_SPANS[tag])
        elif tag in _HTML_BLOCKS:
            out.end_block()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._skip_depth:
            self.out.text(data)


def parse_html(text: str) -> ParsedText:
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    parsed = reader.out.build()
    title = " ".join(reader.title.split())
    if title:
        parsed = ParsedText(parsed.text, parsed.spans, title_hint=title)
    return parsed
