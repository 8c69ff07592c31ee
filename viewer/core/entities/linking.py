"""Clustering mentions from every document into entities, each link with its reason.

Mentions sharing a normalised key form one node. Nodes are joined, in this order,
by the gazetteer (aliases of one entry), by acronyms the text defines, by spelling
variants (:func:`~viewer.core.entities.normalise.variant_score`), and by a
surname standing alone for exactly one full name. A join is vetoed when the two
sides are known to the gazetteer as different entries; a surname that fits two
people (Ahmad Shah Massoud and his son Ahmad Massoud) joins neither. Demonyms are
not joined to their country but *related* to it. Hand decisions are applied last
and win: merges ignore the veto, a split mention stays on its own, and renames,
type changes and ignores override what automation chose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from viewer.core.entities.gazetteer import Gazetteer, Hit
from viewer.core.entities.model import (
    GROUP, ORGANISATION, PERSON, TYPES, Decision, Entity, EntityRef, Link, MentionRef,
    StoredMention,
)
from viewer.core.entities.normalise import consonant_key, name_key, skeleton, variant_score

# The model confuses organisations with groups ("the Taleban") but never people with places.
_COMPATIBLE = {frozenset({ORGANISATION, GROUP})}


@dataclass
class _Node:
    """The mentions sharing one key (or one mention split off by hand)."""

    key: str
    mentions: list[StoredMention]
    hit: Hit | None
    split: MentionRef | None = None

    @property
    def type(self) -> str:
        if self.hit is not None:
            return self.hit.type
        counts = Counter(m.mention.type for m in self.mentions)
        return max(TYPES, key=lambda t: (counts[t], -TYPES.index(t)))

    @property
    def text(self) -> str:
        """The node's most frequent spelling."""
        return Counter(m.mention.text for m in self.mentions).most_common(1)[0][0]

    @property
    def identity(self) -> str | None:
        """The gazetteer entry this node names, demonyms apart from their place."""
        if self.hit is None:
            return None
        return self.hit.entry.id + ("#demonym" if self.hit.demonym else "")


@dataclass
class _Clusters:
    """Union-find over nodes, keeping each cluster's gazetteer identity for the veto."""

    nodes: list[_Node]
    parent: list[int] = field(init=False)
    identity: list[str | None] = field(init=False)
    links: dict[int, list[Link]] = field(init=False)

    def __post_init__(self) -> None:
        self.parent = list(range(len(self.nodes)))
        self.identity = [n.identity for n in self.nodes]
        self.links = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, reason: str, score: float, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ia, ib = self.identity[ra], self.identity[rb]
        if not force and ia and ib and ia != ib:
            return False
        self.parent[rb] = ra
        self.identity[ra] = ia or ib
        self.links[ra].extend(self.links.pop(rb, []))
        self.links[ra].append(Link(reason, score, self.nodes[a].text, self.nodes[b].text))
        return True


def link(mentions: Iterable[StoredMention], decisions: list[Decision],
         gazetteer: Gazetteer) -> list[Entity]:
    """Every entity the mentions form, hand decisions applied."""
    split_refs = {d.target.mention for d in decisions if d.kind == "split" and d.target.mention}
    nodes = _nodes(mentions, split_refs, gazetteer)
    clusters = _Clusters(nodes)
    _join_aliases(clusters)
    _join_acronyms(clusters)
    _join_variants(clusters)
    _join_surnames(clusters)
    overrides = _apply_decisions(clusters, decisions)
    return _entities(clusters, overrides)


def _nodes(mentions: Iterable[StoredMention], split_refs: set[MentionRef],
           gazetteer: Gazetteer) -> list[_Node]:
    by_key: dict[str, list[StoredMention]] = defaultdict(list)
    nodes = []
    for m in mentions:
        key = name_key(m.mention.text)
        if m.ref in split_refs:
            nodes.append(_Node(key, [m], gazetteer.lookup(key), split=m.ref))
        elif key:
            by_key[key].append(m)
    nodes.extend(_Node(key, ms, gazetteer.lookup(key)) for key, ms in by_key.items())
    return nodes


def _plain(clusters: _Clusters) -> dict[str, int]:
    """Key -> node index of every node not split off by hand."""
    return {n.key: i for i, n in enumerate(clusters.nodes) if n.split is None}


def _join_aliases(clusters: _Clusters) -> None:
    first: dict[str, int] = {}
    for i, node in enumerate(clusters.nodes):
        if node.identity is None or node.split is not None:
            continue
        if node.identity in first:
            clusters.join(first[node.identity], i, "alias", 1.0)
        else:
            first[node.identity] = i


def _join_acronyms(clusters: _Clusters) -> None:
    plain = _plain(clusters)
    for i, node in enumerate(clusters.nodes):
        expansions = {m.mention.expansion for m in node.mentions if m.mention.expansion}
        for expansion in expansions:
            j = plain.get(name_key(expansion))
            if j is not None:
                clusters.join(j, i, "acronym", 1.0)


def _join_variants(clusters: _Clusters) -> None:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, node in enumerate(clusters.nodes):
        if node.split is None:
            blocks[consonant_key(node.key)].append(i)
    candidates = []
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = clusters.nodes[i], clusters.nodes[j]
                if not _compatible(a.type, b.type):
                    continue
                score = variant_score(a.key, b.key)
                if score is not None:
                    candidates.append((score, i, j))
    for score, i, j in sorted(candidates, reverse=True):
        clusters.join(i, j, "variant", score)


def _join_surnames(clusters: _Clusters) -> None:
    full_names: dict[str, list[int]] = defaultdict(list)
    for i, node in enumerate(clusters.nodes):
        words = node.key.split()
        if len(words) > 1 and node.type == PERSON and node.split is None:
            full_names[skeleton(words[-1])].append(i)
    for i, node in enumerate(clusters.nodes):
        if " " in node.key or node.split is not None or node.hit is not None:
            continue
        owners = full_names.get(skeleton(node.key), [])
        people = {clusters.find(j) for j in owners}
        if len(people) != 1 or node.type != PERSON:
            continue  # no full name, a surname two people share, or not a person
        clusters.join(owners[0], i, "surname", variant_score(
            clusters.nodes[owners[0]].key.split()[-1], node.key) or 1.0)


def _compatible(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _COMPATIBLE


@dataclass
class _Override:
    named_by: _Node | None = None
    label: str = ""
    type: str = ""
    ignored: bool = False


def _apply_decisions(clusters: _Clusters, decisions: list[Decision]) -> dict[int, _Override]:
    plain = _plain(clusters)
    split = {n.split: i for i, n in enumerate(clusters.nodes) if n.split is not None}

    def resolve(ref: EntityRef | None) -> int | None:
        if ref is None:
            return None
        if ref.mention is not None and ref.mention in split:
            return split[ref.mention]
        return plain.get(ref.key)

    ordered = sorted(decisions, key=lambda d: d.id)
    targets = []
    for d in ordered:
        if d.kind == "merge":
            a, b = resolve(d.target), resolve(d.other)
            if a is not None and b is not None and clusters.join(a, b, "manual", 1.0, force=True):
                targets.append(a)
    overrides: dict[int, _Override] = defaultdict(_Override)
    for a in targets:  # a merged entity keeps the name of the one merged into
        o = overrides[clusters.find(a)]
        o.named_by = o.named_by or clusters.nodes[a]
    for d in ordered:
        node = resolve(d.target)
        if node is None or d.kind not in ("rename", "type", "ignore"):
            continue
        o = overrides[clusters.find(node)]
        if d.kind == "rename":
            o.label = d.value
        elif d.kind == "type":
            o.type = d.value
        else:
            o.ignored = d.value != "no"
    return overrides


def _entities(clusters: _Clusters, overrides: dict[int, _Override]) -> list[Entity]:
    members: dict[int, list[_Node]] = defaultdict(list)
    for i, node in enumerate(clusters.nodes):
        members[clusters.find(i)].append(node)
    entities: dict[int, Entity] = {}
    for root, nodes in members.items():
        entities[root] = _entity(nodes, clusters.links.get(root, []), overrides.get(root))
    # Demonyms relate to their place, both ways.
    by_identity = {clusters.identity[r]: r for r in members if clusters.identity[r]}
    for root in members:
        ident = clusters.identity[root]
        if ident and ident.endswith("#demonym"):
            place = by_identity.get(ident.removesuffix("#demonym"))
            if place is not None:
                entities[root].related_keys.add(entities[place].key)
                entities[place].related_keys.add(entities[root].key)
    return list(entities.values())


def _entity(nodes: list[_Node], links: list[Link], override: _Override | None) -> Entity:
    main = max(nodes, key=lambda n: (n.split is None, len(n.mentions), n.key))
    all_mentions = [m for n in nodes for m in n.mentions]
    hits = [n.hit for n in nodes if n.hit is not None]
    if hits:
        kind = hits[0].type
    else:
        counts = Counter(m.mention.type for m in all_mentions)
        kind = max(TYPES, key=lambda t: (counts[t], -TYPES.index(t)))
    if override is not None and override.named_by is not None:
        named = override.named_by
        label = _label(named.mentions, named.type, [named.hit] if named.hit else [])
    else:
        label = _label(all_mentions, kind, hits)
    entity = Entity(key=main.key, label=label, type=kind,
                    mention_ids=[m.id for m in all_mentions],
                    links=list(links) + _spelling_links(all_mentions),
                    split_mention=main.split, keys={n.key for n in nodes})
    if override is not None:
        entity.label = override.label or entity.label
        entity.type = override.type or entity.type
        entity.ignored = override.ignored
    return entity


def _label(mentions: list[StoredMention], kind: str, hits: list[Hit]) -> str:
    names = [h for h in hits if not h.demonym]
    if names:
        return names[0].entry.label
    if hits:  # a people, named as the gazetteer first lists its demonyms
        return hits[0].entry.demonyms[0]
    spellings = Counter(m.mention.text for m in mentions)
    if kind == PERSON:  # the fullest form of a name, not the surname alone
        return max(spellings, key=lambda s: (len(s.split()), spellings[s], s))
    return max(spellings, key=lambda s: (spellings[s], s))


def _spelling_links(mentions: list[StoredMention]) -> list[Link]:
    """Within one key: identical spellings ("exact") and spellings that differ only in
    case, a possessive, "the" or diacritics ("normalised")."""
    out = []
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        by_key[name_key(m.mention.text)][m.mention.text] += 1
    for spellings in by_key.values():
        common, n = spellings.most_common(1)[0]
        if n > 1:
            out.append(Link("exact", 1.0, common, common))
        out.extend(Link("normalised", 1.0, common, other) for other in spellings if other != common)
    return out
