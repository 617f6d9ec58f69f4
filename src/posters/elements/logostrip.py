"""`logo_strip`: the partners of the edition (its force or forces, then the
charity) in rows, at equal visual weight and never below a partner's minimum.

Equal weight means equal area, not equal height: a wide logo scaled to the
same height as a square one looks far heavier. Each logo gets the same
bounding-box area A, so a logo of aspect r is sqrt(A*r) wide and sqrt(A/r)
tall; A is the largest that fits the box, trying 1 up to `max_rows` rows.

Each partner also declares a minimum printed width and a clear space
(force.toml, campaign.toml). A logo whose equal share would be narrower than
its minimum prints at its minimum instead, and logos sit at least their clear
space apart. A strip that cannot hold every logo at its minimum is refused,
with the ways out: fewer logos on this side (`partners`), more rows, or a
larger strip (on the other side of a card, say).

`partners` chooses which logos this strip carries: "all" (default), "forces"
or "charity", so a small card can put the forces on one side and the charity
on the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from posters.elements.base import Box, Kind, ParseCtx, PlaceCtx, PlaceError, Placed, check_safe, read_box, register
from posters.elements.logo import alt, charity_names, describe, draw, open_logo, placed_logo
from posters.inputs.schema import Table

PARTNERS = ("all", "forces", "charity")


@dataclass(frozen=True)
class StripSpec:
    box: Box
    gap: float
    max_rows: int
    partners: str = "all"


def parse(t: Table, ctx: ParseCtx) -> StripSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    gap = t.number("gap_mm", 6, lo=0, hi=200, unit="mm")
    rows = t.number("max_rows", 2, lo=1, hi=4)
    partners = t.text("partners", "all", choices=PARTNERS)
    return StripSpec(box, gap if gap is not None else 6, int(rows or 2), partners or "all")


def split_rows(n: int, rows: int) -> list[int]:
    base, extra = divmod(n, rows)
    return [base + (1 if i < extra else 0) for i in range(rows)]


@dataclass(frozen=True)
class Item:
    aspect: float
    min_w: float = 0.0
    clear: float = 0.0


def _sizes(items: list[Item], s: float) -> list[tuple[float, float]]:
    out = []
    for it in items:
        w = max(s * math.sqrt(it.aspect), it.min_w)
        out.append((w, w / it.aspect))
    return out


def _fits(items: list[Item], counts: list[int], box: Box, gap: float, s: float) -> bool:
    sizes = _sizes(items, s)
    heights, i = [], 0
    for c in counts:
        row, group = sizes[i : i + c], items[i : i + c]
        i += c
        gaps = sum(max(gap, a.clear, b.clear) for a, b in zip(group, group[1:]))
        if sum(w for w, _ in row) + gaps > box.w + 1e-9:
            return False
        heights.append(max(h for _, h in row))
    row_gap = max([gap] + [it.clear for it in items]) if len(counts) > 1 else 0.0
    return sum(heights) + row_gap * (len(counts) - 1) <= box.h + 1e-9


def strip_layout(items: list[Item], box: Box, gap: float, max_rows: int) -> list[Box] | None:
    """Boxes for the logos, centred in `box`; None if no arrangement keeps every minimum."""
    boxes = _strip_layout(tuple(items), box, gap, max_rows)
    return None if boxes is None else list(boxes)


@lru_cache(maxsize=256)
def _strip_layout(items: tuple[Item, ...], box: Box, gap: float, max_rows: int) -> tuple[Box, ...] | None:
    """strip_layout, once per arrangement: every output of an edition in a layout has the same strip
    (about 90 trial fittings each)."""
    best: tuple[float, list[int]] | None = None
    for rows in range(1, min(max_rows, len(items)) + 1):
        counts = split_rows(len(items), rows)
        if not _fits(items, counts, box, gap, 0.0):
            continue
        lo, hi = 0.0, max(box.w, box.h)
        for _ in range(60):  # the widths grow with s, so the largest s that fits is found by halving
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _fits(items, counts, box, gap, mid) else (lo, mid)
        if best is None or lo > best[0] + 1e-9:
            best = (lo, counts)
    if best is None:
        return None
    s, counts = best
    sizes = _sizes(items, s)
    row_gap = max([gap] + [it.clear for it in items]) if len(counts) > 1 else 0.0
    row_heights, i = [], 0
    for c in counts:
        row_heights.append(max(h for _, h in sizes[i : i + c]))
        i += c
    total_h = sum(row_heights) + row_gap * (len(counts) - 1)
    y = box.y + (box.h - total_h) / 2
    out: list[Box] = []
    i = 0
    for c, rh in zip(counts, row_heights):
        group, its = sizes[i : i + c], items[i : i + c]
        i += c
        gaps = [max(gap, a.clear, b.clear) for a, b in zip(its, its[1:])] + [0.0]
        row_w = sum(w for w, _ in group) + sum(gaps)
        x = box.x + (box.w - row_w) / 2
        for (w, h), g in zip(group, gaps):
            out.append(Box(x, y + (rh - h) / 2, w, h))
            x += w + g
        y += rh + row_gap
    return tuple(out)


def equal_area_layout(aspects: list[float], box: Box, gap: float, max_rows: int) -> list[Box]:
    """Boxes of equal area for logos of the given aspect ratios (no minimums), centred in `box`."""
    return strip_layout([Item(a) for a in aspects], box, gap, max_rows) or []


def partners_of(ctx: PlaceCtx, which: str) -> list[tuple]:
    c = ctx.campaign
    forces = [(f.logo, f.name, f.logo_rule, f.names) for f in ctx.edition.forces]
    charity = [(c.charity_logo, c.charity_name, c.charity_logo_rule, charity_names(ctx))]
    return {"all": forces + charity, "forces": forces, "charity": charity}[which]


def place(spec: StripSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    partners = partners_of(ctx, spec.partners)
    logos = [(open_logo(ctx, path, owner), owner, rule) for path, owner, rule, _names in partners]
    items = [Item(lg.aspect, rule.min_width_mm if rule else 0.0, rule.clear_space_mm if rule else 0.0) for lg, _, rule in logos]
    boxes = strip_layout(items, spec.box, spec.gap, spec.max_rows)
    if boxes is None:
        need = sum(it.min_w for it in items) + sum(max(spec.gap, a.clear, b.clear) for a, b in zip(items, items[1:]))
        widest = max(zip(items, logos), key=lambda t: t[0].min_w)
        rows = f"allow more rows (max_rows = {spec.max_rows + 1}), " if spec.max_rows < 4 else ""
        raise PlaceError(
            f"the {len(items)} logos cannot all print at their minimum widths in a {spec.box.w:g} x {spec.box.h:g} mm strip "
            f"(in one row they need {need:.0f} mm; {widest[1][1]} alone needs {widest[0].min_w:g} mm)",
            f'carry fewer logos on this side (partners = "forces" here and a strip with partners = "charity" elsewhere), '
            f"{rows}or give the strip more room, e.g. on the other side of the card",
        )
    return [placed_logo("logo_strip", key, lg, owner, b, rule, names) for (lg, owner, rule), b, (*_, names) in zip(logos, boxes, partners)]


register(Kind("logo_strip", parse, place, draw, describe, ("box_mm", "gap_mm", "max_rows", "partners"), role=lambda p: "Figure", alt=alt, read_last=True))
