"""The one place where code-point offsets meet UTF-16 offsets.

Diptych stores and computes every position in Unicode code points. Qt counts in
UTF-16 code units, where a character outside the Basic Multilingual Plane (emoji,
many CJK extensions, historic scripts) takes two units. ``Utf16Map`` converts both
ways for one text in O(log n) per call; the UI builds one per document and uses
nothing else.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Offset conversion for one text, built once in O(n)."""

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        # Code-point indices of astral characters, and their UTF-16 indices.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (0 <= cp <= len(text))."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16``.

        An offset that falls between the two halves of a surrogate pair is moved
        back to the start of its character, so a Qt selection can never split one.
        """
        if not self._astral_u16:
            return u16
        # Astral characters that end at or before u16 each count one unit too many.
        full = bisect_right(self._astral_u16, u16 - 2)
        if full < len(self._astral_u16) and self._astral_u16[full] == u16 - 1:
            return self._astral_cp[full]
        return u16 - full
