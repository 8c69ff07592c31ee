"""The span index finds exactly what a scan of every span would (it only looks at fewer)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from viewer.core.intervals import SpanIndex

spans = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 80)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=60)


@given(spans, st.integers(-10, 600), st.integers(0, 120))
def test_overlapping_matches_a_full_scan(raw: list[tuple[int, int]], first: int, width: int) -> None:
    index = SpanIndex((s, e, i) for i, (s, e) in enumerate(raw))
    last = first + width
    expected = sorted((s, e, i) for i, (s, e) in enumerate(raw) if s < last and e > first)
    found = index.overlapping(first, last)
    assert sorted(found) == expected
    assert [s for s, _, _ in found] == sorted(s for s, _, _ in found)  # in text order


@given(spans, st.integers(-10, 600))
def test_at_finds_every_span_holding_the_offset(raw: list[tuple[int, int]], offset: int) -> None:
    index = SpanIndex((s, e, i) for i, (s, e) in enumerate(raw))
    assert sorted(index.at(offset)) == [i for i, (s, e) in enumerate(raw) if s <= offset < e]


@given(spans, st.integers(-10, 600), st.integers(0, 120))
def test_near_holds_every_span_touching_the_range(raw: list[tuple[int, int]], first: int, width: int) -> None:
    index = SpanIndex((s, e, i) for i, (s, e) in enumerate(raw))
    last = first + width
    near = {i for _, _, i in index.near(first, last)}
    assert {i for i, (s, e) in enumerate(raw) if s <= last and e >= first} <= near


def test_a_long_span_far_back_is_still_found() -> None:
    index = SpanIndex([(0, 10_000, "chapter"), *((n, n + 5, f"word {n}") for n in range(100, 9_000, 50))])
    assert index.at(9_500) == ["chapter"]
    assert index.at(150) == ["chapter", "word 150"]
