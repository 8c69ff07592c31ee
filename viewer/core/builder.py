"""Assembles canonical text and structure spans from a stream of blocks and runs.

The Markdown and HTML importers walk their own syntax trees and feed this one
builder, so both produce the same shape of text: blocks separated by one blank
line, runs of inline whitespace collapsed to one space, spans in code points.
"""

from __future__ import annotations

import re

from viewer.core.document import ParsedText, Span

_SPACES = re.compile(r"\s+")


class TextBuilder:
    def __init__(self) -> None:
        self._blocks: list[str] = []  # finished blocks
        self._offset = 0  # code points in finished blocks plus separators
        self._current: list[str] = []
        self._current_len = 0
        self._spans: list[Span] = []
        self._open: list[tuple[str, int, int, str]] = []  # kind, start, level, href
        self._preformatted = 0
        self.title_hint = ""

    # -- inline runs ---------------------------------------------------------
    def text(self, chunk: str) -> None:
        if not self._preformatted:
            chunk = _SPACES.sub(" ", chunk)
            if self._current_len == 0 or self._current[-1].endswith((" ", "\n")):
                chunk = chunk.lstrip(" ")
        if chunk:
            self._current.append(chunk)
            self._current_len += len(chunk)

    def line_break(self) -> None:
        self._rstrip_current()
        self._current.append("\n")
        self._current_len += 1

    def preformatted(self, entering: bool) -> None:
        self._preformatted += 1 if entering else -1

    def open(self, kind: str, *, level: int = 0, href: str = "") -> None:
        self._open.append((kind, self._position(), level, href))

    def close(self, kind: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == kind:
                _, start, level, href = self._open.pop(i)
                end = self._position(trim=True)
                if end > start:
                    self._spans.append(Span(start, end, kind, level, href))
                    if kind == "heading" and not self.title_hint:
                        self.title_hint = self._flat()[start:end]
                return

    # -- blocks --------------------------------------------------------------
    def end_block(self) -> None:
        """Finish the current block, if it has any text."""
        self._rstrip_current()
        if not self._current_len:
            self._current.clear()
            return
        block = "".join(self._current)
        self._blocks.append(block)
        self._offset += len(block) + 2  # the blank line that follows
        self._current.clear()
        self._current_len = 0

    def build(self) -> ParsedText:
        self.end_block()
        spans = sorted(self._spans, key=lambda s: (s.start, -s.end))
        return ParsedText(text="\n\n".join(self._blocks), spans=tuple(spans), title_hint=self.title_hint)

    # -- helpers -------------------------------------------------------------
    def _position(self, trim: bool = False) -> int:
        """Offset of the next character; with ``trim``, before any trailing spaces."""
        if trim and not self._current_len and self._blocks:
            return self._offset - 2  # the block already ended: close at its end
        trailing = 0
        if trim and not self._preformatted:
            for chunk in reversed(self._current):
                stripped = chunk.rstrip(" ")
                trailing += len(chunk) - len(stripped)
                if stripped:
                    break
        return self._offset + self._current_len - trailing

    def _rstrip_current(self) -> None:
        if self._preformatted:
            return
        while self._current and self._current[-1].endswith(" "):
            last = self._current.pop()
            stripped = last.rstrip(" ")
            self._current_len -= len(last) - len(stripped)
            if stripped:
                self._current.append(stripped)
                break

    def _flat(self) -> str:
        return "\n\n".join([*self._blocks, "".join(self._current)])
