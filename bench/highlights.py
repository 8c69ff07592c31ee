"""Entity highlights on the two corpus books: applying every highlight to both panes,
selecting the most-mentioned entity until both panes have repainted, and aligned
scrolling (building the entity alignment; one sync step against a proportional one).

Recognition results are cached in bench/out/books.db, so only the first run pays
for the model (about a minute on two cores)."""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import BOOKS, ROOT, median_seconds, table  # noqa: E402


def main() -> None:
    from viewer.core.errors import DuplicateDocument
    from viewer.ops.documents import import_document
    from viewer.ops.entities import ensure_recognised
    from viewer.store import Store
    from viewer.store.documents import list_documents
    from viewer.ui.app import make_application, open_window

    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    db = out / "books.db"
    store = Store(db)
    for book in BOOKS:
        try:
            import_document(store, book)
        except DuplicateDocument:
            pass
    ids = [d.id for d in list_documents(store)][:2]
    for doc_id in ids:
        ensure_recognised(store, doc_id)
    store.close()

    os.environ["DIPTYCH_SETTINGS"] = str(Path(tempfile.mkdtemp()) / "settings.ini")
    app = make_application()
    win = open_window(db)
    win.resize(1280, 800)
    win.show()
    win.open_pair(*ids)
    win.load_entities()
    app.processEvents()
    comp = win.comparison
    assert comp.entities is not None
    mentions = sum(len(comp.mentions(s)) for s in (0, 1))

    def apply_all() -> None:
        for view in win.views:
            view._entity_index_for = None  # index the entities from nothing, as on opening
            view.refresh_highlights()
            view.viewport().repaint()

    busiest = max(comp.entities.entities, key=lambda e: sum(e.counts))

    def select() -> None:
        comp.select_entity(None)
        comp.select_entity(busiest.id)
        for view in win.views:
            view.viewport().repaint()
        win.link_map.repaint()

    table(f"Entity highlights on the two books ({mentions:,} mentions; "
          f"busiest: {busiest.label}, {sum(busiest.counts):,} mentions)", [
              ("apply every highlight to both panes, painted", median_seconds(apply_all, 5), None, ""),
              ("select the busiest entity → both panes repainted", median_seconds(select, 5) / 2, None,
               "< 50 ms"),
          ])

    comp.select_entity(None)
    sync = win.scroll_sync

    def build_alignment() -> None:
        sync._alignment = None  # as after the entities change
        sync.alignment()

    build = median_seconds(build_alignment, 5)
    anchors = len(sync.alignment().anchors)  # type: ignore[union-attr]
    left = win.views[0].verticalScrollBar()
    # A page at a time through the book and back: each setValue is one sync step.
    positions = itertools.cycle([*range(0, left.maximum(), left.pageStep()),
                                 *range(left.maximum(), 0, -left.pageStep())])

    def step(mode: str) -> float:
        comp.set_sync_mode(mode)
        return median_seconds(lambda: left.setValue(next(positions)), 200)

    proportional = step("proportional")
    aligned = step("aligned")
    table(f"Aligned scrolling on the two books ({anchors} anchors)", [
        ("build the entity alignment", build, None, "once per entity change"),
        ("one sync step, proportional (baseline)", proportional, None, ""),
        ("one sync step, aligned", aligned, proportional, "< 16 ms (a frame)"),
    ])


if __name__ == "__main__":
    main()
