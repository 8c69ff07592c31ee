"""Write or edit an annotation: a note, tags (with completion, '/' for hierarchy), a colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QWidget)

from viewer.core.palette import DEFAULT_COLOR, PALETTE


class AnnotationDialog(QDialog):
    def __init__(self, quote: str, known_tags: list[str], *, note: str = "", tags: tuple[str, ...] = (),
                 color: str = DEFAULT_COLOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation")
        self.resize(520, 360)
        excerpt = QLabel(f"“{quote[:300]}{'…' if len(quote) > 300 else ''}”", wordWrap=True)
        excerpt.setTextFormat(Qt.TextFormat.PlainText)
        excerpt.setObjectName("annotationExcerpt")
        self.note = QPlainTextEdit(note, placeholderText="Note (light Markdown: *emphasis*, **strong**, lists)")
        self.tags = QLineEdit(", ".join(tags), placeholderText="policy/recognition, trade")
        completer = QCompleter(known_tags, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tags.setCompleter(completer)
        self.color = QComboBox()
        for name, hex_value in PALETTE.items():
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(hex_value))
            self.color.addItem(swatch, name.capitalize(), name)
        self.color.setCurrentIndex(max(0, self.color.findData(color)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(excerpt)
        form.addRow("Note", self.note)
        form.addRow("Tags", self.tags)
        form.addRow("Colour", self.color)
        form.addRow(buttons)
        self.note.setFocus()

    def values(self) -> tuple[str, list[str], str]:
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        return self.note.toPlainText().strip(), tags, str(self.color.currentData())
