"""Link a passage of one era to a passage of the other, or edit a link: both excerpts side by
side, a relation (continues, echoes, contrasts, contradicts, or the analyst's own label)
and an optional note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout,
                               QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from viewer.core.annotations import MAX_LABEL
from viewer.core.palette import RELATIONS

EXCERPT_CHARS = 400


def _excerpt_box(heading: str, quote: str) -> QFrame:
    box = QFrame(frameShape=QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(box)
    title = QLabel(heading)
    title.setStyleSheet("font-weight: bold")
    flat = " ".join(quote.split())
    text = QLabel(f"“{flat[:EXCERPT_CHARS]}{'…' if len(flat) > EXCERPT_CHARS else ''}”", wordWrap=True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    text.setObjectName("linkExcerpt")
    layout.addWidget(title)
    layout.addWidget(text, 1)
    return box


class LinkDialog(QDialog):
    def __init__(self, ends: list[tuple[str, str]], *, relation: str = "", note: str = "",
                 editing: bool = False, parent: QWidget | None = None) -> None:
        """``ends``: (heading, quote) of the source and the target passage."""
        super().__init__(parent)
        self.setWindowTitle("Edit Link" if editing else "Link Passages")
        self.resize(680, 400)
        excerpts = QHBoxLayout()
        for i, (heading, quote) in enumerate(ends):
            if i:
                arrow = QLabel("⟷")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                excerpts.addWidget(arrow)
            excerpts.addWidget(_excerpt_box(heading, quote), 1)
        self.relation = QComboBox(editable=True)
        self.relation.addItems(list(RELATIONS))
        self.relation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.relation.lineEdit().setMaxLength(MAX_LABEL)
        self.relation.lineEdit().setPlaceholderText("or a label of your own")
        self.relation.setCurrentText(relation or RELATIONS[0])
        self.note = QPlainTextEdit(note, placeholderText="Note (optional): why these passages belong together")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok: QPushButton = buttons.addButton("Save" if editing else "Link",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.relation.currentTextChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        form = QFormLayout()
        form.addRow("Relation", self.relation)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(excerpts, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.relation.setFocus()

    def values(self) -> tuple[str, str]:
        """The relation as typed or chosen, and the note."""
        return self.relation.currentText().strip(), self.note.toPlainText().strip()
