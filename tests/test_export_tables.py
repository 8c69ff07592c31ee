"""CSV and XLSX: one row per annotation, every field a column, no cell a spreadsheet would run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from test_export_model import FORMULA, IDS, NEW, OLD, sample_excerpts

from viewer.core.export import ExportOptions, export
from viewer.core.export.tables import COLUMNS, sheet_names

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_csv_has_a_header_and_one_row_per_annotation(tmp_path: Path) -> None:
    path = tmp_path / "annotations.csv"
    export(sample_excerpts(), ExportOptions(format="csv"), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    df = _read_csv(path)
    assert tuple(df.columns) == COLUMNS
    assert list(df["annotation_id"]) == IDS
    first = df.iloc[0]
    assert first["quote"] == '"Taleban" — said Ahmad Shah Massoud'
    assert first["tags"] == "policy/recognition; actors"
    assert first["linked_relation"] == "contrasts\nmy own: echo"
    assert first["document_sha256"] == OLD.sha256 and int(first["start"]) == OLD.text.index('"Taleban"')
    assert df.iloc[1]["quote"] == "flags 🇰🇿 and a family 👩‍👩‍👧"
    assert df.iloc[2]["quote"] == "margin.\n<script>alert(1)</script> & more *stars*"


def test_no_csv_cell_starts_like_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "annotations.csv"
    export(sample_excerpts(), ExportOptions(format="csv"), path)
    df = _read_csv(path)
    cells = [str(v) for v in df.drop(columns=["start", "end", "document_id"]).to_numpy().ravel()]
    assert not [c for c in cells if c.startswith(_DANGEROUS)]
    assert df.iloc[1]["tags"] == "'" + FORMULA
    assert df.iloc[1]["note"] == "'+SUM(A1)\r\n@mention\ttab"
    assert df.iloc[1]["author"] == "'-dash"
    assert df.iloc[3]["document_title"] == NEW.title  # only a leading character is a risk


@pytest.mark.parametrize("sheets", ["single", "document"])
def test_xlsx_reads_back_with_pandas(tmp_path: Path, sheets: str) -> None:
    path = tmp_path / "annotations.xlsx"
    export(sample_excerpts(), ExportOptions(format="xlsx", xlsx_sheets=sheets), path)  # type: ignore[arg-type]
    frames = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    if sheets == "single":
        assert list(frames) == ["Annotations"]
    else:
        # ":" is not allowed, and 31 characters at most.
        assert list(frames) == ["Kazakstan Builds Bridges", "Brief =Kazakhstan & the ‘Taliban’"[:31]]
        assert [len(f) for f in frames.values()] == [3, 2]
    df = pd.concat(frames.values())
    assert tuple(df.columns) == COLUMNS
    assert sorted(df["annotation_id"]) == sorted(IDS)
    quotes = set(df["quote"])
    assert "flags 🇰🇿 and a family 👩‍👩‍👧" in quotes
    assert "margin.\n<script>alert(1)</script> & more *stars*" in quotes
    cells = [str(v) for v in df.drop(columns=["start", "end", "document_id"]).to_numpy().ravel()]
    assert not [c for c in cells if c.startswith(_DANGEROUS)]
    # XML cannot hold a bell character; the rest of the note survives.
    assert "bell in a note; 𝟘𝟙𝟚" in set(df["note"])


def test_xlsx_has_a_bold_frozen_header_and_fitted_columns(tmp_path: Path) -> None:
    path = tmp_path / "annotations.xlsx"
    export(sample_excerpts(), ExportOptions(format="xlsx"), path)
    sheet = load_workbook(path)["Annotations"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    widths = {sheet.cell(1, i + 1).value: sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width
              for i in range(len(COLUMNS))}
    assert widths["start"] < widths["quote"] <= 60
    assert widths["document_sha256"] == 60  # a 64-character hash, capped
    assert sheet["C2"].data_type == "s" and sheet["J2"].data_type == "n"  # text stays text, offsets numbers


def test_sheet_names_follow_excels_rules() -> None:
    names = sheet_names(["A/B: c?", "History", "x" * 40, "x" * 40, "'quoted'", "", "a/b: C?"])
    assert names[0] == "A B c"
    assert names[1] != "History"
    assert len(names[2]) == 31 and names[3].endswith("(2)") and len(names[3]) <= 31
    assert names[4] == "quoted" and names[5] == "Sheet"
    assert names[6].casefold() != names[0].casefold()
    assert all(1 <= len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
