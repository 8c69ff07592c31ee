"""The orphans of the open pair: annotations and link ends that lost their place when a
corrected text was imported, each with the quote it had, so a person can find the
passage again, select it in its pane and re-attach it (or delete it).

Shown under the annotations panel only while there are orphans.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from viewer.ui.comparison import SLOTS, Comparison

SIDES = ("Left", "Right")
#: Which end of a row: an annotation, or a link's source (0) or target (1).
ANNOTATION = -1
MAX_ROWS = 5


class OrphanList(QTreeWidget):
    reattachRequested = Signal(str, int)  # id, ANNOTATION or the link end
    deleteRequested = Signal(str, int)  # id, ANNOTATION or the link end (the whole link goes)

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setObjectName("orphanList")
        self.setHeaderLabels(["Side", "Orphan", "Quote it had", "Note"])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.setToolTip("Passages that could not be found in a corrected text. Select the passage in "
                        "its pane, then right-click here: Re-attach to Selection.")
        comparison.annotationsChanged.connect(self.refresh)

    def refresh(self) -> None:
        self.clear()
        comp = self.comparison
        for slot in SLOTS:
            for ann in comp.annotations(slot):
                if ann.passage.is_orphan:
                    self._add(slot, "Annotation", ann.passage.quote, ann.note, ann.id, ANNOTATION)
            for link in comp.links():
                end = comp.link_end(link, slot)
                if end is not None and end.is_orphan:
                    self._add(slot, f"Link end ({link.relation})", end.quote, link.note, link.id,
                              0 if end is link.source else 1)
        for column, width in enumerate((50, 130, 420)):
            self.setColumnWidth(column, width)
        # As tall as its rows (up to MAX_ROWS), so the annotations above keep the room.
        rows = min(self.topLevelItemCount(), MAX_ROWS)
        row_height = self.sizeHintForRow(0) if rows else 0
        self.setMaximumHeight(self.header().sizeHint().height() + rows * row_height + 2 * self.frameWidth() + 2)
        self.setVisible(rows > 0)

    def rows(self) -> list[tuple[str, int]]:
        """(id, end) of every row, in order."""
        return [tuple(self.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole))  # type: ignore[misc]
                for i in range(self.topLevelItemCount())]

    def _add(self, slot: int, kind: str, quote: str, note: str, item_id: str, end: int) -> None:
        flat = " ".join(quote.split())
        item = QTreeWidgetItem([SIDES[slot], kind, f"“{flat}”", " ".join(note.split())])
        item.setData(0, Qt.ItemDataRole.UserRole, (item_id, end))
        item.setToolTip(2, flat)
        self.addTopLevelItem(item)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        item_id, end = item.data(0, Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        menu.addAction("Re-attach to Selection", lambda: self.reattachRequested.emit(item_id, end))
        menu.addAction("Delete Annotation" if end == ANNOTATION else "Delete Link",
                       lambda: self.deleteRequested.emit(item_id, end))
        menu.exec(self.viewport().mapToGlobal(pos))
