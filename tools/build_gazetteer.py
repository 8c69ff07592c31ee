"""Regenerate resources/gazetteer.json from resources/gazetteer_curated.json.

The curated file is the hand-edited source. This script:

1. adds the ISO 3166 names of every country entry that carries an "iso2" code
   (short name, official name and common name, taken from pycountry);
2. adds spelling variants mechanically: a typographic apostrophe (’) for every
   name written with a straight one, and an accent-free form ("Cote d'Ivoire")
   for every name with diacritics, unless that form is a stop word or already
   belongs to another entity;
3. checks the result (types, unique slug ids, demonyms only on places, no name
   shared by two entities, no common English word used as a name) and writes
   resources/gazetteer.json with one entity per line.

How to run (pycountry is needed at build time only, never at run time):

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install pycountry==26.2.16
    /tmp/gz/bin/python tools/build_gazetteer.py

Use --check to validate without writing, and --no-iso to build without
pycountry (the ISO names are then missing from the output, so the result
differs from the committed file: only for a quick local check).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "resources" / "gazetteer_curated.json"
OUTPUT = ROOT / "resources" / "gazetteer.json"

TYPES = {"PERSON", "PLACE", "ORGANISATION", "GROUP"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PYCOUNTRY_PIN = "26.2.16"

# Capitalised forms of ordinary English words that must never be names. The
# check is exact (case-sensitive) because the matcher is case-sensitive; the
# list guards against mechanical variants such as "Malé" -> "Male".
STOP_WORDS = {
    "A", "An", "The", "And", "Or", "Of", "In", "On", "At", "To", "By", "For", "Is", "It",
    "As", "Be", "We", "Us", "He", "She", "Me", "My", "No", "So", "Do", "Go", "Up", "If",
    "Male", "Female", "May", "March", "August", "June", "Will", "Mark", "Grant", "Hope",
    "Faith", "Sale", "Split", "Nice", "Reading", "Bath", "Mobile", "Orange", "Victoria",
    "Chance", "Page", "Oral", "Mary", "Sana", "Shah", "Khan", "Beg", "Mullah", "Emir",
    "Amir", "Sultan", "King", "Queen", "President", "General", "Prophet", "Islamic",
    "Central", "Northern", "Southern", "Eastern", "Western", "State", "Republic",
}


def load_pycountry(enabled: bool):
    if not enabled:
        return None
    try:
        import pycountry  # noqa: PLC0415 - build-time only
    except ImportError:
        sys.exit(
            "pycountry is not installed. Install it in a throwaway venv "
            f"(pip install pycountry=={PYCOUNTRY_PIN}) or pass --no-iso."
        )
    return pycountry


def iso_names(pycountry, code: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:  # e.g. XK (Kosovo) is not in ISO 3166-1
        return []
    names = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(country, attr, None)
        if value:
            value = re.sub(r"^the ", "", value)
            names.append(value)
    return names


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def add_unique(target: list[str], name: str) -> None:
    if name not in target:
        target.append(name)


def build(curated: dict, pycountry) -> tuple[dict, list[str]]:
    errors: list[str] = []
    entities = []
    for raw in curated["entities"]:
        ent = {
            "id": raw["id"],
            "label": raw["label"],
            "type": raw["type"],
            "aliases": list(raw.get("aliases", [])),
        }
        if pycountry is not None and raw.get("iso2"):
            skip = set(raw.get("iso_skip", []))
            for name in iso_names(pycountry, raw["iso2"]):
                if name != ent["label"] and name not in skip:
                    add_unique(ent["aliases"], name)
        if raw.get("demonyms"):
            ent["demonyms"] = list(raw["demonyms"])
        entities.append(ent)

    # Who owns each explicit name, before mechanical variants are added.
    owner: dict[str, str] = {}
    for ent in entities:
        for name in [ent["label"], *ent["aliases"], *ent.get("demonyms", [])]:
            if name in owner and owner[name] != ent["id"]:
                errors.append(f"{name!r} is used by both {owner[name]} and {ent['id']}")
            owner.setdefault(name, ent["id"])

    # Mechanical variants: curly apostrophe, accent-free spelling.
    for ent in entities:
        for field in ("aliases", "demonyms"):
            if field not in ent:
                continue
            names = ([ent["label"]] if field == "aliases" else []) + ent[field]
            for name in list(names):
                variants = {fold(name)}
                for v in list(variants | {name}):
                    if "'" in v:
                        variants.add(v.replace("'", "\u2019"))
                for variant in sorted(variants):
                    if variant == name or variant in STOP_WORDS:
                        continue
                    if owner.get(variant, ent["id"]) != ent["id"]:
                        continue  # would be ambiguous: leave it to the other entity
                    if variant != ent["label"] and variant not in ent[field]:
                        ent[field].append(variant)
                        owner[variant] = ent["id"]

    # Checks.
    seen_ids = set()
    for ent in entities:
        eid = ent["id"]
        if not ID_RE.match(eid):
            errors.append(f"bad id {eid!r}")
        if eid in seen_ids:
            errors.append(f"duplicate id {eid!r}")
        seen_ids.add(eid)
        if ent["type"] not in TYPES:
            errors.append(f"{eid}: bad type {ent['type']!r}")
        if "demonyms" in ent and ent["type"] != "PLACE":
            errors.append(f"{eid}: demonyms are only allowed on PLACE entries")
        for name in [ent["label"], *ent["aliases"], *ent.get("demonyms", [])]:
            if not name.strip() or name != name.strip():
                errors.append(f"{eid}: empty or padded name {name!r}")
            if name in STOP_WORDS:
                errors.append(f"{eid}: {name!r} is a common word")
        overlap = set(ent["aliases"]) & set(ent.get("demonyms", []))
        if overlap:
            errors.append(f"{eid}: names both alias and demonym: {sorted(overlap)}")

    attribution = list(curated.get("attribution", []))
    if pycountry is not None:
        attribution.insert(
            0,
            "Country names (ISO 3166-1 short, official and common names) from ISO 3166 "
            f"via pycountry {PYCOUNTRY_PIN} (LGPL-2.1), used as data only",
        )
    return {"version": curated.get("version", 1), "attribution": attribution,
            "entities": entities}, errors


def dump(doc: dict) -> str:
    lines = ["{"]
    lines.append(f'  "version": {json.dumps(doc["version"])},')
    lines.append(f'  "attribution": {json.dumps(doc["attribution"], ensure_ascii=False)},')
    lines.append('  "entities": [')
    body = [json.dumps(e, ensure_ascii=False) for e in doc["entities"]]
    lines.append(",\n".join("    " + b for b in body))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    parser.add_argument("--no-iso", action="store_true", help="build without pycountry")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    curated = json.loads(CURATED.read_text(encoding="utf-8"))
    doc, errors = build(curated, load_pycountry(not args.no_iso))
    for err in errors:
        print("error:", err, file=sys.stderr)
    if errors:
        return 1
    counts: dict[str, int] = {}
    for ent in doc["entities"]:
        counts[ent["type"]] = counts.get(ent["type"], 0) + 1
    print(f"{len(doc['entities'])} entities: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if not args.check:
        args.output.write_text(dump(doc), encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
