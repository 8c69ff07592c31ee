"""Spans ``[start, end)`` of a text with something attached, found by position in log time.

A book carries thousands of mentions and may carry tens of thousands of annotations;
the window only ever needs those on screen, and a tooltip those under the pointer.
``SpanIndex`` keeps the spans sorted by start and remembers the longest, so every
span that could reach a range starts within ``[first - longest, last]``: two
bisections, then a scan of only those candidates.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        self._spans = sorted(spans, key=lambda s: (s[0], s[1]))  # stable: equal spans keep their order
        self._starts = [s[0] for s in self._spans]
        self._longest = max((end - start for start, end, _ in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def near(self, first: int, last: int) -> list[tuple[int, int, T]]:
        """Every span that overlaps or touches ``[first, last]`` (and perhaps a few that end
        just before it), by start."""
        lo = bisect_left(self._starts, first - self._longest)
        hi = bisect_right(self._starts, last)
        return self._spans[lo:hi]

    def overlapping(self, first: int, last: int) -> list[tuple[int, int, T]]:
        """The spans sharing at least one position with ``[first, last)``, by start."""
        return [s for s in self.near(first, last) if s[0] < last and s[1] > first]

    def at(self, offset: int) -> list[T]:
        """What is attached to the spans holding position ``offset``."""
        return [item for _, _, item in self.overlapping(offset, offset + 1)]
