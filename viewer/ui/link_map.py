"""The gutter between the panes: curves joining the selected entity's visible mentions.

Like Meld's link map, it owns no state: it reads the shared model and the two views'
geometry whenever either scrolls or the selection changes. A mention whose partners
are all off screen gets a short stub pointing up or down towards them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.entity_style import TYPE_COLORS
from viewer.ui.reader_view import ReaderView

#: Curves drawn at most per side, so a heavily mentioned entity stays legible.
MAX_ENDS = 12


class LinkMap(QWidget):
    def __init__(self, comparison: Comparison, views: list[ReaderView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.views = views
        self.setFixedWidth(44)
        self.setObjectName("linkMap")
        for signal in (comparison.selectionChanged, comparison.entitiesChanged, comparison.documentChanged):
            signal.connect(self.update)
        for view in views:
            view.verticalScrollBar().valueChanged.connect(self.update)

    def ends(self, slot: int) -> tuple[list[float], int, int]:
        """Y positions (in this widget) of the selected entity's visible mentions in ``slot``,
        and how many of its mentions lie above and below the view."""
        entity = self.comparison.selected_entity
        if entity is None:
            return [], 0, 0
        view = self.views[slot]
        top, bottom = 0, view.viewport().height()
        ys: list[float] = []
        above = below = 0
        for mention in entity.mentions[slot]:
            y = view.mention_y(mention.start)
            if y < top:
                above += 1
            elif y > bottom:
                below += 1
            else:
                ys.append(self.mapFromGlobal(view.viewport().mapToGlobal(QPoint(0, int(y)))).y())
        return ys[:MAX_ENDS], above, below

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        entity = self.comparison.selected_entity
        if entity is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(TYPE_COLORS.get(entity.type, QColor("#7f8c8d")))
        pen = QPen(color, 1.6)
        painter.setPen(pen)
        (left, l_above, l_below), (right, r_above, r_below) = (self.ends(s) for s in SLOTS)
        w = self.width()
        for yl in left:
            for yr in right:
                path = QPainterPath(QPointF(0, yl))
                path.cubicTo(QPointF(w * 0.5, yl), QPointF(w * 0.5, yr), QPointF(w, yr))
                painter.drawPath(path)
        # Stubs: this side's mention has partners only beyond the other pane's view.
        for x, direction, ys, up, down in ((0, 1, left, r_above, r_below), (w, -1, right, l_above, l_below)):
            if ys and not (right if x == 0 else left):
                tip = -12 if up >= down else 12
                for y in ys:
                    painter.drawLine(QPointF(x, y), QPointF(x + direction * w * 0.45, y + tip))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        for x, ys in ((0, left), (w, right)):
            for y in ys:
                painter.drawEllipse(QPointF(x, y), 3, 3)
