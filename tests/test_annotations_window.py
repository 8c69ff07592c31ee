"""Annotating in the real window: create from a selection, see it, list it, edit, delete, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from viewer.core.palette import PALETTE
from viewer.ops import annotations as ops
from viewer.ops.documents import import_document
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
    panel = window.annotation_panel
    panel.table.setColumnWidth(1, 444)  # the analyst widens the excerpts
    panel.tag_filter.setText("policy")
    assert panel.model.rowCount() == 1
    panel.tag_filter.setText("economy")
    assert panel.model.rowCount() == 0
    assert panel.table.columnWidth(1) == 444  # filtering keeps the analyst's widths


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


def test_a_long_book_shows_its_annotations_wherever_one_scrolls(window: MainWindow, qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    book = tmp_path / "journal.txt"
    book.write_text("\n\n".join(f"Day {i}: the caravan rested at Bokhara, and the Khan's officers counted "
                                f"the bales of cloth brought from Kabul." for i in range(3000)), encoding="utf-8")
    doc = import_document(window.store, book)
    starts = [doc.text.index(f"Day {i}:") for i in (5, 2990)]
    for i, start in enumerate(starts):
        ops.create_annotation(window.store, ops.Selection(doc.id, start, start + 8), note=f"note {i}", color="blue")
    window.open_pair(doc.id, window.comparison.document(1).id)
    qtbot.waitUntil(lambda: len(window.comparison.annotations(0)) == 2)
    view, margin = window.views[0], window.panes[0].margin

    def tinted(start: int) -> bool:
        span = (view.offsets.to_utf16(start), view.offsets.to_utf16(start + 8))
        return any((s.cursor.selectionStart(), s.cursor.selectionEnd()) == span for s in view.extraSelections())

    qtbot.waitUntil(lambda: tinted(starts[0]))
    assert [m.item.note for m in margin.markers()] == ["note 0"]
    view.reveal(starts[1], starts[1])  # as "go to" does: a jump to near the end of the book
    qtbot.waitUntil(lambda: tinted(starts[1]))  # the fill follows the reader
    assert not tinted(starts[0])  # (and only the text near the screen carries fills)
    assert [m.item.note for m in margin.markers()] == ["note 1"]
    (under,), _ = window.comparison.passages_at(0, starts[1] + 3)  # what the tooltip shows
    assert under.note == "note 1"
