"""Modules that run on first use, to keep them off the window's start-up path.

The window paints the two texts before it needs entities, annotations or the
import code, and importing those up front costs a fifth of a cold start. A module
bound with :func:`lazy_module` exists at once but runs only when one of its
attributes is first read (the recipe in the :mod:`importlib` documentation).
Load one on the GUI thread before a worker thread uses it.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, imported now if it already was, else on first attribute access."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
