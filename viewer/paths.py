"""Where the project's own files live, found relative to the package."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RESOURCES = ROOT / "resources"
