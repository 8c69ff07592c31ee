"""Linking across documents: spelling variants join, false friends never do.

Documents here are real files imported through the same path as the window's,
recognised by the real model and linked with the shipped gazetteer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.core.entities.normalise import name_key, variant_score
from viewer.ops.documents import import_document
from viewer.ops.entities import Comparison, compare, ensure_recognised
from viewer.store import Store


def pair(store: Store, tmp_path: Path, older: str, newer: str) -> Comparison:
    ids = []
    for name, text in (("older.txt", older), ("newer.txt", newer)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        ids.append(import_document(store, path).id)
    for doc_id in ids:
        ensure_recognised(store, doc_id)
    return compare(store, ids[0], ids[1])


def entity_of(comparison: Comparison, spelling: str) -> int:
    ids = {e.id for e in comparison.entities for side in (0, 1) if spelling in e.spellings(side)}
    assert len(ids) == 1, f"{spelling!r} is in {len(ids)} entities"
    return ids.pop()


@pytest.mark.parametrize(("a", "b"), [
    ("Taleban", "Taliban"), ("Kazakstan", "Kazakhstan"), ("Tokaev", "Tokayev"),
    ("Nazarbaev", "Nazarbayev"), ("Cabool", "Kabul"), ("Samarcand", "Samarkand"),
    ("Peshawur", "Peshawar"), ("Candahar", "Kandahar"), ("Balkh", "Belkh"),
    ("Kasymjomart Tokaev", "Kassym-Jomart Tokayev"), ("Alma-Ata", "Almaty"),
])
def test_spelling_variants_are_recognised_as_such(a: str, b: str) -> None:
    assert variant_score(name_key(a), name_key(b)) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("Iran", "Iraq"), ("Niger", "Nigeria"), ("Austria", "Australia"), ("Iceland", "Ireland"),
    ("Gambia", "Zambia"), ("Malawi", "Mali"), ("Slovenia", "Slovakia"),
    ("Ahmad Shah Massoud", "Ahmad Massoud"),
])
def test_false_friends_are_not_variants(a: str, b: str) -> None:
    assert variant_score(name_key(a), name_key(b)) is None


def test_false_friends_are_never_merged(store: Store, tmp_path: Path) -> None:
    c = pair(
        store, tmp_path,
        "Envoys from Iran and Niger met delegates from Austria in Vienna. Iran objected.\n\n"
        "Ahmad Shah Massoud led the resistance in the Panjshir valley until 2001.\n",
        "Iraq, Nigeria and Australia signed the accord. Officials from Iraq were absent.\n\n"
        "Ahmad Massoud, his son, now leads the National Resistance Front. Massoud spoke.\n",
    )
    for a, b in (("Iran", "Iraq"), ("Niger", "Nigeria"), ("Austria", "Australia"),
                 ("Ahmad Shah Massoud", "Ahmad Massoud")):
        assert entity_of(c, a) != entity_of(c, b), f"{a} and {b} were merged"
    # "Massoud" alone fits two people, so it joins neither.
    massoud = c.by_id[entity_of(c, "Massoud")]
    assert massoud.spellings(0) == [] and massoud.spellings(1) == ["Massoud"]


def test_period_spellings_link_across_eras(store: Store, tmp_path: Path) -> None:
    c = pair(
        store, tmp_path,
        "We left Peshawur in March and reached Cabool after twelve marches. From Cabool the "
        "road to Samarcand runs north through the mountains.\n",
        "The caravan went from Peshawar to Kabul, and later on to Samarkand by way of the "
        "Oxus.\n",
    )
    for old, new in (("Cabool", "Kabul"), ("Samarcand", "Samarkand"), ("Peshawur", "Peshawar")):
        entity = c.by_id[entity_of(c, old)]
        assert entity_of(c, new) == entity.id and entity.presence == "both"
        assert entity.links and all(0 <= ln.score <= 1 for ln in entity.links)


def test_variants_unknown_to_the_gazetteer_link_by_spelling(store: Store, tmp_path: Path) -> None:
    c = pair(
        store, tmp_path,
        "The envoy Bakhtiyor Kurbanaliev met the elders of Shahrinav on Tuesday.\n",
        "Last year Bakhtiyor Kurbanaliyev returned to Shakhrinav with a trade delegation.\n",
    )
    person = c.by_id[entity_of(c, "Bakhtiyor Kurbanaliev")]
    assert entity_of(c, "Bakhtiyor Kurbanaliyev") == person.id
    assert [ln.reason for ln in person.links] == ["variant"] and person.links[0].score > 0.9


def test_surname_links_to_the_full_name_in_the_other_document(store: Store, tmp_path: Path) -> None:
    c = pair(
        store, tmp_path,
        "General Pervez Musharraf visited Astana in November.\n",
        "Years later, Musharraf wrote about the visit in his memoirs.\n",
    )
    musharraf = c.by_id[entity_of(c, "Pervez Musharraf")]
    assert entity_of(c, "Musharraf") == musharraf.id and musharraf.presence == "both"
