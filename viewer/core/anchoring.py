"""Where a passage sits in a text, and finding it again after the text changes.

A passage is held by both W3C selectors: a ``TextPosition`` (start/end in code
points of the canonical text) and a ``TextQuote`` (the exact text with up to
``CONTEXT`` code points on either side). :func:`reanchor` places many passages in
a new version of a text: one line-then-character diff of the old and new text maps
positions, so a passage whose quote and context are still where the diff puts them
costs a bisect and three string compares. Only those touched by an edit fall back to
the exact quote with the best-matching context (nearest wins ties), then to a near
match (the span between the diff-mapped ends, or diff-match-patch Bitap around the
expected place), accepted above ``FUZZY_MIN_SIMILARITY``; the rest are orphans.
Pure Python, no Qt.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from os.path import commonprefix
from typing import TYPE_CHECKING, Literal

from viewer.core.errors import DiptychError

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

#: Code points of context kept on each side of a quote.
CONTEXT = 32
#: An exact quote found away from its old place is trusted once quote and matching
#: context together reach this many code points (a lone "the" is not evidence).
QUOTE_MIN_EVIDENCE = 32
#: Lowest similarity (1 - Levenshtein distance / length) a fuzzy match may have.
FUZZY_MIN_SIMILARITY = 0.8
#: A near match searched for (rather than given by the diff) is only trusted for a
#: quote this long: a short word close to where it used to be proves nothing.
FUZZY_MIN_SEARCH_LENGTH = 16
#: diff-match-patch Bitap settings: how bad a match, and how far from the
#: expected place (in code points, scaled by the threshold), is still looked at.
MATCH_THRESHOLD = 0.3
MATCH_DISTANCE = 1000
# Beyond this many occurrences of a quote, only those with some context are scored.
_MAX_CANDIDATES = 256
_PROBE = 8
# Changed hunks larger than this are not refined character by character.
_MAX_HUNK = 20_000

Method = Literal["position", "quote", "fuzzy", "orphan"]


class AnchorError(DiptychError):
    """A selection that cannot be anchored (empty, or outside the text)."""


@dataclass(frozen=True)
class TextPosition:
    """W3C TextPositionSelector: ``[start, end)`` in code points."""

    start: int
    end: int


@dataclass(frozen=True)
class TextQuote:
    """W3C TextQuoteSelector: the exact text and the text just around it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Selector:
    """Both selectors of one passage, taken from the same text."""

    position: TextPosition
    quote: TextQuote

    @property
    def start(self) -> int:
        return self.position.start

    @property
    def end(self) -> int:
        return self.position.end


@dataclass(frozen=True)
class Placement:
    """Where :func:`reanchor` put one passage: a selector in the new text, or none (orphan)."""

    selector: Selector | None
    method: Method
    similarity: float = 1.0


def make_selector(text: str, start: int, end: int) -> Selector:
    """The selectors of ``text[start:end]``; refuses an empty or out-of-range selection."""
    if not 0 <= start < end <= len(text):
        raise AnchorError(
            f"The selection {start}–{end} is empty or lies outside the text "
            f"(which has {len(text):,} characters)."
        )
    quote = TextQuote(text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])
    return Selector(TextPosition(start, end), quote)


def reanchor(old_text: str | None, new_text: str, selectors: Sequence[Selector]) -> list[Placement]:
    """Place each selector (taken from ``old_text``) in ``new_text``, in order.

    ``old_text`` may be None when it is unknown (an orphan from an earlier version):
    the stored position is then only a hint of where to look.
    """
    if not selectors:
        return []
    positions = _PositionMap(old_text, new_text)
    finder = _Finder(new_text)
    return [finder.place(sel, positions) for sel in selectors]


class _PositionMap:
    """Runs of text the diff found unchanged: ``old[o:o+n] == new[m:m+n]``."""

    def __init__(self, old: str | None, new: str) -> None:
        runs = [(0, 0, len(new))] if old is None else _equal_runs(old, new)
        self._old = [r[0] for r in runs]
        self._new = [r[1] for r in runs]
        self._len = [r[2] for r in runs]
        self._size = len(new)

    def exact(self, pos: int) -> int | None:
        """Where old position ``pos`` is in the new text, if its character is unchanged."""
        i = bisect_right(self._old, pos) - 1
        if i >= 0 and pos < self._old[i] + self._len[i]:
            return self._new[i] + pos - self._old[i]
        return None

    def approx(self, pos: int) -> int:
        """Best guess for an old position inside a changed region."""
        i = bisect_right(self._old, pos) - 1
        guess = pos if i < 0 else self._new[i] + pos - self._old[i]
        return min(max(guess, 0), self._size)


def _equal_runs(old: str, new: str) -> list[tuple[int, int, int]]:
    """Unchanged runs ``(old_start, new_start, length)`` in order, from a line diff whose
    changed hunks are then diffed character by character."""
    dmp = _dmp()
    a, b, lines = dmp.diff_linesToChars(old, new)
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_charsToLines(diffs, lines)
    runs: list[tuple[int, int, int]] = []
    o = n = 0
    deleted, inserted = "", ""

    def flush() -> None:
        nonlocal o, n, deleted, inserted
        if deleted and inserted and len(deleted) <= _MAX_HUNK and len(inserted) <= _MAX_HUNK:
            oo, nn = o, n
            for op, chunk in dmp.diff_main(deleted, inserted, False):
                if op == 0:
                    runs.append((oo, nn, len(chunk)))
                if op != 1:
                    oo += len(chunk)
                if op != -1:
                    nn += len(chunk)
        o += len(deleted)
        n += len(inserted)
        deleted, inserted = "", ""

    for op, chunk in diffs:
        if op == -1:
            deleted += chunk
        elif op == 1:
            inserted += chunk
        else:
            flush()
            runs.append((o, n, len(chunk)))
            o += len(chunk)
            n += len(chunk)
    flush()
    return runs


class _Finder:
    """The search steps for one new text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._match: diff_match_patch | None = None

    def place(self, sel: Selector, positions: _PositionMap) -> Placement:
        q = sel.quote
        at = positions.exact(sel.start)
        if at is not None and self._matches_with_context(at, q):
            return Placement(make_selector(self.text, at, at + len(q.exact)), "position")
        hint = positions.approx(sel.start)
        start = self._by_quote(q, hint)
        if start is not None:
            return Placement(make_selector(self.text, start, start + len(q.exact)), "quote")
        found = self._by_diff(sel, positions) or self._fuzzy(q.exact, hint)
        if found is not None:
            s, e, similarity = found
            return Placement(make_selector(self.text, s, e), "fuzzy", similarity)
        return Placement(None, "orphan", 0.0)

    def _matches_with_context(self, at: int, q: TextQuote) -> bool:
        t = self.text
        end = at + len(q.exact)
        return (t.startswith(q.exact, at) and t.startswith(q.suffix, end)
                and at >= len(q.prefix) and t.startswith(q.prefix, at - len(q.prefix)))

    def _by_quote(self, q: TextQuote, hint: int) -> int | None:
        """The occurrence of the exact quote whose context matches best (nearest on ties)."""
        if not q.exact:
            return None
        full = _occurrences(self.text, q.prefix + q.exact + q.suffix)
        if full:
            return min((p + len(q.prefix) for p in full), key=lambda p: abs(p - hint))
        candidates = _occurrences(self.text, q.exact, _MAX_CANDIDATES + 1)
        if len(candidates) > _MAX_CANDIDATES:
            with_context = _occurrences(self.text, q.prefix[-_PROBE:] + q.exact)
            shift = len(q.prefix[-_PROBE:])
            candidates = sorted({p + shift for p in with_context}
                                | set(_occurrences(self.text, q.exact + q.suffix[:_PROBE])))
        best: tuple[int, int] | None = None  # (context score, -distance)
        best_at = None
        for p in candidates:
            score = (self._context_score(p, q), -abs(p - hint))
            if best is None or score > best:
                best, best_at = score, p
        if best is None or len(q.exact) + best[0] < QUOTE_MIN_EVIDENCE:
            return None
        return best_at

    def _context_score(self, at: int, q: TextQuote) -> int:
        t = self.text
        before = t[max(0, at - len(q.prefix)):at]
        after = t[at + len(q.exact):at + len(q.exact) + len(q.suffix)]
        return len(commonprefix([before[::-1], q.prefix[::-1]])) + len(commonprefix([after, q.suffix]))

    def _by_diff(self, sel: Selector, positions: _PositionMap) -> tuple[int, int, float] | None:
        """The span between where the diff put the first and the last character, when
        both survived: the cheap case of an edit inside the quote."""
        start, last = positions.exact(sel.start), positions.exact(sel.end - 1)
        if start is None or last is None or last < start:
            return None
        return self._scored(sel.quote.exact, start, last + 1)

    def _fuzzy(self, exact: str, hint: int) -> tuple[int, int, float] | None:
        """A near match of ``exact`` close to ``hint``: Bitap finds where it starts (or,
        failing that, ends), a character diff against the text there finds its end."""
        if len(exact) < FUZZY_MIN_SEARCH_LENGTH:
            return None
        dmp = self._dmp()
        bits = dmp.Match_MaxBits
        start = self._bitap(exact[:bits], hint)
        if start < 0 and len(exact) > bits:
            tail = self._bitap(exact[-bits:], hint + len(exact) - bits)
            start = -1 if tail < 0 else max(0, tail + bits - len(exact))
        if start < 0:
            return None
        window = self.text[start:start + len(exact) + len(exact) // 4 + 8]
        diffs = dmp.diff_main(exact, window, False)
        return self._scored(exact, start, start + dmp.diff_xIndex(diffs, len(exact) - 1) + 1)

    def _bitap(self, pattern: str, hint: int) -> int:
        # Bitap allocates per call a list as long as the text up to the hint, so it is
        # given only the stretch where a match can score under the threshold at all.
        reach = int(MATCH_DISTANCE * MATCH_THRESHOLD) + len(pattern)
        lo = max(0, hint - reach)
        found = self._dmp().match_main(self.text[lo:hint + reach], pattern, hint - lo)
        return found + lo if found >= 0 else -1

    def _scored(self, exact: str, start: int, end: int) -> tuple[int, int, float] | None:
        found = self.text[start:end]
        longest = max(len(found), len(exact))
        if not found or abs(len(found) - len(exact)) > longest * (1 - FUZZY_MIN_SIMILARITY):
            return None
        dmp = self._dmp()
        distance = dmp.diff_levenshtein(dmp.diff_main(exact, found, False))
        similarity = 1.0 - distance / longest
        return (start, end, similarity) if similarity >= FUZZY_MIN_SIMILARITY else None

    def _dmp(self) -> diff_match_patch:
        if self._match is None:
            self._match = _dmp()
            self._match.Match_Threshold = MATCH_THRESHOLD
            self._match.Match_Distance = MATCH_DISTANCE
        return self._match


def _occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    found: list[int] = []
    i = text.find(needle)
    while i >= 0 and (limit is None or len(found) < limit):
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _dmp() -> diff_match_patch:
    from diff_match_patch import diff_match_patch  # only a re-import needs it

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.5
    return dmp
