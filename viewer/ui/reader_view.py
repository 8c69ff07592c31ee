"""The text of one document: a read-only QPlainTextEdit that lays out lazily.

QPlainTextEdit rather than QTextEdit because it lays out only what is shown: a
1 MB book opens in tens of milliseconds. Structure (headings, emphasis, links) is
drawn with character formats on the few spans that have it; find hits are extra
selections, so they never touch the document itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (QColor, QDragEnterEvent, QDropEvent, QFont, QPalette, QResizeEvent,
                           QTextCharFormat, QTextCursor, QTextFormat)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from viewer.core.document import Document, Span
from viewer.core.offsets import Utf16Map
from viewer.ui.comparison import Comparison

#: Widest text column, in average character widths: ~70-80 is comfortable reading.
MAX_COLUMN_CHARS = 78
READING_FONTS = ["Charter", "Iowan Old Style", "Georgia", "Source Serif 4", "Noto Serif",
                 "DejaVu Serif", "serif"]
DEFAULT_POINT_SIZE = 12


def _structure_format(span: Span) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if span.kind == "heading":
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, max(0, 3 - span.level // 2))
    elif span.kind == "strong":
        fmt.setFontWeight(QFont.Weight.Bold)
    elif span.kind in ("emphasis", "quote"):
        fmt.setFontItalic(True)
    elif span.kind == "link":
        fmt.setFontUnderline(True)
        fmt.setForeground(QPalette().color(QPalette.ColorRole.Link))
        fmt.setToolTip(span.href)
    elif span.kind == "code":
        fmt.setFontFamilies(["DejaVu Sans Mono", "monospace"])
    return fmt


class ReaderView(QPlainTextEdit):
    """Shows the document in one slot of the comparison and follows the model."""

    fileDropped = Signal(int, Path)  # slot, path

    def __init__(self, comparison: Comparison, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.slot = slot
        self.offsets = Utf16Map("")
        self.setReadOnly(True)
        self.setAcceptDrops(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("readerView")
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSize(DEFAULT_POINT_SIZE)
        self.setFont(font)
        comparison.documentChanged.connect(self._on_document_changed)
        comparison.findChanged.connect(self._refresh_find)
        comparison.findStep.connect(self._on_find_step)

    # -- the model ----------------------------------------------------------------------
    def _on_document_changed(self, slot: int) -> None:
        if slot == self.slot:
            self.show_document(self.comparison.document(slot))

    def show_document(self, doc: Document | None) -> None:
        text = doc.text if doc else ""
        self.offsets = Utf16Map(text)
        self.setPlainText(text)
        if doc:
            self._apply_structure(doc.spans)
        self.verticalScrollBar().setValue(0)

    def _apply_structure(self, spans: tuple[Span, ...]) -> None:
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for span in spans:
            self._cursor_over(cursor, span.start, span.end)
            cursor.mergeCharFormat(_structure_format(span))
        cursor.endEditBlock()

    def _cursor_over(self, cursor: QTextCursor, start: int, end: int) -> QTextCursor:
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- find ------------------------------------------------------------------------------
    def _refresh_find(self) -> None:
        hits = self.comparison.hits(self.slot)
        current = self.comparison.current_hit(self.slot)
        all_fmt = QTextCharFormat()
        all_fmt.setBackground(QColor("#ffe58a"))
        all_fmt.setForeground(QColor("#1a1a1a"))
        cur_fmt = QTextCharFormat(all_fmt)
        cur_fmt.setBackground(QColor("#ff9f43"))
        selections = []
        for i, (start, end) in enumerate(hits):
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor_over(QTextCursor(self.document()), start, end)
            sel.format = cur_fmt if i == current else all_fmt
            selections.append(sel)
        self.setExtraSelections(selections)

    def _on_find_step(self, slot: int, index: int) -> None:
        if slot != self.slot:
            return
        self._refresh_find()
        start, end = self.comparison.hits(slot)[index]
        self.reveal(start, end)

    def reveal(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it to the middle of the view."""
        self.setTextCursor(self._cursor_over(QTextCursor(self.document()), start, end))
        self.centerCursor()

    def selected_range(self) -> tuple[int, int]:
        """The selection in code points of the canonical text."""
        cursor = self.textCursor()
        return (self.offsets.to_codepoint(cursor.selectionStart()),
                self.offsets.to_codepoint(cursor.selectionEnd()))

    # -- reading comfort --------------------------------------------------------------------
    def set_point_size(self, points: int) -> None:
        font = self.font()
        font.setPointSize(points)
        self.setFont(font)
        self._fit_column()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_column()

    def _fit_column(self) -> None:
        """Centre a column no wider than MAX_COLUMN_CHARS, so long lines stay readable."""
        column = self.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        spare = self.width() - self.verticalScrollBar().sizeHint().width() - column
        side = max(18, spare // 2)
        self.setViewportMargins(side, 12, side, 12)

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if not urls:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        for url in urls:
            self.fileDropped.emit(self.slot, Path(url.toLocalFile()))
