"""The main window: two reader panes in a splitter, the find bar, menus, status bar.

It owns no document state: that is the Comparison model. It turns actions (from
the one table in ``actions.py``) into calls on the model or on ``viewer.ops``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QSplitter, QToolBar, QVBoxLayout, QWidget)

from viewer.core.errors import DiptychError
from viewer.ops.documents import default_pair, import_document
from viewer.store import Store
from viewer.store.documents import get_document, list_documents
from viewer.ui.actions import ACTIONS
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.find_bar import FindBar
from viewer.ui.library_dialog import LibraryDialog
from viewer.ui.reader_pane import ReaderPane
from viewer.ui.reader_view import DEFAULT_POINT_SIZE
from viewer.ui.scroll_sync import ScrollSync
from viewer.ui.settings import open_settings

IMPORT_FILTER = "Documents (*.txt *.md *.markdown *.html *.htm);;All files (*)"
MIN_POINT_SIZE, MAX_POINT_SIZE = 7, 40


class MainWindow(QMainWindow):
    def __init__(self, store: Store, comparison: Comparison) -> None:
        super().__init__()
        self.store = store
        self.comparison = comparison
        self.settings = open_settings()
        self.setWindowTitle("Diptych")
        self.panes = [ReaderPane(comparison, slot) for slot in SLOTS]
        self.views = [pane.view for pane in self.panes]
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(2)
        for pane in self.panes:
            self.splitter.addWidget(pane)
            pane.view.fileDropped.connect(self.import_into)
        self.find_bar = FindBar(comparison)
        self.find_bar.hide()
        self.find_bar.stepRequested.connect(self._step_find)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.scroll_sync = ScrollSync(comparison, self.views)
        self.word_counts = QLabel()
        self.statusBar().addPermanentWidget(self.word_counts)
        self.actions_by_id = self._build_actions()
        self._last_focused = 0
        QApplication.instance().focusChanged.connect(self._track_focus)  # type: ignore[union-attr]
        comparison.documentChanged.connect(self._on_document_changed)
        comparison.syncChanged.connect(self.actions_by_id["view.sync_scroll"].setChecked)
        self._restore()

    # -- actions --------------------------------------------------------------------------
    def _build_actions(self) -> dict[str, QAction]:
        handlers = {
            "file.import": self.import_dialog,
            "file.library": self.library_dialog,
            "file.quit": self.close,
            "edit.find": self.find_bar.open_bar,
            "edit.find_next": lambda: self._step_find(True),
            "edit.find_previous": lambda: self._step_find(False),
            "view.swap": self.comparison.swap,
            "view.sync_scroll": lambda: self.comparison.set_sync(
                self.actions_by_id["view.sync_scroll"].isChecked()),
            "view.zoom_in": lambda: self.zoom(+1),
            "view.zoom_out": lambda: self.zoom(-1),
            "view.zoom_reset": lambda: self.zoom(0),
            "view.focus_other": self._focus_other,
        }
        menus: dict[str, object] = {}
        toolbar = QToolBar("Main", objectName="mainToolbar", movable=False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(spec.text, self)
            if spec.shortcut is not None:
                action.setShortcut(spec.shortcut)
            action.setStatusTip(spec.tip)
            action.setToolTip(f"{spec.tip or spec.text.replace('&', '')} ({action.shortcut().toString()})")
            action.setCheckable(spec.checkable)
            action.triggered.connect(handlers[spec.id])
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(action)  # type: ignore[attr-defined]
            if spec.toolbar:
                toolbar.addAction(action)
            actions[spec.id] = action
        actions["view.sync_scroll"].setChecked(self.comparison.sync)
        return actions

    # -- documents --------------------------------------------------------------------------
    def open_pair(self, left: int, right: int) -> None:
        for slot, doc_id in zip(SLOTS, (left, right), strict=True):
            self.comparison.set_document(slot, get_document(self.store, doc_id))

    def import_dialog(self) -> None:
        start = str(self.settings.value("importDir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Import a document", start, IMPORT_FILTER)
        if path:
            self.settings.setValue("importDir", str(Path(path).parent))
            self.import_into(self._last_focused, Path(path))

    def import_into(self, slot: int, path: Path) -> None:
        """Import ``path`` and show it in ``slot``; say clearly why not, if it cannot be."""
        try:
            doc = import_document(self.store, path)
        except DiptychError as exc:
            QMessageBox.warning(self, "Cannot import", str(exc))
            return
        self.comparison.set_document(slot, doc)
        self.statusBar().showMessage(f"Imported “{doc.meta.title}” ({doc.word_count:,} words).", 6000)

    def library_dialog(self) -> None:
        current = tuple(d.id if d else 0 for d in map(self.comparison.document, SLOTS))
        dialog = LibraryDialog(list_documents(self.store), current, self)  # type: ignore[arg-type]
        if dialog.exec():
            self.open_pair(*dialog.pair)

    def _on_document_changed(self, _slot: int) -> None:
        docs = [self.comparison.document(slot) for slot in SLOTS]
        counts = [f"{side}: {d.word_count:,} words" for side, d in zip(("Left", "Right"), docs, strict=True) if d]
        self.word_counts.setText("   ·   ".join(counts))
        titles = [d.meta.title for d in docs if d]
        self.setWindowTitle(" ⟷ ".join(titles) + " — Diptych" if titles else "Diptych")

    # -- find and focus -------------------------------------------------------------------------
    def _track_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        for slot, view in enumerate(self.views):
            if new is view:
                self._last_focused = slot

    def _step_find(self, forward: bool) -> None:
        if not self.comparison.find_term:
            self.find_bar.open_bar()
            return
        slot = self._last_focused
        if not self.comparison.hits(slot):
            slot = 1 - slot
        self.comparison.step_find(slot, forward)

    def _focus_other(self) -> None:
        self.views[1 - self._last_focused].setFocus()

    # -- zoom and remembered state ----------------------------------------------------------------
    def zoom(self, step: int) -> None:
        size = self.views[0].font().pointSize()
        size = DEFAULT_POINT_SIZE if step == 0 else max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size + step))
        for view in self.views:
            view.set_point_size(size)

    def _restore(self) -> None:
        s = self.settings
        if not self.restoreGeometry(QByteArray(s.value("geometry", QByteArray()))):
            self.resize(1360, 860)
        self.restoreState(QByteArray(s.value("windowState", QByteArray())))
        if not self.splitter.restoreState(QByteArray(s.value("splitter", QByteArray()))):
            self.splitter.setSizes([1, 1])
        size = int(s.value("pointSize", DEFAULT_POINT_SIZE))
        for view in self.views:
            view.set_point_size(size)
        self.comparison.set_sync(str(s.value("syncScroll", "true")).lower() == "true")
        pair = self._remembered_pair()
        self.open_pair(*(pair or default_pair(self.store)))

    def _remembered_pair(self) -> tuple[int, int] | None:
        ids = {d.id for d in list_documents(self.store)}
        try:
            left, right = (int(x) for x in s) if (s := self.settings.value("pair")) else (0, 0)
        except (TypeError, ValueError):
            return None
        return (left, right) if left in ids and right in ids else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("pointSize", self.views[0].font().pointSize())
        s.setValue("syncScroll", self.comparison.sync)
        docs = [self.comparison.document(slot) for slot in SLOTS]
        if all(docs):
            s.setValue("pair", [str(d.id) for d in docs if d])
        s.sync()
        super().closeEvent(event)
