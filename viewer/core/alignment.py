"""Aligning two documents through the entities they share, for aligned scrolling.

Meld keeps two files level by interpolating between diff chunks; two eras of
writing share no lines, but they do share names. :func:`align` pairs each mention
of a shared entity with the other document's mention of it at the nearest relative
position, then keeps the heaviest chain of pairs that never cross (a weighted
longest increasing subsequence, as patience diff keeps unique lines): every shared
entity gets one vote spread over its pairs, so a name each document uses once
outweighs one of a hundred pairs of a name both use everywhere. Passages the
analyst linked by hand are *pinned* pairs that outweigh every entity: where the
analyst says two passages correspond, they stay level. The result maps a
code point offset in either document to the other by linear interpolation between
neighbouring anchors, with the two document ends as implicit anchors; a lookup is
a bisection, cheap enough for every scroll event.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: The weight of one pinned pair: more than all the entities of any pair of documents.
PINNED_WEIGHT = 1e6


@dataclass(frozen=True)
class Alignment:
    """Anchor pairs ``(offset in document 0, offset in document 1)``, strictly increasing
    in both, from ``(0, 0)`` to the two lengths."""

    anchors: tuple[tuple[int, int], ...]
    _columns: tuple[list[int], list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_columns", ([a for a, _ in self.anchors], [b for _, b in self.anchors]))

    @property
    def lengths(self) -> tuple[int, int]:
        return self.anchors[-1]

    def map(self, offset: float, source: int = 0) -> float:
        """The offset in the other document level with ``offset`` in document ``source``."""
        xs, ys = self._columns[source], self._columns[1 - source]
        x = min(max(offset, 0.0), float(xs[-1]))
        i = bisect_right(xs, x) - 1
        if i >= len(xs) - 1:
            return float(ys[-1])
        x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
        return y0 + (x - x0) * (y1 - y0) / (x1 - x0) if x1 > x0 else float(y0)


def align(lengths: tuple[int, int], shared: Iterable[tuple[Sequence[int], Sequence[int]]],
          pinned: Iterable[tuple[int, int]] = ()) -> Alignment:
    """Align two documents of ``lengths`` code points. ``shared`` gives, for each entity
    found in both, the sorted start offsets of its mentions in document 0 and in document 1;
    ``pinned`` gives offset pairs that must stay level (linked passages)."""
    pairs: list[tuple[int, int, float]] = [(a, b, PINNED_WEIGHT) for a, b in pinned]
    for starts in shared:
        pairs.extend(_pair_mentions(lengths, starts[0], starts[1]))
    inner = [p for p in pairs if 0 < p[0] < lengths[0] and 0 < p[1] < lengths[1]]
    return Alignment(((0, 0), *_heaviest_chain(inner), lengths))


def _pair_mentions(lengths: tuple[int, int], a: Sequence[int], b: Sequence[int]
                   ) -> list[tuple[int, int, float]]:
    """Each mention on the sparser side with the other side's mention nearest in relative
    position, weighted so the entity's pairs add up to one."""
    if not a or not b:
        return []
    few, many, side = (a, b, 0) if len(a) <= len(b) else (b, a, 1)
    scale = lengths[1 - side] / max(1, lengths[side])
    weight = 1.0 / len(few)
    pairs = []
    for x in few:
        goal = x * scale
        j = bisect_left(many, goal)
        near = min((k for k in (j - 1, j) if 0 <= k < len(many)), key=lambda k: abs(many[k] - goal))
        pairs.append((x, many[near], weight) if side == 0 else (many[near], x, weight))
    return pairs


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The heaviest subsequence strictly increasing in both offsets, in O(n log n).

    Sorting equal left offsets by descending right offset stops two pairs with the
    same left offset from both joining a chain; a Fenwick tree over right offsets
    gives the heaviest chain ending below any right offset.
    """
    pairs = sorted(set(pairs), key=lambda p: (p[0], -p[1]))
    ranks = {r: i + 1 for i, r in enumerate(sorted({p[1] for p in pairs}))}
    tree: list[tuple[float, int]] = [(0.0, -1)] * (len(ranks) + 1)  # (chain weight, last pair)
    before = [-1] * len(pairs)
    best: tuple[float, int] = (0.0, -1)
    for i, (_, right, weight) in enumerate(pairs):
        prior: tuple[float, int] = (0.0, -1)
        k = ranks[right] - 1
        while k > 0:
            prior = max(prior, tree[k])
            k -= k & -k
        chain = (prior[0] + weight, i)
        before[i] = prior[1]
        best = max(best, chain)
        k = ranks[right]
        while k < len(tree):
            tree[k] = max(tree[k], chain)
            k += k & -k
    chain_ids = []
    i = best[1]
    while i >= 0:
        chain_ids.append(i)
        i = before[i]
    return [(pairs[i][0], pairs[i][1]) for i in reversed(chain_ids)]
