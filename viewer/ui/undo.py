"""Undo and redo of store actions, through one QUndoStack.

Every action in ``viewer.ops`` returns its inverse: an object whose
``apply(store)`` reverts the action in one transaction and returns the inverse of
*that*, so undo and redo are the same move. The action has already run when its
command is pushed, so the first ``redo`` (which Qt calls on push) does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from viewer.store import Store


class Inverse(Protocol):
    def apply(self, store: Store) -> Any: ...


class StoreCommand(QUndoCommand):
    def __init__(self, text: str, inverse: Inverse, store: Store, changed: Callable[[], None]) -> None:
        super().__init__(text)
        self._inverse = inverse
        self._store = store
        self._changed = changed
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # the action itself already ran
            self._pushed = True
            return
        self._flip()

    def undo(self) -> None:
        self._flip()

    def _flip(self) -> None:
        self._inverse = self._inverse.apply(self._store)
        self._changed()
