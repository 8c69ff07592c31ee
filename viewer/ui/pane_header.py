"""The header above a reader pane: title, byline, date, era badge and source link."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from viewer.core.document import Document
from viewer.ui.comparison import Comparison


def format_date(doc: Document) -> str:
    date = doc.meta.date or "undated"
    return f"c. {date}" if doc.meta.date_approximate else date


class PaneHeader(QWidget):
    def __init__(self, comparison: Comparison, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.slot = slot
        self.setObjectName("paneHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(objectName="paneTitle", wordWrap=True)
        self.byline = QLabel(objectName="paneByline", wordWrap=True)
        self.era = QLabel(objectName="eraBadge")
        self.era.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.source = QLabel(objectName="paneSource", openExternalLinks=True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.era, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.byline)
        layout.addWidget(self.source)
        comparison.documentChanged.connect(self._on_document_changed)

    def _on_document_changed(self, slot: int) -> None:
        if slot == self.slot:
            self.show_document(self.comparison.document(slot))

    def show_document(self, doc: Document | None) -> None:
        if doc is None:
            self.title.setText("No document")
            for label in (self.byline, self.era, self.source):
                label.clear()
            return
        meta = doc.meta
        self.title.setText(meta.title)
        parts = [meta.author, meta.publisher, format_date(doc)]
        self.byline.setText(" · ".join(p for p in parts if p))
        self.byline.setToolTip(meta.date_note)
        self.era.setText(meta.era or "—")
        self.era.setVisible(bool(meta.era))
        if meta.source.startswith(("http://", "https://")):
            href = escape(meta.source, quote=True)
            self.source.setText(f'<a href="{href}">{escape(meta.source)}</a>')
        else:
            self.source.setText(escape(meta.source))
        self.source.setVisible(bool(meta.source))
