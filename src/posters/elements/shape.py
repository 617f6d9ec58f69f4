"""Flat colour: `background` (the whole page, into the bleed) and `rect`.

A `rect` with `bleed = true` extends every edge that touches the trim out to
the bleed edge, so a band printed to the edge survives trimming error.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.colours import Colour
from posters.elements.base import Box, Kind, ParseCtx, PlaceCtx, Placed, read_box, read_colour, register
from posters.inputs.schema import Table

EDGE = 0.01  # mm: an edge this close to the trim counts as touching it
SLIVER = 2.0  # mm: a printed edge closer than this to the trim, short of the bleed, shows as a sliver


@dataclass(frozen=True)
class ShapeSpec:
    colour: str
    box: Box | None  # None: the whole page
    bleed: bool


@dataclass
class Fill:
    """A flat colour over the placed box."""

    colour: Colour


def parse_background(t: Table, ctx: ParseCtx) -> ShapeSpec:
    return ShapeSpec(read_colour(t, ctx), None, True)


def parse_rect(t: Table, ctx: ParseCtx) -> ShapeSpec:
    box = read_box(t, ctx)
    colour = read_colour(t, ctx)
    bleed = t.boolean("bleed", False)
    check_edges(t, ctx, box, bool(bleed))
    return ShapeSpec(colour, box, bool(bleed))


def check_edges(t: Table, ctx: ParseCtx, box: Box | None, bleed: bool) -> None:
    """A filled area whose edge stops just short of the trim leaves an
    unprinted sliver (or, with trimming error, a hairline) along the sheet's
    edge; one that reaches the trim must run on into the bleed."""
    if box is None or ctx.bleed <= 0:
        return
    gaps = {"left": box.x, "top": box.y, "right": ctx.page_w - box.right, "bottom": ctx.page_h - box.bottom}
    for side, gap in gaps.items():
        if EDGE < gap < SLIVER:
            ctx.probs.add(
                t.key("box_mm"),
                f"the {side} edge stops {gap:.2f} mm short of the trim: an unprinted sliver, which trimming leaves or cuts unevenly",
                f"run it to the trim edge and set bleed = true, or keep it at least {SLIVER:g} mm inside the trim",
            )
        elif gap <= EDGE and not bleed:
            ctx.probs.add(
                t.key("box_mm"),
                f"the {side} edge is on the trim but does not run into the {ctx.bleed:g} mm bleed: trimming error shows a white edge",
                "set bleed = true",
            )


def placer(kind: str):
    def place(spec: ShapeSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
        return [Placed(kind, key, bled_extent(spec, ctx), Fill(ctx.palette[spec.colour]))]

    return place


def bled_extent(spec: ShapeSpec, ctx: PlaceCtx) -> Box:
    (pw, ph), bleed = ctx.geometry.layout_trim, ctx.geometry.layout_bleed
    b = spec.box or Box(0, 0, pw, ph)
    x0, y0, x1, y1 = b.x, b.y, b.right, b.bottom
    if spec.bleed:
        if x0 <= EDGE:
            x0 = -bleed
        if y0 <= EDGE:
            y0 = -bleed
        if x1 >= pw - EDGE:
            x1 = pw + bleed
        if y1 >= ph - EDGE:
            y1 = ph + bleed
    return Box(x0, y0, x1 - x0, y1 - y0)


def draw(placed: Placed, painter) -> None:
    painter.fill(placed.content.colour)
    if placed.kind == "rect":
        painter.rule(placed.box)  # a band or rule: 100 % K overprints (see Painter)
    else:
        painter.rect(placed.box)


register(Kind("background", parse_background, placer("background"), draw, lambda p: "the background", ("colour",), in_safe_zone=False))
register(Kind("rect", parse_rect, placer("rect"), draw, lambda p: "the coloured box", ("box_mm", "colour", "bleed"), in_safe_zone=False))
