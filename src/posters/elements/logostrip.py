"""`logo_strip`: every partner of the edition (its force or forces, then the
charity) in a row, at equal visual weight.

Equal weight means equal area, not equal height: a wide logo scaled to the
same height as a square one looks far heavier. Each logo gets the same
bounding-box area A, so a logo of aspect r is sqrt(A*r) wide and sqrt(A/r)
tall; A is the largest that fits the box, trying 1 up to `max_rows` rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from posters.elements.base import Box, Kind, ParseCtx, PlaceCtx, Placed, check_safe, read_box, register
from posters.elements.logo import open_logo, placed_logo
from posters.inputs.schema import Table


@dataclass(frozen=True)
class StripSpec:
    box: Box
    gap: float
    max_rows: int


def parse(t: Table, ctx: ParseCtx) -> StripSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    gap = t.number("gap_mm", 6, lo=0, hi=200, unit="mm")
    rows = t.number("max_rows", 2, lo=1, hi=4)
    return StripSpec(box, gap if gap is not None else 6, int(rows or 2))


def split_rows(n: int, rows: int) -> list[int]:
    base, extra = divmod(n, rows)
    return [base + (1 if i < extra else 0) for i in range(rows)]


def equal_area_layout(aspects: list[float], box: Box, gap: float, max_rows: int) -> list[Box]:
    """Boxes of equal area for logos of the given aspect ratios, centred in `box`."""
    best: tuple[float, list[int]] | None = None
    for rows in range(1, min(max_rows, len(aspects)) + 1):
        counts = split_rows(len(aspects), rows)
        row_h = (box.h - gap * (rows - 1)) / rows
        if row_h <= 0:
            continue
        s = math.inf  # s = sqrt(A)
        i = 0
        for c in counts:
            group = aspects[i : i + c]
            i += c
            s = min(s, (box.w - gap * (c - 1)) / sum(math.sqrt(r) for r in group))
            s = min(s, min(row_h * math.sqrt(r) for r in group))
        if best is None or s > best[0] + 1e-9:
            best = (s, counts)
    s, counts = best
    out: list[Box] = []
    sizes = [(s * math.sqrt(r), s / math.sqrt(r)) for r in aspects]
    row_heights = []
    i = 0
    for c in counts:
        row_heights.append(max(h for _, h in sizes[i : i + c]))
        i += c
    total_h = sum(row_heights) + gap * (len(counts) - 1)
    y = box.y + (box.h - total_h) / 2
    i = 0
    for c, rh in zip(counts, row_heights):
        group = sizes[i : i + c]
        i += c
        row_w = sum(w for w, _ in group) + gap * (c - 1)
        x = box.x + (box.w - row_w) / 2
        for w, h in group:
            out.append(Box(x, y + (rh - h) / 2, w, h))
            x += w + gap
        y += rh + gap
    return out


def place(spec: StripSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    partners = [(f.logo, f.name) for f in ctx.edition.forces] + [(ctx.campaign.charity_logo, ctx.campaign.charity_name)]
    logos = [(open_logo(ctx, path, owner), owner) for path, owner in partners]
    boxes = equal_area_layout([lg.aspect for lg, _ in logos], spec.box, spec.gap, spec.max_rows)
    return [placed_logo(key, lg, owner, b) for (lg, owner), b in zip(logos, boxes)]


def draw(canvas, placed: Placed, painter) -> None:
    painter.logo(placed.data["logo"], placed.box)


register(Kind("logo_strip", parse, place, draw, "logo"))
