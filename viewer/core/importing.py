"""Read a file from disk into a ParsedText, refusing anything that is not a document.

This is the single entry point for every import, from the CLI, the File menu and
drag and drop. It only reads; storing is the store's job.
"""

from __future__ import annotations

from pathlib import Path

from viewer.core.decoding import decode_bytes
from viewer.core.document import ParsedText
from viewer.core.errors import ImportRefused
from viewer.core.formats import format_for, parse

#: Largest file accepted. The longest books we target are ~1 MB; 20 MB is a
#: multi-volume work, and anything larger is almost certainly not a text to read.
MAX_BYTES = 20 * 1024 * 1024


def read_document(path: Path | str) -> tuple[ParsedText, str]:
    """Return the canonical text and structure of the file, and its format name."""
    path = Path(path)
    fmt = format_for(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportRefused(f"{path} is not a file.")
        if size > MAX_BYTES:
            raise ImportRefused(
                f"{path.name} is {size / 1_048_576:.1f} MB; Diptych imports documents of at most "
                f"{MAX_BYTES // 1_048_576} MB. Split the file and import the parts."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"{path} does not exist.") from None
    except PermissionError:
        raise ImportRefused(f"{path} cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path} is a folder, not a document.") from None
    except OSError as exc:
        raise ImportRefused(f"{path} cannot be read: {exc.strerror or exc}.") from None
    text, _encoding = decode_bytes(data, name=path.name)
    parsed = parse(text, fmt)
    if not parsed.text.strip():
        raise ImportRefused(f"{path.name} has no readable text once its markup is removed.")
    return parsed, fmt
