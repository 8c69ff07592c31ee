"""W3C Web Annotation export: every annotation passes the MUST assertions of the W3C
test suite, and the file reads back to the same excerpts and links."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from test_export_model import IDS, NEW, OLD, YELLOW, sample_excerpts

from viewer.core.export import ExportOptions, export, read_annotations

SUITE = Path(__file__).resolve().parents[2] / "shared" / "standards" / "w3c-web-annotation-tests"

# RFC 3986: a scheme, a colon, then characters a URI may hold. jsonschema checks
# "uri" and "date-time" only with optional packages we do not ship, so the test
# supplies both checks.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(_URI.fullmatch(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return bool(_DATE_TIME.fullmatch(value))

    return checker


def _musts() -> tuple[list[tuple[str, dict[str, Any]]], Registry]:
    """The MUST schemas, and a registry resolving every schema by file name and by its id."""
    registry: Registry = Registry()
    for path in sorted(SUITE.glob("**/*.json")):
        if "samples" in path.parts:
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        # One file's id differs from its name (case), so both keys are needed.
        registry = registry.with_resources([(path.name, resource), (schema.get("id", path.name), resource)])
    listing = json.loads((SUITE / "annotations" / "annotationMusts.test").read_text(encoding="utf-8"))
    musts = [(name, json.loads((SUITE / name).read_text(encoding="utf-8"))) for name in listing["assertions"]]
    return musts, registry


MUSTS, REGISTRY = _musts()
CHECKER = _format_checker()


def must_failures(anno: dict[str, Any]) -> list[str]:
    failures = []
    for name, schema in MUSTS:
        validator = Draft4Validator(schema, registry=REGISTRY, format_checker=CHECKER)
        if not validator.is_valid(anno):
            failures.append(f"{name}: {schema.get('errorMessage', '')}")
    return failures


def _samples(kind: str) -> list[tuple[str, Any]]:
    out = []
    for path in sorted((SUITE / "samples" / kind).glob("anno*.json")):
        try:
            out.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except ValueError:
            continue  # several incorrect samples are deliberately not JSON at all
    return out


# Sets the final Recommendation dropped; the suite's schemas follow the Recommendation.
_DROPPED_TYPES = {"Composite", "List", "Independents"}


def test_the_validator_tells_the_suites_correct_samples_from_its_incorrect_ones() -> None:
    # Without this, a resolver or format checker that silently accepts everything would pass.
    incorrect = _samples("incorrect")
    assert len(incorrect) > 20
    assert [name for name, anno in incorrect if not must_failures(anno)] == []
    correct = [(n, a) for n, a in _samples("correct") if not _DROPPED_TYPES & set(re.findall(r'"type": "(\w+)"', json.dumps(a)))]
    assert len(correct) > 30
    assert [name for name, anno in correct if must_failures(anno)] == []


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "annotations.jsonld"
    export(sample_excerpts(), ExportOptions(format="jsonld"), path)
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_exported_annotation_passes_the_w3c_musts(exported: dict[str, Any]) -> None:
    items = exported["first"]["items"]
    assert len(items) == 5 + 2  # five excerpts, two links
    for anno in items:
        assert must_failures(anno) == [], anno["id"]


def test_collection_shape(exported: dict[str, Any]) -> None:
    assert exported["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert exported["type"] == "AnnotationCollection"
    assert exported["total"] == len(exported["first"]["items"])
    assert exported["first"]["type"] == "AnnotationPage"


def test_an_annotation_carries_selectors_tags_note_and_colour(exported: dict[str, Any]) -> None:
    anno = next(a for a in exported["first"]["items"] if a["id"] == f"urn:uuid:{IDS[0]}")
    target = anno["target"]
    assert target["source"]["id"] == f"urn:sha256:{OLD.sha256}"
    assert target["source"]["via"] == OLD.source
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": '"Taleban" — said Ahmad Shah Massoud',
                     "prefix": sample_excerpts()[0].prefix, "suffix": sample_excerpts()[0].suffix}
    assert OLD.text[position["start"]:position["end"]] == quote["exact"]
    purposes = [(b["purpose"], b["value"]) for b in anno["body"]]
    assert ("tagging", "policy/recognition") in purposes and ("tagging", "actors") in purposes
    assert purposes[0][0] == "commenting" and "<script>" in purposes[0][1]
    assert anno["creator"] == {"type": "Person", "name": "Zoë Ångström"}
    assert anno["created"] == "2024-01-31T09:15:00.123Z"
    assert target["styleClass"] == "yellow" and YELLOW.hex in anno["stylesheet"]["value"]


def test_positions_count_code_points_past_astral_characters(exported: dict[str, Any]) -> None:
    anno = next(a for a in exported["first"]["items"] if a["id"] == f"urn:uuid:{IDS[1]}")
    exact, position = anno["target"]["selector"]
    assert OLD.text[position["start"]:position["end"]] == exact["exact"] == "flags 🇰🇿 and a family 👩‍👩‍👧"


def test_an_orphan_has_only_its_quote(exported: dict[str, Any]) -> None:
    anno = next(a for a in exported["first"]["items"] if a["id"] == f"urn:uuid:{IDS[4]}")
    assert [s["type"] for s in anno["target"]["selector"]] == ["TextQuoteSelector"]


def test_a_link_is_a_linking_annotation_between_two_passages(exported: dict[str, Any]) -> None:
    link = next(a for a in exported["first"]["items"] if a["motivation"] == "linking")
    other = link["body"][0]
    assert other["source"]["id"] == f"urn:sha256:{NEW.sha256}"
    assert link["body"][1] == {"type": "TextualBody", "purpose": "classifying", "value": "contrasts"}
    assert link["target"]["source"]["id"] == f"urn:sha256:{OLD.sha256}"


def test_reading_back_gives_the_same_excerpts_and_links(tmp_path: Path) -> None:
    path = tmp_path / "annotations.jsonld"
    original = sample_excerpts()
    export(original, ExportOptions(format="jsonld"), path)
    back = read_annotations(path)
    assert {d.sha256 for d in back.documents} == {OLD.sha256, NEW.sha256}
    assert len(back.excerpts) == len(original)
    for before, after in zip(original, back.excerpts):
        assert (after.id, after.doc.sha256, after.quote, after.prefix, after.suffix, after.note, after.tags,
                after.author, after.status) == (
            before.id, before.doc.sha256, before.quote, before.prefix, before.suffix, before.note, before.tags,
            before.author, before.status)
        if before.status == "anchored":
            assert (after.start, after.end) == (before.start, before.end)
        assert after.color is not None and before.color is not None
        assert after.color.hex.lower() == before.color.hex.lower()
    links = {k.id: k for k in back.links}
    first = links["aaaaaaaa-0000-4000-8000-000000000001"]
    assert (first.relation, first.note) == ("contrasts", 'Tone shift: =HYPERLINK("x")')
    assert (first.origin.annotation_id, first.target.annotation_id) == (IDS[0], IDS[3])
    assert links["aaaaaaaa-0000-4000-8000-000000000002"].target.annotation_id == ""


def test_the_checks_bite_on_a_spoilt_annotation(exported: dict[str, Any]) -> None:
    anno = exported["first"]["items"][0]
    assert must_failures({**anno, "id": "not a uri"})
    assert must_failures({**anno, "created": "31/01/2024"})
    assert must_failures({**anno, "bodyValue": "both body and bodyValue"})
