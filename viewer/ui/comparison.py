"""The shared model both panes follow: which document is in which slot, and the find term.

Slots are an indexed pair (0 = left, 1 = right), never ``left_*``/``right_*``
twins. Widgets change state only through the methods here and react to the
signals; the panes never talk to each other.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from viewer.core.document import Document
from viewer.core.intervals import SpanIndex
from viewer.core.search import find_all

if TYPE_CHECKING:  # loaded after the first paint (viewer.lazy)
    from viewer.core.annotations import Annotation, Link, Passage
    from viewer.ops.entities import Comparison as EntityComparison
    from viewer.ops.entities import EntityView, MentionView

SLOTS = (0, 1)
#: How the panes scroll together: at the same fraction, or with shared entities level.
SYNC_MODES = ("proportional", "aligned")


class Comparison(QObject):
    documentChanged = Signal(int)  # slot
    findChanged = Signal()  # term or hits changed
    findStep = Signal(int, int)  # slot, index of the current hit in that slot
    syncChanged = Signal(bool)
    syncModeChanged = Signal(str)
    entitiesChanged = Signal()  # recognition or a correction changed the entities
    selectionChanged = Signal()  # the selected entity changed (or was cleared)
    annotationsChanged = Signal()  # annotations or links between eras changed

    def __init__(self) -> None:
        super().__init__()
        self._docs: list[Document | None] = [None, None]
        self._find_term = ""
        self._hits: list[list[tuple[int, int]]] = [[], []]
        self._current_hit = [-1, -1]
        self._sync = True
        self._sync_mode = "proportional"
        self._entities: EntityComparison | None = None
        self._mentions: list[list[tuple[MentionView, EntityView]]] = [[], []]
        self._mention_starts: list[list[int]] = [[], []]
        self._selected: int | None = None
        self._annotations: list[list[Annotation]] = [[], []]
        self._links: list[Link] = []
        #: Per slot, the placed annotations and link ends by position; built on first use.
        self._placed: list[tuple[SpanIndex[Annotation], SpanIndex[Link]] | None] = [None, None]

    # -- documents ------------------------------------------------------------------------
    def document(self, slot: int) -> Document | None:
        return self._docs[slot]

    def set_document(self, slot: int, doc: Document) -> None:
        self._docs[slot] = doc
        self.set_entities(None)  # they belonged to the old pair
        self._hits[slot] = self._search(slot)
        self._current_hit[slot] = -1
        self._annotations[slot] = []  # the old text's, until the window reads the new one's
        self._placed = [None, None]  # a link's end in a slot depends on the documents
        self.documentChanged.emit(slot)
        self.findChanged.emit()

    def swap(self) -> None:
        self._docs.reverse()
        self.set_entities(None)
        self._hits.reverse()
        self._current_hit.reverse()
        self._annotations.reverse()
        self._placed = [None, None]
        for slot in SLOTS:
            self.documentChanged.emit(slot)
        self.findChanged.emit()

    # -- entities -----------------------------------------------------------------------------
    @property
    def entities(self) -> EntityComparison | None:
        return self._entities

    def set_entities(self, entities: EntityComparison | None) -> None:
        """Entities of the current pair (document A = slot 0), or None while unknown."""
        self._entities = entities
        for slot in SLOTS:
            self._mentions[slot] = entities.mentions_in(slot) if entities else []
            self._mention_starts[slot] = [m.start for m, _ in self._mentions[slot]]
        if self._selected is not None and (entities is None or self._selected not in entities.by_id):
            self._selected = None
            self.selectionChanged.emit()
        self.entitiesChanged.emit()

    def mentions(self, slot: int) -> list[tuple[MentionView, EntityView]]:
        """Every mention shown in ``slot`` with its entity, in text order."""
        return self._mentions[slot]

    def mention_at(self, slot: int, offset: int) -> tuple[MentionView, EntityView] | None:
        """The mention covering code point ``offset`` in ``slot``, if any."""
        i = bisect_right(self._mention_starts[slot], offset) - 1
        if i >= 0:
            mention, entity = self._mentions[slot][i]
            if mention.start <= offset < mention.end:
                return mention, entity
        return None

    @property
    def selected_entity(self) -> EntityView | None:
        if self._selected is None or self._entities is None:
            return None
        return self._entities.by_id.get(self._selected)

    def select_entity(self, entity_id: int | None) -> None:
        if entity_id != self._selected:
            self._selected = entity_id
            self.selectionChanged.emit()

    # -- annotations ----------------------------------------------------------------------------
    def annotations(self, slot: int) -> list[Annotation]:
        """The anchored and orphaned annotations of the document in ``slot``."""
        return self._annotations[slot]

    def set_annotations(self, per_slot: list[list[Annotation]], links: list[Link] | None = None) -> None:
        self._annotations = per_slot
        self._links = links or []
        self._placed = [None, None]
        self.annotationsChanged.emit()

    def links(self) -> list[Link]:
        """The links with an end in either open document (anchored or orphaned)."""
        return self._links

    def link_end(self, link: Link, slot: int) -> Passage | None:
        """The end of ``link`` in the document shown in ``slot``, if it has one there. When both
        ends are in that document (both panes show it), the left pane has the source."""
        doc = self._docs[slot]
        ends = [p for p in link.passages if doc is not None and p.doc_id == doc.id]
        return ends[0] if len(ends) == 1 else ends[slot] if ends else None

    def placed_in(self, slot: int, first: int, last: int
                  ) -> tuple[list[tuple[int, int, Annotation]], list[tuple[int, int, Link]]]:
        """The placed annotations and links with a passage in ``[first, last)`` of ``slot``, each
        with that passage's ``start, end`` there, by position: what a screenful of a book
        carrying thousands shows, found without a scan."""
        if self._placed[slot] is None:
            ends = ((self.link_end(link, slot), link) for link in self._links)
            self._placed[slot] = (
                SpanIndex((a.passage.start, a.passage.end, a) for a in self._annotations[slot]
                          if not a.passage.is_orphan),
                SpanIndex((end.start, end.end, link) for end, link in ends if end and not end.is_orphan))
        annotations, links = self._placed[slot]
        return annotations.overlapping(first, last), links.overlapping(first, last)

    def passages_at(self, slot: int, offset: int) -> tuple[list[Annotation], list[Link]]:
        """The placed annotations and links covering code point ``offset`` in ``slot``."""
        annotations, links = self.placed_in(slot, offset, offset + 1)
        return [a for _, _, a in annotations], [lk for _, _, lk in links]

    # -- synchronised scrolling -----------------------------------------------------------
    @property
    def sync(self) -> bool:
        return self._sync

    def set_sync(self, on: bool) -> None:
        if on != self._sync:
            self._sync = on
            self.syncChanged.emit(on)

    @property
    def sync_mode(self) -> str:
        """One of SYNC_MODES."""
        return self._sync_mode

    def set_sync_mode(self, mode: str) -> None:
        if mode not in SYNC_MODES:
            raise ValueError(f"unknown scroll mode {mode!r}")
        if mode != self._sync_mode:
            self._sync_mode = mode
            self.syncModeChanged.emit(mode)

    # -- find -----------------------------------------------------------------------------
    @property
    def find_term(self) -> str:
        return self._find_term

    def set_find_term(self, term: str) -> None:
        self._find_term = term
        self._hits = [self._search(slot) for slot in SLOTS]
        self._current_hit = [-1, -1]
        self.findChanged.emit()

    def hits(self, slot: int) -> list[tuple[int, int]]:
        return self._hits[slot]

    def current_hit(self, slot: int) -> int:
        return self._current_hit[slot]

    def step_find(self, slot: int, forward: bool = True) -> None:
        """Move to the next (or previous) hit in ``slot``, wrapping around."""
        count = len(self._hits[slot])
        if not count:
            return
        cur = self._current_hit[slot]
        cur = (cur + (1 if forward else -1)) % count if cur >= 0 else (0 if forward else count - 1)
        self._current_hit[slot] = cur
        self.findStep.emit(slot, cur)

    def _search(self, slot: int) -> list[tuple[int, int]]:
        doc = self._docs[slot]
        return find_all(doc.text, self._find_term) if doc and self._find_term else []
