"""Aligning two documents through shared entities (Qt-free): anchors and the mapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.core.alignment import align


def test_without_shared_entities_the_mapping_is_proportional() -> None:
    al = align((1000, 4000), [])
    assert al.anchors == ((0, 0), (1000, 4000))
    assert al.map(250) == 1000
    assert al.map(1000, source=1) == 250


def test_a_name_each_document_uses_once_is_an_exact_anchor() -> None:
    al = align((1000, 2000), [([100], [1500])])
    assert al.map(100) == 1500
    assert al.map(1500, source=1) == 100
    assert al.map(50) == 750  # half way from the start to the anchor
    assert al.map(550) == 1750  # half way from the anchor to the end


def test_crossing_matches_are_dropped() -> None:
    names = [([100], [100]), ([300], [300]), ([500], [900]), ([700], [700]), ([800], [800])]
    al = align((1000, 1000), names)
    assert al.anchors == ((0, 0), (100, 100), (300, 300), (700, 700), (800, 800), (1000, 1000))


def test_a_rare_shared_name_outweighs_a_common_one_it_crosses() -> None:
    common = (list(range(100, 1000, 100)), list(range(100, 1000, 100)))
    al = align((1000, 1000), [common, ([200], [800])])
    assert (200, 800) in al.anchors
    assert al.anchors[:2] == ((0, 0), (100, 100))


def test_a_linked_passage_pair_stays_level_even_against_entities() -> None:
    """Where the analyst linked two passages, that pair wins over every crossing entity."""
    crossing = [([100 + i], [900 - i]) for i in range(50)]  # fifty names, all crossing the link
    alignment = align((1000, 1000), crossing, pinned=[(800, 200)])
    assert alignment.map(800) == 200
    assert alignment.map(200, source=1) == 800


def test_each_mention_pairs_with_the_nearest_in_relative_position() -> None:
    # Three mentions on the left, one on the right at 60 % of the way: it pairs with the
    # left mention at 60 %, not the first one.
    al = align((1000, 5000), [([100, 600, 900], [3000])])
    assert al.anchors == ((0, 0), (600, 3000), (1000, 5000))


def test_mentions_at_the_very_ends_do_not_duplicate_the_end_anchors() -> None:
    al = align((100, 200), [([0], [0]), ([99], [199])])
    assert al.anchors == ((0, 0), (99, 199), (100, 200))
    assert al.map(100) == 200


@st.composite
def documents(draw: st.DrawFn) -> tuple[tuple[int, int], list[tuple[list[int], list[int]]]]:
    lengths = (draw(st.integers(1, 1_000_000)), draw(st.integers(1, 1_000_000)))
    starts = [st.lists(st.integers(0, n - 1), max_size=30).map(sorted) for n in lengths]
    shared = draw(st.lists(st.tuples(*starts), max_size=25))
    return lengths, shared


@given(documents())
def test_anchors_increase_strictly_from_start_to_end(doc: tuple) -> None:  # type: ignore[type-arg]
    lengths, shared = doc
    anchors = align(lengths, shared).anchors
    assert anchors[0] == (0, 0) and anchors[-1] == lengths
    for (a0, b0), (a1, b1) in zip(anchors, anchors[1:], strict=False):
        assert a0 < a1 and b0 < b1


@given(documents(), st.lists(st.floats(0, 1), min_size=2, max_size=20))
def test_the_mapping_is_monotone_both_ways(doc: tuple, fractions: list[float]) -> None:  # type: ignore[type-arg]
    lengths, shared = doc
    al = align(lengths, shared)
    for source in (0, 1):
        xs = sorted(f * lengths[source] for f in fractions)
        ys = [al.map(x, source) for x in xs]
        assert ys == sorted(ys)
        assert all(0 <= y <= lengths[1 - source] for y in ys)


@given(documents())
def test_ends_map_to_ends(doc: tuple) -> None:  # type: ignore[type-arg]
    lengths, shared = doc
    al = align(lengths, shared)
    for source in (0, 1):
        assert al.map(0, source) == 0
        assert al.map(lengths[source], source) == lengths[1 - source]
        assert al.map(-5, source) == 0 and al.map(lengths[source] + 5, source) == lengths[1 - source]


@given(documents(), st.floats(0, 1))
def test_mapping_there_and_back_returns_close_to_the_start(doc: tuple, fraction: float) -> None:  # type: ignore[type-arg]
    lengths, shared = doc
    al = align(lengths, shared)
    for source in (0, 1):
        x = fraction * lengths[source]
        assert al.map(al.map(x, source), 1 - source) == pytest.approx(x, abs=1e-6 * lengths[source] + 1e-6)
