"""Exporting from a real data.db and importing back into a fresh one, and the CLI over both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export_jsonld import must_failures

from viewer.cli import main
from viewer.core.errors import DiptychError
from viewer.core.export import ExportOptions
from viewer.ops import annotations as ann_ops
from viewer.ops.documents import import_document, seed_pair
from viewer.ops.export import Scope, export_annotations, export_options, gather, import_annotations, preview
from viewer.store import Store
from viewer.store.documents import get_document, list_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OLD_FILE = SEEDS / "2000-iwpr-kazakstan-builds-bridges-with-taleban.md"
EXTRA_TEXT = (
    "Notes from the field 🇰🇿\n\n"
    "The minister said: \"=cmd|' /C calc'!A0\" is not a policy.\n"
    "Astral letters 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 and a family 👩‍👩‍👧 travel well.\n"
    "<script>alert('x')</script> stays text.\n"
)


def _quote(store: Store, doc: int, text: str, n: int | None = None) -> ann_ops.Selection:
    return ann_ops.find_quote(store, doc, text, n)


@pytest.fixture
def extra_file(tmp_path: Path) -> Path:
    path = tmp_path / "field-notes.txt"
    path.write_text(EXTRA_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def annotated(seeded: tuple[Store, int, int], extra_file: Path, tmp_path: Path) -> dict[str, Any]:
    """The seeds and a third document, annotated and linked, with one annotation orphaned."""
    store, old, new = seeded
    extra = import_document(store, extra_file, title="Field notes", era="2024", date="2024-01-02").id
    ann_ops.set_tag_color(store, "policy", "blue")
    a = ann_ops.create_annotation(store, _quote(store, old, "Astana moves closer"),
                                  note="Early *signal*.\n\n<script>alert(1)</script> 🇰🇿",
                                  tags=["policy/recognition", "actors"], color="green").value
    b = ann_ops.create_annotation(store, _quote(store, new, "Taliban", 1), note="=SUM(A1)",
                                  tags=["policy"]).value
    c = ann_ops.create_annotation(store, _quote(store, extra, "a family 👩‍👩‍👧 travel"),
                                  note="astral\tand tab", tags=["=cmd|' /C calc'!A0"], color="pink").value
    d = ann_ops.create_annotation(store, _quote(store, extra, "<script>alert('x')</script>"),
                                  note='"quoted"', color="purple").value
    lost = ann_ops.create_annotation(store, _quote(store, old, "Firstly, it does not share a border with Afghanistan."),
                                     note="the reason", tags=["geography"]).value
    link = ann_ops.link_passages(store, _quote(store, old, "Astana moves closer"), _quote(store, new, "Taliban", 1),
                                 relation="contrasts", note="Then & now <b>").value
    loose = ann_ops.link_passages(store, _quote(store, old, "Kazakstan", 1), _quote(store, extra, "Notes from the field"),
                                  relation="my own label").value
    corrected = tmp_path / "corrected.md"
    corrected.write_text(OLD_FILE.read_text(encoding="utf-8").replace(
        "Firstly, it does not share a border with Afghanistan. ", ""), encoding="utf-8")
    ann_ops.reimport_document(store, old, corrected)
    return {"store": store, "old": old, "new": new, "extra": extra, "ids": [a.id, b.id, c.id, d.id, lost.id],
            "lost": lost.id, "link": link.id, "loose": loose.id}


def _annotations(store: Store) -> dict[str, dict[str, Any]]:
    """Every annotation as `viewer annotations --json` shows it, keyed by id, documents by hash."""
    out = {}
    for a in ann_ops.list_annotations(store):
        row = a.to_json()
        row["doc"] = get_document(store, a.passage.doc_id).sha256
        out[a.id] = row
    return out


def _links(store: Store) -> dict[str, dict[str, Any]]:
    out = {}
    for k in ann_ops.list_links(store):
        row = k.to_json()
        for side in ("source", "target"):
            row[side]["doc"] = get_document(store, row[side]["doc"]).sha256
        out[k.id] = row
    return out


# -- gathering ---------------------------------------------------------------------------
def test_gather_carries_context_colour_links_and_orphans(annotated: dict[str, Any]) -> None:
    store = annotated["store"]
    excerpts, loose = gather(store, context=20)
    by_id = {e.id: e for e in excerpts}
    assert set(by_id) == set(annotated["ids"])
    first = by_id[annotated["ids"][0]]
    doc = get_document(store, annotated["old"])
    assert first.prefix == doc.text[first.start - 20:first.start] and len(first.suffix) == 20
    assert first.color is not None and (first.color.name, first.color.hex) == ("green", "#4CAF50")
    assert [k.id for k in first.links] == [annotated["link"]]
    assert first.links[0].counterpart(first).annotation_id == annotated["ids"][1]
    assert by_id[annotated["lost"]].status == "orphan" and by_id[annotated["lost"]].links == ()
    assert [k.id for k in loose] == [annotated["loose"]]


def test_scope_by_document_tag_and_selection(annotated: dict[str, Any]) -> None:
    store, ids = annotated["store"], annotated["ids"]
    assert {e.id for e in gather(store, Scope(doc_ids=[annotated["extra"]]))[0]} == {ids[2], ids[3]}
    # A tag includes its children.
    assert {e.id for e in gather(store, Scope(tags=["POLICY"]))[0]} == {ids[0], ids[1]}
    excerpts, loose = gather(store, Scope(annotation_ids=[ids[3], ids[1]]))
    assert [e.id for e in excerpts] == [ids[3], ids[1]] and loose == []
    assert {e.id for e in gather(store, Scope(doc_ids=[annotated["old"]], tags=["actors"]))[0]} == {ids[0]}


def test_entities_inside_an_excerpt_come_from_recognition(annotated: dict[str, Any]) -> None:
    from viewer.ops.entities import ensure_recognised

    store, new = annotated["store"], annotated["new"]
    assert gather(store, Scope(doc_ids=[new]))[0][0].entities == ()  # nothing recognised yet: no model load
    ensure_recognised(store, new)
    (excerpt,) = gather(store, Scope(doc_ids=[new]))[0]
    assert excerpt.quote == "Taliban" and excerpt.entities == ("Taliban",)


def test_options_carry_the_tag_colours_and_the_preview_renders(annotated: dict[str, Any]) -> None:
    store = annotated["store"]
    options = export_options(store, format="html")
    assert options.tag_colors == {"policy": "#3D8FD1"}
    html = preview(store, options)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Links between eras" in html and "my own label" in html


# -- round trips -------------------------------------------------------------------------
def test_jsonld_round_trip_into_a_fresh_library_gives_the_same_annotations(
        annotated: dict[str, Any], tmp_path: Path, extra_file: Path) -> None:
    store = annotated["store"]
    path = tmp_path / "work.jsonld"
    assert export_annotations(store, ExportOptions(format="jsonld"), path) == 5
    for anno in json.loads(path.read_text(encoding="utf-8"))["first"]["items"]:
        assert must_failures(anno) == []
    fresh = Store(tmp_path / "laptop.db")
    # JSON-LD names documents by hash only: the other laptop has imported the same texts.
    seed_pair(fresh)
    import_document(fresh, extra_file, title="Field notes")
    import_document(fresh, tmp_path / "corrected.md")
    report = import_annotations(fresh, path)
    assert (report.annotations_added, report.links_added, report.missing_documents) == (5, 2, [])
    before, after = _annotations(store), _annotations(fresh)
    assert before.keys() == after.keys()
    for key, row in before.items():
        if row["status"] == "orphan":  # JSON-LD gives an orphan its quote, not its stale place
            row, after[key] = {k: v for k, v in row.items() if k not in ("start", "end")}, {
                k: v for k, v in after[key].items() if k not in ("start", "end")}
            assert after[key]["status"] == "orphan"
        assert {k: v for k, v in after[key].items() if k != "doc"} | {"doc": after[key]["doc"]} == row
    assert _links(fresh) == _links(store)
    fresh.close()


def test_qdpx_round_trip_brings_its_documents_into_an_empty_library(annotated: dict[str, Any], tmp_path: Path) -> None:
    store = annotated["store"]
    path = tmp_path / "work.qdpx"
    export_annotations(store, export_options(store, format="qdpx"), path)
    fresh = Store(tmp_path / "laptop.db")
    report = import_annotations(fresh, path)
    assert len(report.documents_added) == 3 and report.missing_documents == []
    assert {d.sha256 for d in list_documents(fresh)} == {d.sha256 for d in list_documents(store)}
    assert {d.meta.title: d.meta.era for d in list_documents(fresh)}["Field notes"] == "2024"
    before = {k: v for k, v in _annotations(store).items() if v["status"] == "anchored"}
    assert _annotations(fresh) == before  # orphans travel as notes on their document, not as annotations
    assert _links(fresh) == _links(store)
    fresh.close()


def test_importing_twice_changes_nothing(annotated: dict[str, Any], tmp_path: Path) -> None:
    store = annotated["store"]
    path = tmp_path / "work.qdpx"
    export_annotations(store, ExportOptions(format="qdpx"), path)
    fresh = Store(tmp_path / "laptop.db")
    import_annotations(fresh, path)
    first = _annotations(fresh), _links(fresh)
    again = import_annotations(fresh, path)
    assert (again.annotations_added, again.links_added, again.already_present) == (0, 0, 6)
    assert (_annotations(fresh), _links(fresh)) == first
    fresh.close()


def test_jsonld_for_documents_not_in_the_library_imports_nothing_of_them(annotated: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "work.jsonld"
    export_annotations(annotated["store"], ExportOptions(format="jsonld"), path,
                       Scope(doc_ids=[annotated["extra"]]))
    fresh = Store(tmp_path / "laptop.db")
    report = import_annotations(fresh, path)
    # Two annotations, and the link from the 2000 article to these notes.
    assert report.annotations_added == 0 and report.skipped == 3
    assert report.missing_documents == ["Field notes", "Kazakstan Builds Bridges With Taleban"]
    assert "import it first" in report.summary()
    assert _annotations(fresh) == {}
    fresh.close()


def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path, store: Store) -> None:
    bad = tmp_path / "x.qdpx"
    bad.write_text("not a zip")
    with pytest.raises(DiptychError, match="not a readable REFI-QDA project"):
        import_annotations(store, bad)
    other = tmp_path / "x.txt"
    other.write_text("")
    with pytest.raises(DiptychError, match=".jsonld and .qdpx"):
        import_annotations(store, other)


# -- the CLI -----------------------------------------------------------------------------
def test_cli_export_and_import(annotated: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(annotated["store"].path)
    out = tmp_path / "table.xlsx"
    assert main(["--db", db, "export", "--format", "xlsx", "-o", str(out), "--tag", "policy",
                 "--sheets", "document"]) == 0
    assert "Exported 2 annotation(s)" in capsys.readouterr().out
    sheets = pd.read_excel(out, sheet_name=None)
    assert sum(len(s) for s in sheets.values()) == 2 and len(sheets) == 2
    md = tmp_path / "brief.md"
    assert main(["--db", db, "export", "--format", "md", "-o", str(md), "--doc", "Field", "--group-by", "tag"]) == 0
    assert md.read_text(encoding="utf-8").count("<mark>") == 2
    qdpx = tmp_path / "p.qdpx"
    assert main(["--db", db, "export", "--format", "qdpx", "-o", str(qdpx)]) == 0
    assert main(["--db", str(tmp_path / "other.db"), "import-annotations", str(qdpx)]) == 0
    assert "4 annotation(s) and 2 link(s) imported. 3 document(s) added" in capsys.readouterr().out
    assert main(["--db", db, "export", "--format", "md", "-o", str(tmp_path / "no" / "x.md")]) == 1
    assert "Cannot export to" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["export", "import-annotations"])
def test_cli_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert len(text.split("\n\n")[1].strip()) > 30


def test_a_project_whose_text_has_crlf_line_ends_lands_on_the_canonical_text(tmp_path: Path, store: Store) -> None:
    from viewer.core.document import content_hash
    from viewer.core.export import DocInfo, Excerpt, export

    raw = "First line\r\nSecond line with Kabul\r\nThird line with Kabul again\r\n"
    doc = DocInfo(id=1, title="From another tool", sha256=content_hash(raw), text=raw)
    start = raw.index("Kabul again")
    other = Excerpt(id="0b8c6a4e-5f1d-4c2b-9a7e-3d2f1e0c9b8a", doc=doc, start=start, end=start + 11,
                    quote="Kabul again", note="positions counted with CR", tags=("places",))
    path = tmp_path / "other.qdpx"
    export([other], ExportOptions(format="qdpx"), path)
    report = import_annotations(store, path)
    assert report.documents_added == ["From another tool"] and report.orphans == 0
    (ann,) = ann_ops.list_annotations(store)
    text = get_document(store, ann.passage.doc_id).text
    assert "\r" not in text
    assert text[ann.passage.start:ann.passage.end] == "Kabul again" and ann.passage.start == start - 2
