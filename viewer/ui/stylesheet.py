"""Diptych's style sheet (``resources/styles/diptych.qss``), set on the few widgets it styles.

Set on the whole application instead, it would make Qt match its rules against
every widget it polishes (menus, tables, docks, every label), about 5 ms of a
cold start for rules that only the pane headers, the find bar and the splitter's
handles use.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtWidgets import QWidget

from viewer.paths import RESOURCES


@cache
def style_sheet() -> str:
    return (RESOURCES / "styles" / "diptych.qss").read_text(encoding="utf-8")


def apply_style(widget: QWidget) -> None:
    """Style ``widget`` and its children with the sheet (its rules name them by object name)."""
    widget.setStyleSheet(style_sheet())
