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

from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from viewer.core.annotations import (PALETTE, Annotation, AnnotationError, AnnotationFilter, count_tags,
                                     normalise_tag)
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.dataframe_model import DataFrameModel
from viewer.ui.orphan_list import ANNOTATION, SIDES, OrphanList

COLUMNS = ["Side", "Excerpt", "Note", "Tags", "Colour", "Status", "Modified", "id"]
ID_COLUMN = len(COLUMNS) - 1


def _local_time(stamp: str) -> datetime | None:
    """An ISO 8601 UTC timestamp in the local time zone (None if there is none)."""
    try:
        return datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return None


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
        comparison.annotationsChanged.connect(self._refresh_counts)  # the filters do not change them
        comparison.annotationsChanged.connect(self.refresh)
        self.orphans.hide()

    def shown(self) -> list[Annotation]:
        """The annotations of the pair that pass the filters."""
        tag = self.tag_filter.text()
        try:
            clean_tag = normalise_tag(tag) if tag.strip() else None
        except AnnotationError:  # "/" names no tag: nothing matches it
            return []
        f = AnnotationFilter(tag=clean_tag, color=self.color_filter.currentData() or None,
                             text=self.text_filter.text().strip() or None)
        return f.apply([a for slot in SLOTS for a in self.comparison.annotations(slot)])

    def refresh(self) -> None:
        total = sum(len(self.comparison.annotations(s)) for s in SLOTS)
        if not total:  # nothing to tabulate: keep pandas off the start-up path
            self.model.set_frame(None)
            self.summary.setText("No annotations yet: select a passage and press Ctrl+Shift+A.")
            return
        import pandas as pd

        keep = self.selected_ids()
        sides = {}
        for slot in SLOTS:
            doc = self.comparison.document(slot)
            if doc:
                sides.setdefault(doc.id, SIDES[slot])
        rows = [{"Side": sides.get(a.passage.doc_id, ""), "Excerpt": " ".join(a.passage.quote.split())[:120],
                 "Note": a.note, "Tags": ", ".join(a.tags), "Colour": a.color,
                 "Status": "orphan" if a.passage.is_orphan else "placed",
                 "Modified": _local_time(a.modified), "id": a.id} for a in self.shown()]
        self.model.set_frame(pd.DataFrame(rows, columns=COLUMNS))
        header = self.table.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < ID_COLUMN:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.setColumnHidden(ID_COLUMN, True)
        for column, width in enumerate((50, 320, 260, 170, 65, 65)):
            self.table.setColumnWidth(column, width)
        self.select_ids(keep, scroll=False)
        orphans = sum(a.passage.is_orphan for s in SLOTS for a in self.comparison.annotations(s))
        self.summary.setText(f"{len(rows)} of {total} annotations"
                             + (f" · {orphans} orphaned, listed below" if orphans else ""))

    def _refresh_counts(self) -> None:
        """Tag × era counts: each annotation counts once for its tags and every parent of them."""
        spelled, counts = count_tags((slot, ann.tags, 1) for slot in SLOTS
                                     for ann in self.comparison.annotations(slot))
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
        wanted = set(ids)
        rows = [r for r in range(len(frame)) if frame.iat[r, ID_COLUMN] in wanted]
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
