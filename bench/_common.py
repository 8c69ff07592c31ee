"""Helpers shared by the benchmark scripts: medians and a plain table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
BOOKS = (CORPUS / "burnes_1834_travels_into_bokhara_v1.txt",
         CORPUS / "vambery_1868_sketches_of_central_asia.txt")


def median_seconds(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def table(title: str, rows: list[tuple[str, float, float | None, str]]) -> None:
    """rows: (what, median seconds, baseline seconds or None, goal)."""
    print(f"\n{title}")
    print(f"{'measure':<52}{'median':>10}{'floor':>10}{'ratio':>8}  goal")
    for what, value, floor, goal in rows:
        f = f"{floor * 1000:8.1f}ms" if floor else f"{'':>10}"
        r = f"{value / floor:7.2f}x" if floor else f"{'':>8}"
        print(f"{what:<52}{value * 1000:8.1f}ms{f}{r}  {goal}")
