"""File ▸ Export Annotations…: which annotations, in which format, to which file, with a live preview.

The dialog gathers choices into a :class:`viewer.ops.export.Scope` and
:class:`ExportOptions`; the preview is :func:`viewer.ops.export.preview` of the first
annotations (Markdown shown as the source the file will hold, HTML rendered by a
browser that loads nothing and follows no link), refreshed a moment after the
last change. The export itself runs :func:`viewer.ops.export.export_annotations` in
the background; the file is written whole or not at all, and an error is shown in
the dialog. The last choices and file are remembered in the settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QProgressBar,
                               QPushButton, QRadioButton, QSpinBox, QStackedWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

from viewer.core.document import Document
from viewer.core.errors import DiptychError
from viewer.core.export import EXTENSIONS, ExportOptions
from viewer.ops import export as export_ops
from viewer.ops.annotations import known_tags
from viewer.store import Store
from viewer.store.documents import list_documents
from viewer.ui.settings import open_settings
from viewer.ui.workers import run_in_background

FORMAT_NAMES = {
    "md": "Markdown brief (.md)", "html": "HTML page (.html)", "csv": "CSV table (.csv)",
    "xlsx": "Excel workbook (.xlsx)", "jsonld": "W3C Web Annotations, JSON-LD (.jsonld)",
    "qdpx": "REFI-QDA project (.qdpx)",
}
#: What the formats without a preview hold, shown in its place.
DESCRIPTIONS = {
    "csv": "A table with one row per annotation: its document, position, context, quote, note, tags, "
           "colour, author, dates, the entities it names and the passages it is linked to. A cell a "
           "spreadsheet would run as a formula starts with an apostrophe.",
    "xlsx": "The same table as the CSV in an Excel workbook, with a bold, frozen, filterable header: on "
            "one sheet, or on a sheet per document.",
    "jsonld": "W3C Web Annotations in JSON-LD: each annotation with its quote, position and context, note, "
              "tags and colour, its document known by the hash of its text; cross-era links as "
              "annotations of their own. Diptych imports it back (`viewer import-annotations`).",
    "qdpx": "A REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or QualCoder: the documents' texts, tags as "
            "codes, annotations as coded selections with their notes, cross-era links. Diptych imports "
            "it back too.",
}
SCOPES = {"all": "All annotations in the library", "pair": "The two open documents",
          "document": "One document:", "tags": "Annotations with these tags (or their children):",
          "selection": "The annotations selected in the panel"}
PREVIEW_LIMIT = 200
PREVIEW_DELAY_MS = 250
MAX_CONTEXT = 2000


class _InertBrowser(QTextBrowser):
    """Shows the HTML preview and nothing more: it loads no image or style sheet, local or
    remote, and a click on a link goes nowhere (Qt's rich text runs no script at all)."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802
        return None


class ExportDialog(QDialog):
    """Opened with :meth:`open`; emits :attr:`exported` once the file is written, then closes."""

    exported = Signal(str, int)  # path, number of annotations

    def __init__(self, store: Store, open_docs: Sequence[Document], selected_ids: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Annotations")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.open_docs = list(open_docs)
        self.selected_ids = list(selected_ids)
        self.settings = open_settings()
        self.busy = False
        self._count = 0
        self._worker: object | None = None  # the running export's signals, kept alive
        self._build()
        self._restore()
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for signal in (self.format.currentIndexChanged, self.scope_group.idToggled, self.document.currentIndexChanged,
                       self.tags.itemChanged, self.group_by.currentIndexChanged, self.sheets.currentIndexChanged,
                       self.context.valueChanged, self.title.textChanged):
            signal.connect(self._changed)
        self.format.currentIndexChanged.connect(self._match_extension)
        self.path.textChanged.connect(self._update_buttons)
        self._update_enabled()
        self.refresh()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.format = QComboBox()
        for fmt, name in FORMAT_NAMES.items():
            self.format.addItem(name, fmt)
        scope_box = QGroupBox("Annotations")
        scope_layout = QVBoxLayout(scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for i, (key, text) in enumerate(SCOPES.items()):
            if key == "selection":
                text += f" ({len(self.selected_ids)})"
            button = QRadioButton(text)
            self.scope_group.addButton(button, i)
            self.scope_buttons[key] = button
        self.scope_buttons["pair"].setEnabled(bool(self.open_docs))
        self.scope_buttons["selection"].setEnabled(bool(self.selected_ids))
        self.document = QComboBox()
        self.document.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document.setMinimumContentsLength(24)
        for doc in list_documents(self.store):
            label = f"{doc.meta.title} ({doc.meta.era})" if doc.meta.era else doc.meta.title
            self.document.addItem(label, doc.id)
        self.scope_buttons["document"].setEnabled(self.document.count() > 0)
        self.tags = QListWidget()
        self.tags.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tags.setMaximumHeight(110)
        for tag in known_tags(self.store):
            item = QListWidgetItem(tag)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.tags.addItem(item)
        self.scope_buttons["tags"].setEnabled(self.tags.count() > 0)
        for key, button in self.scope_buttons.items():
            scope_layout.addWidget(button)
            if key == "document":
                scope_layout.addWidget(self._indented(self.document))
            elif key == "tags":
                scope_layout.addWidget(self._indented(self.tags))
        self.group_by = QComboBox()
        self.group_by.addItem("Document", "document")
        self.group_by.addItem("Tag", "tag")
        self.sheets = QComboBox()
        self.sheets.addItem("One sheet", "single")
        self.sheets.addItem("A sheet per document", "document")
        self.context = QSpinBox(minimum=0, maximum=MAX_CONTEXT, singleStep=20, suffix=" characters")
        self.context.setToolTip("How much of the text around each quote to show, before and after it")
        self.title = QLineEdit(placeholderText="Annotated excerpts")
        self.path = QLineEdit()
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_path)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Format", self.format)
        form.addRow(scope_box)
        form.addRow("Group by", self.group_by)
        form.addRow("Sheets", self.sheets)
        form.addRow("Context", self.context)
        form.addRow("Title", self.title)
        form.addRow("Save to", file_row)
        self.form.setMinimumWidth(400)

        self.preview_caption = QLabel()
        self.preview_caption.setObjectName("exportPreviewCaption")
        self.source_view = QPlainTextEdit(readOnly=True)
        self.source_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.page_view = _InertBrowser()
        self.description = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignTop)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setMargin(12)
        self.description.setFrameShape(QFrame.Shape.StyledPanel)
        self.description.setBackgroundRole(QPalette.ColorRole.Base)
        self.description.setAutoFillBackground(True)
        self.preview = QStackedWidget()
        for widget in (self.source_view, self.page_view, self.description):
            self.preview.addWidget(widget)
        right = QVBoxLayout()
        right.addWidget(self.preview_caption)
        right.addWidget(self.preview, 1)

        self.error = QLabel(wordWrap=True)
        self.error.setObjectName("exportError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.summary = QLabel()
        self.progress = QProgressBar(textVisible=False, maximumWidth=200)
        self.progress.setRange(0, 0)  # the writers report no steps: a busy bar
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.buttons)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(1100, 680)

    @staticmethod
    def _indented(widget: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(22, 0, 0, 4)
        row.addWidget(widget)
        return holder

    # -- the choices -----------------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return str(self.format.currentData())

    def scope_key(self) -> str:
        return list(SCOPES)[max(0, self.scope_group.checkedId())]

    def set_scope(self, key: str) -> None:
        self.scope_buttons[key].setChecked(True)

    def checked_tags(self) -> list[str]:
        items = (self.tags.item(i) for i in range(self.tags.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_checked_tags(self, tags: Sequence[str]) -> None:
        wanted = {t.casefold() for t in tags}
        for i in range(self.tags.count()):
            item = self.tags.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text().casefold() in wanted else Qt.CheckState.Unchecked)

    def scope(self) -> export_ops.Scope | None:
        """The annotations chosen; None while the choice is incomplete (no tag ticked)."""
        key = self.scope_key()
        if key == "pair":
            return export_ops.Scope(doc_ids=[d.id for d in self.open_docs])
        if key == "document":
            return export_ops.Scope(doc_ids=[int(self.document.currentData())])
        if key == "tags":
            tags = self.checked_tags()
            return export_ops.Scope(tags=tags) if tags else None
        if key == "selection":
            return export_ops.Scope(annotation_ids=self.selected_ids)
        return export_ops.Scope()

    def options(self) -> ExportOptions:
        return export_ops.export_options(
            self.store, format=self.fmt, group_by=self.group_by.currentData(), context=self.context.value(),
            xlsx_sheets=self.sheets.currentData(), title=self.title.text().strip() or "Annotated excerpts")

    def target(self) -> Path | None:
        """The file to write: a name alone goes in the home folder."""
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else Path.home() / path

    # -- reacting --------------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        self._update_enabled()
        self._timer.start()

    def _update_enabled(self) -> None:
        self.document.setEnabled(self.scope_key() == "document")
        self.tags.setEnabled(self.scope_key() == "tags")
        self.group_by.setEnabled(self.fmt in ("md", "html"))
        self.sheets.setEnabled(self.fmt == "xlsx")
        self.context.setEnabled(self.fmt != "qdpx")  # a REFI-QDA project carries the whole texts
        self.title.setEnabled(self.fmt not in ("csv", "xlsx"))

    def _match_extension(self) -> None:
        """A file name with the extension of another format takes the new format's."""
        text = self.path.text().strip()
        path = Path(text)
        if text and path.suffix.lower() in EXTENSIONS.values():
            self.path.setText(str(path.with_suffix(EXTENSIONS[self.fmt])))

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(not self.busy and self._count > 0 and self.target() is not None)

    def refresh(self) -> None:
        """Count the annotations chosen and show the preview of the format."""
        self._timer.stop()
        scope = self.scope()
        self._count = export_ops.count_annotations(self.store, scope) if scope else 0
        if scope is None:
            self.summary.setText("Tick one or more tags.")
        else:
            self.summary.setText(f"{_annotations(self._count)} to export.")
        self._update_buttons()
        if not self._count:
            self.preview_caption.setText("Preview")
            self._describe("No annotations in this choice." if scope else "Tick the tags to export.")
        elif self.fmt in ("md", "html"):
            caption = ("Preview of the Markdown source" if self.fmt == "md"
                       else "Preview, simplified: a web browser shows the page's full layout")
            if self._count > PREVIEW_LIMIT:
                caption += f" (the first {PREVIEW_LIMIT:,} of {self._count:,} annotations)"
            self.preview_caption.setText(caption)
            text = export_ops.preview(self.store, self.options(), scope, limit=PREVIEW_LIMIT)
            if self.fmt == "md":
                self.source_view.setPlainText(text)
                self.preview.setCurrentWidget(self.source_view)
            else:
                self.page_view.setHtml(text)
                self.preview.setCurrentWidget(self.page_view)
        else:
            self.preview_caption.setText(f"No preview for {FORMAT_NAMES[self.fmt]}")
            self._describe(DESCRIPTIONS[self.fmt])

    def _describe(self, text: str) -> None:
        self.description.setText(text)
        self.preview.setCurrentWidget(self.description)

    def choose_path(self) -> None:
        ext = EXTENSIONS[self.fmt]
        start = str(self.target() or Path.home() / f"annotations{ext}")
        path, _ = QFileDialog.getSaveFileName(self, "Export annotations to", start,
                                              f"{FORMAT_NAMES[self.fmt]} (*{ext});;All files (*)")
        if path:
            self.path.setText(path if Path(path).suffix else path + ext)

    # -- exporting -------------------------------------------------------------------------------
    def start_export(self) -> None:
        if self._timer.isActive():  # a change made a moment ago: count what is chosen now
            self.refresh()
        scope, path = self.scope(), self.target()
        if self.busy or scope is None or path is None or not self._count:
            return
        if path.is_file() and not self._confirm_replace(path):
            return
        options = self.options()
        store = self.store
        self._set_busy(True)
        self.summary.setText(f"Exporting {_annotations(self._count)}…")
        self._worker = run_in_background(
            self, lambda _report: export_ops.export_annotations(store, options, path, scope),
            lambda count: self._finished(path, count), self._failed)

    def _confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self, "Replace file?", f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _finished(self, path: Path, count: int) -> None:
        self._set_busy(False)
        self._remember(path)
        self.exported.emit(str(path), count)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.refresh()
        message = str(exc) if isinstance(exc, DiptychError) else f"The export failed: {exc}. Nothing was written."
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.form.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        if busy:
            self.error.hide()
        self._update_buttons()

    def reject(self) -> None:
        if not self.busy:  # the file is being written: it is whole in a moment
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    # -- remembered choices --------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        s = self.settings
        s.beginGroup("export")
        s.setValue("path", str(path))
        s.setValue("format", self.fmt)
        s.setValue("scope", self.scope_key())
        s.setValue("document", self.document.currentData())
        s.setValue("tags", self.checked_tags())
        s.setValue("groupBy", self.group_by.currentData())
        s.setValue("sheets", self.sheets.currentData())
        s.setValue("context", self.context.value())
        s.setValue("title", self.title.text())
        s.setValue("geometry", self.saveGeometry())
        s.endGroup()
        s.sync()

    def _restore(self) -> None:
        s = self.settings
        s.beginGroup("export")
        fmt = str(s.value("format", "md"))
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        key = str(s.value("scope", "pair"))
        if key not in SCOPES or not self.scope_buttons[key].isEnabled():
            key = "pair" if self.open_docs else "all"
        self.set_scope(key)
        index = self.document.findData(_int(s.value("document"), -1))
        if (key != "document" or index < 0) and self.open_docs:
            index = self.document.findData(self.open_docs[0].id)
        self.document.setCurrentIndex(max(0, index))
        tags = s.value("tags", [])
        self.set_checked_tags([tags] if isinstance(tags, str) else list(tags or []))
        self.group_by.setCurrentIndex(max(0, self.group_by.findData(s.value("groupBy", "document"))))
        self.sheets.setCurrentIndex(max(0, self.sheets.findData(s.value("sheets", "single"))))
        self.context.setValue(_int(s.value("context"), ExportOptions.context))
        self.title.setText(str(s.value("title", "")))
        path = str(s.value("path", "")) or str(Path.home() / "annotations.md")
        self.path.setText(str(Path(path).with_suffix(EXTENSIONS[self.fmt])))
        geometry = s.value("geometry")
        s.endGroup()
        if geometry is not None:
            self.restoreGeometry(QByteArray(geometry))


def _annotations(n: int) -> str:
    return f"{n:,} annotation{'s' if n != 1 else ''}"


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return default
