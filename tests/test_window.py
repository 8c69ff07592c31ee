"""The real window, offscreen: the pair, swapping, scrolling together, find, settings, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from viewer.ui.app import make_application, open_window
from viewer.ui.main_window import MainWindow


def titles(win: MainWindow) -> list[str]:
    return [pane.header.title.text() for pane in win.panes]


def test_opens_on_the_sample_pair_older_era_left(window: MainWindow) -> None:
    assert titles(window) == ["Kazakstan Builds Bridges With Taleban",
                              "Central Asia’s Careful Engagement with the Taliban"]
    assert [p.header.era.text() for p in window.panes] == ["c. 2000", "2023"]
    assert window.views[0].toPlainText().startswith("Kazakstan Builds Bridges With Taleban\n\nAuthor:")
    assert "**" not in window.views[0].toPlainText() and "##" not in window.views[0].toPlainText()
    assert "719 words" in window.word_counts.text()


def test_swap_exchanges_the_panes(window: MainWindow) -> None:
    before = titles(window)
    window.actions_by_id["view.swap"].trigger()
    assert titles(window) == before[::-1]
    assert window.views[1].toPlainText().startswith("Kazakstan")


def test_scrolling_one_pane_scrolls_the_other_unless_sync_is_off(window: MainWindow, qtbot: QtBot) -> None:
    left, right = (v.verticalScrollBar() for v in window.views)
    assert left.maximum() > 0 and right.maximum() > 0
    left.setValue(left.maximum() // 2)
    # Lazy layout refines the maximum as lines wrap, so "half way" is approximate.
    assert abs(right.value() / right.maximum() - 0.5) < 0.1
    window.actions_by_id["view.sync_scroll"].trigger()  # off
    held = left.value()
    right.setValue(0)
    assert left.value() == held
    right.setValue(right.maximum())
    assert left.value() == held


def test_scroll_sync_settles_without_ping_pong(window: MainWindow, qtbot: QtBot) -> None:
    left, right = (v.verticalScrollBar() for v in window.views)
    right.setValue(right.maximum() // 3)
    qtbot.wait(50)
    settled = (left.value(), right.value())
    assert settled[0] > 0
    qtbot.wait(100)
    assert (left.value(), right.value()) == settled


def test_find_counts_hits_in_both_panes_and_steps(window: MainWindow, qtbot: QtBot) -> None:
    window.actions_by_id["edit.find"].trigger()
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "taleban")
    comp = window.comparison
    assert len(comp.hits(0)) == window.views[0].toPlainText().lower().count("taleban") > 10
    assert len(comp.hits(1)) == 0
    assert f"Left: {len(comp.hits(0))}" in window.find_bar.counts.text()
    assert "Right: 0" in window.find_bar.counts.text()
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    start, end = comp.hits(0)[0]
    assert window.views[0].selected_range() == (start, end)
    assert window.views[0].textCursor().selectedText().lower() == "taleban"
    assert "1 of" in window.find_bar.counts.text()
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and comp.find_term == ""


def test_find_selects_the_right_characters_after_astral_ones(window: MainWindow, tmp_path: Path) -> None:
    doc = tmp_path / "emoji.txt"
    doc.write_text("🇰🇿 Kazakhstan 😀😀 and 𝔗aliban talk to the Taliban.", encoding="utf-8")
    window.import_into(1, doc)
    window.comparison.set_find_term("Taliban")
    window.comparison.step_find(1)
    assert window.views[1].textCursor().selectedText() == "Taliban"
    assert window.views[1].selected_range() == window.comparison.hits(1)[0]


def test_settings_persist_between_runs(qtbot: QtBot, db_path: Path) -> None:
    make_application()
    first = open_window(db_path)
    qtbot.addWidget(first)
    first.resize(720, 520)  # the offscreen screen is 800x600
    first.zoom(+2)
    first.comparison.swap()
    first.actions_by_id["view.sync_scroll"].trigger()
    first.splitter.setSizes([420, 44, 250])
    sizes = first.splitter.sizes()
    first.close()
    second = open_window(db_path)
    qtbot.addWidget(second)
    assert titles(second)[0].startswith("Central Asia")
    assert second.views[0].font().pointSize() == first.views[0].font().pointSize()
    assert not second.comparison.sync
    assert second.size().width() == 720
    assert second.splitter.sizes() == sizes


def test_dropping_a_file_on_a_pane_imports_and_shows_it(window: MainWindow, tmp_path: Path) -> None:
    doc = tmp_path / "brief.md"
    doc.write_text("# Dropped Brief\n\nAbout *Samarkand*.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    view = window.views[1]
    event = QDropEvent(QPointF(QPoint(50, 50)), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    assert titles(window)[1] == "Dropped Brief"
    assert view.toPlainText() == "Dropped Brief\n\nAbout Samarkand."


def test_a_bad_file_gets_a_message_and_the_panes_stay(window: MainWindow, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    bad = tmp_path / "blob.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    before = titles(window)
    window.import_into(0, bad)
    assert shown and "binary" in shown[0]
    assert titles(window) == before


@pytest.mark.parametrize("width", [1000, 1440, 1900])
def test_every_line_fits_inside_its_pane(qtbot: QtBot, db_path: Path, width: int) -> None:
    """The centred reading column never runs past the pane's right edge, whatever the width."""
    make_application()
    win = open_window(db_path)
    qtbot.addWidget(win)
    win.resize(width, 860)
    win.show()
    qtbot.waitExposed(win)
    for view in win.views:
        block, widest = view.document().begin(), 0.0
        while block.isValid():
            layout = block.layout()
            widest = max([widest] + [layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())])
            block = block.next()
        assert 0 < widest <= view.viewport().width()


def test_zoom_changes_both_panes_and_resets(window: MainWindow) -> None:
    base = window.views[0].font().pointSize()
    window.actions_by_id["view.zoom_in"].trigger()
    assert [v.font().pointSize() for v in window.views] == [base + 1, base + 1]
    window.actions_by_id["view.zoom_reset"].trigger()
    assert window.views[1].font().pointSize() == base


def test_library_lists_every_document_with_era(window: MainWindow) -> None:
    from viewer.store.documents import list_documents
    from viewer.ui.library_dialog import LibraryDialog

    dialog = LibraryDialog(list_documents(window.store), (1, 2), window)
    assert dialog.table.rowCount() == 2
    assert {dialog.table.item(r, 1).text() for r in range(2)} == {"c. 2000", "2023"}
    dialog.table.selectRow(1)
    dialog._assign(0)
    assert dialog.pair[0] == 2


def test_the_texts_paint_first_and_the_panels_fill_their_docks_just_after(qtbot: QtBot, db_path: Path) -> None:
    make_application()
    win = open_window(db_path)
    qtbot.addWidget(win)
    docks = (win.entity_dock, win.annotation_dock)
    assert [dock.widget() for dock in docks] == [None, None]  # not built before the pair has painted
    win.show()
    qtbot.waitUntil(lambda: all(dock.widget() is not None for dock in docks))
    assert [dock.widget() for dock in docks] == [win.entity_panel, win.annotation_panel]
    assert win.entity_panel.isVisible()  # the entity dock is the one in front
