"""`panel`: a rounded rectangle, filled, outlined, or both.

    [[pages.elements]]
    type = "panel"
    box_mm = [5, 63, 89, 42]
    fill = "mist"             # a palette colour; leave out for an outline only
    stroke = "ink"            # leave out for a fill only
    stroke_width_pt = 0.5     # at full size, a hairline (0.25 pt) or more
    radius_mm = 3             # corner radius; 0 for square corners

The outline is drawn inside the box, so the box is exactly what prints. A
panel is flat colour (text is checked for contrast against its fill), but its
rounded corners and outline would be cut unevenly at the trim, so it keeps
at least 2 mm inside the trim; a band to the edge is a `rect` with
`bleed = true`. A 100 % K fill or outline overprints, as black type does.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.colours import Colour
from posters.elements.base import Box, Kind, ParseCtx, PlaceCtx, Placed, optional_colour, read_box, register
from posters.elements.line import read_stroke
from posters.elements.shape import SLIVER
from posters.inputs.schema import Table
from posters.units import pt_to_mm


@dataclass(frozen=True)
class PanelSpec:
    box: Box
    fill: str | None
    stroke: str | None
    stroke_width_pt: float
    radius_mm: float


@dataclass
class Panel:
    """A rounded rectangle as placed: its colours (either may be None) and shape."""

    fill: Colour | None
    stroke: Colour | None
    stroke_width_pt: float
    radius_mm: float

    def covers(self, box: Box, x: float, y: float) -> bool:
        """Whether the fill covers a point of the page (mm), rounded corners included."""
        if not (box.x <= x <= box.right and box.y <= y <= box.bottom):
            return False
        r = min(self.radius_mm, box.w / 2, box.h / 2)
        cx = min(max(x, box.x + r), box.right - r)
        cy = min(max(y, box.y + r), box.bottom - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r + 1e-9


def parse(t: Table, ctx: ParseCtx) -> PanelSpec | None:
    box = read_box(t, ctx)
    fill, bad_fill = optional_colour(t, ctx, "fill")
    stroke, bad_stroke = optional_colour(t, ctx, "stroke")
    width = read_stroke(t, ctx, "stroke_width_pt", 0.5)
    if t.has("stroke_width_pt") and not t.has("stroke"):
        ctx.probs.add(t.key("stroke_width_pt"), "is set but the panel has no outline", 'add stroke = "ink" (a palette colour), or remove stroke_width_pt')
    radius = t.number("radius_mm", 3.0, lo=0, unit="mm", hint="radius_mm = 3, the corner radius in mm (0: square corners)")
    if not t.has("fill") and not t.has("stroke"):
        ctx.probs.add(t.path or "(element)", "a panel needs a fill, an outline, or both", 'add fill = "mist" and/or stroke = "ink" (palette colours)')
        return None
    if box is not None and radius is not None and radius > min(box.w, box.h) / 2 + 1e-9:
        ctx.probs.add(
            t.key("radius_mm"),
            f"{radius:g} mm is more than half the panel's {min(box.w, box.h):g} mm side",
            f"use at most {min(box.w, box.h) / 2:g} mm (that gives round ends)",
        )
        radius = None
    if box is not None and width is not None and stroke is not None and 2 * pt_to_mm(width) >= min(box.w, box.h):
        ctx.probs.add(t.key("stroke_width_pt"), f"{width:g} pt outlines fill the whole {min(box.w, box.h):g} mm panel", "use a thinner outline or a larger box")
        width = None
    _keep_off_trim(t, ctx, box)
    if None in (box, width, radius) or bad_fill or bad_stroke:
        return None
    return PanelSpec(box, fill, stroke, width, radius)


def _keep_off_trim(t: Table, ctx: ParseCtx, box: Box | None) -> None:
    if box is None:
        return
    gaps = {"left": box.x, "top": box.y, "right": ctx.page_w - box.right, "bottom": ctx.page_h - box.bottom}
    for side, gap in gaps.items():
        if gap < SLIVER - 1e-6:
            ctx.probs.add(
                t.key("box_mm"),
                f"the {side} edge is {gap:.2f} mm from the trim: trimming would cut the panel's corners and outline unevenly",
                f"keep a panel at least {SLIVER:g} mm inside the trim; for a band to the edge use a rect with bleed = true",
            )


def place(spec: PanelSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    pal = ctx.palette
    content = Panel(pal[spec.fill] if spec.fill else None, pal[spec.stroke] if spec.stroke else None, spec.stroke_width_pt, spec.radius_mm)
    return [Placed("panel", key, spec.box, content)]


def draw(placed: Placed, painter) -> None:
    p = placed.content
    painter.panel(placed.box, p.radius_mm, p.fill, p.stroke, p.stroke_width_pt)


def describe(placed: Placed) -> str:
    return "the panel"


register(Kind("panel", parse, place, draw, describe, ("box_mm", "fill", "stroke", "stroke_width_pt", "radius_mm"), in_safe_zone=False))
