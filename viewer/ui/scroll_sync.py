"""Synchronised scrolling of the two panes, through one guarded function.

Setting the other pane's scroll bar makes it emit ``valueChanged`` too, which would
call straight back here and set the first pane from the second's rounded value:
a feedback loop that makes the panes creep. The ``_busy`` flag makes the pane the
user moved the only source of truth until the other has followed.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPlainTextEdit

from viewer.ui.comparison import Comparison


class ScrollSync(QObject):
    def __init__(self, comparison: Comparison, views: list[QPlainTextEdit]) -> None:
        super().__init__()
        self.comparison = comparison
        self.views = views
        self._busy = False
        for slot, view in enumerate(views):
            view.verticalScrollBar().valueChanged.connect(partial(self._follow, slot))

    def _follow(self, source: int, value: int) -> None:
        if self._busy or not self.comparison.sync:
            return
        self._busy = True
        try:
            src_bar = self.views[source].verticalScrollBar()
            fraction = value / src_bar.maximum() if src_bar.maximum() else 0.0
            for slot, view in enumerate(self.views):
                if slot != source:
                    bar = view.verticalScrollBar()
                    bar.setValue(round(fraction * bar.maximum()))
        finally:
            self._busy = False
