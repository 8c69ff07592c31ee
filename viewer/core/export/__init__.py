"""Exporting annotated excerpts to files, and reading our interchange files back.

``export`` is the one entry point the dialog and the CLI share: it picks the
format's writer, writes to a temporary file in the destination folder and renames
it over the destination only once the file is complete, so a failed or interrupted
export never leaves a half-written file. ``read_annotations`` reads a JSON-LD or
.qdpx file back into the same dataclasses. Everything here is Qt-free and knows
nothing of the store; ``viewer.ops.export`` gathers the excerpts.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path

from viewer.core.errors import DiptychError
from viewer.core.export.model import (
    EXTENSIONS, FORMATS, Color, DocInfo, Excerpt, ExportOptions, Format, Link, Passage, ReadBack,
    unique_links,
)

__all__ = [
    "EXTENSIONS", "FORMATS", "Color", "DocInfo", "Excerpt", "ExportOptions", "Format", "Link",
    "Passage", "ReadBack", "export", "read_annotations", "render_preview",
]

Writer = Callable[[Sequence[Excerpt], Sequence[Link], ExportOptions, Path], None]


def _writer(fmt: str) -> Writer:
    # Imported on demand: only the chosen format's module (and pandas for tables) loads.
    if fmt == "md":
        from viewer.core.export.markdown import write_markdown
        return write_markdown
    if fmt == "html":
        from viewer.core.export.html import write_html
        return write_html
    if fmt == "csv":
        from viewer.core.export.tables import write_csv
        return write_csv
    if fmt == "xlsx":
        from viewer.core.export.tables import write_xlsx
        return write_xlsx
    if fmt == "jsonld":
        from viewer.core.export.jsonld import write_jsonld
        return write_jsonld
    if fmt == "qdpx":
        from viewer.core.export.qdpx import write_qdpx
        return write_qdpx
    raise DiptychError(f"Unknown export format “{fmt}”; choose one of {', '.join(FORMATS)}.")


def render_preview(excerpts: Sequence[Excerpt], options: ExportOptions, links: Sequence[Link] = ()) -> str:
    """The Markdown or HTML text an export would write, for a live preview."""
    every = unique_links(excerpts, links)
    if options.format == "html":
        from viewer.core.export.html import render_html
        return render_html(excerpts, every, options)
    from viewer.core.export.markdown import render_markdown
    return render_markdown(excerpts, every, options)


def export(excerpts: Sequence[Excerpt], options: ExportOptions, path: Path | str,
           links: Sequence[Link] = ()) -> Path:
    """Write ``excerpts`` to ``path`` in ``options.format``; all of the file or none of it.

    ``links`` are links in scope that no excerpt carries (between two passages that are
    not annotations); every format but the tables includes them.

    Raises DiptychError with a plain message when the destination cannot be written;
    an existing file at ``path`` is then left as it was.
    """
    path = Path(path)
    write = _writer(options.format)
    if path.is_dir():
        raise DiptychError(f"Cannot export to {path}: it is a folder. Give a file name.")
    # Not mkstemp: its 0600 mode would survive the rename; os.open applies the umask.
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        write(excerpts, unique_links(excerpts, links), options, tmp)
        _fsync(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _fsync(path: Path) -> None:
    # The rename must not reach the disk before the data it names.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unwritable(path: Path, exc: OSError) -> DiptychError:
    if not path.parent.exists():
        why = f"the folder {path.parent} does not exist"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied"
    elif exc.errno == errno.ENOSPC:
        why = "the disk is full"
    else:
        why = exc.strerror or str(exc)
    return DiptychError(f"Cannot export to {path}: {why}. Nothing was written; choose another place.")


def read_annotations(path: Path | str) -> ReadBack:
    """Read a JSON-LD (.jsonld/.json) or REFI-QDA (.qdpx) file exported by Diptych or another tool."""
    path = Path(path)
    if not path.is_file():
        raise DiptychError(f"{path} does not exist or is not a file.")
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        from viewer.core.export.qdpx import read_qdpx
        return read_qdpx(path)
    if suffix in (".jsonld", ".json"):
        from viewer.core.export.jsonld import read_jsonld
        return read_jsonld(path)
    raise DiptychError(f"{path.name}: Diptych imports annotations from .jsonld and .qdpx files.")
