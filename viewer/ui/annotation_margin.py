"""The strip in a pane's left margin that marks every annotated or linked passage.

It sits in the margin the reader view leaves beside its text column (like a
line-number area: a child of the view, placed beside the viewport, repainted on
every update of the view). Each anchored annotation on screen gets a bar as tall as
its lines, in its colour; each linked passage gets a bar in its relation's colour
in a second column. Hovering a bar shows the notes; clicking an annotation's bar
asks for it to be shown in the panel, clicking a link's asks for both ends to be
brought level; the context menu is the view's, for the passage's first character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from viewer.ui.annotation_style import annotation_color, notes_html, relation_color
from viewer.ui.comparison import Comparison
from viewer.ui.reader_view import ReaderView

if TYPE_CHECKING:  # loaded with the annotations, after the first paint
    from viewer.core.annotations import Annotation, Link

WIDTH = 13
GAP = 3  # between the strip and the text column
_COLUMNS = {"annotation": (1.0, 5.0), "link": (7.0, 11.0)}  # x ranges of the two kinds of bar


@dataclass(frozen=True)
class Marker:
    """One bar: what it marks, where (in this widget's pixels) and in what colour."""

    kind: str  # "annotation" or "link"
    item: Annotation | Link
    start: int  # the marked passage's first character in this pane
    rect: QRectF
    color: QColor


class AnnotationMargin(QWidget):
    annotationClicked = Signal(str)  # annotation id
    linkClicked = Signal(str, int)  # link id, slot of this pane (it stays put)

    def __init__(self, comparison: Comparison, view: ReaderView) -> None:
        super().__init__(view)
        self.comparison = comparison
        self.view = view
        self.setObjectName("annotationMargin")
        self.setMouseTracking(True)
        comparison.annotationsChanged.connect(self.update)
        view.updateRequest.connect(self.update)
        view.viewport().installEventFilter(self)
        self._place()

    def _place(self) -> None:
        viewport = self.view.viewport().geometry()
        self.setGeometry(max(0, viewport.x() - WIDTH - GAP), viewport.y(), WIDTH, viewport.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._place()  # the view re-centres its text column on resize and zoom
        return False

    def markers(self) -> list[Marker]:
        """The bars on screen, annotations first."""
        annotations, links = self.comparison.placed_in(self.view.slot, *self.view.visible_range())
        items: list[tuple[str, int, int, Annotation | Link, QColor]] = [
            ("annotation", start, end, a, annotation_color(a, 220)) for start, end, a in annotations]
        items += [("link", start, end, lk, relation_color(lk.relation, 220)) for start, end, lk in links]
        found = []
        for kind, start, end, item, color in items:
            top, bottom = self.view.span_y(start, end)
            left, right = _COLUMNS[kind]
            found.append(Marker(kind, item, start, QRectF(left, top, right - left, max(4.0, bottom - top)), color))
        return found

    def markers_at(self, point: QPointF) -> list[Marker]:
        # Forgiving across the strip's width: the bars are thin.
        return [m for m in self.markers() if m.rect.top() <= point.y() <= m.rect.bottom()
                and abs(m.rect.center().x() - point.x()) <= 3.5]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for marker in self.markers():
            painter.setBrush(marker.color)
            painter.drawRoundedRect(marker.rect, 2, 2)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = bool(self.markers_at(event.position()))
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hits = self.markers_at(event.position())
        if not hits or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        first = hits[0]
        if first.kind == "link":
            self.linkClicked.emit(first.item.id, self.view.slot)
        else:
            self.annotationClicked.emit(first.item.id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        hits = self.markers_at(QPointF(event.pos()))
        if hits:
            menu = QMenu(self)
            self.view.contextMenuOpening.emit(menu, hits[0].start)
            menu.exec(event.globalPos())
            menu.deleteLater()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hits = self.markers_at(QPointF(event.pos()))  # type: ignore[attr-defined]
            if hits:
                html = notes_html([m.item for m in hits if m.kind == "annotation"],  # type: ignore[misc]
                                  [m.item for m in hits if m.kind == "link"])  # type: ignore[misc]
                QToolTip.showText(event.globalPos(), html, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
