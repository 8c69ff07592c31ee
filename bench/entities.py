"""Entity figures on the two corpus books: recognition throughput next to the bare
model's own ``nlp.pipe`` throughput on the same text in the same run (goal: at
least 0.8 of it), then the time to re-link both books, to apply one correction
(with its undo), and of ``compare`` on the pair, which the window calls when it
opens them. Medians of a few runs; about four minutes on a 2-core machine."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import BOOKS, median_seconds, table  # noqa: E402
from viewer.core.entities import recognise  # noqa: E402
from viewer.ops import entities as ops  # noqa: E402
from viewer.ops.documents import import_document  # noqa: E402
from viewer.store import Store  # noqa: E402
from viewer.store.documents import get_document  # noqa: E402

RECOGNITION_RUNS = 3


def throughput(store: Store, doc_id: int, text: str, words: int) -> tuple[float, float]:
    """Median words/s of the bare model and of our recognition, runs interleaved so
    both see the same machine load."""
    nlp = recognise.load_pipeline()
    pieces = [piece for _, piece in recognise.chunks(text)]
    raw, ours = [], []
    for _ in range(RECOGNITION_RUNS):
        t0 = time.perf_counter()
        with nlp.select_pipes(enable=["ner"]):
            for _doc in nlp.pipe(pieces, batch_size=32):
                pass
        raw.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        result = ops.recognise_document(get_document(store, doc_id))
        ours.append(time.perf_counter() - t0)
    ops.save_recognition(store, result)
    return words / statistics.median(raw), words / statistics.median(ours)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data.db")
        docs = [import_document(store, book, title=book.stem) for book in BOOKS]
        t0 = time.perf_counter()
        recognise.load_pipeline()
        load = time.perf_counter() - t0
        print(f"\nRecognition (import spaCy + load the pipeline: {load:.2f} s)")
        print(f"{'book':<44}{'words':>9}{'model w/s':>11}{'ours w/s':>10}{'ratio':>7}  goal")
        for doc in docs:
            raw, ours = throughput(store, doc.id, doc.text, doc.word_count)
            print(f"{doc.meta.title[:43]:<44}{doc.word_count:>9,}{raw:>11,.0f}{ours:>10,.0f}"
                  f"{ours / raw:>7.2f}  >= 0.80")
        a, b = docs[0].id, docs[1].id
        comparison = ops.compare(store, a, b)
        mentions = sum(sum(e.counts) for e in comparison.entities)
        biggest = comparison.entities[0]

        def correct_and_undo() -> None:
            ops.rename(store, biggest.id, "Renamed").apply(store)

        table(f"Linking and comparing ({len(comparison.entities):,} entities, "
              f"{mentions:,} mentions)", [
            ("re-link every document", median_seconds(lambda: ops.relink(store), 3), None, ""),
            ("one correction and its undo (each re-links)", median_seconds(correct_and_undo, 3),
             None, ""),
            ("compare(book A, book B)", median_seconds(lambda: ops.compare(store, a, b), 5),
             None, "opening a pair"),
            ("is_cached(book A)", median_seconds(lambda: ops.is_cached(store, a), 5), None, ""),
        ])
        store.close()


if __name__ == "__main__":
    main()
