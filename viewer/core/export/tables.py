"""CSV and XLSX: one row per annotation, every field a column (pandas writes the CSV).

Spreadsheets execute cells that look like formulas, so any text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
apostrophe (OWASP's advice for CSV injection). XLSX cells also lose characters
XML cannot carry and are cut at Excel's 32,767-character limit. The XLSX has a
bold, frozen, filterable header row and column widths fitted to the content, on
one sheet or on a sheet per document named within Excel's rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.export.model import Excerpt, ExportOptions, Link

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "annotation_id", "document_id", "document_title", "document_author", "document_publisher",
    "document_date", "era", "document_source", "document_sha256", "start", "end",
    "context_before", "quote", "context_after", "note", "tags", "color", "color_hex",
    "author", "created", "modified", "status", "entities",
    "linked_relation", "linked_document", "linked_quote", "linked_start", "linked_end", "link_note",
)
_NUMERIC = {"document_id", "start", "end"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
EXCEL_CELL_LIMIT = 32_767
_MAX_WIDTH = 60
_LIST_SEP = "; "
_LINK_SEP = "\n"  # one line per link inside a cell
#: Long text columns that wrap where the text has line breaks.
_WRAPPED = ("context_before", "quote", "context_after", "note", "linked_relation", "linked_document",
            "linked_quote", "link_note")


def neutralise(value: str) -> str:
    """A cell value no spreadsheet will run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def rows(excerpts: Sequence[Excerpt], *, for_excel: bool = False) -> list[dict[str, Any]]:
    """The table's rows as dicts of safe cells, in ``COLUMNS`` order."""
    out = []
    for ex in excerpts:
        d = ex.doc
        sides = [link.counterpart(ex) for link in ex.links]
        row: dict[str, Any] = {
            "annotation_id": ex.id, "document_id": d.id, "document_title": d.title,
            "document_author": d.author, "document_publisher": d.publisher, "document_date": d.date,
            "era": d.era, "document_source": d.source, "document_sha256": d.sha256,
            "start": ex.start, "end": ex.end, "context_before": ex.prefix, "quote": ex.quote,
            "context_after": ex.suffix, "note": ex.note, "tags": _LIST_SEP.join(ex.tags),
            "color": ex.color.name if ex.color else "", "color_hex": ex.color.hex if ex.color else "",
            "author": ex.author, "created": ex.created, "modified": ex.modified, "status": ex.status,
            "entities": _LIST_SEP.join(ex.entities),
            "linked_relation": _LINK_SEP.join(link.relation for link in ex.links),
            "linked_document": _LINK_SEP.join(p.doc.label for p in sides),
            "linked_quote": _LINK_SEP.join(p.quote.replace("\n", " ") for p in sides),
            "linked_start": _LINK_SEP.join(str(p.start) for p in sides),
            "linked_end": _LINK_SEP.join(str(p.end) for p in sides),
            "link_note": _LINK_SEP.join(link.note.replace("\n", " ") for link in ex.links),
        }
        for key, value in row.items():
            if isinstance(value, str) and value:
                if for_excel:
                    value = _XML_ILLEGAL.sub("", value)[: EXCEL_CELL_LIMIT - 1]
                row[key] = neutralise(value)
        out.append(row)
    return out


def frame(excerpts: Sequence[Excerpt]) -> pd.DataFrame:
    """The table as a DataFrame of safe cells."""
    import pandas as pd

    return pd.DataFrame(rows(excerpts), columns=list(COLUMNS))


def write_csv(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions, path: Path) -> None:
    # A BOM so that Excel reads UTF-8 rather than the local code page.
    frame(excerpts).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Valid, distinct Excel sheet names for ``titles``, in order.

    Excel's rules: 1 to 31 characters, none of ``[ ] : * ? / \\``, not beginning or
    ending with an apostrophe, not "History", unique regardless of case.
    """
    used: set[str] = set()
    names = []
    for title in titles:
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", _XML_ILLEGAL.sub("", title)).split()).strip("'").strip() or "Sheet"
        if base.casefold() == "history":
            base = "History (document)"
        name, n = base[:31].rstrip(), 1
        while name.casefold() in used:
            n += 1
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)].rstrip() + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def write_xlsx(excerpts: Sequence[Excerpt], links: Sequence[Link], options: ExportOptions, path: Path) -> None:
    # xlsxwriter rather than openpyxl: 1.5 s instead of 2.1 s for 10,000 annotations
    # (bench/export.py). In memory, so that a failure leaves no temporary file behind.
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    table = rows(excerpts, for_excel=True)
    if options.xlsx_sheets == "document" and table:
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for row in table:
            by_doc.setdefault(row["document_sha256"], []).append(row)
        titles = [str(part[0]["document_title"]).lstrip("'") for part in by_doc.values()]
        parts = list(zip(sheet_names(titles), by_doc.values()))
    else:
        parts = [("Annotations", table)]
    # Cells are written with write_string/write_number, never guessed at; these options
    # make sure nothing could ever turn a string into a formula, a number or a hyperlink.
    book = xlsxwriter.Workbook(str(path), {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for name, part in parts:
        _write_sheet(book.add_worksheet(name), part, bold, wrap)
    try:
        book.close()
    except FileCreateError as exc:  # wraps the OSError that export() explains
        raise exc.args[0] from None


def _write_sheet(sheet: Any, part: list[dict[str, Any]], bold: Any, wrap: Any) -> None:
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(part), len(COLUMNS) - 1)
    sheet.write_row(0, 0, COLUMNS, bold)
    widths = [len(col) for col in COLUMNS]
    wrapped = {COLUMNS.index(c) for c in _WRAPPED}
    for r, row in enumerate(part, start=1):
        for c, value in enumerate(row.values()):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
                size = len(str(value))
            elif value:  # empty cells are not written at all
                sheet.write_string(r, c, value, wrap if c in wrapped and "\n" in value else None)
                size = len(value)
            else:
                continue
            if size > widths[c]:
                widths[c] = size
    for c, width in enumerate(widths):
        # xlsxwriter stores a width plus Excel's 5-pixel cell padding (5/7 of a character):
        # taking it off keeps the stored width at what we measured.
        sheet.set_column(c, c, min(width + 2, _MAX_WIDTH) - 5 / 7)
