"""The text of one document: a read-only QPlainTextEdit that lays out lazily.

QPlainTextEdit rather than QTextEdit because it lays out only what is shown: a
1 MB book opens in tens of milliseconds. Structure (headings, emphasis, links) is
drawn with character formats on the few spans that have it; find hits are extra
selections, so they never touch the document itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMargins, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QContextMenuEvent, QDragEnterEvent, QDropEvent, QFont, QMouseEvent,
                           QPalette, QResizeEvent, QTextCharFormat, QTextCursor, QTextFormat)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from viewer.core.document import Document, Span
from viewer.core.intervals import SpanIndex
from viewer.core.offsets import Utf16Map
from viewer.ui.annotation_style import FILL_ALPHA, annotation_color, notes_html, relation_color
from viewer.ui.comparison import Comparison
from viewer.ui.entity_style import mention_format, tooltip_html

if TYPE_CHECKING:  # loaded after the first paint (viewer.lazy)
    from viewer.ops.entities import EntityView

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


def _menu_text(label: str, limit: int = 40) -> str:
    """An entity name fit for a menu item: short, and with no ``&`` read as a shortcut."""
    short = label if len(label) <= limit else label[:limit - 1] + "…"
    return short.replace("&", "&&")


class ReaderView(QPlainTextEdit):
    """Shows the document in one slot of the comparison and follows the model."""

    fileDropped = Signal(int, Path)  # slot, path
    entityClicked = Signal(int, int)  # slot, code point offset of the clicked mention
    linkClicked = Signal(str, int)  # link id, slot: a click on a linked passage, off any mention
    #: The context menu (a QMenu) for code point offset, before it shows: add to it.
    contextMenuOpening = Signal(object, int)
    #: (action, ids) for the window to carry out as one undo step, as the entity panel
    #: asks: rename, type, ignore ([entity id]); merge ([kept id, merged id]); split ([mention id]).
    correctionRequested = Signal(str, list)

    def __init__(self, comparison: Comparison, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.slot = slot
        self.offsets = Utf16Map("")
        self._entity_index: SpanIndex[QTextCharFormat] = SpanIndex()
        self._entity_index_for: object = None
        self._selected_index: SpanIndex[QTextCharFormat] = SpanIndex()
        self._hit_index: SpanIndex[QTextCharFormat] = SpanIndex()
        self._highlighted = (0, 0)  # the code points that carry extra selections
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
        comparison.findChanged.connect(self.refresh_highlights)
        comparison.findStep.connect(self._on_find_step)
        comparison.entitiesChanged.connect(self.refresh_highlights)
        comparison.selectionChanged.connect(self.refresh_highlights)
        comparison.annotationsChanged.connect(self.refresh_highlights)
        self.contextMenuOpening.connect(self._add_entity_actions)
        # Re-cut the highlights once a scroll has happened, not inside it: finding what is
        # on screen lays lines out, which would move the scroll bar's range under the
        # synchronised scrolling still handling the same step.
        self._recut = QTimer(self, singleShot=True, interval=0, timeout=lambda: self._cut_highlights(again=False))
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._recut.start())  # not start(msec)

    # -- the model ----------------------------------------------------------------------
    def _on_document_changed(self, slot: int) -> None:
        if slot == self.slot:
            self.show_document(self.comparison.document(slot))

    def show_document(self, doc: Document | None) -> None:
        text = doc.text if doc else ""
        self.offsets = Utf16Map(text)
        self._entity_index_for = None  # it belonged to the old text
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

    # -- highlights: entities, the selected entity, annotations, links, find hits ----------------
    def refresh_highlights(self) -> None:
        """Index every highlight of the model by position, then show those near the screen.

        A book carries thousands of mentions and perhaps tens of thousands of annotations;
        Qt walks every extra selection for every block it paints, so only the text on
        screen and a screenful either side carries them, re-cut as the view scrolls past.
        The entity index is built once per set of entities and reused.
        """
        comp = self.comparison
        if self._entity_index_for is not comp.entities:
            self._entity_index_for = comp.entities
            formats: dict[int, QTextCharFormat] = {}
            for _, entity in comp.mentions(self.slot):
                if entity.id not in formats:
                    formats[entity.id] = mention_format(entity, selected=False)
            self._entity_index = SpanIndex((m.start, m.end, formats[e.id]) for m, e in comp.mentions(self.slot))
        self._selected_index = SpanIndex()
        if (selected := comp.selected_entity) is not None:
            fmt = mention_format(selected, selected=True)
            self._selected_index = SpanIndex((m.start, m.end, fmt) for m in selected.mentions[self.slot])
        hit_fmt = QTextCharFormat()
        hit_fmt.setBackground(QColor("#ffe58a"))
        hit_fmt.setForeground(QColor("#1a1a1a"))
        current_fmt = QTextCharFormat(hit_fmt)
        current_fmt.setBackground(QColor("#ff9f43"))
        current = comp.current_hit(self.slot)
        self._hit_index = SpanIndex((start, end, current_fmt if i == current else hit_fmt)
                                    for i, (start, end) in enumerate(comp.hits(self.slot)))
        self._cut_highlights()

    def _cut_highlights(self, *, again: bool = True) -> None:
        """Give the text on screen, and a screenful either side, its extra selections; later
        layers paint over earlier ones. With ``again`` false (after a scroll), only when the
        screen has left the text cut last time."""
        if not self.isVisible():  # laying lines out for a view not yet shown would be wasted
            self._highlighted = (0, 0)
            return
        first, last = self.visible_range()
        if not again and self._highlighted[0] <= first and last <= self._highlighted[1]:
            return
        reach = last - first
        first, last = max(0, first - reach), last + reach
        self._highlighted = (first, last)
        annotations, links = self.comparison.placed_in(self.slot, first, last)
        spans = [*self._entity_index.overlapping(first, last), *self._selected_index.overlapping(first, last)]
        for start, end, ann in annotations:
            fill = QTextCharFormat()
            fill.setBackground(annotation_color(ann, FILL_ALPHA))
            spans.append((start, end, fill))
        for start, end, link in links:
            line = QTextCharFormat()
            line.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            line.setUnderlineColor(relation_color(link.relation))
            spans.append((start, end, line))
        spans += self._hit_index.overlapping(first, last)
        doc = self.document()
        selections = []
        for start, end, fmt in spans:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor_over(QTextCursor(doc), start, end)
            sel.format = fmt
            selections.append(sel)
        self.setExtraSelections(selections)

    def _on_find_step(self, slot: int, index: int) -> None:
        if slot != self.slot:
            return
        self.refresh_highlights()
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

    # -- entities under the pointer and the keyboard -------------------------------------------
    def offset_at(self, point: QPoint) -> int:
        """Code point offset of the character under a viewport point."""
        return self.offsets.to_codepoint(self.cursorForPosition(point).position())

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            offset = self.offset_at(event.pos())  # type: ignore[attr-defined]
            found = self.comparison.mention_at(self.slot, offset)
            parts = [notes_html(*self.comparison.passages_at(self.slot, offset))]
            if found:
                eras = tuple((d.meta.era or d.meta.title) if d else "" for d in
                             map(self.comparison.document, (0, 1)))
                parts.insert(0, tooltip_html(found[1], eras))
            if any(parts):
                QToolTip.showText(event.globalPos(), "<hr>".join(p for p in parts if p), self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(event.position().toPoint())
            found = self.comparison.mention_at(self.slot, offset)
            self.comparison.select_entity(found[1].id if found else None)
            if found:
                self.entityClicked.emit(self.slot, found[0].start)
            elif links := self.comparison.passages_at(self.slot, offset)[1]:
                self.linkClicked.emit(links[0].id, self.slot)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu()
        self.contextMenuOpening.emit(menu, self.offset_at(event.pos()))  # viewport coordinates
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _add_entity_actions(self, menu: QMenu, offset: int) -> None:
        """Offer corrections of the mention at ``offset``, if there is one."""
        found = self.comparison.mention_at(self.slot, offset)
        if found is None:
            return
        mention, entity = found
        selected = self.comparison.selected_entity
        name = _menu_text(entity.label)
        ask = self.correctionRequested.emit
        menu.addSeparator()
        menu.addAction("Select Entity", lambda: self._select(mention.start, entity.id))
        menu.addAction(f"Rename “{name}”…", lambda: ask("rename", [entity.id]))
        menu.addAction("Change Type…", lambda: ask("type", [entity.id]))
        if selected is not None and selected.id != entity.id:
            kept = selected.id
            menu.addAction(f"Merge “{name}” Into “{_menu_text(selected.label)}”",
                           lambda: ask("merge", [kept, entity.id]))
        else:
            menu.addAction(f"Merge “{name}” Into Selected Entity").setEnabled(False)
        split = menu.addAction("Split This Mention Off", lambda: ask("split", [mention.id]))
        split.setEnabled(sum(entity.counts) > 1)
        menu.addAction(f"Ignore “{name}” Everywhere", lambda: ask("ignore", [entity.id]))

    def _select(self, start: int, entity_id: int) -> None:
        self.comparison.select_entity(entity_id)
        self.entityClicked.emit(self.slot, start)

    def step_mention(self, forward: bool) -> None:
        """Move to the next (or previous) mention of the selected entity in this pane."""
        entity = self.comparison.selected_entity
        if entity is None or not entity.mentions[self.slot]:
            return
        here = self.selected_range()[0]
        mentions = entity.mentions[self.slot]
        if forward:
            target = next((m for m in mentions if m.start > here), mentions[0])
        else:
            target = next((m for m in reversed(mentions) if m.start < here), mentions[-1])
        self.reveal(target.start, target.end)

    def mention_y(self, start: int) -> float:
        """Vertical centre, in viewport pixels, of the character at code point ``start``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        return self.cursorRect(cursor).center().y()

    def visible_range(self) -> tuple[int, int]:
        """Code points ``[first, last)`` of the text on screen (whole lines, roughly)."""
        viewport = self.viewport()
        last = self.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position()
        return (self.offsets.to_codepoint(self.firstVisibleBlock().position()),
                self.offsets.to_codepoint(last) + 1)

    def span_y(self, start: int, end: int) -> tuple[float, float]:
        """Top and bottom, in viewport pixels, of the lines the passage ``[start, end)`` covers."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        top = self.cursorRect(cursor).top()
        cursor.setPosition(self.offsets.to_utf16(max(start, end - 1)))  # the last character's line
        return top, self.cursorRect(cursor).bottom() + 1

    def line_top(self, offset: int) -> int:
        """Screen height (global y) of the top of the line holding code point ``offset``."""
        return self.viewport().mapToGlobal(QPoint(0, int(self.span_y(offset, offset + 1)[0]))).y()

    def scroll_to_place(self, start: int, global_y: int) -> None:
        """Scroll so the line holding code point ``start`` has its top at screen height
        ``global_y``, as near as whole lines allow (the text cannot scroll past its ends)."""
        bar = self.verticalScrollBar()
        # The scroll bar counts lines, not pixels, and headings are taller: a few steps converge.
        for _ in range(8):
            lines = round((self.line_top(start) - global_y) / self.fontMetrics().lineSpacing())
            before = bar.value()
            bar.setValue(before + lines)
            if bar.value() == before:
                break

    def shows_any(self, entity: EntityView) -> bool:
        height = self.viewport().height()
        return any(0 <= self.mention_y(m.start) <= height for m in entity.mentions[self.slot])

    def top_fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() else 0.0

    def reveal_nearest(self, entity_id: int, fraction: float) -> None:
        """Scroll to the mention of ``entity_id`` nearest to ``fraction`` of the text."""
        entity = self.comparison.entities.by_id.get(entity_id) if self.comparison.entities else None
        if entity is None or not entity.mentions[self.slot]:
            return
        goal = fraction * max(1, self.offsets.length)
        nearest = min(entity.mentions[self.slot], key=lambda m: abs(m.start - goal))
        cursor = self._cursor_over(QTextCursor(self.document()), nearest.start, nearest.start)
        self.setTextCursor(cursor)
        self.centerCursor()

    # -- reading comfort --------------------------------------------------------------------
    def set_point_size(self, points: int) -> None:
        font = self.font()
        font.setPointSize(points)
        self.setFont(font)
        self._fit_column()
        self._recut.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_column()
        self._recut.start()

    def _fit_column(self) -> None:
        """Centre a column no wider than MAX_COLUMN_CHARS, so long lines stay readable."""
        column = self.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        spare = self.width() - self.verticalScrollBar().sizeHint().width() - column
        side = max(18, spare // 2)
        if self.viewportMargins() == QMargins(side, 12, side, 12):
            return
        before = self.viewport().size()
        self.setViewportMargins(side, 12, side, 12)
        if self.viewport().size() != before:
            # Called from the viewport's own resize event (or before the first show), the
            # narrower viewport gets no resize event of its own, and the lines would stay
            # laid out for the old width, running past the right edge.
            super().resizeEvent(QResizeEvent(self.viewport().size(), before))

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
