"""Shared fixtures: a real SQLite file per test, the seeded pair, isolated Qt settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from viewer.ops.documents import seed_pair  # noqa: E402
from viewer.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
STANDARDS = SHARED / "standards"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def seeded(store: Store) -> tuple[Store, int, int]:
    """A store holding the sample pair: (store, id of the 2000 article, id of the 2023 brief)."""
    old, new = seed_pair(store)
    return store, old, new


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own settings file, so no test sees another's remembered state."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("DIPTYCH_SETTINGS", str(path))
    return path


@pytest.fixture
def window(qtbot: Any, db_path: Path) -> Any:
    """The real main window on a fresh data.db, shown offscreen (it opens the sample pair)."""
    from viewer.ui.app import make_application, open_window

    make_application()
    win = open_window(db_path)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture(scope="session", autouse=True)
def no_worker_outlives_the_tests(qapp: Any) -> Iterator[None]:
    """Windows start recognition threads; Python must not exit while one still runs.
    Asks for ``qapp`` so this runs before the application (and its thread pool) goes."""
    yield
    if "viewer.ui.workers" in sys.modules:
        sys.modules["viewer.ui.workers"].wait_for_all()
