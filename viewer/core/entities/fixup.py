"""The spaCy component that runs after the model: our types, gazetteer rules, roles.

The bare ``ner`` model makes typical errors on our texts: a title swallowed into
a name ("Kazakh President Kassym-Jomart Tokayev" as one organisation), demonyms
and countries confused, a headline read as a person, two names run together
("the Taleban Moscow"). This component maps the model's labels to our four
types, trims titles, "the" and possessives off spans, lets gazetteer matches take
precedence over the model where they overlap (keeping a longer organisation name
that merely contains a place), and records the title or office written before
each person's name as that mention's role. It is imported only by
``recognise.load_pipeline``, never on the start-up path.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from viewer.core.entities.gazetteer import load_gazetteer
from viewer.core.entities.model import GROUP, ORGANISATION, PERSON, PLACE
from viewer.core.entities.normalise import name_key

COMPONENT = "diptych_entities"
ROLES_KEY = "diptych_roles"

_MODEL_TYPES = {"PERSON": PERSON, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE,
                "ORG": ORGANISATION, "NORP": GROUP}

# Words that make what follows them a person's name when written before it.
_TITLES = frozenset("""
president minister premier general spokesman spokeswoman spokesperson envoy ambassador
king queen emir amir ameer sultan governor chairman chairwoman secretary senator
commander colonel captain lieutenant marshal admiral mullah sheikh shaikh prince princess
mr mrs ms dr sir lord lady mayor ruler vizier wuzeer nawab maharaja rajah raja caliph
khalif pope bishop imam mufti ayatollah chancellor consul representative
""".split())
# Words that qualify a title ("Prime Minister", "Foreign Minister", "special envoy").
_MODIFIERS = frozenset("""
prime foreign deputy vice acting former special defence defense interior finance trade
state chief grand supreme first senior then late military co interim
""".split())
_CONNECTORS = frozenset({"of", "and", "for", "the", "'s", "\u2019s", "-"})
# Last words of an organisation's name: such a name keeps a place it contains
# ("Kazakhstan's Foreign Ministry") instead of yielding to the gazetteer.
_ORG_HEADS = frozenset("""
ministry department office council committee commission party movement alliance front
union organisation organization association agency bank fund center centre institute
university army government embassy consulate service parliament assembly court company
corporation network forces police league federation coalition nations times news post
press board authority
""".split())
_MAX_ROLE_TOKENS = 12
_KEY_SEP = "\t"
# Words a model span may start with that are not part of the name ("anti-Taleban").
_LEADING_WORDS = frozenset({"the", "anti", "pro", "non", "ex", "neo"})
_DASH_TOKENS = frozenset({"-", "\u2013", "\u2014"})


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def _is_title(token: Token) -> bool:
    return _word(token) in _TITLES


def _is_titleish(token: Token) -> bool:
    return _word(token) in _TITLES or _word(token) in _MODIFIERS


class EntityFixer:
    """The component; one instance per loaded pipeline."""

    def __init__(self, nlp: Language) -> None:
        gazetteer = load_gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact: set[str] = set()
        by_key: dict[str, list[str]] = {}
        for name, kind, entry_id in gazetteer.patterns():
            by_key.setdefault(f"{kind}{_KEY_SEP}{entry_id}", []).append(name)
            self.exact.add(name)
        for key, names in by_key.items():
            self.matcher.add(key, list(nlp.tokenizer.pipe(names)))
        self.demonyms = frozenset(
            name_key(d) for e in gazetteer.entries for d in e.demonyms)

    def __call__(self, doc: Doc) -> Doc:
        rules = self._gazetteer_spans(doc)
        model = [s for e in doc.ents for s in self._clean(e)]
        kept = [s for s in model if not any(self._yields(s, g) for g in rules)]
        kept_rules = [g for g in rules if not any(_contains(s, g) for s in kept)]
        doc.ents = filter_spans(kept + kept_rules)
        doc.user_data[ROLES_KEY] = {
            s.start_char: role for s in doc.ents
            if s.label_ == PERSON and (role := self._role(doc, s.start))
        }
        return doc

    # -- the gazetteer --------------------------------------------------------------
    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        spans = []
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            kind, entry_id = strings[match_id].split(_KEY_SEP, 1)
            # The entry's id goes where spaCy keeps knowledge-base ids; it marks
            # the span as the gazetteer's.
            span = Span(doc, start, end, label=kind, kb_id=entry_id)
            # Lower-case matches are words, not names ("china", "the Islamic state"),
            # unless the gazetteer spells the name that way ("al-Qaeda").
            if span.text in self.exact or span.text[0].isupper() and all(
                    t.text[0].isupper() for t in span if t.is_alpha and len(t) > 3):
                spans.append(span)
        return filter_spans(spans)

    @staticmethod
    def _yields(model: Span, rule: Span) -> bool:
        """Whether a model span gives way to an overlapping gazetteer span."""
        if model.end <= rule.start or rule.end <= model.start:
            return False
        if not _contains(model, rule) or (model.start, model.end) == (rule.start, rule.end):
            return True
        # The model's span is longer and contains the gazetteer's name.
        if model.label_ == rule.label_:
            return False  # "Central Asia" around "Asia"
        if model.label_ == ORGANISATION:
            words = {t.lower_ for t in model}
            return not ("of" in words or model[-1].lower_ in _ORG_HEADS)
        return True

    # -- cleaning a model span ------------------------------------------------------
    def _clean(self, ent: Span) -> list[Span]:
        kind = _MODEL_TYPES.get(ent.label_)
        if kind is None:
            return []
        # A spaced dash runs two names together ("CPC - Caspian Policy Center").
        cuts = [t.i for t in ent if t.is_punct and t.text in _DASH_TOKENS
                and t.whitespace_ and t.i > 0 and ent.doc[t.i - 1].whitespace_]
        bounds = [ent.start, *[c for cut in cuts for c in (cut, cut + 1)], ent.end]
        parts = (self._trim(ent.doc, a, b, kind) for a, b in zip(bounds[::2], bounds[1::2]))
        return [p for p in parts if p is not None]

    @staticmethod
    def _trim(doc: Doc, start: int, end: int, kind: str) -> Span | None:
        while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct
                               or doc[end - 1].lower_ in ("'s", "\u2019s")):
            end -= 1
        while start < end and (doc[start].is_space or doc[start].is_punct
                               or doc[start].lower_ in _LEADING_WORDS):
            start += 1
        # A title inside the span: the name is what follows its last title word.
        last_title = max((i for i in range(start, end - 1) if _is_title(doc[i])), default=-1)
        if last_title >= 0 and all(
            _is_titleish(doc[i]) or doc[i].lower_ in _CONNECTORS or doc[i].is_title
            for i in range(start, last_title)
        ) and any(doc[i].is_title for i in range(last_title + 1, end)):
            start, kind = last_title + 1, PERSON
        if start >= end:
            return None
        if kind == GROUP and end - start == 1 and doc[start].lower_.endswith("stan"):
            kind = PLACE  # the model often takes a "-stan" country for its people
        return Span(doc, start, end, label=kind)

    # -- roles ------------------------------------------------------------------------
    def _role(self, doc: Doc, name_start: int) -> str:
        """The title or office written immediately before a person's name, or ""."""
        i = name_start - 1
        first = name_start
        while i >= 0 and name_start - i <= _MAX_ROLE_TOKENS:
            t = doc[i]
            if not (_is_titleish(t) or t.lower_ in _CONNECTORS
                    or (t.is_title and not t.is_stop) or t.is_upper and t.is_alpha):
                break
            first = i
            i -= 1
        tokens = list(doc[first:name_start])
        titles = [k for k, t in enumerate(tokens) if _is_titleish(t)]
        if not any(_is_title(t) for t in tokens):
            return ""
        lead = tokens[: titles[0]]
        # Before the first title word, keep only a place's possessive ("Kazakhstan's
        # Prime Minister") or a demonym ("Kazakh President"), not the words of the
        # sentence that happen to be capitalised.
        if not (lead and (lead[-1].lower_ in ("'s", "\u2019s")
                          or all(name_key(t.text) in self.demonyms for t in lead))):
            tokens = tokens[titles[0]:]
        while tokens and tokens[0].lower_ in _CONNECTORS:
            tokens.pop(0)
        while tokens and tokens[-1].lower_ in _CONNECTORS:
            tokens.pop()
        if not tokens:
            return ""
        return doc.text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)]


def _contains(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer is not inner


def register() -> None:
    """Make the component known to spaCy (once per process)."""
    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT)(_make)


def _make(nlp: Language, name: str) -> Any:
    return EntityFixer(nlp)
