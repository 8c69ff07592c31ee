"""Where the window's remembered state lives (geometry, splitter, zoom, last pair).

An INI file named by ``$DIPTYCH_SETTINGS`` when set (tests use a temporary one),
otherwise the platform's usual place for the application's settings.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ENV_VAR = "DIPTYCH_SETTINGS"


def open_settings() -> QSettings:
    path = os.environ.get(ENV_VAR)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Diptych", "Diptych")
