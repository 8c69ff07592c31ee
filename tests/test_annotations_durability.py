"""Annotations survive crashes and concurrent writers; a damaged or newer data.db is
refused with a message naming it and a backup copy, never reset."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.core.errors import StoreError
from viewer.ops import annotations as ops
from viewer.ops.annotations import Selection
from viewer.store import Store

ROOT = Path(__file__).resolve().parent.parent

# Creates annotations in a loop and prints each id once create_annotation has returned,
# i.e. once the UI would have shown it.
WRITER = """
import sys, time
from viewer.ops.annotations import Selection, create_annotation
from viewer.store import Store

store = Store(sys.argv[1])
doc, count = int(sys.argv[2]), int(sys.argv[3])
if count >= 0:  # a race: say ready, then start when told to
    print("ready", flush=True)
    sys.stdin.readline()
i = 0
while count < 0 or i < count:
    ann = create_annotation(store, Selection(doc, i % 400, i % 400 + 7), note=f"note {i}",
                            tags=[f"batch/{i % 5}"]).value
    print(ann.id, flush=True)
    i += 1
    if count >= 0:
        time.sleep(0.002)  # a busy person, not a bulk load that would starve the other writer
"""


def writer(db_path: Path, doc: int, count: int = -1) -> subprocess.Popen[str]:
    """A writer process: ``count`` annotations after a go on stdin, or endless (count -1)."""
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(doc), str(count)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_sigkill_at_any_moment_loses_no_shown_annotation(seeded: tuple[Store, int, int], db_path: Path) -> None:
    store, old, _ = seeded
    store.close()
    rng = random.Random(4)
    shown: list[str] = []
    for _round in range(8):
        proc = writer(db_path, old)
        # Wait for the first commit so that each kill lands in the middle of the loop.
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first, proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        shown += [first, *rest.split()]
    assert len(shown) > 50
    reopened = Store(db_path)
    assert reopened.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    survivors = {a.id for a in ops.list_annotations(reopened)}
    assert set(shown) <= survivors
    # At most the one the writer committed but was killed before printing.
    assert len(survivors) - len(set(shown)) <= 8
    by_tag = ops.list_annotations(reopened, tag="batch")
    assert len(by_tag) == len(survivors)
    reopened.close()


def test_two_processes_annotate_the_same_file_at_once(seeded: tuple[Store, int, int], db_path: Path) -> None:
    store, old, new = seeded
    procs = [writer(db_path, old, 400), writer(db_path, new, 400)]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert len(out.split()) == 400
    spans = []
    for doc in (old, new):
        made = ops.list_annotations(store, doc_ids=[doc])
        assert len(made) == 400
        spans.append((min(a.created for a in made), max(a.created for a in made)))
    assert spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1], "the writers did not overlap"


def test_several_processes_opening_a_new_file_at_once_all_succeed(db_path: Path) -> None:
    code = "import sys; from viewer.store import Store; Store(sys.argv[1]); print('ok')"
    for _attempt in range(3):
        for leftover in db_path.parent.glob(db_path.name + "*"):
            leftover.unlink()
        procs = [subprocess.Popen([sys.executable, "-c", code, str(db_path)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert out.strip() == "ok", err
        assert not list(db_path.parent.glob("*.damaged-*"))


def with_annotations(db_path: Path) -> bytes:
    """A data.db holding the sample pair and an annotation, fully checkpointed; its bytes."""
    store = Store(db_path)
    from viewer.ops.documents import seed_pair

    old, _ = seed_pair(store)
    ops.create_annotation(store, Selection(old, 0, 9), note="weeks of work")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return db_path.read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "overwritten_page"])
def test_a_damaged_file_with_annotations_is_refused_named_and_copied(db_path: Path, damage: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    good = with_annotations(db_path)
    if damage == "garbage":
        bad = os.urandom(len(good))
    elif damage == "truncated":
        bad = good[: len(good) // 3]
    else:  # a page in the middle zeroed, as a failing disk might leave it
        page = 4096
        bad = good[:page * 2] + b"\0" * page + good[page * 3:]
    db_path.write_bytes(bad)
    code = main(["--db", str(db_path), "annotations"])
    err = capsys.readouterr().err
    assert code == 1 and str(db_path) in err and "damaged" in err and "A copy was saved as" in err
    assert db_path.read_bytes() == bad  # never reset or "repaired"
    backups = list(db_path.parent.glob("data.db.damaged-*"))
    assert backups and backups[0].read_bytes() == bad


def test_a_newer_schema_with_annotations_is_refused_untouched(db_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with_annotations(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('diptych', 'm042_annotation_threads', '2031-01-01')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of Diptych.*m042_annotation_threads"):
        Store(db_path)
    assert main(["--db", str(db_path), "orphans"]) == 1
    assert str(db_path) in capsys.readouterr().err
    assert db_path.read_bytes() == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT note FROM annotations").fetchall() == [("weeks of work",)]
    conn.close()
