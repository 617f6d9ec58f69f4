"""`line`: a straight rule through the middle of its box, along its longer side.

    [[pages.elements]]
    type = "line"
    box_mm = [8, 62, 83, 2]   # the rule runs across the middle of this box
    colour = "ink"
    width_pt = 0.5            # at full size; 0.25 pt (a hairline) is the thinnest that prints
    bleed = false             # true: an end on the trim runs on into the bleed

The box, not two end points, places it: the studio moves and resizes it like
any other element, and a box is easy to pick with a mouse where a 0.5 pt
rule is not. A rule in 100 % K overprints, as black type does.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.colours import Colour
from posters.elements.base import Box, Kind, ParseCtx, PlaceCtx, Placed, read_box, read_colour, register
from posters.elements.shape import ShapeSpec, bled_extent, check_edges
from posters.inputs.schema import Table
from posters.units import pt_to_mm

MIN_STROKE_PT = 0.25  # a hairline: the thinnest rule a printer will hold (thinner breaks up or vanishes on the plate)
MAX_STROKE_PT = 72.0  # an inch: anything heavier is a band (a rect)
DIRECTIONS = ("across", "down")


@dataclass(frozen=True)
class LineSpec:
    box: Box
    colour: str
    width_pt: float
    bleed: bool
    direction: str  # "across" (horizontal) or "down" (vertical)


@dataclass
class Rule:
    """A stroked straight line through the middle of the placed box."""

    colour: Colour
    width_pt: float
    direction: str

    def ends(self, box: Box) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in mm from the trim's top-left corner."""
        if self.direction == "across":
            y = box.y + box.h / 2
            return (box.x, y, box.right, y)
        x = box.x + box.w / 2
        return (x, box.y, x, box.bottom)


def read_stroke(t: Table, ctx: ParseCtx, name: str, default: float) -> float | None:
    """A stroke width in pt at full size, no thinner than a hairline."""
    v = t.number(name, default, unit="pt", hint=f"{name} = 0.5 (points at full size)")
    if v is None:
        return None
    if v < MIN_STROKE_PT:
        ctx.probs.add(
            t.key(name),
            f"{v:g} pt is thinner than a hairline ({MIN_STROKE_PT:g} pt): it breaks up or disappears in print",
            f"use {MIN_STROKE_PT:g} pt or more",
        )
        return None
    if v > MAX_STROKE_PT:
        ctx.probs.add(t.key(name), f"{v:g} pt is wider than an inch", "draw a band with a rect instead")
        return None
    return v


def parse(t: Table, ctx: ParseCtx) -> LineSpec | None:
    box = read_box(t, ctx, allow_bleed=False)
    colour = read_colour(t, ctx)
    width = read_stroke(t, ctx, "width_pt", 0.5)
    bleed = bool(t.boolean("bleed", False))
    direction = t.text("direction", None, choices=DIRECTIONS, hint='direction = "across" or "down"')
    if box is not None:
        direction = direction or ("across" if box.w >= box.h else "down")
        thick = box.h if direction == "across" else box.w
        if width is not None and pt_to_mm(width) > thick + 1e-6:
            ctx.probs.add(
                t.key("box_mm"),
                f"the box is {thick:g} mm thick, less than the {width:g} pt ({pt_to_mm(width):.2f} mm) line it holds",
                f"make the box at least {pt_to_mm(width):.2f} mm {'high' if direction == 'across' else 'wide'}",
            )
            box = None
        else:
            check_edges(t, ctx, _run(box, direction), bleed)
    if None in (box, colour, width, direction):
        return None
    return LineSpec(box, colour, width, bleed, direction)


def _run(box: Box, direction: str) -> Box:
    """The part of the box that prints: the rule's own length, not the box's thickness."""
    if direction == "across":
        return Box(box.x, box.y + box.h / 2 - 0.001, box.w, 0.002)
    return Box(box.x + box.w / 2 - 0.001, box.y, 0.002, box.h)


def place(spec: LineSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    area = spec.box
    if spec.bleed:
        # only the ends of the rule run on into the bleed, never its thickness
        grown = bled_extent(ShapeSpec(spec.colour, spec.box, True), ctx)
        if spec.direction == "across":
            area = Box(grown.x, spec.box.y, grown.w, spec.box.h)
        else:
            area = Box(spec.box.x, grown.y, spec.box.w, grown.h)
    return [Placed("line", key, area, Rule(ctx.palette[spec.colour], spec.width_pt, spec.direction))]


def draw(placed: Placed, painter) -> None:
    r = placed.content
    painter.line(*r.ends(placed.box), r.colour, r.width_pt)


def describe(placed: Placed) -> str:
    return f"the {placed.content.width_pt:g} pt line"


register(Kind("line", parse, place, draw, describe, ("box_mm", "colour", "width_pt", "bleed"), in_safe_zone=False))
