"""REFI-QDA export: project.qde validates against the QDA-XML 1.0 schema, the texts
travel inside the zip, GUIDs are stable, and the project reads back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_export_model import FORMULA, IDS, NEW, OLD, sample_excerpts

from viewer.core.export import ExportOptions, export, read_annotations
from viewer.core.export.qdpx import COLOURS_GUID

REFI = Path(__file__).resolve().parents[2] / "shared" / "standards" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0"}
SCHEMA = etree.XMLSchema(etree.parse(str(REFI / "Project-mrt2019.xsd")))
OPTIONS = ExportOptions(format="qdpx", title="Kazakhstan <then & now>",
                        tag_colors={"policy": "#3D8FD1", "actors": "not a colour"})


def _project(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde"))


@pytest.fixture
def qdpx(tmp_path: Path) -> Path:
    path = tmp_path / "project.qdpx"
    export(sample_excerpts(), OPTIONS, path)
    return path


def test_the_schema_accepts_the_atlas_sample_and_refuses_a_broken_project() -> None:
    with zipfile.ZipFile(REFI / "atlas.qdpx") as zf:
        SCHEMA.assertValid(etree.fromstring(zf.read("project.qde")))
    broken = etree.fromstring(b'<Project xmlns="urn:QDA-XML:project:1.0"><Users/></Project>')
    assert not SCHEMA.validate(broken)


def test_project_validates_against_the_refi_qda_schema(qdpx: Path) -> None:
    SCHEMA.assertValid(_project(qdpx))


def test_sources_are_inside_the_zip_with_their_exact_text(qdpx: Path) -> None:
    root = _project(qdpx)
    with zipfile.ZipFile(qdpx) as zf:
        for source in root.iterfind(".//q:TextSource", NS):
            ref = source.get("plainTextPath")
            assert ref.startswith("internal://")
            text = zf.read("sources/" + ref.removeprefix("internal://")).decode("utf-8")
            assert text in (OLD.text, NEW.text)
            for sel in source.iterfind("q:PlainTextSelection", NS):
                assert 0 <= int(sel.get("startPosition")) < int(sel.get("endPosition")) <= len(text)


def test_tags_are_a_code_tree_with_colours(qdpx: Path) -> None:
    codes = _project(qdpx).find("q:CodeBook/q:Codes", NS)
    policy = codes.find("q:Code[@name='policy']", NS)
    assert policy.get("color") == "#3D8FD1"
    assert policy.find("q:Code", NS).get("name") == "recognition"
    assert codes.find("q:Code[@name='actors']", NS).get("color") is None  # not a colour: left out
    # "/" nests, whatever the rest of the tag holds.
    outer, inner = FORMULA.split("/")
    assert [c.get("name") for c in codes.find(f"q:Code[@name=\"{outer}\"]", NS)] == [inner]
    colours = codes.find(f"q:Code[@guid='{COLOURS_GUID}']", NS)
    assert {c.get("name"): c.get("color") for c in colours.findall("q:Code", NS)} == {"yellow": "#E6B422", "blue": "#3D8FD1"}


def test_annotations_are_coded_selections_with_notes(qdpx: Path) -> None:
    root = _project(qdpx)
    sel = root.find(f".//q:PlainTextSelection[@guid='{IDS[0]}']", NS)
    codes = {c.get("guid"): c for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
    coded = {codes[ref.get("targetGUID")].get("name") for ref in sel.iterfind("q:Coding/q:CodeRef", NS)}
    assert coded == {"recognition", "actors", "yellow"}
    note_guid = sel.find("q:NoteRef", NS).get("targetGUID")
    note = root.find(f"q:Notes/q:Note[@guid='{note_guid}']/q:PlainTextContent", NS)
    assert "<script>" in note.text  # escaped by the XML writer, kept as text
    assert sel.get("creationDateTime") == "2024-01-31T09:15:00.123Z"


def test_links_join_two_selections(qdpx: Path) -> None:
    root = _project(qdpx)
    selections = {s.get("guid") for s in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")}
    links = root.findall("q:Links/q:Link", NS)
    assert [k.get("name") for k in links] == ["contrasts", "my own: echo"]
    for link in links:
        assert {link.get("originGUID"), link.get("targetGUID")} <= selections
    assert links[0].get("originGUID") == IDS[0] and links[0].get("targetGUID") == IDS[3]


def test_control_characters_are_dropped_from_xml_but_not_from_the_text(qdpx: Path) -> None:
    root = _project(qdpx)
    notes = [n.text for n in root.iterfind("q:Notes/q:Note/q:PlainTextContent", NS)]
    assert "bell in a note; 𝟘𝟙𝟚" in notes
    with zipfile.ZipFile(qdpx) as zf:
        assert any("\x07" in zf.read(n).decode() for n in zf.namelist() if n.startswith("sources/"))


def test_the_same_work_exported_twice_has_the_same_guids(tmp_path: Path) -> None:
    guids = []
    for name in ("a.qdpx", "b.qdpx"):
        export(sample_excerpts(), OPTIONS, tmp_path / name)
        guids.append(sorted(e.get("guid") for e in _project(tmp_path / name).iter() if e.get("guid")))
    assert guids[0] == guids[1]


def test_an_orphan_becomes_a_note_on_its_document(qdpx: Path) -> None:
    root = _project(qdpx)
    assert root.find(f".//q:PlainTextSelection[@guid='{IDS[4]}']", NS) is None
    texts = [n.text for n in root.iterfind("q:Notes/q:Note/q:PlainTextContent", NS)]
    assert any(t.startswith("Orphaned annotation") and "kept though lost" in t for t in texts)


def test_reading_back_gives_documents_excerpts_and_links(qdpx: Path) -> None:
    back = read_annotations(qdpx)
    docs = {d.sha256: d for d in back.documents}
    assert docs[OLD.sha256].text == OLD.text and docs[NEW.sha256].text == NEW.text
    assert (docs[OLD.sha256].title, docs[OLD.sha256].author, docs[OLD.sha256].era, docs[OLD.sha256].source) == (
        OLD.title, OLD.author, OLD.era, OLD.source)
    anchored = [e for e in sample_excerpts() if e.status == "anchored"]
    got = {e.id: e for e in back.excerpts}
    assert set(got) == {e.id for e in anchored}
    for before in anchored:
        after = got[before.id]
        assert (after.start, after.end, after.quote, after.note, set(after.tags), after.author) == (
            before.start, before.end, before.quote, before.note.replace("\x07", "").replace("\r", ""),
            set(before.tags), before.author)
        assert after.color == before.color
    links = {k.id: k for k in back.links}
    assert links["aaaaaaaa-0000-4000-8000-000000000001"].target.annotation_id == IDS[3]
    echo = links["aaaaaaaa-0000-4000-8000-000000000002"]
    assert (echo.relation, echo.target.quote, echo.target.annotation_id) == ("my own: echo", "Kazakhstan in 2023", "")


def test_a_link_to_an_annotation_left_out_of_the_export_points_at_its_passage(tmp_path: Path) -> None:
    path = tmp_path / "one.qdpx"
    export(sample_excerpts()[:1], OPTIONS, path)  # the 2023 end of the first link is not exported
    root = _project(path)
    SCHEMA.assertValid(root)
    selections = {s.get("guid") for s in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")}
    assert IDS[3] not in selections
    for link in root.iterfind("q:Links/q:Link", NS):
        assert {link.get("originGUID"), link.get("targetGUID")} <= selections
    back = read_annotations(path)
    assert [e.id for e in back.excerpts] == [IDS[0]]
    assert {k.target.quote for k in back.links} == {
        "Kazakh President Kassym-Jomart Tokayev spoke of the ‘Taliban’ régime.", "Kazakhstan in 2023"}
