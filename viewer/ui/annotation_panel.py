"""The annotations panel: every annotation of the open pair, filtered and sorted.

Columns: document, excerpt, note, tags, colour, modified. Filters: free text, tag
(a tag includes its children), colour. Double-click jumps to the passage; the
context menu edits or deletes (through the window, so undo covers it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QTableView, QVBoxLayout, QWidget)

from viewer.core.annotations import PALETTE, Annotation, AnnotationFilter
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.dataframe_model import DataFrameModel

COLUMNS = ["Side", "Excerpt", "Note", "Tags", "Colour", "Modified", "id"]


class AnnotationPanel(QWidget):
    jumpRequested = Signal(str)  # annotation id
    editRequested = Signal(str)
    deleteRequested = Signal(str)

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.text_filter = QLineEdit(placeholderText="Filter notes, excerpts, tags", clearButtonEnabled=True)
        self.tag_filter = QLineEdit(placeholderText="Tag (with its children)", clearButtonEnabled=True)
        self.color_filter = QComboBox()
        self.color_filter.addItem("Any colour", "")
        for name in PALETTE:
            self.color_filter.addItem(name.capitalize(), name)
        self.model = DataFrameModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self._emit(self.jumpRequested, index.row()))
        self.summary = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.color_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.text_filter.textChanged.connect(self.refresh)
        self.tag_filter.textChanged.connect(self.refresh)
        self.color_filter.currentIndexChanged.connect(self.refresh)
        comparison.annotationsChanged.connect(self.refresh)

    def shown(self) -> list[Annotation]:
        f = AnnotationFilter(tag=self.tag_filter.text().strip() or None,
                             color=self.color_filter.currentData() or None,
                             text=self.text_filter.text().strip() or None)
        return f.apply([a for slot in SLOTS for a in self.comparison.annotations(slot)])

    def refresh(self) -> None:
        total = sum(len(self.comparison.annotations(s)) for s in SLOTS)
        if not total:  # nothing to tabulate: keep pandas off the start-up path
            self.model.set_frame(None)
            self.summary.setText("No annotations yet: select a passage and press Ctrl+Shift+A.")
            return
        import pandas as pd

        sides = {}
        for slot, side in zip(SLOTS, ("Left", "Right"), strict=True):
            doc = self.comparison.document(slot)
            if doc:
                sides.setdefault(doc.id, side)
        rows = [{"Side": sides.get(a.passage.doc_id, ""), "Excerpt": " ".join(a.passage.quote.split())[:120],
                 "Note": a.note, "Tags": ", ".join(a.tags), "Colour": a.color, "Modified": a.modified[:16],
                 "id": a.id} for a in self.shown()]
        self.model.set_frame(pd.DataFrame(rows, columns=COLUMNS))
        self.table.setColumnHidden(len(COLUMNS) - 1, True)
        for column, width in enumerate((60, 340, 280, 180, 70)):
            self.table.setColumnWidth(column, width)
        self.summary.setText(f"{len(rows)} of {total} annotations")

    def _emit(self, signal: Signal, row: int) -> None:  # type: ignore[type-arg]
        frame = self.model.frame
        if frame is not None and 0 <= row < len(frame):
            signal.emit(str(frame.iat[row, len(COLUMNS) - 1]))  # type: ignore[attr-defined]

    def _context_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        row = self.table.indexAt(pos).row()
        if row < 0:
            return
        menu = QMenu(self)
        menu.addAction("Go to Passage", lambda: self._emit(self.jumpRequested, row))
        menu.addAction("Edit…", lambda: self._emit(self.editRequested, row))
        menu.addAction("Delete", lambda: self._emit(self.deleteRequested, row))
        menu.exec(self.table.viewport().mapToGlobal(pos))
