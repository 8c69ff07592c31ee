"""Annotating in the real window: create from a selection, see it, list it, edit, delete, undo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from viewer.core.annotations import PALETTE
from viewer.ops import annotations as ops
from viewer.ui.annotation_dialog import AnnotationDialog
from viewer.ui.main_window import MainWindow

from window_helpers import select


@pytest.fixture
def window(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:

    # The dialog is modal; answer it as a person would: type a note and tags, keep the colour.
    def answer(dialog: AnnotationDialog) -> int:
        dialog.note.setPlainText("Astana courts the Taleban")
        dialog.tags.setText("policy/recognition, trade")
        dialog.color.setCurrentIndex(dialog.color.findData("green"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AnnotationDialog, "exec", answer)
    return window


def test_annotate_a_selection_shows_it_and_stores_it_at_once(window: MainWindow) -> None:
    start, end = select(window, 0, "Astana moves closer to establishing ties")
    window.actions_by_id["annotate.add"].trigger()
    stored = ops.list_annotations(window.store)
    assert len(stored) == 1
    ann = stored[0]
    assert (ann.passage.start, ann.passage.end) == (start, end)
    assert ann.tags == ("policy/recognition", "trade") and ann.color == "green"
    assert window.annotation_panel.model.rowCount() == 1
    view = window.views[0]
    span = (view.offsets.to_utf16(start), view.offsets.to_utf16(end))
    fills = [s for s in view.extraSelections() if (s.cursor.selectionStart(), s.cursor.selectionEnd()) == span
             and s.format.background().color().name() == PALETTE["green"].lower()]
    assert len(fills) == 1  # a green fill over exactly the passage
    window.annotation_panel.tag_filter.setText("policy")
    assert window.annotation_panel.model.rowCount() == 1
    window.annotation_panel.tag_filter.setText("economy")
    assert window.annotation_panel.model.rowCount() == 0


def test_delete_then_undo_restores_the_same_annotation(window: MainWindow) -> None:
    select(window, 1, "Humanitarian aid has also been at the center")
    window.actions_by_id["annotate.add"].trigger()
    (ann,) = ops.list_annotations(window.store)
    window.annotation_actions.delete_annotations([ann.id])
    assert ops.list_annotations(window.store) == []
    window.actions_by_id["edit.undo"].trigger()
    (back,) = ops.list_annotations(window.store)
    assert back == ann
    window.actions_by_id["edit.undo"].trigger()  # undo the creation too
    assert ops.list_annotations(window.store) == []
    window.actions_by_id["edit.redo"].trigger()
    assert [a.id for a in ops.list_annotations(window.store)] == [ann.id]


def test_annotating_nothing_explains_what_to_do(window: MainWindow) -> None:
    window.views[0].reveal(3, 3)
    window.actions_by_id["annotate.add"].trigger()
    assert ops.list_annotations(window.store) == []
    assert "Select a passage" in window.statusBar().currentMessage()
