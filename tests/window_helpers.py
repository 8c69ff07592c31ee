"""Steps the window tests share: what a person does with the mouse, as one call."""

from __future__ import annotations

from viewer.ui.main_window import MainWindow


def select(win: MainWindow, slot: int, phrase: str) -> tuple[int, int]:
    """Select the first occurrence of ``phrase`` in the pane ``slot`` and focus that pane;
    returns the selection in code points."""
    view = win.views[slot]
    start = view.toPlainText().index(phrase)
    view.setFocus()
    win._last_focused = slot
    view.reveal(start, start + len(phrase))
    return start, start + len(phrase)
