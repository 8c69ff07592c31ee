"""Asking consent before a corrected version replaces a document's text: what will happen to
each annotation and link end on it (kept in place, found by its quote, matched
approximately, or orphaned), from a dry run of the re-import."""

from __future__ import annotations

from html import escape

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:  # loaded after the first paint (viewer.lazy)
    from viewer.ops.annotations import ReanchorReport

#: What each re-anchoring method means to the person reading the dialog (one, several).
METHOD_WORDS = (
    ("position", "stays where it is", "stay where they are"),
    ("quote", "is found again by its exact words", "are found again by their exact words"),
    ("fuzzy", "is matched approximately, to text that changed a little",
     "are matched approximately, to text that changed a little"),
    ("orphan", "cannot be placed and becomes an <b>orphan</b>", "cannot be placed and become <b>orphans</b>"),
)


def summary_html(report: ReanchorReport) -> str:
    """The lines of the dialog that count passages, by what happens to them."""
    if not report.total:
        return "There are no annotations or links on this document."
    lines = [f"<li>{n} {one if n == 1 else several}</li>" for method, one, several in METHOD_WORDS
             if (n := report.methods.get(method, 0))]  # type: ignore[call-overload]
    orphans = (" An orphan is kept with its quote and listed under the annotations, for you to "
               "re-attach by hand." if report.methods.get("orphan") else "")
    return (f"Of the {report.total} annotated or linked passage{'s' if report.total != 1 else ''} on it:"
            f"<ul>{''.join(lines)}</ul>{orphans}")


class ReimportDialog(QDialog):
    def __init__(self, report: ReanchorReport, title: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Corrected Version")
        self.resize(520, 260)
        heading = QLabel(f"<b>Replace the text of “{escape(title)}” with “{escape(file_name)}”?</b>",
                         wordWrap=True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel(summary_html(report), wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        footer = QLabel("Nothing is deleted, and Edit ▸ Undo puts the old text back.", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.replace: QPushButton = buttons.addButton("Replace Text", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.summary, footer):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(buttons)
