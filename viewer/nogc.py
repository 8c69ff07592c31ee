"""Hold the cyclic garbage collector off while a bulk read builds objects that all live on.

Reading a pair that carries 20,000 annotations makes some 100,000 container objects
(rows, passages, annotations, tag tuples, table columns), none of them garbage. Each
700 of them start a collection, and the occasional full one walks everything the
window holds, the spaCy model included: on a full heap that cost more than the
reading itself. Mercurial wraps its bulk parsers the same way (``util.nogc``).
Nothing is lost by it: the collector runs again as soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
