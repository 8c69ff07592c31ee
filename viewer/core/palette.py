"""The colours an annotation can have and the named relations of a link.

Plain constants in a module of their own: the window draws with them before it
needs anything else of :mod:`viewer.core.annotations`, which re-exports them.
"""

from __future__ import annotations

#: Mid-tone fills that keep black text readable on a light theme and white text
#: readable on a dark one when drawn translucent.
PALETTE: dict[str, str] = {
    "yellow": "#E6B422",
    "green": "#4CAF50",
    "blue": "#3D8FD1",
    "pink": "#E0609A",
    "purple": "#9363C9",
    "orange": "#EE8434",
}
DEFAULT_COLOR = "yellow"

#: The named relations of a link; any other short label is the analyst's own.
RELATIONS = ("continues", "echoes", "contrasts", "contradicts")
