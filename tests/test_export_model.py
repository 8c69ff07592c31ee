"""Sample excerpts for every export test, and the export machinery shared by all formats.

``sample_excerpts`` is imported by the other ``test_export_*`` modules: two documents
of two eras whose texts and annotations carry astral characters, combining emoji,
quotes, newlines, tabs, control characters and strings hostile to HTML, Markdown and
spreadsheets.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from viewer.core.document import content_hash
from viewer.core.errors import DiptychError
from viewer.core.export import Color, DocInfo, Excerpt, ExportOptions, Link, Passage, export
from viewer.core.export.model import grouped, iso_utc, unique_links

HOSTILE_NOTE = 'See <script>alert("x")</script> & <img src=https://evil.example/x.png> **bold**'
FORMULA = "=cmd|' /C calc'!A0"

OLD_TEXT = (
    "Kazakstan Builds Bridges\n\n"
    "The \"Taleban\" — said Ahmad Shah Massoud — hold 90% of Kabul's roads.\n"
    "Letters in 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 and flags 🇰🇿 and a family 👩‍👩‍👧 appear.\n"
    f"{FORMULA} was written in the margin.\n"
    "<script>alert(1)</script> & more *stars* _under_ # hash | pipe\n"
    "    1. an indented list\n"
    "- a dash line\n"
)
NEW_TEXT = (
    "Kazakhstan in 2023\n\n"
    "Kazakh President Kassym-Jomart Tokayev spoke of the ‘Taliban’ régime.\n"
    "Tabs\there and a bell\x07 and 𝟘𝟙𝟚 digits.\n"
    "+SUM(A1) and @mention and -1 start lines.\n"
)


def _doc(doc_id: int, title: str, text: str, **meta: str) -> DocInfo:
    return DocInfo(id=doc_id, title=title, sha256=content_hash(text), text=text, **meta)


OLD = _doc(1, "Kazakstan Builds Bridges", OLD_TEXT, author="IWPR <staff>", publisher="IWPR",
           date="2000-05-01", era="c. 2000", source="https://iwpr.net/global-voices/kazakstan")
NEW = _doc(2, "Brief: =Kazakhstan & the ‘Taliban’", NEW_TEXT, author="CPC", date="2023-03-09",
           era="2023", source="Central Policy Centre, brief 12", language="en")
CONTEXT = 20


def _span(doc: DocInfo, quote: str) -> tuple[int, int]:
    start = doc.text.index(quote)
    return start, start + len(quote)


def excerpt(doc: DocInfo, quote: str, ident: str, **fields: object) -> Excerpt:
    start, end = _span(doc, quote)
    return Excerpt(id=ident, doc=doc, start=start, end=end, quote=quote,
                   prefix=doc.text[max(0, start - CONTEXT):start], suffix=doc.text[end:end + CONTEXT],
                   **fields)  # type: ignore[arg-type]


def passage(doc: DocInfo, quote: str, annotation_id: str = "") -> Passage:
    start, end = _span(doc, quote)
    return Passage(doc=doc, start=start, end=end, quote=quote, annotation_id=annotation_id)


IDS = [f"{i:08x}-1f2e-4d3c-8b4a-59687766554{i}" for i in range(1, 6)]
YELLOW = Color("yellow", "#E6B422")
BLUE = Color("blue", "#3D8FD1")


def sample_excerpts() -> list[Excerpt]:
    taleban = '"Taleban" — said Ahmad Shah Massoud'
    tokayev = "Kazakh President Kassym-Jomart Tokayev spoke of the ‘Taliban’ régime."
    link1 = Link(id="aaaaaaaa-0000-4000-8000-000000000001", relation="contrasts",
                 origin=passage(OLD, taleban, IDS[0]), target=passage(NEW, tokayev, IDS[3]),
                 note="Tone shift: =HYPERLINK(\"x\")", author="Zoë Ångström",
                 created="2024-02-01T10:00:00+00:00", modified="2024-02-01T10:00:00+00:00")
    link2 = Link(id="aaaaaaaa-0000-4000-8000-000000000002", relation="my own: echo",
                 origin=passage(OLD, taleban, IDS[0]), target=passage(NEW, "Kazakhstan in 2023"),
                 author="Zoë Ångström", created="2024-02-02T10:00:00Z", modified="2024-02-02T10:00:00Z")
    return [
        excerpt(OLD, taleban, IDS[0], note=f"Compare 2023.\n\n{HOSTILE_NOTE}",
                tags=("policy/recognition", "actors"), color=YELLOW, author="Zoë Ångström",
                created="2024-01-31T09:15:00.123+00:00", modified="2024-02-03T11:00:00+00:00",
                entities=("Taliban", "Ahmad Shah Massoud"), links=(link1, link2)),
        excerpt(OLD, "flags 🇰🇿 and a family 👩‍👩‍👧", IDS[1], note="+SUM(A1)\r\n@mention\ttab",
                tags=(FORMULA,), color=BLUE, author="-dash", created="2024-01-31T09:16:00Z",
                modified="2024-01-31T09:16:00Z", entities=("Kazakhstan",)),
        excerpt(OLD, "margin.\n<script>alert(1)</script> & more *stars*", IDS[2],
                author="Zoë Ångström", created="2024-01-31T09:17:00Z", modified="2024-01-31T09:17:00Z",
                color=YELLOW),
        excerpt(NEW, tokayev, IDS[3], note="bell\x07 in a note; 𝟘𝟙𝟚", tags=("policy",), color=YELLOW,
                author="Zoë Ångström", created="2024-02-01T09:00:00Z", modified="2024-02-01T09:00:00Z",
                entities=("Kassym-Jomart Tokayev", "Taliban", "Kazakhstan"), links=(link1,)),
        Excerpt(id=IDS[4], doc=NEW, start=0, end=5, quote="a passage no longer in the text",
                note="kept though lost", tags=("policy/recognition",), color=BLUE, author="Zoë Ångström",
                created="2024-02-01T09:30:00Z", modified="2024-02-05T09:30:00Z", status="orphan"),
    ]


# -- the shared machinery --------------------------------------------------------------
def test_samples_quote_their_documents() -> None:
    for ex in sample_excerpts()[:4]:
        assert ex.doc.text[ex.start:ex.end] == ex.quote


def test_grouping_by_tag_lists_an_excerpt_under_each_tag_and_untagged_last() -> None:
    groups = dict(grouped(sample_excerpts(), "tag"))
    assert list(groups) == [FORMULA, "actors", "policy", "policy/recognition", "Untagged"]
    assert [e.id for e in groups["policy/recognition"]] == [IDS[0], IDS[4]]
    assert [e.id for e in groups["Untagged"]] == [IDS[2]]


def test_grouping_by_document_orders_by_date_then_position() -> None:
    groups = list(grouped(sample_excerpts(), "document"))
    assert [h for h, _ in groups] == [OLD.label, NEW.label]
    assert [e.id for e in groups[0][1]] == [IDS[0], IDS[1], IDS[2]]


def test_links_are_counted_once_and_show_their_other_side() -> None:
    excerpts = sample_excerpts()
    links = unique_links(excerpts)
    assert [k.id for k in links] == [excerpts[0].links[0].id, excerpts[0].links[1].id]
    assert links[0].counterpart(excerpts[0]).doc == NEW
    assert links[0].counterpart(excerpts[3]).doc == OLD


@pytest.mark.parametrize("stamp, expected", [
    ("2024-01-31T09:15:00.123+00:00", "2024-01-31T09:15:00.123Z"),
    ("2024-01-31T09:15:00.123456+00:00", "2024-01-31T09:15:00.123456Z"),
    ("2024-01-31T10:15:00+01:00", "2024-01-31T09:15:00Z"),
    ("2024-01-31T09:15:00", "2024-01-31T09:15:00Z"),
    ("", ""), ("yesterday", ""),
])
def test_timestamps_become_utc_with_z(stamp: str, expected: str) -> None:
    assert iso_utc(stamp) == expected


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "xlsx", "jsonld", "qdpx"])
def test_export_replaces_a_file_whole_and_leaves_no_temporary(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_text("previous export")
    export(sample_excerpts(), ExportOptions(format=fmt), path)  # type: ignore[arg-type]
    assert path.read_bytes() != b"previous export" and path.stat().st_size > 0
    assert os.listdir(tmp_path) == [path.name]
    # The umask applies as for any new file (not a temporary file's private 0600).
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_unwritable_folder_is_a_clear_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "brief.md").write_text("previous export")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        # root writes anywhere a mode forbids; sysfs refuses new files even to root.
        path = folder / "brief.md" if not os.access(folder, os.W_OK) else Path("/sys/brief.md")
        with pytest.raises(DiptychError, match=r"Cannot export to .*brief.md: permission denied"):
            export(sample_excerpts(), ExportOptions(format="md"), path)
        assert (folder / "brief.md").read_text() == "previous export"
    finally:
        folder.chmod(stat.S_IRWXU)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DiptychError, match="folder .* does not exist"):
        export(sample_excerpts(), ExportOptions(format="csv"), tmp_path / "nope" / "x.csv")


def test_a_failing_writer_leaves_the_old_file_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "x.qdpx"
    path.write_text("previous export")
    # A tag colour that is not a string makes the qdpx writer fail part-way through.
    options = ExportOptions(format="qdpx", tag_colors={"actors": 5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        export(sample_excerpts(), options, path)
    assert os.listdir(tmp_path) == ["x.qdpx"]
    assert path.read_text() == "previous export"
