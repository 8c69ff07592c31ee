"""``viewer annotate``, ``annotations``, ``link``, ``links``, ``orphans`` and ``reimport``."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.paths import SEEDS

OLD = SEEDS / "2000-iwpr-kazakstan-builds-bridges-with-taleban.md"
NEW = SEEDS / "2023-cpc-central-asias-careful-engagement-with-the-taliban.txt"
JSON_FIELDS = ["id", "doc", "start", "end", "quote", "prefix", "suffix", "note", "tags", "color",
               "author", "created", "modified", "status"]


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def viewer(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """``viewer --db data.db ARGS``: exit code, stdout, stderr; the sample pair imported as #1 and #2."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("import", str(OLD))[0] == 0
    assert run("import", str(NEW))[0] == 0
    return run


def test_annotate_then_list_as_json_with_exactly_the_documented_fields(viewer: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIPTYCH_AUTHOR", "cli tester")
    code, out, _ = viewer("annotate", "1", "--quote", "Astana moves closer", "--note", "A *shift*",
                          "--tag", "policy/recognition", "--tag", "places", "--color", "blue")
    assert code == 0
    new_id = out.split()[-1]
    code, out, _ = viewer("annotations", "--json")
    [row] = json.loads(out)
    assert list(row) == JSON_FIELDS
    assert row["id"] == new_id and row["doc"] == 1 and row["quote"] == "Astana moves closer"
    assert row["tags"] == ["policy/recognition", "places"] and row["color"] == "blue"
    assert row["author"] == "cli tester" and row["status"] == "anchored" and row["note"] == "A *shift*"
    _, text, _ = viewer("text", "1")
    assert text[row["start"]:row["end"]] == row["quote"]
    assert text[row["start"] - len(row["prefix"]):row["start"]] == row["prefix"]
    assert text[row["end"]:row["end"] + len(row["suffix"])] == row["suffix"]


def test_annotate_fails_clearly_on_a_missing_or_ambiguous_quote(viewer: Run) -> None:
    code, out, err = viewer("annotate", "1", "--quote", "Atlantis")
    assert code == 1 and "Error:" in err and "does not occur" in err
    code, _, err = viewer("annotate", "Kazakstan", "--quote", "Taleban")
    assert code == 1 and "--occurrence" in err
    code, out, _ = viewer("annotate", "Kazakstan", "--quote", "Taleban", "--occurrence", "3")
    assert code == 0
    code, out, _ = viewer("annotations", "--json")
    assert len(json.loads(out)) == 1


def test_filter_by_document_and_tag_including_children(viewer: Run) -> None:
    viewer("annotate", "1", "--quote", "Astana moves closer", "--tag", "policy/recognition")
    viewer("annotate", "2", "--quote", "Image source", "--tag", "policy")
    viewer("annotate", "2", "--quote", "May 2, 2023", "--tag", "dates")

    def rows(*args: str) -> list[dict[str, object]]:
        return list(json.loads(viewer("annotations", "--json", *args)[1]))

    assert [r["quote"] for r in rows("--tag", "policy")] == ["Astana moves closer", "Image source"]
    assert [r["quote"] for r in rows("--doc", "2")] == ["May 2, 2023", "Image source"]
    assert [r["quote"] for r in rows("--doc", "CPC", "--tag", "Policy")] == ["Image source"]
    code, out, _ = viewer("annotations")
    assert code == 0 and "policy/recognition" in out and "“May 2, 2023”" in out


def test_link_in_the_issues_argument_order(viewer: Run) -> None:
    code, out, err = viewer("link", "1", "--quote", "Astana moves closer", "2", "--quote",
                            "officially recognized", "--relation", "continues", "--note", "slow thaw")
    assert code == 0, err
    [link] = json.loads(viewer("links", "--json")[1])
    assert link["source"]["doc"] == 1 and link["source"]["quote"] == "Astana moves closer"
    assert link["target"]["doc"] == 2 and link["target"]["quote"] == "officially recognized"
    assert link["relation"] == "continues" and link["note"] == "slow thaw"
    code, _, err = viewer("link", "1", "--quote", "Astana", "2", "--relation", "echoes")
    assert code != 0 and "--quote twice" in err


def test_reimport_with_consent_then_orphans_are_listed(viewer: Run, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    viewer("annotate", "1", "--quote", "Firstly, it does not share a border with Afghanistan.", "--note", "gone")
    viewer("annotate", "1", "--quote", "Astana moves closer")
    corrected = tmp_path / "fixed.md"
    corrected.write_text(OLD.read_text(encoding="utf-8").replace(
        "Firstly, it does not share a border with Afghanistan. ", ""), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, err = viewer("reimport", "1", str(corrected))
    assert code == 1 and "1 orphan" in out and "Replace it?" in out and "Aborted" in err
    assert viewer("orphans")[1].startswith("No orphans")
    code, out, _ = viewer("reimport", "1", str(corrected), "--yes")
    assert code == 0 and "1 passage(s) placed" in out and "1 orphan(s)" in out
    code, out, _ = viewer("orphans", "--json")
    orphans = json.loads(out)
    assert [a["note"] for a in orphans["annotations"]] == ["gone"] and orphans["links"] == []
    assert orphans["annotations"][0]["status"] == "orphan"
    code, out, _ = viewer("orphans")
    assert "ORPHAN" in out and "Firstly" in out
    code, out, _ = viewer("reimport", "1", str(corrected), "--yes")
    assert code == 0 and "nothing to do" in out
