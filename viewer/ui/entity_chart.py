"""A small back-to-back bar chart of the entities each era mentions most.

One row per entity (the most mentioned of those the entity panel shows, as many as
fit, at most ``MAX_BARS``): its name in the middle, the left document's count as a
bar growing left, the right document's as a bar growing right, both on one scale
and coloured by type. Clicking a row selects the entity in the shared model, so the
panes, the gutter and the table follow; the selected entity's row is highlighted.
Drawn with QPainter from the palette, so it reads in light and dark themes alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.entity_style import TYPE_COLORS, TYPE_NAMES

if TYPE_CHECKING:  # loaded after the first paint (viewer.lazy)
    from viewer.ops.entities import EntityView

MAX_BARS = 10
MIN_ROW_HEIGHT = 16
MAX_ROW_HEIGHT = 24
MARGIN = 8
#: Widest share of the chart the names in the middle may take.
MAX_LABEL_SHARE = 0.4


class EntityChart(QWidget):
    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self._candidates: list[EntityView] = []
        self.setObjectName("entityChart")
        self.setMouseTracking(True)
        self.setMinimumSize(240, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        comparison.selectionChanged.connect(self.update)
        comparison.documentChanged.connect(self.update)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(380, 200)

    def set_entities(self, entities: Sequence[EntityView]) -> None:
        """The entities to choose from (the panel's filtered rows); the busiest are drawn."""
        self._candidates = sorted(entities, key=lambda e: (-sum(e.counts), e.label.casefold(), e.id))[:MAX_BARS]
        self.update()

    # -- geometry, shared by painting and clicking -------------------------------------------
    def _header_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _row_height(self) -> float:
        shown = max(1, len(self._candidates))
        free = self.height() - 2 * MARGIN - self._header_height()
        return max(float(MIN_ROW_HEIGHT), min(float(MAX_ROW_HEIGHT), free / shown))

    def rows(self) -> list[EntityView]:
        """The entities drawn, top to bottom: the busiest that fit the height."""
        fit = int((self.height() - 2 * MARGIN - self._header_height()) // self._row_height())
        return self._candidates[:max(0, fit)]

    def row_rect(self, index: int) -> QRect:
        top = MARGIN + self._header_height() + index * self._row_height()
        return QRectF(MARGIN, top, self.width() - 2 * MARGIN, self._row_height()).toRect()

    def entity_at(self, point: QPoint) -> EntityView | None:
        return next((e for i, e in enumerate(self.rows()) if self.row_rect(i).contains(point)), None)

    def _columns(self) -> tuple[int, int, int]:
        """x of the label column's left and right edges, and the widest bar."""
        fm = self.fontMetrics()
        inner = self.width() - 2 * MARGIN
        widest = max((fm.horizontalAdvance(e.label) for e in self._candidates), default=0)
        label_w = min(widest + 16, int(inner * MAX_LABEL_SHARE))
        left = MARGIN + (inner - label_w) // 2
        count_w = fm.horizontalAdvance("0000") + 6
        return left, left + label_w, max(0, (inner - label_w) // 2 - count_w)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        muted = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        rows = self.rows()
        if not rows:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No entities to chart")
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_l, label_r, bar_w = self._columns()
        self._paint_header(p, label_l, label_r, muted)
        scale = bar_w / max(max(e.counts) for e in rows)
        dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
        selected = self.comparison.selected_entity
        fm = self.fontMetrics()
        for i, entity in enumerate(rows):
            rect = self.row_rect(i)
            is_selected = selected is not None and selected.id == entity.id
            if is_selected:
                band = QColor(pal.color(QPalette.ColorRole.Highlight))
                band.setAlpha(70)
                p.fillRect(rect, band)
            color = QColor(TYPE_COLORS.get(entity.type, QColor("#7f8c8d")))
            if dark:
                color = color.lighter(150)
            bar_h = max(4.0, rect.height() * 0.62)
            y = rect.top() + (rect.height() - bar_h) / 2
            for side, (edge, direction) in zip(SLOTS, ((label_l, -1), (label_r, 1)), strict=True):
                count = entity.counts[side]
                width = count * scale
                x = edge - width if direction < 0 else edge
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRoundedRect(QRectF(x, y, width, bar_h), 2, 2)
                p.setPen(pal.color(QPalette.ColorRole.Text) if count else muted)
                text_x = x - fm.horizontalAdvance(str(count)) - 4 if direction < 0 else x + width + 4
                p.drawText(QRectF(text_x, rect.top(), fm.horizontalAdvance(str(count)) + 1, rect.height()),
                           Qt.AlignmentFlag.AlignVCenter, str(count))
            font = QFont(self.font())
            font.setBold(is_selected)
            p.setFont(font)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            label = QRect(label_l + 6, rect.top(), label_r - label_l - 12, rect.height())
            p.drawText(label, Qt.AlignmentFlag.AlignCenter,
                       p.fontMetrics().elidedText(entity.label, Qt.TextElideMode.ElideRight, label.width()))
            p.setFont(self.font())

    def _paint_header(self, p: QPainter, label_l: int, label_r: int, muted: QColor) -> None:
        eras = [self._era(slot) for slot in SLOTS]
        top, h = MARGIN, self._header_height()
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(muted)
        p.drawText(QRect(MARGIN, top, label_l - MARGIN - 4, h),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"◀ {eras[0]}")
        p.drawText(QRect(label_r + 4, top, self.width() - MARGIN - label_r - 4, h),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{eras[1]} ▶")
        p.drawText(QRect(label_l, top, label_r - label_l, h), Qt.AlignmentFlag.AlignCenter, "mentions")
        p.setFont(self.font())
        p.setPen(self.palette().color(QPalette.ColorRole.Mid))
        p.drawLine(label_l, top + h - 2, label_l, self.height() - MARGIN)
        p.drawLine(label_r, top + h - 2, label_r, self.height() - MARGIN)

    def _era(self, slot: int) -> str:
        doc = self.comparison.document(slot)
        return (doc.meta.era or doc.meta.title[:20]) if doc else ""

    # -- the pointer ----------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        entity = self.entity_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and entity is not None:
            self.comparison.select_entity(entity.id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = self.entity_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            entity = self.entity_at(event.pos())
            if entity is None:
                QToolTip.hideText()
            else:
                counts = " · ".join(f"{self._era(s)}: {entity.counts[s]}" for s in SLOTS)
                QToolTip.showText(event.globalPos(), f"<b>{escape(entity.label)}</b> ({TYPE_NAMES.get(entity.type, '')})"
                                  f"<br>{counts}<br><small>Click to select</small>", self)
            return True
        return super().event(event)
