"""File ▸ Export Annotations in the real window: live preview, writing the file, remembered
choices, an unwritable destination, exporting only the annotations selected in the panel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from viewer.ops import annotations as ops
from viewer.ui.export_dialog import PREVIEW_DELAY_MS, ExportDialog
from viewer.ui.main_window import MainWindow

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)>"


def annotate(win: MainWindow, slot: int, phrase: str, **fields: Any) -> str:
    doc = win.comparison.document(slot)
    assert doc is not None
    start = doc.text.index(phrase)
    return ops.create_annotation(win.store, ops.Selection(doc.id, start, start + len(phrase)), **fields).value.id


@pytest.fixture
def annotated(window: MainWindow) -> tuple[MainWindow, list[str]]:
    """The window with three annotations: two on the 2000 article, one (untagged) on the 2023 brief."""
    ids = [
        annotate(window, 0, "Astana moves closer to establishing ties", note=HOSTILE, tags=["policy/recognition"]),
        annotate(window, 0, "Kazakstan has become the latest Central Asian state", note="Regional turn",
                 tags=["trade"]),
        annotate(window, 1, "Humanitarian aid has also been at the center", note="Aid as the constant"),
    ]
    window.refresh_store_views()
    return window, ids


def open_dialog(qtbot: Any, win: MainWindow) -> ExportDialog:
    win.actions_by_id["file.export"].trigger()
    dialogs = [d for d in win.findChildren(ExportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def choose(dialog: ExportDialog, fmt: str, path: Path | None = None) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    if path is not None:
        dialog.path.setText(str(path))


def export_and_wait(qtbot: Any, dialog: ExportDialog) -> None:
    dialog.refresh()  # the count behind the Export button, without waiting for the timer
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def closed(dialog: ExportDialog) -> bool:
    """The dialog closes itself once the file is written (and is deleted soon after)."""
    return not isValid(dialog) or not dialog.isVisible()


def test_preview_follows_format_and_grouping_and_shows_a_hostile_note_as_text(
        qtbot: Any, annotated: tuple[MainWindow, list[str]]) -> None:
    window, _ = annotated
    dialog = open_dialog(qtbot, window)
    choose(dialog, "md")
    qtbot.waitUntil(lambda: dialog.preview.currentWidget() is dialog.source_view, timeout=5000)
    markdown = dialog.source_view.toPlainText()
    assert markdown.startswith("# Annotated excerpts")
    assert "\\<script>alert(1)" in markdown  # the source shows how the file neutralises raw HTML

    choose(dialog, "html")
    qtbot.waitUntil(lambda: dialog.preview.currentWidget() is dialog.page_view, timeout=5000)
    shown = dialog.page_view.toPlainText()
    assert HOSTILE in shown  # the note reads as the characters typed, not as markup
    assert "Untagged" not in shown

    dialog.group_by.setCurrentIndex(dialog.group_by.findData("tag"))
    qtbot.waitUntil(lambda: "Untagged" in dialog.page_view.toPlainText(), timeout=5000)
    shown = dialog.page_view.toPlainText()
    assert shown.index("policy/recognition") < shown.index("trade") < shown.index("Untagged")

    choose(dialog, "xlsx")
    qtbot.waitUntil(lambda: dialog.preview.currentWidget() is dialog.description, timeout=5000)
    assert "sheet per document" in dialog.description.text()
    assert dialog.sheets.isEnabled() and not dialog.group_by.isEnabled()
    assert dialog.path.text().endswith(".xlsx")


def test_the_preview_waits_for_a_pause_in_typing(qtbot: Any, annotated: tuple[MainWindow, list[str]]) -> None:
    window, _ = annotated
    dialog = open_dialog(qtbot, window)
    choose(dialog, "md")
    dialog.refresh()
    dialog.title.setText("Weekly brief")
    assert "# Weekly brief" not in dialog.source_view.toPlainText()
    qtbot.wait(PREVIEW_DELAY_MS // 2)
    dialog.title.setText("Weekly brief, week 2")
    qtbot.waitUntil(lambda: "# Weekly brief, week 2" in dialog.source_view.toPlainText(), timeout=5000)


def test_export_writes_the_file_and_the_next_dialog_remembers_it(
        qtbot: Any, tmp_path: Path, annotated: tuple[MainWindow, list[str]]) -> None:
    window, ids = annotated
    dialog = open_dialog(qtbot, window)
    assert not dialog.scope_buttons["selection"].isEnabled()  # nothing is selected in the panel
    dialog.set_scope("all")
    target = tmp_path / "brief.csv"
    choose(dialog, "csv", target)
    export_and_wait(qtbot, dialog)
    assert closed(dialog)
    table = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert sorted(table["annotation_id"]) == sorted(ids)
    assert HOSTILE in set(table["note"])
    assert str(target) in window.statusBar().currentMessage()
    assert "3 annotations" in window.statusBar().currentMessage()

    again = open_dialog(qtbot, window)
    assert again.fmt == "csv" and again.scope_key() == "all"
    assert again.path.text() == str(target)
    choose(again, "md")
    assert again.path.text() == str(tmp_path / "brief.md")


def test_an_unwritable_destination_is_explained_and_nothing_is_written(
        qtbot: Any, tmp_path: Path, annotated: tuple[MainWindow, list[str]]) -> None:
    window, _ = annotated
    dialog = open_dialog(qtbot, window)
    target = tmp_path / "no such folder" / "brief.html"
    choose(dialog, "html", target)
    export_and_wait(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "does not exist" in dialog.error.text() and "Nothing was written" in dialog.error.text()
    assert not target.parent.exists() and list(tmp_path.glob("**/*.part")) == []
    assert dialog.export_button.isEnabled() and dialog.form.isEnabled()

    # A folder where a file was expected: also refused, and the folder is left alone.
    choose(dialog, "html", tmp_path)
    export_and_wait(qtbot, dialog)
    assert "is a folder" in dialog.error.text()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_selected_annotations_are_all_that_is_exported(
        qtbot: Any, tmp_path: Path, annotated: tuple[MainWindow, list[str]]) -> None:
    window, ids = annotated
    chosen = [ids[0], ids[2]]
    window.annotation_panel.select_ids(chosen)
    dialog = open_dialog(qtbot, window)
    assert dialog.scope_buttons["selection"].isEnabled()
    assert "(2)" in dialog.scope_buttons["selection"].text()
    dialog.set_scope("selection")
    target = tmp_path / "selected.xlsx"
    choose(dialog, "xlsx", target)
    dialog.sheets.setCurrentIndex(dialog.sheets.findData("document"))
    dialog.refresh()
    assert "2 annotations" in dialog.summary.text()
    export_and_wait(qtbot, dialog)
    sheets = pd.read_excel(target, sheet_name=None, dtype=str, keep_default_na=False)
    assert len(sheets) == 2  # one sheet for each document
    assert sorted(pd.concat(sheets.values())["annotation_id"]) == sorted(chosen)


def test_tag_scope_needs_a_tag_and_takes_its_children(
        qtbot: Any, annotated: tuple[MainWindow, list[str]]) -> None:
    window, _ = annotated
    dialog = open_dialog(qtbot, window)
    dialog.set_scope("tags")
    dialog.refresh()
    assert not dialog.export_button.isEnabled() and "Tick" in dialog.summary.text()
    dialog.set_checked_tags(["policy"])
    dialog.refresh()
    assert "1 annotation " in dialog.summary.text()  # "policy/recognition" is a child of "policy"


def test_a_large_preview_shows_a_sample(qtbot: Any, window: MainWindow) -> None:
    doc = window.comparison.document(0)
    assert doc is not None
    with window.store.write():
        for i in range(250):
            ops.create_annotation(window.store, ops.Selection(doc.id, i, i + 20), note=f"n{i}")
    dialog = open_dialog(qtbot, window)
    choose(dialog, "html")
    dialog.refresh()
    assert "first 200 of 250" in dialog.preview_caption.text()
    assert "250 annotations" in dialog.summary.text()


def test_an_existing_file_is_replaced_only_when_the_analyst_agrees(
        qtbot: Any, tmp_path: Path, annotated: tuple[MainWindow, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, _ = annotated
    target = tmp_path / "brief.md"
    target.write_text("last week's brief", encoding="utf-8")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    dialog = open_dialog(qtbot, window)
    choose(dialog, "md", target)
    export_and_wait(qtbot, dialog)
    assert target.read_text(encoding="utf-8") == "last week's brief" and dialog.isVisible()
    export_and_wait(qtbot, dialog)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    assert target.read_text(encoding="utf-8").startswith("# Annotated excerpts")
