"""One side of the diptych: a header over the document's text, with the annotation margin."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.ui.annotation_margin import AnnotationMargin
from viewer.ui.comparison import Comparison
from viewer.ui.pane_header import PaneHeader
from viewer.ui.reader_view import ReaderView


class ReaderPane(QWidget):
    def __init__(self, comparison: Comparison, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.header = PaneHeader(comparison, slot)
        self.view = ReaderView(comparison, slot)
        self.margin = AnnotationMargin(comparison, self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
