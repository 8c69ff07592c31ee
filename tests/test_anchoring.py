"""Anchoring: selectors, and placing passages again after the text changes (no store, no Qt)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from viewer.core.anchoring import (
    CONTEXT,
    FUZZY_MIN_SIMILARITY,
    AnchorError,
    Selector,
    make_selector,
    reanchor,
)

# Prose-like text with the awkward cases mixed in: astral characters (one code point,
# two UTF-16 units), combining marks, CRLF and lone CR.
ALPHABET = st.sampled_from(list("abcdefghij klmnop.,\n") + ["\r\n", "\r", "😀", "𝔘", "é", "e\u0301", "Ж"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=400).map("".join)
SENTENCE = ("The delegation met the Taliban in Kabul 😀 and agreed on trade. ")


def prose(n: int) -> str:
    return "".join(f"Paragraph {i}: {SENTENCE}Item {i * 7} follows here.\r\n" for i in range(n))


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(TEXTS)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@given(text_and_span())
def test_selector_holds_the_quote_and_32_code_points_of_context(case: tuple[str, int, int]) -> None:
    text, start, end = case
    sel = make_selector(text, start, end)
    assert (sel.start, sel.end) == (start, end)
    assert sel.quote.prefix + sel.quote.exact + sel.quote.suffix == text[max(0, start - CONTEXT):end + CONTEXT]
    assert len(sel.quote.prefix) == min(CONTEXT, start)
    assert len(sel.quote.suffix) == min(CONTEXT, len(text) - end)


@pytest.mark.parametrize(("start", "end"), [(3, 3), (5, 2), (-1, 2), (0, 99)])
def test_empty_or_outside_selections_are_refused(start: int, end: int) -> None:
    with pytest.raises(AnchorError, match="empty or lies outside"):
        make_selector("some text", start, end)


def test_astral_characters_count_as_one() -> None:
    text = "😀😀 Kabul 😀"
    sel = make_selector(text, 3, 8)
    assert sel.quote.exact == "Kabul" and sel.quote.prefix == "😀😀 "


@given(text_and_span(), st.data())
def test_an_unchanged_text_keeps_every_selector(case: tuple[str, int, int], data: st.DataObject) -> None:
    text, start, end = case
    other = data.draw(st.integers(0, len(text) - 1))
    sels = [make_selector(text, start, end), make_selector(text, other, len(text))]
    placed = reanchor(text, text, sels)
    assert [p.selector for p in placed] == sels
    assert {p.method for p in placed} == {"position"}


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str, Selector, int, int]:
    """A text, an annotation on it, and the text after an edit that leaves the annotation
    and its context alone (so its true new place is known)."""
    text, start, end = draw(text_and_span())
    sel = make_selector(text, start, end)
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    before = draw(st.booleans()) and lo > 0
    if not before and hi == len(text):
        before = lo > 0
    region = (0, lo) if before else (hi, len(text))
    a = draw(st.integers(*region))
    b = draw(st.integers(a, region[1]))
    inserted = draw(TEXTS | st.just(""))
    new = text[:a] + inserted + text[b:]
    shift = len(inserted) - (b - a) if before else 0
    return text, new, sel, start + shift, end + shift


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_an_edit_elsewhere_leaves_the_passage_on_the_same_text_and_context(
        case: tuple[str, str, Selector, int, int]) -> None:
    old, new, sel, true_start, true_end = case
    assert new[true_start:true_end] == sel.quote.exact
    [placed] = reanchor(old, new, [sel])
    assert placed.method in ("position", "quote")
    got = placed.selector
    assert got is not None and new[got.start:got.end] == sel.quote.exact
    # The same words in the same surroundings: the true place, or one the text cannot tell from it.
    assert got.quote.prefix.endswith(sel.quote.prefix) and got.quote.suffix.startswith(sel.quote.suffix)
    if new.count(sel.quote.prefix + sel.quote.exact + sel.quote.suffix) == 1:
        assert (got.start, got.end) == (true_start, true_end)


@settings(max_examples=300)
@given(text_and_span(), st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), TEXTS), max_size=4))
def test_any_edits_place_each_passage_on_matching_text_or_orphan_it(
        case: tuple[str, int, int], edits: list[tuple[float, float, str]]) -> None:
    old, start, end = case
    new = old
    for x, y, inserted in edits:
        a, b = sorted((int(x * len(new)), int(y * len(new))))
        new = new[:a] + inserted + new[b:]
    assume(new)
    sel = make_selector(old, start, end)
    [placed] = reanchor(old, new, [sel])
    if placed.selector is None:
        assert placed.method == "orphan"
        return
    got = placed.selector
    assert got == make_selector(new, got.start, got.end)
    if placed.method == "fuzzy":
        assert placed.similarity >= FUZZY_MIN_SIMILARITY
    else:
        assert new[got.start:got.end] == sel.quote.exact


def test_a_corrected_typo_inside_a_passage_is_placed_by_near_match() -> None:
    old = prose(40)
    start = old.index("Paragraph 20:")
    end = old.index("Item", start)
    sel = make_selector(old, start, end)
    new = old.replace("Paragraph 20: The delegation", "Paragraph 20: The delegatoin")
    [placed] = reanchor(old, new, [sel])
    assert placed.method == "fuzzy" and placed.selector is not None
    assert new[placed.selector.start:placed.selector.end] == new[start:end]


def test_a_passage_moved_elsewhere_is_found_by_its_quote() -> None:
    old = prose(30)
    moved = "A unique passage about the Wakhan corridor 𝔘 and its customs posts.\n"
    old = old + moved
    sel = make_selector(old, old.index("Wakhan"), old.index(" and its"))
    new = moved + prose(30)
    [placed] = reanchor(old, new, [sel])
    assert placed.method == "quote" and placed.selector is not None
    assert placed.selector.start == new.index("Wakhan")


def test_a_deleted_passage_becomes_an_orphan_and_the_others_stay() -> None:
    old = prose(30) + "The minister resigned over the gas pipeline deal.\n" + prose(5)
    gone = make_selector(old, old.index("The minister"), old.index(" deal.") + 5)
    kept = make_selector(old, old.index("Paragraph 3:"), old.index("Paragraph 3:") + 12)
    new = old.replace("The minister resigned over the gas pipeline deal.\n", "")
    placed = reanchor(old, new, [gone, kept])
    assert [p.method for p in placed] == ["orphan", "position"]
    assert placed[0].selector is None
    assert placed[1].selector == kept


def test_a_short_common_quote_without_its_context_is_not_guessed() -> None:
    old = "x" * 100 + " the end of it " + "y" * 100
    sel = make_selector(old, 101, 104)  # "the"
    new = "Something else entirely: the cat. " * 40
    [placed] = reanchor(old, new, [sel])
    assert placed.method == "orphan"


def test_orphans_from_an_older_version_are_found_by_quote_without_the_old_text() -> None:
    text = prose(30)
    sel = make_selector(text, text.index("Item 140"), text.index("Item 140") + 8)
    [placed] = reanchor(None, "New preface.\n" + text, [sel])
    assert placed.method == "quote" and placed.selector is not None
    assert placed.selector.quote.exact == "Item 140"


def test_crlf_against_lf_versions_place_by_quote() -> None:
    crlf = prose(20)
    lf = crlf.replace("\r\n", "\n")
    at = crlf.index("Paragraph 12")
    sel = make_selector(crlf, at, at + 40)
    [placed] = reanchor(crlf, lf, [sel])
    assert placed.selector is not None and placed.selector.start == lf.index("Paragraph 12")
