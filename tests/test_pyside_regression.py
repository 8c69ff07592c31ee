"""PySide6 6.12.0 on CPython 3.11 aborts after a few thousand void-returning calls
("Fatal Python error: none_dealloc"). Our pinned version must survive 100,000."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtGui import QTextCursor, QTextDocument
doc = QTextDocument("x" * 100)
cursor = QTextCursor(doc)
for i in range(100_000):
    cursor.setPosition(i % 100)
print("survived")
"""


def test_100k_void_returning_calls_do_not_crash_the_interpreter() -> None:
    # In a child process: the failure mode is an abort that would take pytest with it.
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
