"""Links between eras and the rest of annotating in the real window: linking a passage of each
pane, bands in the gutter that bring both passages level, margin markers, the panel's
tag counts, sorting and filters, orphans re-attached by hand, and importing a corrected
version only with consent; everything undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel, QMenu
from pytestqt.qtbot import QtBot

from viewer.ops import annotations as ops
from viewer.paths import SEEDS
from viewer.ui import annotation_actions
from viewer.ui.link_dialog import LinkDialog
from viewer.ui.main_window import MainWindow
from viewer.ui.orphan_list import ANNOTATION
from viewer.ui.reimport_dialog import ReimportDialog

from window_helpers import select

OLD_FILE = SEEDS / "2000-iwpr-kazakstan-builds-bridges-with-taleban.md"
LEFT = "Astana moves closer to establishing ties"
RIGHT = "Humanitarian aid has also been at the center"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Modal dialogs answered as a person would; what each showed is kept here."""
    seen: dict[str, object] = {"reimport": "accept", "warnings": []}

    def link(dialog: LinkDialog) -> int:
        seen["excerpts"] = [label.text() for label in dialog.findChildren(QLabel, "linkExcerpt")]
        dialog.relation.setCurrentText(str(seen.get("relation", "echoes")))
        dialog.note.setPlainText("Engagement, then and now")
        return QDialog.DialogCode.Accepted

    def reimport(dialog: ReimportDialog) -> int:
        seen["summary"] = dialog.summary.text()
        return QDialog.DialogCode.Accepted if seen["reimport"] == "accept" else QDialog.DialogCode.Rejected

    monkeypatch.setattr(LinkDialog, "exec", link)
    monkeypatch.setattr(ReimportDialog, "exec", reimport)
    monkeypatch.setattr(annotation_actions.QMessageBox, "warning",
                        lambda _parent, title, text: seen["warnings"].append(text))  # type: ignore[union-attr]
    return seen


def line_top(win: MainWindow, slot: int, start: int) -> int:
    view = win.views[slot]
    return view.line_top(start)


def link_both(win: MainWindow) -> tuple[ops.Link, tuple[int, int], tuple[int, int]]:
    right = select(win, 1, RIGHT)
    left = select(win, 0, LEFT)
    win.actions_by_id["annotate.link"].trigger()
    (link,) = ops.list_links(win.store)
    return link, left, right


def test_linking_the_selection_of_each_pane_draws_a_band(window: MainWindow, answers: dict) -> None:
    link, left, right = link_both(window)
    assert (link.source.start, link.source.end) == left and (link.target.start, link.target.end) == right
    assert link.relation == "echoes" and link.note == "Engagement, then and now"
    assert answers["excerpts"] == [f"“{LEFT}”", f"“{RIGHT}”"]
    assert [b.link.id for b in window.link_map.bands()] == [link.id]
    window.annotation_actions.level_link(link.id, 0)
    # Both passages carry a marker in their pane's margin, beside their first line.
    for pane, (start, _end) in zip(window.panes, (left, right), strict=True):
        (marker,) = pane.margin.markers()
        assert marker.item.id == link.id
        assert marker.rect.top() == pane.view.span_y(start, start + 1)[0]


def test_linking_needs_a_selection_in_both_panes(window: MainWindow, answers: dict) -> None:
    window.views[1].reveal(5, 5)
    select(window, 0, LEFT)
    window.actions_by_id["annotate.link"].trigger()
    assert ops.list_links(window.store) == []
    assert "right pane" in window.statusBar().currentMessage()


def test_clicking_a_band_brings_both_passages_level(window: MainWindow, answers: dict, qtbot: QtBot) -> None:
    link, left, right = link_both(window)
    window.views[0].reveal(*left)
    assert abs(line_top(window, 0, left[0]) - line_top(window, 1, right[0])) > 40
    (band,) = window.link_map.bands()
    assert band.visible[0]
    kept = window.views[0].verticalScrollBar().value()
    y = int(sum(band.ends[0]) / 2)
    qtbot.mouseClick(window.link_map, Qt.MouseButton.LeftButton, pos=QPoint(4, y))
    spacing = window.views[1].fontMetrics().lineSpacing()
    assert abs(line_top(window, 0, left[0]) - line_top(window, 1, right[0])) <= spacing
    assert window.views[0].verticalScrollBar().value() == kept  # the side clicked stayed put
    (band,) = window.link_map.bands()
    assert band.visible == (True, True)


def test_aligned_scrolling_keeps_linked_passages_level(window: MainWindow, answers: dict,
                                                       qtbot: QtBot) -> None:
    """A link is an anchor of aligned scrolling: scrolling to one end brings the other level."""
    qtbot.waitUntil(lambda: window.comparison.entities is not None, timeout=10000)
    right = select(window, 1, "Recently, the Taliban authorities")
    left = select(window, 0, "A senior Saudi politician also recently visited Astana")
    window.actions_by_id["annotate.link"].trigger()
    window.actions_by_id["view.aligned_scroll"].trigger()
    view = window.views[0]
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.reveal(*left)  # the user scrolls back up to the left passage
    spacing = window.views[1].fontMetrics().lineSpacing()
    assert abs(line_top(window, 0, left[0]) - line_top(window, 1, right[0])) <= spacing


def test_clicking_a_linked_passage_levels_the_other_pane(window: MainWindow, answers: dict,
                                                          qtbot: QtBot) -> None:
    link, left, right = link_both(window)
    window.comparison.set_sync(False)
    window.views[1].reveal(*right)
    assert abs(line_top(window, 0, left[0]) - line_top(window, 1, right[0])) > 40
    view = window.views[1]
    word = view.toPlainText().index("center", right[0])
    view.reveal(word, word)
    rect = view.cursorRect(view.textCursor())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(3, 0))
    assert abs(line_top(window, 0, left[0]) - line_top(window, 1, right[0])) <= view.fontMetrics().lineSpacing()


def test_link_creation_and_deletion_undo_and_redo(window: MainWindow, answers: dict) -> None:
    link, _left, _right = link_both(window)
    undo, redo = window.actions_by_id["edit.undo"], window.actions_by_id["edit.redo"]
    undo.trigger()
    assert ops.list_links(window.store) == [] and window.comparison.links() == []
    assert window.link_map.bands() == []
    redo.trigger()
    assert ops.list_links(window.store) == [link]
    window.annotation_actions.delete_link(link.id)
    assert ops.list_links(window.store) == []
    undo.trigger()
    assert ops.list_links(window.store) == [link]
    assert [b.link.id for b in window.link_map.bands()] == [link.id]


def test_editing_a_link_changes_its_relation_and_undo_puts_it_back(window: MainWindow,
                                                                    answers: dict) -> None:
    link, _left, _right = link_both(window)
    answers["relation"] = "my own: both court Kabul"
    window.annotation_actions.edit_link(link.id)
    (edited,) = ops.list_links(window.store)
    assert edited.relation == "my own: both court Kabul"
    window.actions_by_id["edit.undo"].trigger()
    assert ops.list_links(window.store) == [link]


def annotate(win: MainWindow, slot: int, phrase: str, tags: list[str], color: str = "blue") -> ops.Annotation:
    doc = win.comparison.document(slot)
    assert doc is not None
    start = doc.text.index(phrase)
    done = ops.create_annotation(win.store, ops.Selection(doc.id, start, start + len(phrase)),
                                 note=f"on {phrase[:10]}", tags=tags, color=color)
    win.annotation_actions.load()
    return done.value


def test_a_margin_marker_beside_an_annotation_selects_it_in_the_panel(window: MainWindow,
                                                                      qtbot: QtBot) -> None:
    ann = annotate(window, 0, LEFT, ["policy"], "green")
    annotate(window, 1, RIGHT, ["trade"])
    window.views[0].reveal(ann.passage.start, ann.passage.start)
    margin = window.panes[0].margin
    (marker,) = margin.markers()
    assert marker.item.id == ann.id and marker.color.name() == "#4caf50"
    assert margin.isVisible() and margin.geometry().right() < window.views[0].viewport().geometry().left()
    window.entity_dock.raise_()
    qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=marker.rect.center().toPoint())
    assert window.annotation_panel.selected_ids() == [ann.id]
    assert window.annotation_dock.isVisible()


def test_tag_counts_per_era_and_a_tag_filter_that_names_no_tag(window: MainWindow) -> None:
    annotate(window, 0, LEFT, ["policy/recognition"])
    annotate(window, 1, RIGHT, ["policy/aid", "trade"])
    annotate(window, 1, "Central Asian governments", ["Policy"])
    panel = window.annotation_panel
    assert panel.tag_count("policy") == (1, 2)
    assert panel.tag_count("policy/aid") == (0, 1)
    assert panel.tag_count("trade") == (0, 1)
    for typed, rows in (("/", 0), ("policy/", 3), (" / / ", 0), ("policy/aid/", 1), ("", 3)):
        panel.tag_filter.setText(typed)
        assert panel.model.rowCount() == rows, typed


def test_every_column_sorts_and_the_selection_follows(window: MainWindow) -> None:
    first = annotate(window, 0, LEFT, ["b"], "pink")
    annotate(window, 1, RIGHT, ["a"], "blue")
    last = annotate(window, 0, "Kazakstan has become", ["c"], "green")
    panel = window.annotation_panel
    panel.select_ids([first.id])
    for column in range(len(panel.model.frame.columns) - 1):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            panel.table.sortByColumn(column, order)
            values = [panel.model.index(r, column).data() for r in range(panel.model.rowCount())]
            assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)
            assert panel.selected_ids() == [first.id]
    panel.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # Modified: newest first
    assert panel.model.frame["id"].iloc[0] == last.id
    annotate(window, 1, "Central Asian governments", ["d"])  # a refresh keeps the sort
    assert panel.model.frame["id"].iloc[0] != first.id
    assert list(panel.model.frame["Modified"]) == sorted(panel.model.frame["Modified"], reverse=True)


def corrected_copy(tmp_path: Path) -> Path:
    """The 2000 article with its first line rewritten: what was annotated there is gone."""
    text = OLD_FILE.read_text(encoding="utf-8")
    assert text.count(LEFT) == 1
    path = tmp_path / "corrected.md"
    path.write_text(text.replace(LEFT + " with the ascendant Taleban movement",
                                 "Editor's note: this report was revised in December"), encoding="utf-8")
    return path


def test_an_orphan_is_listed_and_reattached_by_hand_with_undo(window: MainWindow, answers: dict,
                                                              tmp_path: Path) -> None:
    ann = annotate(window, 0, LEFT, ["policy"])
    kept = annotate(window, 0, "Kazakstan has become", ["trade"])
    link, _left, _right = link_both(window)
    window.views[0].setFocus()
    window._last_focused = 0
    window.annotation_actions.import_corrected_version(corrected_copy(tmp_path))
    assert "2 cannot be placed" in str(answers["summary"]) and "1 is found" in str(answers["summary"])
    assert "Editor's note" in window.views[0].toPlainText()
    orphans = window.annotation_panel.orphans
    assert orphans.isVisible() and sorted(orphans.rows()) == sorted([(ann.id, ANNOTATION), (link.id, 0)])
    assert window.link_map.bands() == []
    # Re-attach both by hand to a passage selected in the left pane.
    start, end = select(window, 0, "Editor's note")
    window.annotation_panel.reattachRequested.emit(ann.id, ANNOTATION)
    orphans.reattachRequested.emit(link.id, 0)
    placed = {a.id: a for a in ops.list_annotations(window.store)}
    assert (placed[ann.id].passage.status, placed[ann.id].passage.start) == ("anchored", start)
    (relinked,) = ops.list_links(window.store)
    assert (relinked.source.status, relinked.source.end) == ("anchored", end)
    assert orphans.rows() == [] and not orphans.isVisible()
    window.actions_by_id["edit.undo"].trigger()  # the link end is an orphan again
    assert orphans.rows() == [(link.id, 0)]
    window.actions_by_id["edit.undo"].trigger()
    window.actions_by_id["edit.undo"].trigger()  # the corrected version itself
    assert LEFT in window.views[0].toPlainText()
    placed = {a.id: a for a in ops.list_annotations(window.store)}
    assert placed[ann.id] == ann and placed[kept.id] == kept


def test_declining_the_corrected_version_changes_nothing(window: MainWindow, answers: dict,
                                                         tmp_path: Path) -> None:
    ann = annotate(window, 0, LEFT, ["policy"])
    before = window.views[0].toPlainText()
    answers["reimport"] = "cancel"
    window._last_focused = 0
    window.annotation_actions.import_corrected_version(corrected_copy(tmp_path))
    assert "cannot be placed" in str(answers["summary"])
    assert window.views[0].toPlainText() == before
    assert ops.list_annotations(window.store) == [ann]
    assert not window.undo_stack.canRedo() and window.undo_stack.count() == 0


def test_a_bad_corrected_version_says_why(window: MainWindow, answers: dict, tmp_path: Path) -> None:
    window._last_focused = 0
    window.annotation_actions.import_corrected_version(tmp_path / "missing.md")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    window.annotation_actions.import_corrected_version(tmp_path / "report.pdf")
    warnings = answers["warnings"]
    assert "does not exist" in warnings[0] and "does not know the format" in warnings[1]  # type: ignore[index]
    assert window.undo_stack.count() == 0


def test_the_context_menu_of_a_linked_annotated_passage_edits_and_deletes_with_undo(
        window: MainWindow, answers: dict) -> None:
    ann = annotate(window, 0, LEFT, ["policy"])
    link, left, _right = link_both(window)
    menu = QMenu()
    window.views[0].contextMenuOpening.emit(menu, left[0] + 3)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert {"Edit Annotation “on Astana mov”…", "Bring “echoes” Passages Level",
            "Edit Link “echoes”…"} <= set(actions)
    actions["Delete Link “echoes”"].trigger()
    assert ops.list_links(window.store) == []
    actions["Delete Annotation “on Astana mov”"].trigger()
    assert ops.list_annotations(window.store) == []
    window.actions_by_id["edit.undo"].trigger()
    window.actions_by_id["edit.undo"].trigger()
    assert ops.list_links(window.store) == [link] and ops.list_annotations(window.store) == [ann]
