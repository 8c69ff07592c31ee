"""Export figures: 10,000 annotations (and 1,000 links between the eras) on the two
corpus books, exported in each format (goal: under 2 s each). Each format is timed as
the whole user action (gathering the excerpts from the store, then writing the file)
and as the writing alone; the floor, measured in the same run, is dumping the same
annotations as plain JSON, as `viewer annotations --json` does."""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import BOOKS, median_seconds, table  # noqa: E402
from viewer.core.anchoring import make_selector  # noqa: E402
from viewer.core.annotations import Annotation, Link, Passage, new_id, now  # noqa: E402
from viewer.core.palette import PALETTE  # noqa: E402
from viewer.core.export import FORMATS, export  # noqa: E402
from viewer.ops.documents import import_document  # noqa: E402
from viewer.ops.export import export_options, gather  # noqa: E402
from viewer.store import Store  # noqa: E402
from viewer.store import annotations as rows  # noqa: E402
from viewer.store.documents import get_document  # noqa: E402

ANNOTATIONS = 10_000
TAGS = ["policy", "policy/recognition", "policy/trade", "actors", "actors/state", "security", "régime", "📌 later"]
NOTES = ["", "Compare with the later book.", "Tone shift — “careful engagement”.\n\nSee also §2.", "𝔉𝔯𝔞𝔨𝔱𝔲𝔯 👩‍👩‍👧"]


def populate(store: Store) -> None:
    """ANNOTATIONS annotations spread over both books; every tenth pair of them linked."""
    rng = random.Random(5)
    docs = [get_document(store, import_document(store, book).id) for book in BOOKS]
    colors = list(PALETTE)
    placed: list[list[Passage]] = [[], []]
    with store.write():
        for i in range(ANNOTATIONS):
            doc = docs[i % 2]
            start = rng.randrange(0, len(doc.text) - 400)
            p = Passage.at(doc.id, doc.sha256, make_selector(doc.text, start, start + rng.randrange(20, 300)))
            placed[i % 2].append(p)
            stamp = now()
            rows.put_annotation(store, Annotation(
                id=new_id(), passage=p, note=NOTES[i % len(NOTES)], tags=tuple(rng.sample(TAGS, rng.randrange(0, 3))),
                color=colors[i % len(colors)], author="bench", created=stamp, modified=stamp))
        for i in range(0, ANNOTATIONS // 2, 5):
            stamp = now()
            rows.put_link(store, Link(id=new_id(), source=placed[0][i], target=placed[1][i],
                                      relation=("continues", "echoes", "contrasts")[i % 3], note=NOTES[i % 4],
                                      author="bench", created=stamp, modified=stamp))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "data.db")
        populate(store)

        def floor() -> None:
            data = [a.to_json() for a in rows.query_annotations(store)]
            (folder / "floor.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

        base = median_seconds(floor)
        excerpts, loose = gather(store)
        results = [("gather the excerpts from the store", median_seconds(lambda: gather(store)), base, "")]
        for fmt in FORMATS:
            options = export_options(store, format=fmt)
            path = folder / f"out.{fmt}"

            def whole() -> None:
                found, extra = gather(store, context=options.context)
                export(found, options, path, extra)

            results.append((f"export {fmt} (gather + write)", median_seconds(whole), base, "< 2 s"))
            results.append((f"  write {fmt} alone ({path.stat().st_size / 1_048_576:.1f} MB)",
                            median_seconds(lambda: export(excerpts, options, path, loose)), base, ""))
        store.close()
    table(f"Export: {len(excerpts):,} annotations and {ANNOTATIONS // 10:,} links on the two corpus books "
          "(floor: the same rows dumped as plain JSON)", results)


if __name__ == "__main__":
    main()
