"""What the window does when a person annotates, links eras or re-imports a corrected text.

``AnnotationActions`` holds the store, the shared model, the panes, the gutter, the
annotations panel and the undo stack, and turns each request (annotate or link the
selection, edit, delete, re-attach an orphan, bring a link's passages level, import a
corrected version) into a call on :mod:`viewer.ops.annotations`, one undo step each,
then reloads what the panes and the panel show. It fills the context menus of the
panes, the margins and the gutter. The main window only builds it and binds actions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox

from viewer.core.annotations import Annotation, Link, Passage
from viewer.core.errors import DiptychError
from viewer.lazy import lazy_module
from viewer.nogc import gc_paused
from viewer.store import Store
from viewer.store.documents import get_document
from viewer.ui.annotation_dialog import AnnotationDialog
from viewer.ui.annotation_panel import AnnotationPanel
from viewer.ui.comparison import SLOTS, Comparison
from viewer.ui.link_dialog import LinkDialog
from viewer.ui.library_dialog import document_file_filter
from viewer.ui.link_map import LinkMap
from viewer.ui.orphan_list import ANNOTATION, SIDES
from viewer.ui.reader_pane import ReaderPane
from viewer.ui.reimport_dialog import ReimportDialog
from viewer.ui.scroll_sync import ScrollSync
from viewer.ui.undo import StoreCommand

#: Needed once the texts have painted (see viewer.lazy).
annotation_ops = lazy_module("viewer.ops.annotations")


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class AnnotationActions(QObject):
    def __init__(self, store: Store, comparison: Comparison, *, panes: list[ReaderPane], link_map: LinkMap,
                 panel: AnnotationPanel, undo_stack: QUndoStack, scroll_sync: ScrollSync,
                 window: QMainWindow, focused: Callable[[], int]) -> None:
        super().__init__(window)
        self.store = store
        self.comparison = comparison
        self.views = [pane.view for pane in panes]
        self.panel = panel
        self.undo_stack = undo_stack
        self.scroll_sync = scroll_sync
        self.window = window
        self._focused = focused
        for pane in panes:
            pane.view.linkClicked.connect(self.level_link)
            pane.view.contextMenuOpening.connect(partial(self.fill_menu, pane.slot))
            pane.margin.annotationClicked.connect(self.show_in_panel)
            pane.margin.linkClicked.connect(self.level_link)
        link_map.linkActivated.connect(self.level_link)
        link_map.linkMenuRequested.connect(self.link_menu)
        panel.jumpRequested.connect(self.jump_to_annotation)
        panel.editRequested.connect(self.edit_annotation)
        panel.deleteRequested.connect(self.delete_annotations)
        panel.reattachRequested.connect(self.reattach)
        panel.orphans.deleteRequested.connect(
            lambda item_id, end: self.delete_annotations([item_id]) if end == ANNOTATION else self.delete_link(item_id))

    def load(self) -> None:
        """Read the open pair's annotations and links from the store into the shared model."""
        docs = [self.comparison.document(slot) for slot in SLOTS]
        with gc_paused():  # tens of thousands of objects, all kept: see viewer.nogc
            per_slot = [annotation_ops.list_annotations(self.store, doc_ids=[d.id]) if d else [] for d in docs]
            links = annotation_ops.list_links(self.store, doc_ids=[d.id for d in docs if d])
            self.comparison.set_annotations(per_slot, links)

    # -- annotations --------------------------------------------------------------------------
    def annotate_selection(self) -> None:
        view = self.views[self._focused()]
        doc = self.comparison.document(view.slot)
        start, end = view.selected_range()
        if doc is None or start == end:
            self._say("Select a passage in either pane first, then annotate it.")
            return
        dialog = AnnotationDialog(doc.text[start:end], annotation_ops.known_tags(self.store), parent=self.window)
        if not dialog.exec():
            return
        note, tags, color = dialog.values()
        self._run(lambda: annotation_ops.create_annotation(
            self.store, annotation_ops.Selection(doc.id, start, end), note=note, tags=tags, color=color), "Annotate")

    def edit_annotation(self, annotation_id: str) -> None:
        ann = self._annotation(annotation_id)
        if ann is None:
            return
        dialog = AnnotationDialog(ann.passage.quote, annotation_ops.known_tags(self.store), note=ann.note,
                                  tags=ann.tags, color=ann.color, parent=self.window)
        if dialog.exec():
            note, tags, color = dialog.values()
            self._run(lambda: annotation_ops.edit_annotation(
                self.store, annotation_id, note=note, tags=tags, color=color), "Edit annotation")

    def delete_annotations(self, annotation_ids: list[str]) -> None:
        """Delete these annotations as one undo step."""
        self._run_all([partial(annotation_ops.delete_annotation, self.store, i) for i in annotation_ids],
                      "Delete annotation" if len(annotation_ids) == 1 else f"Delete {len(annotation_ids)} annotations")

    def jump_to_annotation(self, annotation_id: str) -> None:
        ann = self._annotation(annotation_id)
        slot = self._slot_of(ann.passage) if ann else None
        if ann is not None and slot is not None and not ann.passage.is_orphan:
            self.views[slot].reveal(ann.passage.start, ann.passage.end)

    def show_in_panel(self, annotation_id: str) -> None:
        """Bring the annotations panel forward with this annotation selected (filters cleared
        if they hide it)."""
        dock = self.panel.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.show()
            dock.raise_()
        self.panel.select_ids([annotation_id])
        if self.panel.selected_ids() != [annotation_id]:
            for field in (self.panel.text_filter, self.panel.tag_filter):
                field.clear()
            self.panel.color_filter.setCurrentIndex(0)
            self.panel.select_ids([annotation_id])

    # -- links between eras ------------------------------------------------------------------------
    def link_selections(self) -> None:
        """Link the passage selected in the left pane to the one selected in the right."""
        docs = [self.comparison.document(slot) for slot in SLOTS]
        ranges = [view.selected_range() for view in self.views]
        missing = [SIDES[s].lower() for s in SLOTS if docs[s] is None or ranges[s][0] == ranges[s][1]]
        if missing:
            where = " and the ".join(missing) + (" panes" if len(missing) > 1 else " pane")
            self._say(f"Select a passage in the {where} too, then link them (a selection stays "
                      "when you click into the other pane).")
            return
        ends = [(self._heading(d.id), d.text[a:b]) for d, (a, b) in zip(docs, ranges)]  # type: ignore[union-attr]
        dialog = LinkDialog(ends, parent=self.window)
        if not dialog.exec():
            return
        relation, note = dialog.values()
        source, target = (annotation_ops.Selection(d.id, a, b) for d, (a, b) in zip(docs, ranges))  # type: ignore[union-attr]
        self._run(lambda: annotation_ops.link_passages(self.store, source, target, relation=relation, note=note),
                  "Link passages")

    def edit_link(self, link_id: str) -> None:
        link = self._link(link_id)
        if link is None:
            return
        ends = [(self._heading(p.doc_id), p.quote) for p in link.passages]
        dialog = LinkDialog(ends, relation=link.relation, note=link.note, editing=True, parent=self.window)
        if dialog.exec():
            relation, note = dialog.values()
            self._run(lambda: annotation_ops.edit_link(self.store, link_id, relation=relation, note=note),
                      "Edit link")

    def delete_link(self, link_id: str) -> None:
        self._run(lambda: annotation_ops.unlink(self.store, link_id), "Delete link")

    def level_link(self, link_id: str, fixed: int) -> None:
        """Scroll so both passages of a link sit at the same height; the pane ``fixed`` stays
        put if its passage is on screen (the other moves, or both near a text's end)."""
        link = self._link(link_id)
        ends = [self.comparison.link_end(link, slot) for slot in SLOTS] if link else []
        placed = [p for p in ends if p is not None and not p.is_orphan]
        if len(placed) != 2:
            return
        here, there = placed[fixed], placed[1 - fixed]
        still, moving = self.views[fixed], self.views[1 - fixed]
        with self.scroll_sync.paused():
            top, bottom = still.span_y(here.start, here.end)
            if bottom < 0 or top > still.viewport().height():
                third = still.viewport().mapToGlobal(QPoint(0, still.viewport().height() // 3)).y()
                still.scroll_to_place(here.start, third)
            moving.scroll_to_place(there.start, still.line_top(here.start))
            # Near the end of a text the other pane cannot scroll far enough: meet it there.
            still.scroll_to_place(here.start, moving.line_top(there.start))

    # -- context menus -------------------------------------------------------------------------------
    def fill_menu(self, slot: int, menu: QMenu, offset: int) -> None:
        """Add what can be done to the annotations and links at ``offset`` in ``slot``."""
        annotations, links = self.comparison.passages_at(slot, offset)
        if annotations or links:
            menu.addSeparator()
        for ann in annotations:
            label = f"“{_short(ann.note or ann.passage.quote, 30)}”"
            menu.addAction(f"Edit Annotation {label}…", partial(self.edit_annotation, ann.id))
            menu.addAction(f"Delete Annotation {label}", partial(self.delete_annotations, [ann.id]))
        for link in links:
            self._add_link_actions(menu, link, slot)

    def link_menu(self, link_id: str, where: QPoint) -> None:
        link = self._link(link_id)
        if link is not None:
            menu = QMenu(self.window)
            self._add_link_actions(menu, link, 0)
            menu.exec(where)
            menu.deleteLater()

    def _add_link_actions(self, menu: QMenu, link: Link, slot: int) -> None:
        menu.addAction(f"Bring “{link.relation}” Passages Level", partial(self.level_link, link.id, slot))
        menu.addAction(f"Edit Link “{link.relation}”…", partial(self.edit_link, link.id))
        menu.addAction(f"Delete Link “{link.relation}”", partial(self.delete_link, link.id))

    # -- orphans -----------------------------------------------------------------------------------------
    def reattach(self, item_id: str, end: int) -> None:
        """Place an annotation (``end`` = ANNOTATION) or a link's end on the passage selected
        in the pane showing its document."""
        if end == ANNOTATION:
            ann = self._annotation(item_id)
            passage = ann.passage if ann else None
        else:
            link = self._link(item_id)
            passage = link.passages[end] if link else None
        slot = self._slot_of(passage) if passage else None
        if slot is None:
            return
        start, stop = self.views[slot].selected_range()
        if start == stop:
            self._say(f"Select the passage in the {SIDES[slot].lower()} pane first, then re-attach to it.")
            return
        if end == ANNOTATION:
            self._run(lambda: annotation_ops.reattach_annotation(self.store, item_id, start, stop),
                      "Re-attach annotation")
        else:
            self._run(lambda: annotation_ops.reattach_link_end(self.store, item_id, end, start, stop),
                      "Re-attach link")

    # -- a corrected version of a document ------------------------------------------------------------
    def import_corrected_version(self, path: Path | None = None) -> None:
        """Replace the focused pane's text with a corrected version, once the person has seen
        what happens to the annotations on it; one undo step."""
        slot = self._focused()
        doc = self.comparison.document(slot)
        if doc is None:
            self._say("Open a document in a pane first.")
            return
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.window, f"Corrected version of “{doc.meta.title}”", "", document_file_filter())
            if not chosen:
                return
            path = Path(chosen)
        try:
            report = annotation_ops.preview_reimport(self.store, doc.id, path)
        except DiptychError as exc:
            QMessageBox.warning(self.window, "Cannot import the corrected version", str(exc))
            return
        if not report.changed:
            self._say(f"“{path.name}” has the same text as “{doc.meta.title}”: nothing to change.")
            return
        if not ReimportDialog(report, doc.meta.title, path.name, self.window).exec():
            return
        self._run(lambda: annotation_ops.reimport_document(self.store, doc.id, path),
                  "Import corrected version", self._reload_texts)

    def _reload_texts(self) -> None:
        """Show again every open document whose text the store has changed (keeping the place)."""
        for slot in SLOTS:
            doc = self.comparison.document(slot)
            if doc is None:
                continue
            stored = get_document(self.store, doc.id)
            if stored.sha256 != doc.sha256:
                fraction = self.views[slot].top_fraction()
                self.comparison.set_document(slot, stored)
                bar = self.views[slot].verticalScrollBar()
                bar.setValue(round(fraction * bar.maximum()))
        self.load()

    # -- running actions -------------------------------------------------------------------------------
    def _run(self, action: Callable[[], Any], description: str,
             changed: Callable[[], None] | None = None) -> None:
        self._run_all([action], description, changed)

    def _run_all(self, actions: list[Callable[[], Any]], description: str,
                 changed: Callable[[], None] | None = None) -> None:
        """Run ops actions now and record their reverts as one undo step."""
        refresh = changed or self.load
        done = []
        try:
            for action in actions:
                done.append(action())
        except DiptychError as exc:
            QMessageBox.warning(self.window, "Cannot annotate", str(exc))
        reverts = [d.revert for d in done if not d.revert.empty]
        if len(reverts) > 1:
            self.undo_stack.beginMacro(description)
        for revert in reverts:
            self.undo_stack.push(StoreCommand(description, revert, self.store, refresh))
        if len(reverts) > 1:
            self.undo_stack.endMacro()
        refresh()

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)

    # -- lookups ------------------------------------------------------------------------------------------
    def _annotation(self, annotation_id: str) -> Annotation | None:
        return next((a for s in SLOTS for a in self.comparison.annotations(s) if a.id == annotation_id), None)

    def _link(self, link_id: str) -> Link | None:
        return next((lk for lk in self.comparison.links() if lk.id == link_id), None)

    def _slot_of(self, passage: Passage) -> int | None:
        """The pane showing the passage's document (the left when both do)."""
        return next((s for s in SLOTS if (d := self.comparison.document(s)) and d.id == passage.doc_id), None)

    def _heading(self, doc_id: int) -> str:
        for slot in SLOTS:
            doc = self.comparison.document(slot)
            if doc and doc.id == doc_id:
                era = f" · {doc.meta.era}" if doc.meta.era else ""
                return f"{SIDES[slot]}{era} — {_short(doc.meta.title, 50)}"
        return f"Document #{doc_id}"
