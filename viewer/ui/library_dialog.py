"""Choose the two documents to compare from every document in the library."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from viewer.core.document import Document
from viewer.ui.pane_header import format_date

_COLUMNS = ("Title", "Era", "Date", "Author", "Words")


def document_file_filter() -> str:
    """The file chooser's filter for every format Diptych imports."""
    from viewer.core.formats import FORMATS  # the parsers load only once a chooser opens

    return f"Documents ({' '.join('*' + suffix for suffix in FORMATS)});;All files (*)"


class LibraryDialog(QDialog):
    """A table of documents; the chosen pair is in :attr:`pair` after ``exec()``."""

    def __init__(self, documents: list[Document], pair: tuple[int, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Library — choose two documents to compare")
        self.resize(820, 420)
        self.documents = documents
        self.pair = list(pair)
        self.table = QTableWidget(len(documents), len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, doc in enumerate(documents):
            values = (doc.meta.title, doc.meta.era, format_date(doc), doc.meta.author, f"{doc.word_count:,}")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, doc.id)
                if col == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 380))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.choice = QLabel()
        left = QPushButton("Show on &Left")
        right = QPushButton("Show on &Right")
        left.clicked.connect(lambda: self._assign(0))
        right.clicked.connect(lambda: self._assign(1))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        assign = QHBoxLayout()
        assign.addWidget(left)
        assign.addWidget(right)
        assign.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(assign)
        layout.addWidget(buttons)
        self._show_choice()

    def _assign(self, slot: int) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.pair[slot] = self.documents[row].id
            self._show_choice()

    def _show_choice(self) -> None:
        titles = {d.id: d.meta.title for d in self.documents}
        self.choice.setText(f"Left: {titles.get(self.pair[0], '—')}   |   Right: {titles.get(self.pair[1], '—')}")
