"""How annotations and links between eras look: fill colours, relation colours, note tooltips.

One place for the colours so the tinted passage, its margin marker and its band in
the gutter always agree. A named relation has its own hue; an analyst's own label
gets a neutral slate.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from viewer.core.palette import DEFAULT_COLOR, PALETTE

if TYPE_CHECKING:  # loaded with the annotations, after the first paint
    from viewer.core.annotations import Annotation, Link

RELATION_COLORS: dict[str, str] = {
    "continues": "#3D8FD1",
    "echoes": "#9363C9",
    "contrasts": "#EE8434",
    "contradicts": "#D64545",
}
OWN_RELATION_COLOR = "#5D6D7E"
#: Alpha of a passage's fill in the text: translucent enough to read through.
FILL_ALPHA = 90
#: Alpha of a band in the gutter.
BAND_ALPHA = 70


def annotation_color(ann: Annotation, alpha: int = 255) -> QColor:
    color = QColor(PALETTE.get(ann.color, PALETTE[DEFAULT_COLOR]))
    color.setAlpha(alpha)
    return color


def relation_color(relation: str, alpha: int = 255) -> QColor:
    color = QColor(RELATION_COLORS.get(relation, OWN_RELATION_COLOR))
    color.setAlpha(alpha)
    return color


def _excerpt(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return escape(flat[:limit] + ("…" if len(flat) > limit else ""))


def notes_html(annotations: list[Annotation], links: list[Link]) -> str:
    """A tooltip for the passages under the pointer: each annotation's note and tags, each
    link's relation, note and the other end's quote."""
    parts = []
    for ann in annotations:
        tags = f"<br><small>{escape(', '.join(ann.tags))}</small>" if ann.tags else ""
        note = escape(ann.note).replace("\n", "<br>") or "<i>(no note)</i>"
        parts.append(f"<b style='color:{annotation_color(ann).name()}'>■</b> {note}{tags}")
    for link in links:
        note = f"<br>{escape(link.note)}".replace("\n", "<br>") if link.note else ""
        ends = f"“{_excerpt(link.source.quote)}” ⟶ “{_excerpt(link.target.quote)}”"
        parts.append(f"<b style='color:{relation_color(link.relation).name()}'>⟷ {escape(link.relation)}</b>"
                     f"{note}<br><small>{ends}</small>")
    return "<hr>".join(parts)
