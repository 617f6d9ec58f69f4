"""Artwork at the trim runs on into the bleed, and crop marks stand on the trim
lines: both as rendered.

The page boxes say where the bleed is; they do not say the artwork fills it.
A background or band cut back to the trim (or stopping part-way into the
bleed) prints a white sliver wherever the guillotine cuts a little outside
the trim. So each edge is rendered (a strip from the bleed's outer edge to
just inside the trim, at RENDER_PX_PER_MM) and compared along its length: a
place painted just inside the trim must be painted near the bleed's outer
edge too. White just inside the trim (a white page) asks nothing of the
bleed. Corners are left out (a strip's ends lie in the other edges' bleed).
"""

from __future__ import annotations

import re

from posters.units import PT_PER_MM
from posters.verify.findings import Finding, error

RENDER_PX_PER_MM = 6.0
MIN_PX_ACROSS = 6  # pixels across the bleed, at least (a 1:10 artwork's bleed is 0.3 mm)
MAX_PX_ALONG = 12_000  # a 6-sheet's long edge at RENDER_PX_PER_MM is 10,800
INSIDE_MM = 1.0  # the band inside the trim whose middle is "at the trim"
NEAR_EDGE = 0.2  # and how near the bleed's outer edge, as a share of the bleed
PAINTED = 248  # any channel below this is ink (paper renders 255; a 10 % tint of one ink is about 230)
BLANK = 252
TOLERANCE_MM = 2.0  # stretches shorter than this (anti-aliased ends of thin lines) pass
CORNER_MM = 1.0
SIDES = ("left", "right", "bottom", "top")
_INKED = bytes(b"1"[0] if v < PAINTED else b"0"[0] for v in range(256))
_BLANK = bytes(b"1"[0] if v >= BLANK else b"0"[0] for v in range(256))


def check_bleed_reach(pages) -> list[Finding]:
    """[boxes] On every page with a bleed, artwork painted at the trim reaches the bleed's outer edge."""
    out: list[Finding] = []
    for i in range(len(pages)):
        page = pages[i]
        trim, bleed, crop = page.get_trimbox(), page.get_bleedbox(), page.get_cropbox()
        for side in SIDES:
            gap = _gap(side, trim, bleed)
            if gap < 0.25 * PT_PER_MM:
                continue  # no bleed on this side: the boxes check says so
            where = _stripe(page, side, trim, bleed, crop, gap)
            if where is not None:
                at, length = where
                out.append(
                    error(
                        "boxes",
                        f"the artwork stops short of the bleed along the {side} edge: painted at the trim but not to the "
                        f"bleed's outer edge for {length:.0f} mm, from {at:.0f} mm along it; the guillotine may leave a white sliver",
                        "run backgrounds and bands that touch the trim on to the outer edge of the bleed, then export the file again",
                        i + 1,
                    )
                )
    return out


def _gap(side: str, trim, bleed) -> float:
    return {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1], "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}[side]


def _stripe(page, side: str, trim, bleed, crop, gap: float) -> tuple[float, float] | None:
    """(where, length in mm) of the longest stretch painted at the trim and blank at the bleed's edge, when too long."""
    inside = INSIDE_MM * PT_PER_MM
    # the strip: from the bleed's outer edge to `inside` beyond the trim, along the trim's length
    if side in ("left", "right"):
        lo, hi = trim[1] + CORNER_MM * PT_PER_MM, trim[3] - CORNER_MM * PT_PER_MM
        x0, x1 = (bleed[0], trim[0] + inside) if side == "left" else (trim[2] - inside, bleed[2])
        box = (x0, lo, x1, hi)
    else:
        lo, hi = trim[0] + CORNER_MM * PT_PER_MM, trim[2] - CORNER_MM * PT_PER_MM
        y0, y1 = (bleed[1], trim[1] + inside) if side == "bottom" else (trim[3] - inside, bleed[3])
        box = (lo, y0, hi, y1)
    if hi <= lo:
        return None
    across_pt = gap + inside
    along_pt = hi - lo
    scale = max(RENDER_PX_PER_MM / PT_PER_MM, MIN_PX_ACROSS / gap)
    scale = min(scale, MAX_PX_ALONG / along_pt)
    left, bottom = box[0] - crop[0], box[1] - crop[1]
    right, top = crop[2] - box[2], crop[3] - box[3]
    if min(left, bottom, right, top) < -0.01:
        return None  # the bleed lies outside what is rendered: the boxes check says so
    from PIL import ImageChops

    bitmap = page.render(scale=scale, crop=(max(0.0, left), max(0.0, bottom), max(0.0, right), max(0.0, top)))
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    w, h = image.size

    def darkest(line) -> bytes:
        """Each pixel's lowest channel along a line of the strip: a pale tint of one ink shows."""
        r, g, b = image.crop(line).convert("RGB").split()
        return ImageChops.darker(ImageChops.darker(r, g), b).tobytes()

    # each sample's distance from the bleed's outer edge (points), then the pixel whose middle it is nearest:
    # "at the trim" half-way through the band inside the trim, "at the edge" a share of the bleed in
    at_trim, at_edge = gap + inside / 2, gap * NEAR_EDGE
    n = w if side in ("left", "right") else h

    def index(from_edge: float) -> int:
        outward = from_edge if side in ("left", "top") else across_pt - from_edge  # pixels count from the left and from the top
        return max(0, min(n - 1, int(outward / across_pt * n)))

    t, e = index(at_trim), index(at_edge)
    if side in ("left", "right"):
        at, edge = darkest((t, 0, t + 1, h)), darkest((e, 0, e + 1, h))
    else:
        at, edge = darkest((0, t, w, t + 1)), darkest((0, e, w, e + 1))
    # painted at the trim and blank at the edge, place by place, as a string of 0s and 1s (worked in C, not per pixel)
    both = format(int(b"1" + at.translate(_INKED), 2) & int(b"1" + edge.translate(_BLANK), 2), "b")[1:]
    runs = [(m.end() - m.start(), m.start()) for m in re.finditer("1+", both)]
    if not runs:
        return None
    best, best_start = max(runs)
    mm_per_px = along_pt / max(1, len(at)) / PT_PER_MM
    if best * mm_per_px <= TOLERANCE_MM:
        return None
    return CORNER_MM + best_start * mm_per_px, best * mm_per_px


def check_crop_marks(pages) -> list[Finding]:
    """[boxes] A page with a slug (its page wider than its bleed) shows its eight crop marks, on the trim
    lines, outside the bleed: a printer trims by them. Rendered as the page prints, each where it
    stands (the plates' own check, `--separations`, also asks that each prints on every plate)."""
    from posters.verify.plates import missing_marks

    out: list[Finding] = []
    for i in range(len(pages)):
        page = pages[i]
        media, trim, bleed = tuple(page.get_mediabox()), tuple(page.get_trimbox()), tuple(page.get_bleedbox())
        if min(bleed[0] - media[0], bleed[1] - media[1], media[2] - bleed[2], media[3] - bleed[3]) < 3 * PT_PER_MM:
            continue  # no slug: the layout asked for no marks (the boxes check says whether it should have)
        missing = missing_marks(page)
        if missing:
            out.append(
                error(
                    "boxes",
                    f"the crop marks are missing or not on the trim lines at {len(missing)} of 8 places ({'; '.join(missing[:3])}{'...' if len(missing) > 3 else ''}): a printer trims by them",
                    "do not print this file; rebuild it with 'posters build', which draws them on the trim lines in registration colour",
                    i + 1,
                )
            )
    return out
