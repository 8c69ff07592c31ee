"""Run every benchmark script in this folder and print their tables (`make bench`)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    chosen = sys.argv[1:] or sorted(p.stem for p in HERE.glob("[a-z]*.py") if p.stem != "run")
    for name in chosen:
        runpy.run_path(str(HERE / f"{name}.py"), run_name="__main__")
