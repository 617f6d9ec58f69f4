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
    return ShapeSpec(colour, box, bool(bleed))


def placer(kind: str):
    def place(spec: ShapeSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
        return [Placed(kind, key, _extent(spec, ctx), Fill(ctx.palette[spec.colour]))]

    return place


def _extent(spec: ShapeSpec, ctx: PlaceCtx) -> Box:
    b = spec.box or Box(0, 0, ctx.page_w, ctx.page_h)
    x0, y0, x1, y1 = b.x, b.y, b.right, b.bottom
    if spec.bleed:
        if x0 <= EDGE:
            x0 = -ctx.bleed
        if y0 <= EDGE:
            y0 = -ctx.bleed
        if x1 >= ctx.page_w - EDGE:
            x1 = ctx.page_w + ctx.bleed
        if y1 >= ctx.page_h - EDGE:
            y1 = ctx.page_h + ctx.bleed
    return Box(x0, y0, x1 - x0, y1 - y0)


def draw(placed: Placed, painter) -> None:
    painter.fill(placed.content.colour)
    if placed.kind == "rect":
        painter.rule(placed.box)  # a band or rule: 100 % K overprints (see Painter)
    else:
        painter.rect(placed.box)


register(Kind("background", parse_background, placer("background"), draw, lambda p: "the background", ("colour",), in_safe_zone=False))
register(Kind("rect", parse_rect, placer("rect"), draw, lambda p: "the coloured box", ("box_mm", "colour", "bleed"), in_safe_zone=False))
