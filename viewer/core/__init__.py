"""The Qt-free heart of Diptych: documents, text normalisation, offsets, search.

Nothing under ``viewer.core`` may import Qt or talk to SQLite; an import-linter
contract in ``pyproject.toml`` enforces it. Everything here is plain Python and is
unit-tested without a QApplication.
"""
