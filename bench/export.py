"""Time to export 10,000 annotations in each format (goal: under 2 s each).

Builds a temporary data.db holding the two seed documents with N annotations (notes
with non-ASCII text, hierarchical tags, every colour) and N/10 links between the
eras, then times, per format, the whole user action (gathering the excerpts from
the store and writing the file) and the writing alone, each the median of several
runs. The baseline, measured in the same run, is dumping the same annotations as
plain JSON (what `viewer annotations --json` does): the ratio says what each
format costs beyond reading the rows at all.

    .venv/bin/python bench/export.py [--annotations 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viewer.core.anchoring import make_selector  # noqa: E402
from viewer.core.annotations import PALETTE, Annotation, Link, Passage, new_id, now  # noqa: E402
from viewer.core.export import FORMATS, export  # noqa: E402
from viewer.ops.documents import seed_pair  # noqa: E402
from viewer.ops.export import export_options, gather  # noqa: E402
from viewer.store import Store  # noqa: E402
from viewer.store import annotations as rows  # noqa: E402
from viewer.store.documents import get_document  # noqa: E402

TAGS = ["policy", "policy/recognition", "policy/trade", "actors", "actors/state", "security", "régime", "📌 follow-up"]
NOTES = ["", "Compare with the 2023 brief.", "Tone shift — “careful engagement”.\n\nSee also §2.", "𝔉𝔯𝔞𝔨𝔱𝔲𝔯 👩‍👩‍👧"]


def populate(store: Store, n: int) -> None:
    rng = random.Random(5)
    docs = [get_document(store, d) for d in seed_pair(store)]
    colors = list(PALETTE)
    passages: list[list[Passage]] = [[], []]
    with store.write():
        for i in range(n):
            side = i % 2
            doc = docs[side]
            start = rng.randrange(0, len(doc.text) - 200)
            end = start + rng.randrange(5, 160)
            p = Passage.at(doc.id, doc.sha256, make_selector(doc.text, start, end))
            passages[side].append(p)
            stamp = now()
            rows.put_annotation(store, Annotation(
                id=new_id(), passage=p, note=NOTES[i % len(NOTES)], tags=tuple(rng.sample(TAGS, rng.randrange(0, 3))),
                color=colors[i % len(colors)], author="bench", created=stamp, modified=stamp))
        for i in range(n // 10):
            stamp = now()
            rows.put_link(store, Link(id=new_id(), source=passages[0][i], target=passages[1][i],
                                      relation=("continues", "echoes", "contrasts")[i % 3], note=NOTES[i % 4],
                                      author="bench", created=stamp, modified=stamp))


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "data.db")
        populate(store, args.annotations)

        def baseline() -> None:
            data = [a.to_json() for a in rows.query_annotations(store)]
            (folder / "baseline.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

        base = median_time(baseline, args.repeat)
        excerpts, loose = gather(store)
        print(f"{len(excerpts):,} annotations, {len(rows.query_links(store)):,} links; "
              f"median of {args.repeat} runs; baseline (rows to plain JSON) {base:.3f} s\n")
        print(f"{'format':<8} {'export s':>9} {'write s':>8} {'x baseline':>11} {'size MB':>8}  goal < 2 s")
        gather_s = median_time(lambda: gather(store), args.repeat)
        for fmt in FORMATS:
            options = export_options(store, format=fmt)
            path = folder / f"out.{fmt}"

            def whole() -> None:
                found, extra = gather(store, context=options.context)
                export(found, options, path, extra)

            total = median_time(whole, args.repeat)
            write = median_time(lambda: export(excerpts, options, path, loose), args.repeat)
            size = path.stat().st_size / 1_048_576
            print(f"{fmt:<8} {total:>9.3f} {write:>8.3f} {total / base:>11.1f} {size:>8.1f}  "
                  f"{'ok' if total < 2 else 'OVER'}")
        print(f"\n(gathering the excerpts from the store alone: {gather_s:.3f} s)")
        store.close()


if __name__ == "__main__":
    main()
