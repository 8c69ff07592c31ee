"""Every action of the window, declared once: id, label, shortcut, menu, tip.

The window builds its menus and toolbar from this table and binds each id to a
handler; nothing else defines a shortcut. Shortcuts use Qt's standard keys where
one exists so each platform gets its own convention.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    checkable: bool = False
    toolbar: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.import", "&Import Document…", "&File", StandardKey.Open,
               "Add a .txt, .md or .html document to the library", toolbar=True),
    ActionSpec("file.import_corrected", "Import &Corrected Version…", "&File", None,
               "Replace the focused pane's text with a corrected version; annotations are placed again"),
    ActionSpec("file.library", "&Library…", "&File", "Ctrl+L",
               "Choose which two documents to compare", toolbar=True),
    ActionSpec("file.export", "&Export Annotations…", "&File", "Ctrl+E",
               "Write annotated excerpts to Markdown, HTML, CSV, Excel, JSON-LD or REFI-QDA", toolbar=True),
    ActionSpec("file.quit", "&Quit", "&File", StandardKey.Quit),
    ActionSpec("edit.undo", "&Undo", "&Edit", StandardKey.Undo),
    ActionSpec("edit.redo", "&Redo", "&Edit", StandardKey.Redo),
    ActionSpec("edit.find", "&Find in Both…", "&Edit", StandardKey.Find,
               "Search both documents at once", toolbar=True),
    ActionSpec("edit.find_next", "Find &Next", "&Edit", "Ctrl+G"),
    ActionSpec("edit.find_previous", "Find &Previous", "&Edit", "Ctrl+Shift+G"),
    ActionSpec("view.swap", "&Swap Panes", "&View", "Ctrl+Shift+S",
               "Exchange the left and right documents", toolbar=True),
    ActionSpec("view.sync_scroll", "S&ynchronised Scrolling", "&View", "Ctrl+Shift+Y",
               "Scroll both panes together", checkable=True, toolbar=True),
    ActionSpec("view.aligned_scroll", "&Aligned Scrolling", "&View", "Ctrl+Shift+J",
               "When scrolling together, keep passages naming the same entities level", checkable=True),
    ActionSpec("view.zoom_in", "Zoom &In", "&View", StandardKey.ZoomIn),
    ActionSpec("view.zoom_out", "Zoom &Out", "&View", StandardKey.ZoomOut),
    ActionSpec("view.zoom_reset", "&Actual Size", "&View", "Ctrl+0"),
    ActionSpec("view.focus_other", "Focus &Other Pane", "&View", "F6"),
    ActionSpec("view.entities", "&Entity Panel", "&View", "Ctrl+Shift+E",
               "Show or hide the table of entities in both documents", checkable=True, toolbar=True),
    ActionSpec("view.annotations", "&Annotations Panel", "&View", "Ctrl+Shift+L",
               "Show or hide the list of annotations", checkable=True, toolbar=True),
    ActionSpec("annotate.add", "&Annotate Selection…", "&Annotate", "Ctrl+Shift+A",
               "Add a note, tags and a colour to the selected passage", toolbar=True),
    ActionSpec("annotate.link", "&Link Passages…", "&Annotate", "Ctrl+Shift+K",
               "Link the passage selected in the left pane to the one selected in the right", toolbar=True),
    ActionSpec("entity.next", "&Next Mention", "E&ntities", "F3",
               "Next mention of the selected entity in the focused pane"),
    ActionSpec("entity.previous", "&Previous Mention", "E&ntities", "Shift+F3",
               "Previous mention of the selected entity in the focused pane"),
    ActionSpec("entity.clear", "&Clear Selection", "E&ntities", "Esc"),
)
