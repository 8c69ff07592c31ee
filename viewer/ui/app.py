"""Start the GUI: one QApplication, one Store, one window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.core.errors import DiptychError
from viewer.store import Store
from viewer.ui.comparison import Comparison
from viewer.ui.main_window import MainWindow
from viewer.ui.workers import wait_for_all


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Diptych")
    app.setOrganizationName("Diptych")
    return app  # type: ignore[return-value]


def open_window(db_path: Path) -> MainWindow:
    """The window on ``db_path``; raises DiptychError if the store cannot be used."""
    store = Store(db_path)
    return MainWindow(store, Comparison())


def run_app(db_path: Path) -> int:
    app = make_application()
    try:
        window = open_window(db_path)
    except DiptychError as exc:
        QMessageBox.critical(None, "Diptych cannot open its database", str(exc))
        return 1
    window.show()
    code = app.exec()
    wait_for_all()
    return code
