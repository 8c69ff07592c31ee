"""The entity comparison panel: who and what each era talks about.

One row per entity of the open pair: label, type, count on the left and on the
right, and whether it is shared or only in one document. Filters by type, text and
presence; selecting a row selects the entity in the shared model, so both panes
follow. Rows come most mentioned first, with no sort indicator until a header is
clicked; a chosen sort is kept when the entities change. Beside the table (in a
splitter) a bar chart compares the two eras' counts of the busiest rows shown.
Corrections (rename, change type, merge, ignore) are offered on the row's context
menu and go through the window's undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QSplitter, QTableView, QVBoxLayout, QWidget)

from viewer.ui.comparison import Comparison
from viewer.ui.dataframe_model import DataFrameModel
from viewer.ui.entity_chart import EntityChart
from viewer.ui.entity_style import TYPE_NAMES, legend_html

PRESENCE = {"both": "shared", "only_a": "only left", "only_b": "only right"}


class EntityPanel(QWidget):
    #: (action, entity ids) for the window to carry out: rename, type, merge, ignore.
    correctionRequested = Signal(str, list)

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.text_filter = QLineEdit(placeholderText="Filter entities", clearButtonEnabled=True)
        self.type_filter = QComboBox()
        self.type_filter.addItem("All types", "")
        for key, name in TYPE_NAMES.items():
            self.type_filter.addItem(name.capitalize(), key)
        self.presence_filter = QComboBox()
        self.presence_filter.addItem("Shared and one-sided", "")
        for key, name in PRESENCE.items():
            self.presence_filter.addItem(name.capitalize(), key)
        self.model = DataFrameModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        # Qt's default indicator (first column) would claim an order the rows do not have.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.summary = QLabel(objectName="entitySummary")
        legend = QLabel(legend_html())
        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.type_filter)
        filters.addWidget(self.presence_filter)
        self.chart = EntityChart(comparison)
        table_side = QWidget()
        column = QVBoxLayout(table_side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.summary)
        column.addWidget(legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_side)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        for box in (self.type_filter, self.presence_filter):
            box.currentIndexChanged.connect(self.refresh)
        self.text_filter.textChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._on_row_selected)
        comparison.entitiesChanged.connect(self.refresh)
        comparison.selectionChanged.connect(self._follow_selection)

    def refresh(self) -> None:
        entities = self.comparison.entities
        if entities is None:  # nothing to tabulate: keep pandas off the start-up path
            self.model.set_frame(None)
            self.chart.set_entities([])
            self.summary.setText("Recognising entities…")
            return
        import pandas as pd  # loads with the first entity table

        rows = [
            {"Entity": e.label, "Type": TYPE_NAMES.get(e.type, e.type), "Left": e.counts[0],
             "Right": e.counts[1], "Presence": PRESENCE[e.presence], "id": e.id}
            for e in entities.entities
        ]
        frame = pd.DataFrame(rows, columns=["Entity", "Type", "Left", "Right", "Presence", "id"])
        text = self.text_filter.text().strip().casefold()
        if text:
            frame = frame[frame["Entity"].str.casefold().str.contains(text, regex=False)]
        kind = self.type_filter.currentData()
        if kind:
            frame = frame[frame["Type"] == TYPE_NAMES[kind]]
        presence = self.presence_filter.currentData()
        if presence:
            frame = frame[frame["Presence"] == PRESENCE[presence]]
        self.model.set_frame(frame.reset_index(drop=True))
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.setColumnHidden(5, True)
        self.chart.set_entities([entities.by_id[int(i)] for i in frame["id"]])
        shared = sum(e.presence == "both" for e in entities.entities)
        self.summary.setText(f"{len(entities.entities)} entities · {shared} in both documents · "
                             f"{len(frame)} shown")
        self._follow_selection()

    def selected_ids(self) -> list[int]:
        frame = self.model.frame
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [int(frame.iat[r, 5]) for r in rows] if frame is not None else []

    def _on_row_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.comparison.select_entity(ids[0])

    def _follow_selection(self) -> None:
        entity = self.comparison.selected_entity
        frame = self.model.frame
        if entity is None or frame is None or entity.id in self.selected_ids():
            return
        matches = frame.index[frame["id"] == entity.id].tolist()
        if matches:
            index = self.model.index(matches[0], 0)
            self.table.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def _context_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        if len(ids) == 1:
            menu.addAction("Rename…", lambda: self.correctionRequested.emit("rename", ids))
            menu.addAction("Change Type…", lambda: self.correctionRequested.emit("type", ids))
        else:
            menu.addAction(f"Merge {len(ids)} Entities", lambda: self.correctionRequested.emit("merge", ids))
        menu.addAction("Ignore Everywhere", lambda: self.correctionRequested.emit("ignore", ids))
        menu.exec(self.table.viewport().mapToGlobal(pos))
