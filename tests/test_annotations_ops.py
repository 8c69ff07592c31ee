"""Every annotation action, its undo and redo, filtering, counts and re-importing a
corrected text, on a real data.db (what the window and the CLI both call)."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from viewer.core.annotations import AnnotationError
from viewer.core.palette import PALETTE
from viewer.core.anchoring import AnchorError
from viewer.core.errors import DuplicateDocument
from viewer.ops import annotations as ops
from viewer.ops.annotations import Selection
from viewer.paths import SEEDS
from viewer.store import Store
from viewer.store.documents import get_document

Seeded = tuple[Store, int, int]
OLD_FILE = SEEDS / "2000-iwpr-kazakstan-builds-bridges-with-taleban.md"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def quote(store: Store, doc: int, text: str, n: int | None = None) -> Selection:
    return ops.find_quote(store, doc, text, n)


def fresh_view(store: Store) -> Store:
    """A second connection, as another window or process would have: sees only what is committed."""
    return Store(store.path)


# -- create, edit, delete ---------------------------------------------------------------
def test_create_commits_at_once_with_uuid_author_and_utc_times(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    store, old, _ = seeded
    monkeypatch.setenv("DIPTYCH_AUTHOR", "A. Analyst")
    sel = quote(store, old, "Astana moves closer")
    ann = ops.create_annotation(store, sel, note="*Key* shift", tags=["policy/recognition"], color="Green").value
    assert UUID.match(ann.id)
    assert ann.author == "A. Analyst" and ann.color == "green"
    assert ann.created == ann.modified and datetime.fromisoformat(ann.created).utcoffset().total_seconds() == 0
    text = get_document(store, old).text
    p = ann.passage
    assert text[p.start:p.end] == "Astana moves closer" == p.quote
    assert p.prefix == text[p.start - 32:p.start] and p.suffix == text[p.end:p.end + 32]
    other = fresh_view(store)
    assert ops.list_annotations(other) == [ann]
    other.close()


def test_author_defaults_to_the_login_name(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    store, old, _ = seeded
    monkeypatch.delenv("DIPTYCH_AUTHOR", raising=False)
    ann = ops.create_annotation(store, Selection(old, 0, 5)).value
    assert ann.author == getpass.getuser()
    assert ops.create_annotation(store, Selection(old, 0, 5), author="Settings Name").value.author == "Settings Name"


def test_undo_and_redo_of_create(seeded: Seeded) -> None:
    store, old, _ = seeded
    done = ops.create_annotation(store, quote(store, old, "Islamabad"), note="n")
    redo = done.revert.apply(store)
    assert ops.list_annotations(store) == []
    undo = redo.apply(store)
    assert ops.list_annotations(store) == [done.value]
    undo.apply(store)
    assert ops.list_annotations(store) == []
    assert done.revert.doc_ids == {old}


def test_edit_changes_only_what_is_given_and_undo_restores_it_exactly(seeded: Seeded) -> None:
    store, old, _ = seeded
    ann = ops.create_annotation(store, quote(store, old, "Islamabad"), note="first", tags=["a"]).value
    edited = ops.edit_annotation(store, ann.id, note="second", tags=["b/c", " b / c ", "B/C"], color="pink")
    assert edited.value.note == "second" and edited.value.tags == ("b/c",) and edited.value.color == "pink"
    assert edited.value.modified > ann.modified and edited.value.created == ann.created
    redo = edited.revert.apply(store)
    assert ops.list_annotations(store) == [ann]
    redo.apply(store)
    assert ops.list_annotations(store) == [edited.value]


def test_an_edit_that_changes_nothing_keeps_the_modified_time(seeded: Seeded) -> None:
    store, old, _ = seeded
    ann = ops.create_annotation(store, Selection(old, 10, 20), note="same").value
    again = ops.edit_annotation(store, ann.id, note="same")
    assert again.value == ann and again.revert.empty
    again.revert.apply(store)
    assert ops.list_annotations(store) == [ann]


def test_undo_of_delete_restores_the_same_uuid_timestamps_and_tags(seeded: Seeded) -> None:
    store, old, _ = seeded
    ann = ops.create_annotation(store, quote(store, old, "Taloqan", 1), tags=["places/afghanistan", "war"],
                                note="fell in Sept 2000").value
    ops.edit_annotation(store, ann.id, color="orange")
    before = ops.list_annotations(store)
    deleted = ops.delete_annotation(store, ann.id)
    assert ops.list_annotations(store) == [] and deleted.value == before[0]
    redo = deleted.revert.apply(store)
    assert ops.list_annotations(store) == before
    assert ops.list_annotations(store, tag="places") == before
    redo.apply(store)
    assert ops.list_annotations(store) == []


def test_unknown_ids_and_bad_input_are_refused_and_write_nothing(seeded: Seeded) -> None:
    store, old, _ = seeded
    with pytest.raises(AnnotationError, match="no annotation"):
        ops.edit_annotation(store, "nope", note="x")
    with pytest.raises(AnnotationError, match="no annotation"):
        ops.delete_annotation(store, "nope")
    with pytest.raises(AnnotationError, match="palette"):
        ops.create_annotation(store, Selection(old, 0, 4), color="magenta")
    with pytest.raises(AnnotationError, match="not a tag"):
        ops.create_annotation(store, Selection(old, 0, 4), tags=[" / "])
    with pytest.raises(AnchorError, match="empty"):
        ops.create_annotation(store, Selection(old, 4, 4))
    with pytest.raises(AnnotationError, match="relation"):
        ops.link_passages(store, Selection(old, 0, 4), Selection(old, 5, 9), relation="  ")
    assert ops.list_annotations(store) == [] and ops.list_links(store) == []


# -- tag colours ----------------------------------------------------------------------
def test_a_tag_colour_is_the_default_for_the_tag_and_its_children_and_can_be_undone(seeded: Seeded) -> None:
    store, old, _ = seeded
    done = ops.set_tag_color(store, "Policy", "purple")
    assert ops.create_annotation(store, Selection(old, 0, 4), tags=["policy/recognition"]).value.color == "purple"
    assert ops.create_annotation(store, Selection(old, 0, 4), tags=["trade"]).value.color == "yellow"
    assert ops.create_annotation(store, Selection(old, 0, 4), tags=["policy"], color="blue").value.color == "blue"
    redo = done.revert.apply(store)
    assert ops.tag_colors(store) == {}
    redo.apply(store)
    assert ops.tag_colors(store) == {"Policy": "purple"}
    assert set(PALETTE) >= {"yellow", "green", "blue", "pink", "purple", "orange"}


# -- links ----------------------------------------------------------------------------
def test_link_edit_unlink_and_their_undo(seeded: Seeded) -> None:
    store, old, new = seeded
    a = quote(store, old, "Taleban which now controls")
    b = quote(store, new, "The Taliban’s return to power")
    link = ops.link_passages(store, a, b, relation="Contrasts", note="then and now")
    assert link.value.relation == "contrasts"
    assert link.value.source.quote == "Taleban which now controls" and link.value.target.doc_id == new
    assert ops.list_links(store, doc_ids=[new]) == [link.value] == ops.list_links(store, doc_ids=[old])
    custom = ops.edit_link(store, link.value.id, relation="quiet   successor")
    assert custom.value.relation == "quiet successor"
    custom.revert.apply(store)
    assert ops.list_links(store) == [link.value]
    gone = ops.unlink(store, link.value.id)
    assert ops.list_links(store) == []
    gone.revert.apply(store)
    assert ops.list_links(store) == [link.value]
    redo = link.revert.apply(store)
    assert ops.list_links(store) == []
    redo.apply(store)
    assert ops.list_links(store) == [link.value]
    assert link.revert.doc_ids == {old, new}


# -- listing and filtering --------------------------------------------------------------
@pytest.fixture
def tagged(seeded: Seeded) -> tuple[Store, int, int, dict[str, str]]:
    store, old, new = seeded
    made = {
        "recognition": ops.create_annotation(store, Selection(old, 100, 120), tags=["policy/recognition"],
                                             note="Talks in Islamabad").value.id,
        "policy": ops.create_annotation(store, Selection(old, 200, 220), tags=["Policy"], color="blue").value.id,
        "policyx": ops.create_annotation(store, Selection(new, 50, 60), tags=["policyx"], note="100%_done").value.id,
        "both": ops.create_annotation(store, Selection(new, 300, 330), tags=["policy/trade", "policy/recognition"],
                                      color="blue").value.id,
    }
    return store, old, new, made


def ids(found: list[ops.Annotation]) -> set[str]:
    return {a.id for a in found}


def test_filter_by_tag_includes_children_ignoring_case(tagged: tuple[Store, int, int, dict[str, str]]) -> None:
    store, old, new, made = tagged
    assert ids(ops.list_annotations(store, tag="POLICY")) == {made["recognition"], made["policy"], made["both"]}
    assert ids(ops.list_annotations(store, tag="policy/recognition")) == {made["recognition"], made["both"]}
    assert ids(ops.list_annotations(store, tag="policy/trade/x")) == set()


def test_filter_by_document_colour_text_and_status(tagged: tuple[Store, int, int, dict[str, str]]) -> None:
    store, old, new, made = tagged
    assert ids(ops.list_annotations(store, doc_ids=[new])) == {made["policyx"], made["both"]}
    assert ids(ops.list_annotations(store, doc_ids=[old], color="blue")) == {made["policy"]}
    assert ids(ops.list_annotations(store, text="islamabad")) == {made["recognition"]}
    assert ids(ops.list_annotations(store, text="0%_")) == {made["policyx"]}  # % and _ are literal
    assert ids(ops.list_annotations(store, text="TRADE")) == {made["both"]}  # tags are searched too
    assert ops.list_annotations(store, status="orphan") == []
    listed = ops.list_annotations(store)
    assert [(a.passage.doc_id, a.passage.start) for a in listed] == sorted((a.passage.doc_id, a.passage.start)
                                                                          for a in listed)


def test_counts_per_tag_per_document_roll_up_to_parents_once(tagged: tuple[Store, int, int, dict[str, str]]) -> None:
    store, old, new, _ = tagged
    counts = {(c.tag.casefold(), c.doc_id): c.count for c in ops.tag_counts(store, [old, new])}
    assert counts[("policy", old)] == 2 and counts[("policy", new)] == 1  # "both" counts once under policy
    assert counts[("policy/recognition", old)] == 1 and counts[("policy/recognition", new)] == 1
    assert counts[("policyx", new)] == 1 and ("policyx", old) not in counts
    known = ops.known_tags(store)
    assert [t.casefold() for t in known] == ["policy", "policy/recognition", "policy/trade", "policyx"]


# -- re-importing a corrected text ------------------------------------------------------
def corrected(tmp_path: Path, replace: dict[str, str], newline: str = "\n") -> Path:
    text = OLD_FILE.read_text(encoding="utf-8")
    for a, b in replace.items():
        assert a in text
        text = text.replace(a, b)
    path = tmp_path / "corrected.md"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def test_reimport_places_annotations_again_orphans_the_lost_and_undo_restores(seeded: Seeded, tmp_path: Path) -> None:
    store, old, new = seeded
    kept = ops.create_annotation(store, quote(store, old, "Astana moves closer"), note="kept").value
    typo = ops.create_annotation(store, quote(store, old, "the most recent of which took place in Islamabad")).value
    lost = ops.create_annotation(store, quote(store, old, "Firstly, it does not share a border with Afghanistan."),
                                 note="the reason").value
    link = ops.link_passages(store, quote(store, old, "Firstly"), quote(store, new, "Taliban", 1),
                             relation="echoes").value
    text_before = get_document(store, old).text
    path = corrected(tmp_path, {
        "Kazakstan has become": "Kazakhstan has become",  # an edit far from the annotations
        "took place in Islamabad": "took place in Islamabad, Pakistan,",
        "Firstly, it does not share a border with Afghanistan. ": "",
    })
    preview = ops.preview_reimport(store, old, path)
    assert preview.changed and preview.methods.get("orphan") == 2
    assert get_document(store, old).text == text_before  # a preview writes nothing

    done = ops.reimport_document(store, old, path)
    report = done.value
    assert report.total == 4 and set(report.orphan_annotations) == {lost.id} and report.orphan_links == (link.id,)
    now_text = get_document(store, old).text
    by_id = {a.id: a for a in ops.list_annotations(store)}
    assert by_id[kept.id].passage.status == "anchored"
    k = by_id[kept.id].passage
    assert now_text[k.start:k.end] == "Astana moves closer" and k.doc_sha256 == get_document(store, old).sha256
    t = by_id[typo.id].passage
    assert t.status == "anchored" and now_text[t.start:t.end].startswith("the most recent of which took place")
    orphan = by_id[lost.id]
    assert orphan.passage.status == "orphan" and orphan.note == "the reason"
    assert orphan.passage.quote == lost.passage.quote  # kept as it was, for the panel to show
    orphans, orphan_links = ops.list_orphans(store)
    assert ids(orphans) == {lost.id} and [lk.id for lk in orphan_links] == [link.id]

    redo = done.revert.apply(store)
    assert get_document(store, old).text == text_before
    assert ops.list_annotations(store) == sorted([kept, typo, lost], key=lambda a: a.passage.start)
    assert ops.list_links(store) == [link]
    redo.apply(store)
    assert get_document(store, old).text == now_text
    assert ops.list_orphans(store)[0][0].id == lost.id


def test_an_orphan_is_reattached_by_hand_and_that_can_be_undone(seeded: Seeded, tmp_path: Path) -> None:
    store, old, _ = seeded
    lost = ops.create_annotation(store, quote(store, old, "Firstly, it does not share a border")).value
    ops.reimport_document(store, old, corrected(tmp_path, {"Firstly, it does not share a border": "To begin with"}))
    [orphan] = ops.list_orphans(store)[0]
    target = quote(store, old, "To begin with")
    done = ops.reattach_annotation(store, orphan.id, target.start, target.end)
    assert done.value.passage.status == "anchored" and done.value.passage.quote == "To begin with"
    assert done.value.id == lost.id and ops.list_orphans(store) == ([], [])
    done.revert.apply(store)
    assert [a.id for a in ops.list_orphans(store)[0]] == [lost.id]


def test_reattach_a_link_end(seeded: Seeded) -> None:
    store, old, new = seeded
    link = ops.link_passages(store, Selection(old, 0, 10), Selection(new, 0, 10), relation="continues").value
    moved = ops.reattach_link_end(store, link.id, 1, 20, 30)
    assert moved.value.target.start == 20 and moved.value.source == link.source
    moved.revert.apply(store)
    assert ops.list_links(store) == [link]


def test_reimporting_the_same_text_saved_with_crlf_changes_nothing(seeded: Seeded, tmp_path: Path) -> None:
    store, old, _ = seeded
    ann = ops.create_annotation(store, quote(store, old, "Astana moves closer")).value
    done = ops.reimport_document(store, old, corrected(tmp_path, {}, newline="\r\n"))
    assert not done.value.changed
    assert ops.list_annotations(store) == [ann]


def test_reimport_of_an_edited_crlf_file_keeps_code_point_offsets(seeded: Seeded, tmp_path: Path) -> None:
    store, old, _ = seeded
    ann = ops.create_annotation(store, quote(store, old, "radical Muslim organisation")).value
    ops.reimport_document(store, old, corrected(tmp_path, {"Astana moves": "😀 Astana moves"}, newline="\r\n"))
    [placed] = ops.list_annotations(store)
    text = get_document(store, old).text
    assert "\r" not in text
    assert text[placed.passage.start:placed.passage.end] == "radical Muslim organisation"
    assert placed.passage.start == ann.passage.start + 2  # the emoji and its space: two code points


def test_reimport_refuses_the_text_of_another_document(seeded: Seeded) -> None:
    store, old, _ = seeded
    with pytest.raises(DuplicateDocument):
        ops.reimport_document(store, old, SEEDS / "2023-cpc-central-asias-careful-engagement-with-the-taliban.txt")


def test_a_document_with_annotations_cannot_be_deleted_under_them(seeded: Seeded) -> None:
    store, old, _ = seeded
    ops.create_annotation(store, Selection(old, 0, 5))
    with pytest.raises(sqlite3.IntegrityError), store.write() as db:
        db.execute("DELETE FROM documents WHERE id = ?", [old])
    assert len(ops.list_annotations(store)) == 1


def test_find_quote_refuses_missing_and_ambiguous_quotes(seeded: Seeded) -> None:
    store, old, _ = seeded
    with pytest.raises(AnnotationError, match="does not occur"):
        ops.find_quote(store, old, "Kyrgyzstan and Mars")
    with pytest.raises(AnnotationError, match=r"occurs \d+ times.*--occurrence"):
        ops.find_quote(store, old, "Taleban")
    with pytest.raises(AnnotationError, match="no occurrence 999"):
        ops.find_quote(store, old, "Taleban", 999)
    second = ops.find_quote(store, old, "Taleban", 2)
    assert get_document(store, old).text[second.start:second.end] == "Taleban"
