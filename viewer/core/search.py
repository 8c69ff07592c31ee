"""Find every occurrence of a phrase in a text, in code points, ignoring case.

Uses a case-insensitive regular expression rather than ``casefold()`` so that
offsets stay those of the original text (``"ß".casefold()`` is two letters).
"""

from __future__ import annotations

import re


def find_all(text: str, needle: str, *, case_sensitive: bool = False) -> list[tuple[int, int]]:
    if not needle:
        return []
    flags = 0 if case_sensitive else re.IGNORECASE
    pattern = re.compile(re.escape(needle), flags)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
