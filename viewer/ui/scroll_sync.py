"""Synchronised scrolling of the two panes, through one guarded function.

Setting the other pane's scroll bar makes it emit ``valueChanged`` too, which would
call straight back here and set the first pane from the second's rounded value:
a feedback loop that makes the panes creep. The ``_busy`` flag makes the pane the
user moved the only source of truth until the other has followed.

Two modes (``Comparison.sync_mode``): *proportional* keeps both panes at the same
fraction of their length; *aligned* keeps passages that name the same entities level,
as Meld does between diff chunks: the offset at the source pane's sync point (mid
viewport, sliding to the top or bottom edge within half a page of either end, so
both panes reach their ends together) is mapped through the entity alignment and
placed at the same height in the other pane. Until the entities are known, aligned
falls back to proportional.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QScrollBar

from viewer.core.alignment import Alignment, align
from viewer.ui.comparison import Comparison
from viewer.ui.reader_view import ReaderView


class ScrollSync(QObject):
    def __init__(self, comparison: Comparison, views: list[ReaderView]) -> None:
        super().__init__()
        self.comparison = comparison
        self.views = views
        self._busy = False
        self._last_source = 0
        self._alignment: Alignment | None = None
        for slot, view in enumerate(views):
            view.verticalScrollBar().valueChanged.connect(partial(self._follow, slot))
        comparison.entitiesChanged.connect(self._on_entities_changed)
        comparison.annotationsChanged.connect(self._forget_alignment)  # links are anchors too
        comparison.syncModeChanged.connect(lambda _mode: self.resync())

    def alignment(self) -> Alignment | None:
        """The open pair's entity alignment, built on first use; None while entities are unknown."""
        comp = self.comparison
        docs = [comp.document(slot) for slot in range(len(self.views))]
        if self._alignment is None and comp.entities is not None and all(docs):
            shared = [([m.start for m in e.mentions[0]], [m.start for m in e.mentions[1]])
                      for e in comp.entities.entities if e.presence == "both"]
            ends = [(comp.link_end(link, 0), comp.link_end(link, 1)) for link in comp.links()]
            pinned = [(a.start, b.start) for a, b in ends if a and b and not (a.is_orphan or b.is_orphan)]
            self._alignment = align((len(docs[0].text), len(docs[1].text)), shared,  # type: ignore[union-attr]
                                    pinned)
        return self._alignment

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Scroll panes by hand inside this block (to bring two linked passages level)
        without the other pane following."""
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    def resync(self) -> None:
        """Bring the other pane level with the one the user scrolled last."""
        self._follow(self._last_source, self.views[self._last_source].verticalScrollBar().value())

    def _forget_alignment(self) -> None:
        self._alignment = None

    def _on_entities_changed(self) -> None:
        self._alignment = None
        if self.comparison.entities is not None and self.comparison.sync_mode == "aligned":
            self.resync()

    def _follow(self, source: int, value: int) -> None:
        if self._busy or not self.comparison.sync:
            return
        self._busy = True
        self._last_source = source
        try:
            alignment = self.alignment() if self.comparison.sync_mode == "aligned" else None
            src_bar = self.views[source].verticalScrollBar()
            for slot, view in enumerate(self.views):
                if slot == source:
                    continue
                if alignment is not None:
                    self._level(alignment, source, view)
                else:
                    fraction = value / src_bar.maximum() if src_bar.maximum() else 0.0
                    bar = view.verticalScrollBar()
                    bar.setValue(round(fraction * bar.maximum()))
        finally:
            self._busy = False

    def _level(self, alignment: Alignment, source: int, target: ReaderView) -> None:
        src = self.views[source]
        src_bar, bar = src.verticalScrollBar(), target.verticalScrollBar()
        if src_bar.value() in (0, src_bar.maximum()):  # the ends stay together
            bar.setValue(0 if src_bar.value() == 0 else bar.maximum())
            return
        # The middle of the line at the sync point stands for the line.
        point = QPoint(src.viewport().width() // 2, round(sync_point(src_bar) * src.viewport().height()))
        offset = src.offset_at(point)
        line_top = src.line_top(offset)
        goal = round(alignment.map(offset, source))
        jump_near(target, goal, line_top - target.viewport().mapToGlobal(QPoint(0, 0)).y())
        target.scroll_to_place(goal, line_top)


def sync_point(bar: QScrollBar) -> float:
    """Where in the viewport (0 = top, 1 = bottom) the panes are kept level: the middle,
    sliding to the top edge in the first half page and to the bottom in the last."""
    value, top, page = bar.value(), bar.maximum(), max(1, bar.pageStep())
    if top <= page:
        return value / top if top else 0.0
    if value < top / 2:
        return min(0.5, value / page)
    return max(0.5, 1 - (top - value) / page)


def jump_near(view: ReaderView, offset: int, y: float) -> None:
    """Scroll ``view`` so code point ``offset`` is roughly ``y`` pixels below its viewport top.

    Positions off screen are not laid out yet, so they are estimated from line numbers;
    ``ReaderView.scroll_to_place`` then corrects what is on screen to the pixel.
    """
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(offset))
    block = cursor.block()
    line = block.layout().lineForTextPosition(cursor.positionInBlock())
    spacing = max(1, view.fontMetrics().lineSpacing())
    view.verticalScrollBar().setValue(block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
                                      - int(y / spacing))
