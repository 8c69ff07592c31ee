"""Find in both panes at once: one field, a hit count per pane, next and previous."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.stylesheet import apply_style


class FindBar(QWidget):
    #: forward?; the window decides which pane steps (the one last focused).
    stepRequested = Signal(bool)

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setObjectName("findBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.field = QLineEdit(placeholderText="Find in both documents", clearButtonEnabled=True)
        self.field.setMinimumWidth(260)
        self.counts = QLabel(objectName="findCounts")
        prev_button = QToolButton(text="▲", toolTip="Previous match (Shift+Enter)")
        next_button = QToolButton(text="▼", toolTip="Next match (Enter)")
        close_button = QToolButton(text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field)
        layout.addWidget(prev_button)
        layout.addWidget(next_button)
        layout.addWidget(self.counts, 1)
        layout.addWidget(close_button)
        self.field.textChanged.connect(comparison.set_find_term)
        self.field.returnPressed.connect(lambda: self.stepRequested.emit(True))
        prev_button.clicked.connect(lambda: self.stepRequested.emit(False))
        next_button.clicked.connect(lambda: self.stepRequested.emit(True))
        close_button.clicked.connect(self.close_bar)
        comparison.findChanged.connect(self._update_counts)
        comparison.findStep.connect(lambda *_: self._update_counts())
        self._update_counts()
        apply_style(self)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.field.clear()
        self.hide()

    def _update_counts(self) -> None:
        if not self.comparison.find_term:
            self.counts.setText("")
            return
        parts = []
        for slot, side in zip(SLOTS, ("Left", "Right"), strict=True):
            hits = self.comparison.hits(slot)
            current = self.comparison.current_hit(slot)
            where = f"{current + 1} of {len(hits)}" if current >= 0 else f"{len(hits)}"
            parts.append(f"{side}: {where}")
        self.counts.setText("   ·   ".join(parts))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.stepRequested.emit(False)
        else:
            super().keyPressEvent(event)
