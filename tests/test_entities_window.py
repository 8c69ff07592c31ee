"""Entities in the real window: highlighted in both panes, one selection both follow,
the gutter joining mentions, stepping, the panel, and corrections with undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from viewer.ops.entities import EntityView
from viewer.ui.app import open_window
from viewer.ui.main_window import MainWindow


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
        assert len(view.extraSelections()) == len(window.comparison.mentions(view.slot)) > 20
    assert window.entity_panel.model.rowCount() == len(window.comparison.entities.entities)


def test_a_second_window_uses_the_cache_and_needs_no_model(qtbot: QtBot, window: MainWindow,
                                                          db_path: Path) -> None:
    window.close()
    again = open_window(db_path)
    qtbot.addWidget(again)
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
