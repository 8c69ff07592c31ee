"""Run slow, Qt-free work (recognition, export) off the GUI thread.

``run_in_background(fn, on_done, on_progress)`` calls ``fn(progress)`` in Qt's global
thread pool; ``progress(done, total)`` may be called from the worker and arrives in
the GUI thread as a queued signal. The result, or the exception, arrives the same way,
so widgets never touch the worker's objects across threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid


class Cancelled(Exception):
    """Raised inside a worker, at its next progress report, once its owner has gone."""


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, owner: QObject, fn: Callable[[Callable[[int, int], None]], Any]) -> None:
        super().__init__()
        self.owner = owner
        self.fn = fn
        self.cancelled = False
        self.signals = _Signals()

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except Cancelled:
            pass  # nobody is waiting for it any more
        except Exception as exc:  # reported in the GUI thread, never swallowed
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)
        finally:
            _running.discard(self)


_running: set[_Task] = set()


def cancel_owned_by(owner: QObject) -> None:
    """Stop the tasks a closing window started, at their next progress report."""
    for task in list(_running):
        if task.owner is owner:
            task.cancelled = True


def wait_for_all() -> None:
    """Cancel every task and wait for the threads: Python must not exit under them."""
    for task in list(_running):
        task.cancelled = True
    QThreadPool.globalInstance().waitForDone()


def run_in_background(owner: QObject, fn: Callable[[Callable[[int, int], None]], Any],
                      on_done: Callable[[Any], None],
                      on_failed: Callable[[BaseException], None],
                      on_progress: Callable[[int, int], None] | None = None) -> _Signals:
    """Callbacks run only while ``owner`` exists: a window closed mid-task hears nothing."""

    def guarded(callback: Callable[..., None]) -> Callable[..., None]:
        return lambda *args: callback(*args) if isValid(owner) else None

    task = _Task(owner, fn)
    _running.add(task)
    task.signals.done.connect(guarded(on_done))
    task.signals.failed.connect(guarded(on_failed))
    if on_progress is not None:
        task.signals.progress.connect(guarded(on_progress))
    QThreadPool.globalInstance().start(task)
    return task.signals  # keep a reference while the task runs
