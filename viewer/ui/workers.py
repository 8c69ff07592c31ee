"""Run slow, Qt-free work (recognition, export) off the GUI thread.

``run_in_background(owner, fn, on_done, on_failed, on_progress)`` calls
``fn(progress)`` in a Python thread; ``progress(done, total)`` may be called from
it and arrives in the GUI thread as a queued signal. The result, or the exception,
arrives the same way, and only while ``owner`` (the window) still exists. Plain
Python threads rather than Qt's pool, so that :func:`wait_for_all` can join every
one of them before the interpreter exits: a thread left inside spaCy's native
code at exit crashes the process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid


class Cancelled(Exception):
    """Raised inside a worker, at its next progress report, once its owner has gone."""


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Task:
    def __init__(self, owner: QObject, fn: Callable[[Callable[[int, int], None]], Any]) -> None:
        self.owner = owner
        self.fn = fn
        self.cancelled = False
        self.signals = _Signals()
        self.thread = threading.Thread(target=self.run, name="diptych-worker", daemon=True)

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
            outcome, payload = self.signals.done, result
        except Cancelled:
            return  # nobody is waiting for it any more
        except Exception as exc:  # reported in the GUI thread, never swallowed
            outcome, payload = self.signals.failed, exc
        finally:
            _running.discard(self)
        if not self.cancelled:
            outcome.emit(payload)


_running: set[_Task] = set()


def run_in_background(owner: QObject, fn: Callable[[Callable[[int, int], None]], Any],
                      on_done: Callable[[Any], None],
                      on_failed: Callable[[BaseException], None],
                      on_progress: Callable[[int, int], None] | None = None) -> _Signals:
    """Callbacks run only while ``owner`` exists: a window closed mid-task hears nothing."""

    def guarded(callback: Callable[..., None]) -> Callable[..., None]:
        return lambda *args: callback(*args) if isValid(owner) else None

    task = _Task(owner, fn)
    task.signals.done.connect(guarded(on_done))
    task.signals.failed.connect(guarded(on_failed))
    if on_progress is not None:
        task.signals.progress.connect(guarded(on_progress))
    _running.add(task)
    task.thread.start()
    return task.signals  # keep a reference while the task runs


def cancel_owned_by(owner: QObject) -> None:
    """Stop the tasks a closing window started, at their next progress report."""
    for task in list(_running):
        if task.owner is owner:
            task.cancelled = True


def wait_for_all(timeout_s: float = 120.0) -> None:
    """Cancel every task and join its thread: Python must not exit under them."""
    tasks = list(_running)
    for task in tasks:
        task.cancelled = True
    for task in tasks:
        task.thread.join(timeout_s)
