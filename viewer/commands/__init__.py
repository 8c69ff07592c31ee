"""Subcommands of ``viewer`` grouped by topic.

Each module in this package defines click commands on ``viewer.cli.cli`` and calls
the same ``viewer.ops`` functions as the GUI. ``load_all`` imports every module so
its commands register; adding a topic is adding a module here.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
