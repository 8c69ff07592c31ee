"""Code points in the store, UTF-16 in Qt: the one conversion must be exact both ways."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from viewer.core.offsets import Utf16Map


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_emoji_and_other_astral_characters_shift_utf16_positions() -> None:
    text = "a😀b𝔘c🇰🇿d"  # emoji, a mathematical letter, a flag (two regional indicators)
    m = Utf16Map(text)
    for cp in range(len(text) + 1):
        assert m.to_utf16(cp) == utf16_len(text[:cp])
        assert m.to_codepoint(m.to_utf16(cp)) == cp
    assert m.utf16_length == utf16_len(text)


def test_a_utf16_offset_inside_a_surrogate_pair_snaps_to_the_character_start() -> None:
    m = Utf16Map("x😀y")
    assert m.to_codepoint(2) == 1  # between the two halves of 😀


def test_plain_bmp_text_is_the_identity() -> None:
    m = Utf16Map("Kazakstan – Қазақстан")
    assert [m.to_utf16(i) for i in range(5)] == list(range(5))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_round_trip_matches_python_utf16_encoding(text: str) -> None:
    m = Utf16Map(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == utf16_len(text[:cp])
        assert m.to_codepoint(u) == cp
