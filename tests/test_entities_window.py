"""Entities in the real window: highlighted in both panes, one selection both follow,
the gutter joining mentions, stepping, the panel and its chart, corrections with undo
from the panel and from a pane's context menu, tooltips, and aligned scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QToolTip
from pytestqt.qtbot import QtBot

from viewer.ops.entities import EntityView
from viewer.ui.app import open_window
from viewer.ui.main_window import MainWindow
from viewer.ui.reader_view import ReaderView


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window once background recognition of the sample pair has finished."""
    qtbot.waitUntil(lambda: window.comparison.entities is not None, timeout=120_000)
    return window


def entity(win: MainWindow, label: str) -> EntityView:
    assert win.comparison.entities is not None
    return next(e for e in win.comparison.entities.entities if e.label == label)


def test_recognition_runs_in_the_background_and_highlights_both_panes(window: MainWindow) -> None:
    taliban = entity(window, "Taliban")
    assert taliban.presence == "both"
    assert {"Taleban"} <= set(taliban.spellings(0)) and "Taliban" in taliban.spellings(1)
    for view in window.views:
        first, last = view.visible_range()
        on_screen = {(view.offsets.to_utf16(m.start), view.offsets.to_utf16(m.end))
                     for m, _ in window.comparison.mentions(view.slot) if m.start < last and m.end > first}
        drawn = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
        assert len(on_screen) > 5 and on_screen <= drawn  # every mention on screen is marked
    assert window.entity_panel.model.rowCount() == len(window.comparison.entities.entities)


def test_a_second_window_uses_the_cache_and_needs_no_model(qtbot: QtBot, window: MainWindow,
                                                          db_path: Path) -> None:
    window.close()
    again = open_window(db_path)
    qtbot.addWidget(again)
    again.show()  # the pair's entities are read once its texts have painted
    qtbot.waitUntil(lambda: again.comparison.entities is not None, timeout=2000)
    assert not again.progress.isVisible()


def test_clicking_a_mention_selects_it_in_both_panes_and_the_gutter_joins_them(
        window: MainWindow, qtbot: QtBot) -> None:
    view = window.views[0]
    taliban = entity(window, "Taliban")
    first = taliban.mentions[0][0]
    view.reveal(first.start, first.start)
    y = int(view.mention_y(first.start))
    cursor_x = view.cursorRect(view.textCursor()).x() + 5
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(cursor_x, y))
    assert window.comparison.selected_entity is not None
    assert window.comparison.selected_entity.id == taliban.id
    assert window.views[1].shows_any(taliban)  # the other pane brought a mention into view
    left, _, _ = window.link_map.ends(0)
    right, _, _ = window.link_map.ends(1)
    assert left and right
    assert window.entity_panel.selected_ids() == [taliban.id]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.comparison.selected_entity is None


def test_f3_steps_through_mentions_of_the_selected_entity(window: MainWindow, qtbot: QtBot) -> None:
    afghanistan = entity(window, "Afghanistan")
    window.comparison.select_entity(afghanistan.id)
    view = window.views[1]
    view.setFocus()
    view.reveal(0, 0)
    starts = []
    for _ in range(3):
        window.actions_by_id["entity.next"].trigger()
        starts.append(view.selected_range()[0])
    assert starts == [m.start for m in afghanistan.mentions[1][:3]]
    window.actions_by_id["entity.previous"].trigger()
    assert view.selected_range()[0] == starts[1]


def test_panel_filters_and_selects(window: MainWindow) -> None:
    panel = window.entity_panel
    panel.presence_filter.setCurrentIndex(panel.presence_filter.findData("only_a"))
    frame = panel.model.frame
    assert len(frame) > 0 and set(frame["Presence"]) == {"only left"}
    panel.presence_filter.setCurrentIndex(0)
    panel.text_filter.setText("kazakh")
    assert "Kazakhstan" in set(panel.model.frame["Entity"])
    panel.table.selectRow(0)
    assert window.comparison.selected_entity is not None


def test_corrections_from_the_panel_can_be_undone_and_redone(window: MainWindow) -> None:
    astana = entity(window, "Astana")
    window.correct_entities("ignore", [astana.id])
    labels = {e.label for e in window.comparison.entities.entities}  # type: ignore[union-attr]
    assert "Astana" not in labels
    window.actions_by_id["edit.undo"].trigger()
    assert "Astana" in {e.label for e in window.comparison.entities.entities}  # type: ignore[union-attr]
    window.actions_by_id["edit.redo"].trigger()
    assert "Astana" not in {e.label for e in window.comparison.entities.entities}  # type: ignore[union-attr]


# -- the entity chart beside the table -----------------------------------------------------------
def test_the_chart_shows_the_busiest_entities_and_a_click_selects_one(window: MainWindow,
                                                                      qtbot: QtBot) -> None:
    chart = window.entity_panel.chart
    rows = chart.rows()
    assert 5 <= len(rows) <= 10
    totals = [sum(e.counts) for e in rows]
    assert totals == sorted(totals, reverse=True) and rows[0].label == "Taliban"
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.row_rect(1).center())
    assert window.comparison.selected_entity is not None
    assert window.comparison.selected_entity.id == rows[1].id
    assert window.entity_panel.selected_ids() == [rows[1].id]
    window.entity_panel.text_filter.setText("kazakh")  # the chart follows the panel's filters
    assert chart.rows() and all("kazakh" in e.label.casefold() for e in chart.rows())


def test_the_table_starts_in_its_real_order_and_keeps_a_chosen_sort(window: MainWindow,
                                                                     qtbot: QtBot) -> None:
    panel = window.entity_panel
    header = panel.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1  # no column claims the most-mentioned-first order
    totals = list(panel.model.frame["Left"] + panel.model.frame["Right"])
    assert totals == sorted(totals, reverse=True)
    right = list(panel.model.frame.columns).index("Right")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(right) + 10, header.height() // 2))
    order = header.sortIndicatorOrder()
    assert header.sortIndicatorSection() == right

    def matches_indicator() -> bool:
        counts = list(panel.model.frame["Right"])
        return counts == sorted(counts, reverse=order == Qt.SortOrder.DescendingOrder)

    assert matches_indicator()
    window.correct_entities("ignore", [entity(window, "Astana").id])  # the rows are rebuilt
    assert matches_indicator()


# -- tooltips ----------------------------------------------------------------------------------
def test_the_tooltip_gives_roles_per_era(window: MainWindow, qtbot: QtBot) -> None:
    tokayev = next(e for e in window.comparison.entities.entities if "Tokayev" in e.label)  # type: ignore[union-attr]
    view = window.views[0]
    pos = mention_point(view, tokayev.mentions[0][0].start)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    lines = QToolTip.text().split("<br>")
    old = next(i for i, line in enumerate(lines) if line.startswith("c. 2000"))
    new = next(i for i, line in enumerate(lines) if line.startswith("2023"))
    assert "Prime Minister" in lines[old + 1] and "President" not in lines[old + 1]
    assert "President" in lines[new + 1]
    QToolTip.hideText()


# -- corrections from a pane's context menu ------------------------------------------------------
def mention_point(view: ReaderView, start: int) -> QPoint:
    """A viewport point on the mention starting at code point ``start``, scrolled into view."""
    view.reveal(start, start)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(start) + 1)
    return view.cursorRect(cursor).center()


def answer_next_dialog(value: str) -> None:
    """Type ``value`` into the next input dialog (text or list choice) and accept it."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.setTextValue(value)
        dialog.accept()

    QTimer.singleShot(0, answer)


def context_menu(win: MainWindow, slot: int, start: int, choice: str = "") -> dict[str, bool]:
    """Right-click the mention at ``start`` in ``slot``: the menu's items (text: enabled),
    after choosing the item that begins with ``choice``, as a person would."""
    view = win.views[slot]
    pos = mention_point(view, start)
    items: dict[str, bool] = {}

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        items.update({a.text(): a.isEnabled() for a in menu.actions() if a.text()})
        chosen = next((a for a in menu.actions() if choice and a.text().startswith(choice)), None)
        menu.close()
        if chosen is not None:
            chosen.trigger()

    QTimer.singleShot(0, choose)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                              view.viewport().mapToGlobal(pos)))
    return items


def labels(win: MainWindow) -> set[str]:
    return {e.label for e in win.comparison.entities.entities}  # type: ignore[union-attr]


def undo_with_ctrl_z(win: MainWindow, qtbot: QtBot) -> None:
    win.activateWindow()  # the offscreen platform leaves the closed menu active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=2000)
    win.views[0].setFocus()
    qtbot.keyClick(win.views[0], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_context_menu_offers_the_standard_items_and_entity_corrections(window: MainWindow) -> None:
    astana = entity(window, "Astana")
    items = context_menu(window, 0, astana.mentions[0][0].start)
    assert any(text.startswith("&Copy") or text.startswith("Copy") for text in items)
    assert items["Select Entity"] and items["Rename “Astana”…"] and items["Change Type…"]
    assert items["Ignore “Astana” Everywhere"] and items["Split This Mention Off"]
    assert items["Merge “Astana” Into Selected Entity"] is False  # nothing else is selected
    assert "Rename “Kazakhstan”…" in context_menu(window, 0, 2)  # inside "Kazakstan", the title's first word
    plain = window.views[0].toPlainText().index("moves closer")
    assert "Select Entity" not in context_menu(window, 0, plain)


def test_select_and_ignore_from_the_context_menu_then_undo(window: MainWindow, qtbot: QtBot) -> None:
    astana = entity(window, "Astana")
    context_menu(window, 0, astana.mentions[0][2].start, "Select Entity")
    assert window.comparison.selected_entity is not None and window.comparison.selected_entity.id == astana.id
    context_menu(window, 0, astana.mentions[0][2].start, "Ignore “Astana”")
    assert "Astana" not in labels(window)
    assert window.actions_by_id["edit.undo"].text() == "&Undo Ignore “Astana”"
    undo_with_ctrl_z(window, qtbot)
    assert "Astana" in labels(window)


def test_rename_and_change_type_from_the_context_menu_then_undo(window: MainWindow, qtbot: QtBot) -> None:
    pakistan = entity(window, "Pakistan")
    answer_next_dialog("Islamic Republic of Pakistan")
    context_menu(window, 1, pakistan.mentions[1][0].start, "Rename")
    renamed = entity(window, "Islamic Republic of Pakistan")
    assert renamed.counts == pakistan.counts and "Pakistan" not in labels(window)
    answer_next_dialog("organisation")
    context_menu(window, 1, pakistan.mentions[1][0].start, "Change Type")
    assert entity(window, "Islamic Republic of Pakistan").type == "ORGANISATION"
    undo_with_ctrl_z(window, qtbot)
    assert entity(window, "Islamic Republic of Pakistan").type == "PLACE"
    undo_with_ctrl_z(window, qtbot)
    assert entity(window, "Pakistan").counts == pakistan.counts


def test_merge_into_the_selected_entity_and_split_a_mention_off_then_undo(window: MainWindow,
                                                                          qtbot: QtBot) -> None:
    kazakh, kazakhstan = entity(window, "Kazakh"), entity(window, "Kazakhstan")
    window.comparison.select_entity(kazakhstan.id)
    items = context_menu(window, 0, kazakh.mentions[0][0].start, "Merge")
    assert items["Merge “Kazakh” Into “Kazakhstan”"]
    merged = entity(window, "Kazakhstan")
    assert "Kazakh" not in labels(window)
    assert merged.counts == (kazakh.counts[0] + kazakhstan.counts[0], kazakh.counts[1] + kazakhstan.counts[1])
    undo_with_ctrl_z(window, qtbot)
    assert entity(window, "Kazakh").counts == kazakh.counts

    taliban = entity(window, "Taliban")
    taleban = next(m for m in taliban.mentions[0] if m.text == "Taleban")
    context_menu(window, 0, taleban.start, "Split This Mention Off")
    assert entity(window, "Taliban").counts == (taliban.counts[0] - 1, taliban.counts[1])
    found = window.comparison.mention_at(0, taleban.start)
    assert found is not None and found[1].id != taliban.id and found[1].counts == (1, 0)
    undo_with_ctrl_z(window, qtbot)
    assert entity(window, "Taliban").counts == taliban.counts


# -- aligned scrolling ---------------------------------------------------------------------------
def line_gap(win: MainWindow, left: int, right: int) -> float:
    """How far apart, in lines on screen, code point ``left`` of the left pane is from
    ``right`` of the right pane."""
    ys = [view.viewport().mapToGlobal(QPoint(0, int(view.mention_y(offset)))).y()
          for view, offset in zip(win.views, (left, right), strict=True)]
    return abs(ys[0] - ys[1]) / win.views[0].fontMetrics().lineSpacing()


def test_aligned_scrolling_keeps_a_shared_entitys_mentions_level(window: MainWindow) -> None:
    lengths = [len(view.toPlainText()) for view in window.views]
    alignment = window.scroll_sync.alignment()
    assert alignment is not None
    # The anchor where aligned and proportional scrolling disagree most, away from the ends.
    left, right = max((p for p in alignment.anchors if all(0.3 < p[i] / lengths[i] < 0.7 for i in (0, 1))),
                      key=lambda p: abs(p[0] / lengths[0] - p[1] / lengths[1]))
    found = window.comparison.mention_at(0, left)
    assert found is not None and found[1].presence == "both"
    assert right in [m.start for m in found[1].mentions[1]]  # its partner is the same entity

    window.views[0].reveal(left, left)  # scroll the left pane to the mention, proportionally
    assert line_gap(window, left, right) > 3
    window.actions_by_id["view.aligned_scroll"].trigger()
    assert window.comparison.sync_mode == "aligned"
    assert line_gap(window, left, right) <= 1  # switching re-levels at once
    window.views[0].reveal(0, 0)
    window.views[0].reveal(left, left)
    assert line_gap(window, left, right) <= 1
    mid = window.views[1].offset_at(QPoint(0, window.views[1].viewport().height() // 2))
    assert abs(mid - right) < 300  # within a few lines of the right pane's middle
    bars = [view.verticalScrollBar() for view in window.views]
    bars[0].setValue(bars[0].maximum())  # the ends stay together
    assert bars[1].value() == bars[1].maximum()
    bars[0].setValue(0)
    assert bars[1].value() == 0


def test_the_scrolling_mode_is_remembered(qtbot: QtBot, db_path: Path) -> None:
    first = open_window(db_path)
    qtbot.addWidget(first)
    assert first.comparison.sync_mode == "proportional"
    first.actions_by_id["view.aligned_scroll"].trigger()
    first.close()
    second = open_window(db_path)
    qtbot.addWidget(second)
    assert second.comparison.sync_mode == "aligned"
    assert second.actions_by_id["view.aligned_scroll"].isChecked()
