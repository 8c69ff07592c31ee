"""CSV and XLSX: one row per annotation, every field a column, built with pandas.

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


def frame(excerpts: Sequence[Excerpt], *, for_excel: bool = False) -> pd.DataFrame:
    """The table as a DataFrame of safe cells."""
    import pandas as pd

    return pd.DataFrame(rows(excerpts, for_excel=for_excel), columns=list(COLUMNS))


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
    # openpyxl's write-only mode streams rows: pandas' own to_excel builds every cell
    # as an object first and takes three times as long on 10,000 annotations.
    from openpyxl import Workbook

    df = frame(excerpts, for_excel=True)
    if options.xlsx_sheets == "document" and len(df):
        keys = list(dict.fromkeys(df["document_sha256"]))
        titles = [str(df.loc[df["document_sha256"] == k, "document_title"].iloc[0]).lstrip("'") for k in keys]
        parts = [(name, df[df["document_sha256"] == k]) for name, k in zip(sheet_names(titles), keys)]
    else:
        parts = [("Annotations", df)]
    book = Workbook(write_only=True)
    for name, part in parts:
        _write_sheet(book.create_sheet(name), part)
    book.save(path)


def _write_sheet(sheet: Any, part: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for i, col in enumerate(COLUMNS, start=1):
        longest = int(part[col].astype(str).str.len().max()) if len(part) else 0
        sheet.column_dimensions[get_column_letter(i)].width = min(max(len(col), longest) + 2, _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(part) + 1}"
    bold = Font(bold=True)
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(sheet, value=col)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrapped = [COLUMNS.index(c) for c in _WRAPPED]
    for values in part.itertuples(index=False, name=None):
        row = [v if v != "" else None for v in values]  # empty cells are not written at all
        for i in wrapped:
            if row[i] is not None and "\n" in row[i]:
                cell = WriteOnlyCell(sheet, value=row[i])
                cell.alignment = wrap
                row[i] = cell
        sheet.append(row)
