"""The gutter between the panes: a band for each link between eras, and curves joining
the selected entity's visible mentions.

Like Meld's link map, it owns no state: it reads the shared model and the two views'
geometry whenever either scrolls or the model changes. A link is a translucent band
from its left passage's lines to its right passage's; when one end is off screen the
band narrows to a stub at the top or bottom edge, towards it. Entity curves are drawn
over the bands. Clicking a band asks for both passages to be brought level; its
tooltip gives the relation and note; its context menu is the window's to fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from viewer.ui.annotation_style import BAND_ALPHA, notes_html, relation_color
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.entity_style import TYPE_COLORS
from viewer.ui.reader_view import ReaderView

if TYPE_CHECKING:  # loaded with the annotations, after the first paint
    from viewer.core.annotations import Link, Passage

#: Curves drawn at most per side, so a heavily mentioned entity stays legible.
MAX_ENDS = 12
#: How far (in pixels) a band with one end off screen reaches up or down towards it.
STUB = 36


@dataclass(frozen=True)
class Band:
    """One link as drawn: the (top, bottom) of each end in this widget's pixels, whether
    that end is on screen (an off-screen end is pinned just past the edge), and the outline."""

    link: Link
    ends: tuple[tuple[float, float], tuple[float, float]]
    visible: tuple[bool, bool]
    path: QPainterPath


class LinkMap(QWidget):
    #: A band was clicked: link id, and the pane that stays put while the other levels with it.
    linkActivated = Signal(str, int)
    linkMenuRequested = Signal(str, QPoint)  # link id, global position

    def __init__(self, comparison: Comparison, views: list[ReaderView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.views = views
        self.setFixedWidth(44)
        self.setObjectName("linkMap")
        self.setMouseTracking(True)
        for signal in (comparison.selectionChanged, comparison.entitiesChanged, comparison.documentChanged,
                       comparison.annotationsChanged):
            signal.connect(self.update)
        for view in views:
            view.updateRequest.connect(self.update)  # scrolling, zoom and re-wrapping

    # -- geometry ---------------------------------------------------------------------------
    def _to_here(self, view: ReaderView) -> int:
        """What to add to a viewport y of ``view`` to get a y in this widget."""
        return self.mapFromGlobal(view.viewport().mapToGlobal(QPoint(0, 0))).y()

    def _end(self, slot: int, passage: Passage, shown: tuple[int, int]) -> tuple[float, float] | None:
        """(top, bottom) of a passage on screen, in this widget; None when it is off screen."""
        if passage.end <= shown[0] or passage.start >= shown[1]:
            return None
        view = self.views[slot]
        top, bottom = view.span_y(passage.start, passage.end)
        shift = self._to_here(view)
        return top + shift, bottom + shift

    def _stub(self, seen: tuple[float, float], above: bool) -> tuple[float, float]:
        """An end off screen: a point a short way up or down from the end on screen."""
        y = max(-1.0, seen[0] - STUB) if above else min(self.height() + 1.0, seen[1] + STUB)
        return y, y

    def bands(self) -> list[Band]:
        """The links of the open pair with at least one end on screen, as drawn."""
        shown = [view.visible_range() for view in self.views]
        w = float(self.width())
        found = []
        for link in self.comparison.links():
            passages = [self.comparison.link_end(link, slot) for slot in SLOTS]
            if any(p is None or p.is_orphan for p in passages):
                continue
            placed = [self._end(s, p, shown[s]) for s, p in zip(SLOTS, passages) if p is not None]
            seen = next((end for end in placed if end is not None), None)
            if seen is None:
                continue
            left, right = (end if end is not None else self._stub(seen, p.end <= shown[s][0])
                           for s, (p, end) in enumerate(zip(passages, placed)) if p is not None)
            path = QPainterPath(QPointF(0, left[0]))
            path.cubicTo(QPointF(w / 2, left[0]), QPointF(w / 2, right[0]), QPointF(w, right[0]))
            path.lineTo(QPointF(w, right[1]))
            path.cubicTo(QPointF(w / 2, right[1]), QPointF(w / 2, left[1]), QPointF(0, left[1]))
            path.closeSubpath()
            found.append(Band(link, (left, right), (placed[0] is not None, placed[1] is not None), path))
        return found

    def band_at(self, point: QPointF) -> Band | None:
        """The band under ``point``; the narrowest wins where bands overlap."""
        hits = [b for b in self.bands() if b.path.contains(point)]
        return min(hits, key=lambda b: b.path.boundingRect().height()) if hits else None

    def ends(self, slot: int) -> tuple[list[float], int, int]:
        """Y positions (in this widget) of the selected entity's visible mentions in ``slot``,
        and how many of its mentions lie above and below the view."""
        entity = self.comparison.selected_entity
        if entity is None:
            return [], 0, 0
        view = self.views[slot]
        top, bottom = 0, view.viewport().height()
        shift = self._to_here(view)
        ys: list[float] = []
        above = below = 0
        for mention in entity.mentions[slot]:
            y = view.mention_y(mention.start)
            if y < top:
                above += 1
            elif y > bottom:
                below += 1
            else:
                ys.append(y + shift)
        return ys[:MAX_ENDS], above, below

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for band in self.bands():
            painter.setPen(QPen(relation_color(band.link.relation, 170), 1.0))
            painter.setBrush(relation_color(band.link.relation, BAND_ALPHA))
            painter.drawPath(band.path)
        self._paint_entity(painter)

    def _paint_entity(self, painter: QPainter) -> None:
        entity = self.comparison.selected_entity
        if entity is None:
            return
        color = QColor(TYPE_COLORS.get(entity.type, QColor("#7f8c8d")))
        painter.setPen(QPen(color, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
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

    # -- the pointer --------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = self.band_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        band = self.band_at(event.position())
        if band is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        # The side clicked stays put, unless its passage is off screen.
        side = 0 if event.position().x() < self.width() / 2 else 1
        self.linkActivated.emit(band.link.id, side if band.visible[side] else 1 - side)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        band = self.band_at(QPointF(event.pos()))
        if band is not None:
            self.linkMenuRequested.emit(band.link.id, event.globalPos())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            band = self.band_at(QPointF(event.pos()))  # type: ignore[attr-defined]
            if band is not None:
                QToolTip.showText(event.globalPos(), notes_html([], [band.link]), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
