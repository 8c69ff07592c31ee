"""Errors a user can cause and should be told about in plain words.

Each carries a message fit to show in a dialog or print from the CLI as it is.
"""

from __future__ import annotations


class DiptychError(Exception):
    """Base class of every error Diptych reports to a person."""


class ImportRefused(DiptychError):
    """A file could not be imported; nothing was written."""


class DocumentNotFound(DiptychError):
    """A document reference (id or title prefix) matched nothing, or too much."""


class DuplicateDocument(ImportRefused):
    """The same canonical text is already in the library."""

    def __init__(self, existing_id: int, title: str) -> None:
        super().__init__(
            f"This text is already in the library as #{existing_id} “{title}”; nothing was added."
        )
        self.existing_id = existing_id


class StoreError(DiptychError):
    """The database file cannot be used as it is; it has not been changed."""
