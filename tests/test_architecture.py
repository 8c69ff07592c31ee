"""House rules that keep the layers apart, checked on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    """No Qt in viewer.core or viewer.store; ui above store above core (pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_no_sql_in_the_window() -> None:
    offenders = [p.name for p in (ROOT / "viewer" / "ui").rglob("*.py")
                 if any(word in p.read_text(encoding="utf-8") for word in ("sqlite3", "sqlite_utils", ".execute("))]
    assert offenders == []


def test_core_and_store_import_without_qt() -> None:
    code = ("import sys, viewer.core.importing, viewer.store.documents, viewer.ops.documents; "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
