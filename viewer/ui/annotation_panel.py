"""The annotations panel: every annotation of the open pair, filtered and sorted, with a
count of each tag per era beside it and the orphans under it.

Columns: side, excerpt, note, tags, colour, status (placed or orphan), modified; any
column sorts, and the sort survives refreshing. Filters: free text, tag (a tag
includes its children; text that names no tag shows nothing), colour. Rows select
several at once (``selected_ids`` serves export too). Double-click jumps to the
passage; the context menu edits, deletes or re-attaches an orphan, through signals
the window turns into undoable actions.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from viewer.core.annotations import Annotation, AnnotationError, AnnotationFilter, count_tags, normalise_tag
from viewer.core.palette import PALETTE
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.dataframe_model import DataFrameModel
from viewer.ui.orphan_list import ANNOTATION, SIDES, OrphanList

COLUMNS = ["Side", "Excerpt", "Note", "Tags", "Colour", "Status", "Modified", "id"]
ID_COLUMN = len(COLUMNS) - 1


class AnnotationPanel(QWidget):
    jumpRequested = Signal(str)  # annotation id
    editRequested = Signal(str)
    deleteRequested = Signal(list)  # annotation ids, deleted as one step
    reattachRequested = Signal(str, int)  # id, ANNOTATION or a link end: place it on the selection

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
        # Text order (by side, then position) until a person asks for another.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self._emit_row(self.jumpRequested, index.row()))
        self.tag_counts = QTableWidget(0, 3)
        self.tag_counts.setObjectName("tagCounts")
        self.tag_counts.verticalHeader().hide()
        self.tag_counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tag_counts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tag_counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tag_counts.setToolTip("Annotations per tag in each era (a tag counts its children). "
                                   "Click a tag to filter by it.")
        self.tag_counts.cellClicked.connect(lambda row, _col: self.tag_filter.setText(
            self.tag_counts.item(row, 0).text()))
        for table in (self.table, self.tag_counts):  # compact rows: the dock is short
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        self.orphans = OrphanList(comparison)
        self.orphans.reattachRequested.connect(self.reattachRequested)
        self.summary = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.color_filter)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(self.table)
        lists.addWidget(self.orphans)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(lists)
        body.addWidget(self.tag_counts)
        body.setStretchFactor(0, 4)
        body.setStretchFactor(1, 1)
        body.setSizes([900, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(body, 1)
        layout.addWidget(self.summary)
        self.text_filter.textChanged.connect(self.refresh)
        self.tag_filter.textChanged.connect(self.refresh)
        self.color_filter.currentIndexChanged.connect(self.refresh)
        self._listed: list[Annotation] = []
        self._row_of: dict[str, int] = {}
        self._orphan_count = 0
        self._table = None  # a pandas.DataFrame of every annotation of the pair (pandas loads lazily)
        comparison.annotationsChanged.connect(self._refresh_counts)  # the filters do not change them
        comparison.annotationsChanged.connect(self._list)
        self.orphans.hide()

    def _list(self) -> None:
        """Tabulate every annotation of the pair once, as they change; the filters then only pick rows."""
        self._listed = [a for slot in SLOTS for a in self.comparison.annotations(slot)]
        self._row_of = {a.id: row for row, a in enumerate(self._listed)}
        self._orphan_count = sum(a.passage.is_orphan for a in self._listed)
        self._table = None
        if self._listed:  # nothing to tabulate keeps pandas off the start-up path
            import pandas as pd

            sides = {}
            for slot in SLOTS:
                doc = self.comparison.document(slot)
                if doc:
                    sides.setdefault(doc.id, SIDES[slot])
            listed = self._listed
            self._table = pd.DataFrame({
                "Side": [sides.get(a.passage.doc_id, "") for a in listed],
                "Excerpt": [a.passage.quote[:120].replace("\n", " ") for a in listed],  # one line of a table
                "Note": [a.note for a in listed],
                "Tags": [", ".join(a.tags) for a in listed],
                "Colour": [a.color for a in listed],
                "Status": ["orphan" if a.passage.is_orphan else "placed" for a in listed],
                "Modified": pd.to_datetime([a.modified for a in listed], utc=True, format="ISO8601",
                                           errors="coerce"),
                "id": [a.id for a in listed],
            }, columns=COLUMNS)
        self.refresh()

    def shown(self) -> list[Annotation]:
        """The annotations of the pair that pass the filters."""
        tag = self.tag_filter.text()
        try:
            clean_tag = normalise_tag(tag) if tag.strip() else None
        except AnnotationError:  # "/" names no tag: nothing matches it
            return []
        f = AnnotationFilter(tag=clean_tag, color=self.color_filter.currentData() or None,
                             text=self.text_filter.text().strip() or None)
        return f.apply(self._listed)

    def refresh(self) -> None:
        """Show the rows that pass the filters, in the order asked for, keeping the selection."""
        if self._table is None:
            self.model.set_frame(None)
            self.summary.setText("No annotations yet: select a passage and press Ctrl+Shift+A.")
            return
        keep = self.selected_ids()
        shown = self.shown()
        rows = self._table if len(shown) == len(self._listed) else \
            self._table.iloc[[self._row_of[a.id] for a in shown]].reset_index(drop=True)
        first = self.model.frame is None
        self.model.set_frame(rows)
        header = self.table.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < ID_COLUMN:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if first:  # later, the widths are the analyst's
            self.table.setColumnHidden(ID_COLUMN, True)
            for column, width in enumerate((50, 320, 260, 170, 65, 65)):
                self.table.setColumnWidth(column, width)
        self.select_ids(keep, scroll=False)
        orphans = self._orphan_count
        self.summary.setText(f"{len(shown)} of {len(self._listed)} annotations"
                             + (f" · {orphans} orphaned, listed below" if orphans else ""))

    def _refresh_counts(self) -> None:
        """Tag × era counts: each annotation counts once for its tags and every parent of them."""
        same = Counter((slot, ann.tags) for slot in SLOTS for ann in self.comparison.annotations(slot))
        spelled, counts = count_tags((slot, tags, n) for (slot, tags), n in same.items())
        eras = []
        for slot in SLOTS:
            doc = self.comparison.document(slot)
            eras.append(f"{SIDES[slot]}\n{doc.meta.era}" if doc and doc.meta.era else SIDES[slot])
        self.tag_counts.setHorizontalHeaderLabels(["Tag", *eras])
        self.tag_counts.setRowCount(len(spelled))
        for row, key in enumerate(sorted(spelled)):
            self.tag_counts.setItem(row, 0, QTableWidgetItem(spelled[key]))
            for slot in SLOTS:
                item = QTableWidgetItem(str(counts[key, slot]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.tag_counts.setItem(row, 1 + slot, item)
        self.tag_counts.resizeColumnToContents(1)
        self.tag_counts.resizeColumnToContents(2)

    def tag_count(self, tag: str) -> tuple[int, int]:
        """How many annotations carry ``tag`` (or a child of it) on the left and on the right."""
        for row in range(self.tag_counts.rowCount()):
            if self.tag_counts.item(row, 0).text().casefold() == tag.casefold():
                return int(self.tag_counts.item(row, 1).text()), int(self.tag_counts.item(row, 2).text())
        return 0, 0

    # -- selection ------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """Ids of the selected annotations, in the order shown."""
        frame = self.model.frame
        if frame is None or self.table.selectionModel() is None:
            return []
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [str(frame.iat[r, ID_COLUMN]) for r in rows if r < len(frame)]

    def select_ids(self, ids: list[str], *, scroll: bool = True) -> None:
        """Select the rows of these annotations (those shown), scrolling to the first."""
        frame = self.model.frame
        selection = self.table.selectionModel()
        selection.clearSelection()
        if frame is None or not ids:
            return
        rows = [int(r) for r in frame.index[frame["id"].isin(ids)]]
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        if rows and scroll:
            self.table.scrollTo(self.model.index(rows[0], 1))

    # -- requests ---------------------------------------------------------------------------------
    def _emit_row(self, signal: Signal, row: int) -> None:  # type: ignore[type-arg]
        frame = self.model.frame
        if frame is not None and 0 <= row < len(frame):
            signal.emit(str(frame.iat[row, ID_COLUMN]))  # type: ignore[attr-defined]

    def _context_menu(self, pos: QPoint) -> None:
        row = self.table.indexAt(pos).row()
        if row < 0:
            return
        if not self.table.selectionModel().isRowSelected(row):
            self.select_ids([str(self.model.frame.iat[row, ID_COLUMN])], scroll=False)
        ids = self.selected_ids()
        menu = QMenu(self)
        if len(ids) == 1:
            orphan = self.model.frame.iat[row, COLUMNS.index("Status")] == "orphan"
            if not orphan:
                menu.addAction("Go to Passage", lambda: self.jumpRequested.emit(ids[0]))
            menu.addAction("Edit…", lambda: self.editRequested.emit(ids[0]))
            menu.addAction("Re-attach to Selection" if orphan else "Move to Selection",
                           lambda: self.reattachRequested.emit(ids[0], ANNOTATION))
        menu.addAction("Delete" if len(ids) == 1 else f"Delete {len(ids)} Annotations",
                       lambda: self.deleteRequested.emit(ids))
        menu.exec(self.table.viewport().mapToGlobal(pos))
