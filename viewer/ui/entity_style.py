"""How entity types look: one hue per type, legible on light and dark backgrounds.

Colour is never the only cue: entities present in both documents are underlined
solid, those in one document only are underlined with dots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QTextCharFormat

if TYPE_CHECKING:  # loaded after the first paint (viewer.lazy)
    from viewer.ops.entities import EntityView

TYPE_COLORS = {
    "PERSON": QColor("#c0392b"),
    "PLACE": QColor("#2471a3"),
    "ORGANISATION": QColor("#8e44ad"),
    "GROUP": QColor("#1e8449"),
}
TYPE_NAMES = {"PERSON": "person", "PLACE": "place", "ORGANISATION": "organisation", "GROUP": "group"}


def mention_format(entity: EntityView, *, selected: bool) -> QTextCharFormat:
    color = TYPE_COLORS.get(entity.type, QColor("#7f8c8d"))
    fmt = QTextCharFormat()
    tint = QColor(color)
    tint.setAlpha(110 if selected else 28)
    fmt.setBackground(tint)
    fmt.setUnderlineColor(color)
    style = (QTextCharFormat.UnderlineStyle.SingleUnderline if entity.presence == "both"
             else QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineStyle(style)
    if selected:
        fmt.setFontWeight(600)
    return fmt


def legend_html() -> str:
    swatches = [f'<span style="color:{c.name()}">■</span> {TYPE_NAMES[t]}' for t, c in TYPE_COLORS.items()]
    return "&nbsp;&nbsp;".join(swatches) + "&nbsp;&nbsp;│&nbsp;&nbsp;<u>in both</u>&nbsp;&nbsp;<span style='text-decoration: underline dotted'>in one</span>"


def tooltip_html(entity: EntityView, eras: tuple[str, str]) -> str:
    from html import escape

    rows = [f"<b>{escape(entity.label)}</b> &nbsp;<i>{TYPE_NAMES.get(entity.type, entity.type)}</i>"]
    for side in (0, 1):
        spellings = ", ".join(escape(s) for s in entity.spellings(side)) or "—"
        line = f"{escape(eras[side])}: {entity.counts[side]}× &nbsp;{spellings}"
        roles = entity.roles(side)
        if roles:
            line += f"<br>&nbsp;&nbsp;&nbsp;as {escape('; '.join(roles))}"
        rows.append(line)
    reasons = sorted({ln.reason for ln in entity.links})
    if reasons:
        rows.append(f"<small>linked by: {escape(', '.join(reasons))}</small>")
    return "<br>".join(rows)
