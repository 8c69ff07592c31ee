"""Recognition and cross-document linking on the sample pair, measured against the
hand-made gold list in ``tests/gold/seed_entities.json``.

The gold list gives spellings and counts, not offsets; its occurrences are found
the way its notes say they were counted (case-sensitive, not touching a letter,
a name inside a longer name not counted again), and the counts are checked first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from viewer.ops.documents import seed_pair
from viewer.ops.entities import Comparison, EntityView, compare, ensure_recognised
from viewer.store import Store
from viewer.store.documents import get_document

GOLD = json.loads((Path(__file__).parent / "gold" / "seed_entities.json").read_text("utf-8"))
SIDES = ("old", "new")
Occurrence = tuple[int, int, str]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Comparison, list[str]]]:
    store = Store(tmp_path_factory.mktemp("seeds") / "data.db")
    old, new = seed_pair(store)
    for doc_id in (old, new):
        ensure_recognised(store, doc_id)
    yield store, compare(store, old, new), [get_document(store, d).text for d in (old, new)]
    store.close()


def gold_occurrences(text: str, side: str) -> list[Occurrence]:
    found = [(m.start(), m.end(), e["key"])
             for e in GOLD["entities"] for spelling in e["spellings"][side]
             for m in re.finditer(rf"(?<![^\W\d_]){re.escape(spelling)}(?![^\W\d_])", text)]
    return [o for o in found if not any(p != o and p[0] <= o[0] and o[1] <= p[1] for p in found)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_key(entity: EntityView, side: int, gold: list[Occurrence]) -> str | None:
    """The gold entity most of this entity's mentions in one document fall on."""
    keys = Counter(o[2] for m in entity.mentions[side] for o in gold
                   if _overlaps((m.start, m.end), (o[0], o[1])))
    return keys.most_common(1)[0][0] if keys else None


def test_gold_occurrences_agree_with_the_gold_counts(seeds: tuple[Store, Comparison, list[str]]) -> None:
    _, _, texts = seeds
    for side, text in zip(SIDES, texts):
        counts = Counter(o[2] for o in gold_occurrences(text, side))
        assert {e["key"]: counts[e["key"]] for e in GOLD["entities"]} == {
            e["key"]: e["counts"][side] for e in GOLD["entities"]}


def test_mentions_match_the_gold_list(seeds: tuple[Store, Comparison, list[str]]) -> None:
    _, comparison, texts = seeds
    for side, (name, text) in enumerate(zip(SIDES, texts)):
        gold = gold_occurrences(text, name)
        found = [(m.start, m.end) for e in comparison.entities for m in e.mentions[side]]
        precision = sum(any(_overlaps(f, o[:2]) for o in gold) for f in found) / len(found)
        recall = sum(any(_overlaps(f, o[:2]) for f in found) for o in gold) / len(gold)
        exact = len(set(found) & {o[:2] for o in gold})
        print(f"\n{name}: lenient P {precision:.3f} R {recall:.3f}; "
              f"exact P {exact / len(found):.3f} R {exact / len(gold):.3f}")
        # The issue measured the bare model at 0.87 / 0.79 and a fixed-up trial at F1 0.92.
        assert precision >= 0.9 and recall >= 0.9


def test_cross_document_links_reach_the_target(seeds: tuple[Store, Comparison, list[str]]) -> None:
    _, comparison, texts = seeds
    gold = [gold_occurrences(text, side) for side, text in zip(SIDES, texts)]
    expected = {e["key"] for e in GOLD["entities"] if all(e["counts"][s] for s in SIDES)}
    shared = [e for e in comparison.entities if e.presence == "both"]
    correct = set()
    for entity in shared:
        a, b = (_gold_key(entity, side, gold[side]) for side in (0, 1))
        if a is not None and a == b and a in expected:
            correct.add(a)
    precision, recall = len(correct) / len(shared), len(correct) / len(expected)
    print(f"\ncross-document links: P {precision:.3f} R {recall:.3f} "
          f"({len(correct)} right of {len(shared)} made, {len(expected)} in the gold list)")
    assert precision >= 0.9 and recall >= 0.9


def _entity(comparison: Comparison, label: str) -> EntityView:
    return next(e for e in comparison.entities if e.label == label)


def test_roles_are_kept_per_mention_and_shown_per_era(seeds: tuple[Store, Comparison, list[str]]) -> None:
    _, comparison, _ = seeds
    tokayev = _entity(comparison, "Kassym-Jomart Tokayev")
    assert (tokayev.roles(0), tokayev.roles(1)) == (["Prime Minister"], ["Kazakh President"])
    assert tokayev.spellings(0) == ["Kasymjomart Tokaev"]
    assert _entity(comparison, "Pervez Musharraf").roles(0) == ["General"]
    assert _entity(comparison, "Erlan Idrisov").roles(0) == ["Foreign Minister"]


def test_links_say_why(seeds: tuple[Store, Comparison, list[str]]) -> None:
    _, comparison, _ = seeds
    reasons = {ln.reason for e in comparison.entities for ln in e.links}
    assert {"exact", "normalised", "alias", "surname", "acronym"} <= reasons
    ttt = next(e for e in comparison.entities if "TTT" in e.spellings(1))
    assert "Tehrik-e-Taliban Tajikistan" in ttt.spellings(1)
    assert any(ln.reason == "acronym" for ln in ttt.links)
    zhumangarin = _entity(comparison, "Serik Zhumangarin")
    assert any(ln.reason == "surname" for ln in zhumangarin.links)


def test_demonyms_are_related_not_identical(seeds: tuple[Store, Comparison, list[str]]) -> None:
    _, comparison, _ = seeds
    country = _entity(comparison, "Kazakhstan")
    people = next(e for e in comparison.entities if "Kazak" in e.spellings(0))
    assert people.id != country.id and people.type == "GROUP"
    assert "Kazakh" in people.spellings(1) and people.presence == "both"
    assert country.id in people.related and people.id in country.related
