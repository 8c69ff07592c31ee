"""Annotation figures on the two corpus books carrying 10,000 annotations each: create to
committed row, listing the pair for the panel, filtering it, and re-placing 10,000
annotations after a corrected version of a book is imported over it. Each is printed
next to a floor measured in the same run (a one-row committed write; re-anchoring an
unchanged text)."""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import BOOKS, median_seconds, table  # noqa: E402
from viewer.core.anchoring import make_selector, reanchor  # noqa: E402
from viewer.core.annotations import Annotation, Passage, new_id, now  # noqa: E402
from viewer.core.palette import PALETTE  # noqa: E402
from viewer.ops import annotations as ops  # noqa: E402
from viewer.ops.documents import import_document  # noqa: E402
from viewer.store import Store  # noqa: E402
from viewer.store import annotations as rows  # noqa: E402

PER_BOOK = 10_000
TAGS = ["policy/recognition", "policy/trade", "places/bokhara", "places/kabul", "people", "trade/caravans",
        "religion", "water", "slavery", "customs"]


def populate(store: Store, doc_id: int, rng: random.Random) -> None:
    """10,000 annotations of 5-200 code points, written in one transaction (setup, not measured)."""
    version = rows.get_text_version(store, doc_id)
    text = version.text
    with store.write():
        for i in range(PER_BOOK):
            start = rng.randrange(0, len(text) - 210)
            sel = make_selector(text, start, start + rng.randint(5, 200))
            stamp = now()
            rows.put_annotation(store, Annotation(
                id=new_id(), passage=Passage.at(doc_id, version.sha256, sel), note=f"note {i} on the passage",
                tags=tuple(rng.sample(TAGS, rng.randint(0, 3))), color=rng.choice(list(PALETTE)),
                author="bench", created=stamp, modified=stamp))


def corrected_edition(text: str, rng: random.Random) -> str:
    """What a corrected re-scan looks like: 150 one-letter fixes, a paragraph removed, one added."""
    chars = list(text)
    for _ in range(150):
        chars[rng.randrange(len(chars))] = rng.choice("aeiouéü")
    out = "".join(chars)
    cut = len(out) // 2
    out = out[:cut] + out[out.index("\n\n", cut + 3000):]
    at = out.index("\n\n", len(out) // 3)
    return out[:at] + "\n\nAn editor's note added in the corrected edition, 😀 with a footnote.\n" + out[at:]


def in_the_window(db: Path, a: int, b: int) -> list[tuple[str, float, float | None, str]]:
    """The same pair in the real window: read its annotations into the panel, tints, margin
    and gutter, all painted; and the panel's text filter as the analyst types it."""
    os.environ["DIPTYCH_SETTINGS"] = str(db.with_name("settings.ini"))
    from viewer.ui.app import make_application, open_window

    app = make_application()
    win = open_window(db)
    win.resize(1280, 800)
    win.show()
    win.open_pair(a, b)
    app.processEvents()

    def load_and_paint() -> None:
        win.annotation_actions.load()
        for widget in (*win.views, win.link_map, *(pane.margin for pane in win.panes)):
            widget.repaint()

    panel = win.annotation_panel
    terms = iter(["note 1", "note 12", "note 123", "note 12", "note 1", "note", ""] * 3)

    def type_filter() -> None:
        panel.text_filter.setText(next(terms))
        app.processEvents()

    timed = [("window: load 20,000 into panel, tints, margins, painted",
              median_seconds(load_and_paint, 5), None, "< 0.5 s"),
             ("window: panel text filter, one keystroke", median_seconds(type_filter, 13), None, "< 50 ms")]
    win.close()
    return timed


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data.db")
        a, b = (import_document(store, book).id for book in BOOKS)
        for doc in (a, b):
            populate(store, doc, rng)
        pair = [a, b]

        spots = iter(range(10**9))

        def create() -> None:
            i = next(spots) % 50_000
            ops.create_annotation(store, ops.Selection(b, i, i + 40), note="new", tags=["policy"])

        def one_row_write() -> None:
            ops.set_tag_color(store, f"floor/{next(spots)}", "green")

        def open_pair() -> None:
            ops.list_annotations(store, doc_ids=pair)
            ops.list_links(store, doc_ids=pair)
            ops.tag_counts(store, pair)

        results = [
            ("create annotation -> committed row", median_seconds(create, 101),
             median_seconds(one_row_write, 101), "< 10 ms"),
            (f"open pair: list {2 * PER_BOOK:,} + links + tag counts", median_seconds(open_pair, 7),
             None, "< 0.5 s"),
        ]
        listed = ops.list_annotations(store, doc_ids=pair)
        for label, spec in (("tag policy (+ children)", {"tag": "policy"}),
                            ("text 'note 12'", {"text": "note 12"}),
                            ("colour blue", {"color": "blue"}),
                            ("tag+colour+text",
                             {"tag": "places", "color": "green", "text": "the"})):
            chosen = ops.annotation_filter(**spec)
            results.append((f"filter listed pair: {label}",
                            median_seconds(lambda: chosen.apply(listed), 11), None, "< 50 ms"))
        # The first text filter on a freshly listed pair also case-folds every annotation once.
        fresh = iter([ops.list_annotations(store, doc_ids=pair) for _ in range(5)])
        first = ops.annotation_filter(text="note 12")
        results.append(("filter listed pair: first text filter after listing",
                        median_seconds(lambda: first.apply(next(fresh)), 5), None, "< 50 ms"))
        results.extend(in_the_window(Path(tmp) / "data.db", a, b))
        results.append(("list pair from the store with tag policy",
                        median_seconds(lambda: ops.list_annotations(store, doc_ids=pair, tag="policy"), 7),
                        None, ""))

        book = rows.get_text_version(store, b)
        edition = corrected_edition(book.text, rng)
        path = Path(tmp) / "corrected.txt"
        path.write_text(edition, encoding="utf-8")
        selectors = [ann.passage.selector for ann in ops.list_annotations(store, doc_ids=[b])]
        placed = reanchor(book.text, edition, selectors)
        results.append((f"re-place {len(selectors):,} passages (anchoring)",
                        median_seconds(lambda: reanchor(book.text, edition, selectors), 5),
                        median_seconds(lambda: reanchor(book.text, book.text, selectors), 5), "< 2 s"))

        def reimport_and_undo() -> float:
            done = ops.reimport_document(store, b, path)
            done.revert.apply(store)
            return done.value.seconds

        timed = [reimport_and_undo() for _ in range(3)]
        timed.sort()
        results.append((f"re-import: plan, re-place {len(selectors):,}", timed[1], None, "< 2 s"))
        results.append(("re-import: whole action, then its undo",
                        median_seconds(lambda: reimport_and_undo(), 3), None, ""))
        store.close()

    table("Annotations (10,000 per book on the two corpus books)", results)
    methods: dict[str, int] = {}
    for p in placed:
        methods[p.method] = methods.get(p.method, 0) + 1
    print("re-placed by: " + ", ".join(f"{m} {n:,}" for m, n in sorted(methods.items())))


if __name__ == "__main__":
    main()
