"""Hand corrections of entities: each is one action with an undo, and each survives
recognition and linking running again."""

from __future__ import annotations

import pytest

from viewer.core.errors import DiptychError
from viewer.ops.entities import (
    Comparison, EntityView, compare, ensure_recognised, ignore, merge, relink, rename, set_type,
    split,
)
from viewer.store import Store
from viewer.store.entities import forget_recognition


@pytest.fixture
def recognised(seeded: tuple[Store, int, int]) -> tuple[Store, int, int]:
    store, old, new = seeded
    for doc_id in (old, new):
        ensure_recognised(store, doc_id)
    return seeded


def rerun(store: Store, old: int, new: int) -> Comparison:
    """Recognise both documents again from scratch, which re-links everything."""
    for doc_id in (old, new):
        forget_recognition(store, doc_id)
        assert ensure_recognised(store, doc_id)
    return compare(store, old, new)


def by_label(comparison: Comparison, label: str) -> EntityView:
    return next(e for e in comparison.entities if e.label == label)


def test_merge_survives_a_rerun_and_undoes(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    before = compare(store, old, new)
    astana, tashkent = by_label(before, "Astana"), by_label(before, "Tashkent")
    undo = merge(store, astana.id, tashkent.id)
    for comparison in (compare(store, old, new), rerun(store, old, new)):
        merged = comparison.by_id[astana.id]
        assert merged.label == "Astana" and merged.presence == "both"
        assert merged.spellings(1) == ["Tashkent"] and tashkent.id not in comparison.by_id
        assert any(ln.reason == "manual" for ln in merged.links)
    redo = undo.apply(store)
    assert by_label(compare(store, old, new), "Tashkent").presence == "only_b"
    redo.apply(store)
    assert compare(store, old, new).by_id[astana.id].presence == "both"


def test_merge_overrides_the_gazetteer_veto(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    c = compare(store, old, new)
    merge(store, by_label(c, "Russia").id, by_label(c, "China").id)
    assert {"Russia", "China"} <= set(by_label(rerun(store, old, new), "Russia").spellings(1))


def test_split_survives_a_rerun_and_undoes(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    taliban = by_label(compare(store, old, new), "Taliban")
    lower = next(m for m in taliban.mentions[1] if m.text == "taliban")
    undo = split(store, lower.id)
    for comparison in (compare(store, old, new), rerun(store, old, new)):
        assert "taliban" not in comparison.by_id[taliban.id].spellings(1)
        alone = next(e for e in comparison.entities if e.spellings(1) == ["taliban"])
        assert alone.counts == (0, 1) and alone.id != taliban.id
    undo.apply(store)
    assert "taliban" in compare(store, old, new).by_id[taliban.id].spellings(1)


def test_a_split_mention_can_be_merged_elsewhere(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    c = compare(store, old, new)
    lower = next(m for m in by_label(c, "Taliban").mentions[1] if m.text == "taliban")
    split(store, lower.id)
    alone = next(e for e in compare(store, old, new).entities if e.spellings(1) == ["taliban"])
    merge(store, by_label(c, "Islamists").id, alone.id)
    islamists = by_label(rerun(store, old, new), "Islamists")
    assert "taliban" in islamists.spellings(1)


def test_rename_type_and_ignore_survive_a_rerun(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    c = compare(store, old, new)
    taliban, vremya, islamic = (by_label(c, name) for name in ("Taliban", "Vremya Po", "Islamic"))
    rename(store, taliban.id, "Taliban movement")
    set_type(store, vremya.id, "organisation")
    undo_ignore = ignore(store, islamic.id)
    for comparison in (compare(store, old, new), rerun(store, old, new)):
        assert comparison.by_id[taliban.id].label == "Taliban movement"
        assert comparison.by_id[vremya.id].type == "ORGANISATION"
        assert islamic.id not in comparison.by_id
        assert compare(store, old, new, include_ignored=True).by_id[islamic.id].ignored
    undo_ignore.apply(store)
    assert islamic.id in compare(store, old, new).by_id


def test_later_correction_wins_and_undo_restores_the_earlier(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    moscow = by_label(compare(store, old, new), "Moscow")
    rename(store, moscow.id, "Moskva")
    undo = rename(store, moscow.id, "Moscow (the government)")
    relink(store)
    assert compare(store, old, new).by_id[moscow.id].label == "Moscow (the government)"
    undo.apply(store)
    assert compare(store, old, new).by_id[moscow.id].label == "Moskva"


def test_a_refused_correction_changes_nothing(recognised: tuple[Store, int, int]) -> None:
    store, old, new = recognised
    c = compare(store, old, new)
    almaty = by_label(c, "Almaty")
    with pytest.raises(DiptychError):
        set_type(store, almaty.id, "CITY")
    with pytest.raises(DiptychError):
        split(store, almaty.mentions[0][0].id)  # its only mention
    with pytest.raises(DiptychError):
        merge(store, almaty.id, almaty.id)
    assert compare(store, old, new).by_id[almaty.id] == almaty
