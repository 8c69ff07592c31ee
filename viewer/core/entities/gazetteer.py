"""The curated list of known names in ``resources/gazetteer.json``, and lookups on it.

Each entry has a canonical label, a type, aliases (other names and historical
spellings) and, for places, demonyms. Recognition uses it as rules that take
precedence over the statistical model; linking uses it to join aliases and to
veto joining two names it knows to be different entities. A user may extend it
with a file of the same format named by ``$DIPTYCH_GAZETTEER``; its entries are
added after the shipped ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from viewer.core.entities.model import GROUP, TYPES
from viewer.core.entities.normalise import name_key
from viewer.core.errors import DiptychError
from viewer.paths import RESOURCES

SHIPPED = RESOURCES / "gazetteer.json"
USER_ENV = "DIPTYCH_GAZETTEER"


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    label: str
    type: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Hit:
    """What the gazetteer knows about one key: the entry, and whether the key is one
    of its demonyms (a group related to the place) rather than one of its names."""

    entry: GazetteerEntry
    demonym: bool

    @property
    def type(self) -> str:
        return GROUP if self.demonym else self.entry.type


class Gazetteer:
    def __init__(self, entries: list[GazetteerEntry], version: str) -> None:
        self.entries = entries
        self.version = version
        self._by_key: dict[str, Hit | None] = {}
        for entry in entries:
            for name in entry.names:
                self._index(name_key(name), Hit(entry, demonym=False))
            for name in entry.demonyms:
                self._index(name_key(name), Hit(entry, demonym=True))

    def _index(self, key: str, hit: Hit) -> None:
        if not key:
            return
        if key not in self._by_key:
            self._by_key[key] = hit
            return
        known = self._by_key[key]
        if known is None or known.entry.id != hit.entry.id:
            # A key naming two different entries (Georgia) decides nothing.
            self._by_key[key] = None
        elif known.demonym and not hit.demonym:
            self._by_key[key] = hit

    def lookup(self, key: str) -> Hit | None:
        """The entry a normalised key names, if exactly one."""
        return self._by_key.get(key)

    def patterns(self) -> list[tuple[str, str, str]]:
        """Every (surface form, type, entry id) recognition should match; demonyms also
        as plurals ("Afghans")."""
        out: list[tuple[str, str, str]] = []
        for entry in self.entries:
            out.extend((name, entry.type, entry.id) for name in entry.names)
            for d in entry.demonyms:
                out.append((d, GROUP, entry.id))
                if not d.endswith(("s", "sh", "ch", "ese", "i")):
                    out.append((d + "s", GROUP, entry.id))
        return out


def _read(path: Path) -> tuple[list[GazetteerEntry], bytes]:
    data = path.read_bytes()
    try:
        raw = json.loads(data)
        entries = [
            GazetteerEntry(
                id=str(e["id"]), label=str(e["label"]), type=str(e["type"]),
                aliases=tuple(e.get("aliases", ())), demonyms=tuple(e.get("demonyms", ())),
            )
            for e in raw["entities"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise DiptychError(f"The gazetteer {path} is not valid ({exc}).") from None
    bad = sorted({e.type for e in entries} - set(TYPES))
    if bad:
        raise DiptychError(f"The gazetteer {path} uses unknown types: {', '.join(bad)}.")
    return entries, data


@lru_cache(maxsize=4)
def _load(paths: tuple[Path, ...]) -> Gazetteer:
    entries: list[GazetteerEntry] = []
    digest = hashlib.sha256()
    for path in paths:
        if not path.is_file():
            continue
        more, data = _read(path)
        entries.extend(more)
        digest.update(data)
    return Gazetteer(entries, digest.hexdigest()[:16])


def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer plus the user's, read once per set of files."""
    paths = [SHIPPED]
    user = os.environ.get(USER_ENV)
    if user:
        paths.append(Path(user))
    return _load(tuple(paths))
