"""The main window: two reader panes in a splitter, the find bar, menus, status bar.

It owns no document state: that is the Comparison model. It turns actions (from
the one table in ``actions.py``) into calls on the model or on ``viewer.ops``.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QInputDialog, QLabel,
                               QMainWindow, QMessageBox, QProgressBar, QSplitter, QToolBar,
                               QVBoxLayout, QWidget)

from viewer.core.document import Document
from viewer.core.errors import DiptychError
from viewer.lazy import lazy_module
from viewer.ops.documents import default_pair, import_document
from viewer.store import Store
from viewer.store.documents import get_document, list_documents
from viewer.ui.actions import ACTIONS
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.entity_style import TYPE_NAMES
from viewer.ui.link_map import LinkMap
from viewer.ui.reader_pane import ReaderPane
from viewer.ui.reader_view import DEFAULT_POINT_SIZE
from viewer.ui.scroll_sync import ScrollSync
from viewer.ui.settings import open_settings
from viewer.ui.stylesheet import apply_style
from viewer.ui.undo import StoreCommand
from viewer.ui.workers import cancel_owned_by, run_in_background

if TYPE_CHECKING:  # built on first use, at the latest once the texts have painted
    from viewer.ui.annotation_actions import AnnotationActions
    from viewer.ui.annotation_panel import AnnotationPanel
    from viewer.ui.entity_panel import EntityPanel
    from viewer.ui.find_bar import FindBar

MIN_POINT_SIZE, MAX_POINT_SIZE = 7, 40
RECOGNITION_DELAY_MS = 300
#: Needed once the texts have painted (see viewer.lazy).
entity_ops = lazy_module("viewer.ops.entities")


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
        self.link_map = LinkMap(comparison, self.views)
        for widget in (self.panes[0], self.link_map, self.panes[1]):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(2, 1)
        apply_style(self.splitter)  # the handles, the pane headers
        for view in self.views:
            view.fileDropped.connect(self.import_into)
            view.entityClicked.connect(self._on_entity_clicked)
            view.correctionRequested.connect(self.correct_entities)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.scroll_sync = ScrollSync(comparison, self.views)
        self.undo_stack = QUndoStack(self)
        # The docks take their place (and remembered size) now; their panels fill them
        # once the texts have painted (see the cached properties below).
        self.entity_dock = QDockWidget("Entities", self, objectName="entityDock")
        self.annotation_dock = QDockWidget("Annotations", self, objectName="annotationDock")
        for dock in (self.entity_dock, self.annotation_dock):
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.tabifyDockWidget(self.entity_dock, self.annotation_dock)
        self.entity_dock.raise_()
        self.progress = QProgressBar(maximumWidth=180, textVisible=False)
        self.progress.hide()
        self.progress_label = QLabel()
        self.word_counts = QLabel()
        for widget in (self.progress_label, self.progress, self.word_counts):
            self.statusBar().addPermanentWidget(widget)
        self._recognising: set[int] = set()
        # Entities and annotations are read after the two texts have painted once: the
        # pair shows at once, and its highlights follow a moment later.
        self._painted = False
        self.views[0].viewport().installEventFilter(self)
        self._store_views_timer = QTimer(self, singleShot=True, interval=0)
        self._store_views_timer.timeout.connect(self.refresh_store_views)
        self._pending_recognition: Document | None = None
        self._recognition_timer = QTimer(self, singleShot=True, interval=RECOGNITION_DELAY_MS)
        self._recognition_timer.timeout.connect(
            lambda: self._pending_recognition and self._recognise(self._pending_recognition))
        self.actions_by_id = self._build_actions()
        self._last_focused = 0
        QApplication.instance().focusChanged.connect(self._track_focus)  # type: ignore[union-attr]
        comparison.documentChanged.connect(self._on_document_changed)
        comparison.selectionChanged.connect(self._bring_selection_into_view)
        comparison.syncChanged.connect(self.actions_by_id["view.sync_scroll"].setChecked)
        comparison.syncModeChanged.connect(
            lambda mode: self.actions_by_id["view.aligned_scroll"].setChecked(mode == "aligned"))
        self._restore()

    # -- the tools: built on first use, at the latest right after the first paint -------------
    # The two texts are what a person waits for; importing and building the panels and
    # the find bar first would hold their first paint back (bench/window.py).
    @cached_property
    def entity_panel(self) -> EntityPanel:
        from viewer.ui.entity_panel import EntityPanel

        panel = EntityPanel(self.comparison)
        panel.correctionRequested.connect(self.correct_entities)
        self.entity_dock.setWidget(panel)
        return panel

    @cached_property
    def annotation_panel(self) -> AnnotationPanel:
        from viewer.ui.annotation_panel import AnnotationPanel

        panel = AnnotationPanel(self.comparison)
        self.annotation_dock.setWidget(panel)
        return panel

    @cached_property
    def annotation_actions(self) -> AnnotationActions:
        from viewer.ui.annotation_actions import AnnotationActions

        return AnnotationActions(
            self.store, self.comparison, panes=self.panes, link_map=self.link_map, panel=self.annotation_panel,
            undo_stack=self.undo_stack, scroll_sync=self.scroll_sync, window=self,
            focused=lambda: self._last_focused)

    @cached_property
    def find_bar(self) -> FindBar:
        from viewer.ui.find_bar import FindBar

        bar = FindBar(self.comparison)
        bar.hide()
        bar.stepRequested.connect(self._step_find)
        self.centralWidget().layout().addWidget(bar)
        return bar

    def _build_tools(self) -> None:
        """Build every tool not built yet (reading a cached property builds it once)."""
        for name in ("entity_panel", "annotation_panel", "annotation_actions", "find_bar"):
            getattr(self, name)

    # -- actions --------------------------------------------------------------------------
    def _build_actions(self) -> dict[str, QAction]:
        handlers = {
            "file.import": self.import_dialog,
            "file.library": self.library_dialog,
            "file.export": self.export_dialog,
            "file.quit": self.close,
            "edit.find": lambda: self.find_bar.open_bar(),
            "edit.find_next": lambda: self._step_find(True),
            "edit.find_previous": lambda: self._step_find(False),
            "view.swap": self.comparison.swap,
            "view.sync_scroll": lambda: self.comparison.set_sync(
                self.actions_by_id["view.sync_scroll"].isChecked()),
            "view.aligned_scroll": lambda: self.comparison.set_sync_mode(
                "aligned" if self.actions_by_id["view.aligned_scroll"].isChecked() else "proportional"),
            "view.zoom_in": lambda: self.zoom(+1),
            "view.zoom_out": lambda: self.zoom(-1),
            "view.zoom_reset": lambda: self.zoom(0),
            "view.focus_other": self._focus_other,
            "view.entities": lambda: self.entity_dock.setVisible(
                self.actions_by_id["view.entities"].isChecked()),
            "view.annotations": lambda: self.annotation_dock.setVisible(
                self.actions_by_id["view.annotations"].isChecked()),
            "annotate.add": lambda: self.annotation_actions.annotate_selection(),
            "annotate.link": lambda: self.annotation_actions.link_selections(),
            "file.import_corrected": lambda: self.annotation_actions.import_corrected_version(),
            "edit.undo": self.undo_stack.undo,
            "edit.redo": self.undo_stack.redo,
            "entity.next": lambda: self.views[self._last_focused].step_mention(True),
            "entity.previous": lambda: self.views[self._last_focused].step_mention(False),
            "entity.clear": self._escape,
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
        self.entity_dock.visibilityChanged.connect(actions["view.entities"].setChecked)
        self.annotation_dock.visibilityChanged.connect(actions["view.annotations"].setChecked)
        self.undo_stack.canUndoChanged.connect(actions["edit.undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(actions["edit.redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: actions["edit.undo"].setText(f"&Undo {t}".strip()))
        self.undo_stack.redoTextChanged.connect(lambda t: actions["edit.redo"].setText(f"&Redo {t}".strip()))
        actions["edit.undo"].setEnabled(False)
        actions["edit.redo"].setEnabled(False)
        return actions

    # -- documents --------------------------------------------------------------------------
    def open_pair(self, left: int, right: int) -> None:
        for slot, doc_id in zip(SLOTS, (left, right), strict=True):
            self.comparison.set_document(slot, get_document(self.store, doc_id))

    def import_dialog(self) -> None:
        start = str(self.settings.value("importDir", str(Path.home())))
        from viewer.ui.library_dialog import document_file_filter

        path, _ = QFileDialog.getOpenFileName(self, "Import a document", start, document_file_filter())
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
        from viewer.ui.library_dialog import LibraryDialog

        dialog = LibraryDialog(list_documents(self.store), current, self)  # type: ignore[arg-type]
        if dialog.exec():
            self.open_pair(*dialog.pair)

    def export_dialog(self) -> None:
        from viewer.ui.export_dialog import ExportDialog  # loads the exporters only when asked for

        docs = [d for d in map(self.comparison.document, SLOTS) if d]
        dialog = ExportDialog(self.store, docs, self.annotation_panel.selected_ids(), self)
        dialog.exported.connect(lambda path, n: self.statusBar().showMessage(
            f"Exported {n:,} annotation{'s' if n != 1 else ''} to {path}.", 15000))
        dialog.open()

    # -- entities ------------------------------------------------------------------------------
    def load_entities(self) -> None:
        """Show the pair's entities; recognise (in the background) what the cache lacks."""
        docs = [self.comparison.document(slot) for slot in SLOTS]
        if not all(docs):
            return
        missing = [d for d in docs if d and not entity_ops.is_cached(self.store, d.id)]
        if missing:
            # Loading the model holds the interpreter for a second: let the window paint first.
            self._pending_recognition = missing[0]
            self._recognition_timer.start()
            return
        self.comparison.set_entities(entity_ops.compare(self.store, docs[0].id, docs[1].id))  # type: ignore[union-attr]

    def _recognise(self, doc: Document) -> None:
        if doc.id in self._recognising:
            return
        self._recognising.add(doc.id)
        self.progress_label.setText(f"Recognising entities in “{doc.meta.title[:40]}”…")
        self.progress.setRange(0, 0)
        self.progress.show()

        def done(result: entity_ops.Recognition) -> None:
            self._recognising.discard(doc.id)
            self._end_progress()
            entity_ops.save_recognition(self.store, result)
            self.load_entities()

        def failed(exc: BaseException) -> None:
            self._recognising.discard(doc.id)
            self._end_progress()
            QMessageBox.warning(self, "Entity recognition failed", f"{doc.meta.title}: {exc}")

        def progress(done_chars: int, total: int) -> None:
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done_chars)

        self._worker = run_in_background(self, lambda report: entity_ops.recognise_document(doc, report),
                                         done, failed, progress)

    def _end_progress(self) -> None:
        self.progress.hide()
        self.progress_label.clear()

    def _on_entity_clicked(self, slot: int, offset: int) -> None:
        entity = self.comparison.selected_entity
        doc = self.comparison.document(slot)
        if entity and doc:
            self.views[1 - slot].reveal_nearest(entity.id, offset / max(1, len(doc.text)))

    def _bring_selection_into_view(self) -> None:
        """A pane showing none of the selected entity's mentions scrolls to the nearest one."""
        entity = self.comparison.selected_entity
        if entity is None:
            return
        for view in self.views:
            if not view.shows_any(entity):
                view.reveal_nearest(entity.id, view.top_fraction())

    def _escape(self) -> None:
        if self.find_bar.isVisible() and self.find_bar.isAncestorOf(QApplication.focusWidget()):
            self.find_bar.close_bar()
        else:
            self.comparison.select_entity(None)

    def correct_entities(self, action: str, ids: list[int]) -> None:
        """Carry out a correction from the panel or a pane's context menu, as one undoable step.

        ``ids`` are entity ids (a merge keeps the first), or for "split" the one mention's id.
        """
        entities = self.comparison.entities
        if entities is None:
            return
        try:
            if action == "split":
                inverses = [entity_ops.split(self.store, ids[0])]
            elif action == "rename":
                first = entities.by_id[ids[0]]
                label, ok = QInputDialog.getText(self, "Rename entity", "Canonical name:", text=first.label)
                inverses = [entity_ops.rename(self.store, first.id, label)] if ok else []
            elif action == "type":
                first = entities.by_id[ids[0]]
                keys, names = list(TYPE_NAMES), list(TYPE_NAMES.values())
                name, ok = QInputDialog.getItem(self, "Change type", f"Type of “{first.label}”:",
                                                names, keys.index(first.type), False)
                inverses = [entity_ops.set_type(self.store, first.id, keys[names.index(name)])] if ok else []
            elif action == "merge":
                inverses = [entity_ops.merge(self.store, ids[0], other) for other in ids[1:]]
            else:
                inverses = [entity_ops.ignore(self.store, i) for i in ids]
        except DiptychError as exc:
            QMessageBox.warning(self, "Cannot correct", str(exc))
            return
        self.push_undo(inverses)

    def push_undo(self, inverses: list[Any]) -> None:
        """Record actions that already ran as one undo step, and refresh the views."""
        if not inverses:
            return
        if len(inverses) > 1:
            self.undo_stack.beginMacro(inverses[0].description)
        for inverse in inverses:
            self.undo_stack.push(StoreCommand(inverse.description, inverse, self.store, self.refresh_store_views))
        if len(inverses) > 1:
            self.undo_stack.endMacro()
        self.refresh_store_views()

    def refresh_store_views(self) -> None:
        self._build_tools()  # the panels follow the model from here on
        self.load_entities()
        self.annotation_actions.load()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            watched.removeEventFilter(self)
            self._store_views_timer.start()
        return False

    def _on_document_changed(self, _slot: int) -> None:
        if self._painted:
            self._store_views_timer.start()
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
        if not self.restoreState(QByteArray(s.value("windowState", QByteArray()))):
            self.resizeDocks([self.entity_dock], [250], Qt.Orientation.Vertical)
        if not self.splitter.restoreState(QByteArray(s.value("splitter", QByteArray()))):
            self.splitter.setSizes([1000, self.link_map.width(), 1000])
        size = int(s.value("pointSize", DEFAULT_POINT_SIZE))
        for view in self.views:
            view.set_point_size(size)
        self.comparison.set_sync(str(s.value("syncScroll", "true")).lower() == "true")
        self.comparison.set_sync_mode("aligned" if s.value("syncMode") == "aligned" else "proportional")
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
        # A closed window starts no more work, even before Qt deletes it.
        self._recognition_timer.stop()
        self._store_views_timer.stop()
        self._pending_recognition = None
        cancel_owned_by(self)
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("pointSize", self.views[0].font().pointSize())
        s.setValue("syncScroll", self.comparison.sync)
        s.setValue("syncMode", self.comparison.sync_mode)
        docs = [self.comparison.document(slot) for slot in SLOTS]
        if all(docs):
            s.setValue("pair", [str(d.id) for d in docs if d])
        s.sync()
        super().closeEvent(event)
