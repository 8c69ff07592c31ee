"""Spelling keys that names are compared on, and the variant-spelling test.

``name_key`` folds what never distinguishes two names (case, diacritics, a leading
"the", a possessive, dots and hyphens), so "the Taleban's" and "Taleban" share a
key. ``variant_score`` decides whether two different keys are transliteration or
period variants of one name (Taleban/Taliban, Cabool/Kabul, Tokaev/Tokayev). A
similarity threshold alone joins false friends (Iran/Iraq, Niger/Nigeria), so the
test is structural: the same number of words, and word by word the same consonant
skeleton and the same number of vowel groups once common transliteration
alternatives are folded; the similarity is only reported as the link's score.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DASHES = re.compile(r"[\u002d\u2010\u2011\u2012\u2013\u2014\u2212]")
_NOT_WORD = re.compile(r"[^\w\s']")
_SPACES = re.compile(r"\s+")

# Romanisations of Russian, Persian and Turkic names, and 19th-century English
# spellings, differ in these ways; each pair maps to one spelling. Order matters.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "k"), ("gh", "g"), ("ck", "k"),
    ("ph", "f"), ("q", "k"), ("x", "ks"), ("w", "v"), ("oo", "u"), ("ou", "u"),
    ("ee", "i"),
)
_C_HARD = re.compile(r"c(?!h|e|i|y)")
_Y_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])y(?=[aeiou])")
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]+")

#: Shortest word (after folding) a variant may differ in; shorter names are too
#: easily confused (Ali/Ala) to be joined on spelling alone.
MIN_VARIANT_WORD = 4


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)  # a long book repeats a few thousand names tens of thousands of times
def name_key(text: str) -> str:
    """The normalised form two spellings of the same name share."""
    s = strip_diacritics(text).translate(_APOSTROPHES).casefold()
    s = _DASHES.sub("", s).replace(".", "")
    s = _SPACES.sub(" ", _NOT_WORD.sub(" ", s)).strip()
    if s.endswith("'s"):
        s = s[:-2]
    s = s.strip("'").strip()
    if s.startswith("the "):
        s = s[4:]
    return s.replace("'", "")


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """``word`` (one word of a key) with transliteration alternatives folded."""
    s = word
    for old, new in _FOLDS:
        s = s.replace(old, new)
    s = _C_HARD.sub("k", s)
    s = _Y_BETWEEN_VOWELS.sub("", s).replace("y", "i")
    return _DOUBLES.sub(r"\1", s)


def consonant_key(key: str) -> str:
    """The consonants of every folded word: equal for any two variant spellings, so
    it serves as the blocking key that keeps comparison linear in practice."""
    return " ".join(_VOWELS.sub("", skeleton(w)) for w in key.split())


def variant_score(a: str, b: str) -> float | None:
    """Similarity (0-1) of two different keys if they are spelling variants, else None."""
    wa, wb = a.split(), b.split()
    if a == b or len(wa) != len(wb):
        return None
    for x, y in zip(wa, wb):
        sx, sy = skeleton(x), skeleton(y)
        if sx == sy:
            continue
        if min(len(sx), len(sy)) < MIN_VARIANT_WORD or sx[0] != sy[0]:
            return None
        if _VOWELS.sub("", sx) != _VOWELS.sub("", sy):
            return None
        if len(_VOWELS.findall(sx)) != len(_VOWELS.findall(sy)):
            return None
    from rapidfuzz.distance import JaroWinkler

    return round(JaroWinkler.similarity(a, b), 3)
