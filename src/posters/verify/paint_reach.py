"""Whether a top-level page object can paint any pixel of an area, without rendering.

The painted check asks whether anything drawn after a line changes the line's
pixels: it renders the line's region again with those objects taken off. When
none of them can paint there, that render would equal the first one, and is
not needed. "Cannot paint there" is decided only in two cases that are
certain; anything else answers "it may", and the render decides.

1. **Its bounds miss the area.** PDFium draws a top-level object only when
   its bounding box (what `FPDFPageObj_GetBounds` reports) meets the render's
   clip box, which for a render of a region is the region's bitmap
   (`CPDF_ProgressiveRenderer::Continue`). An object whose box misses the
   area is not drawn at all, so taking it off changes nothing.
2. **A line-art path none of whose sub-paths comes near the area.** A path's
   bounds span all its sub-paths: the four crop marks are one path whose box
   is the whole sheet. A sub-path fills only inside the hull of its points
   and strokes only within its line width of them, except at joins (a miter
   may reach out by the miter limit, which PDFium does not report) - so only
   sub-paths that cannot have a join are bounded when stroked: one straight
   segment, not closed. Paths with transparency, soft masks or blending are
   left to the render.

The area is widened by `SLACK_PX` device pixels (anti-aliasing, PDFium's
one-pixel minimum width for hairlines and thin fills) on every side.
"""

from __future__ import annotations

import ctypes

SLACK_PX = 3.0
_PATH = 2  # FPDF_PAGEOBJ_PATH
_MOVETO, _LINETO, _BEZIERTO = 2, 0, 1


def bounds(obj) -> tuple[float, float, float, float] | None:
    """PDFium's bounding box of a raw page object (l, b, r, t, page points); None when it has none."""
    import pypdfium2.raw as raw

    box = [ctypes.c_float() for _ in range(4)]
    if not raw.FPDFPageObj_GetBounds(obj, *box):
        return None
    return tuple(v.value for v in box)


def widen(area, scale: float) -> tuple[float, float, float, float]:
    """`area` (points) with the slack of `SLACK_PX` device pixels at `scale` pixels a point."""
    s = SLACK_PX / scale
    return (area[0] - s, area[1] - s, area[2] + s, area[3] + s)


def meets(a, b) -> bool:
    """Whether two boxes (l, b, r, t) touch or overlap."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def may_paint(obj, box, area) -> bool:
    """False only when the raw top-level object `obj` (bounds `box`) certainly paints nothing inside `area` (already widened)."""
    if box is None:
        return True
    if not meets(box, area):
        return False  # PDFium does not draw it into this render at all
    import pypdfium2.raw as raw

    if raw.FPDFPageObj_GetType(obj) != _PATH or raw.FPDFPageObj_HasTransparency(obj):
        return True
    return _path_may_paint(obj, area)


def _path_may_paint(obj, area) -> bool:
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    if not (raw.FPDFPath_GetDrawMode(obj, fill, stroke) and raw.FPDFPageObj_GetMatrix(obj, matrix)):
        return True
    stroked = bool(stroke.value)
    if stroked and not raw.FPDFPageObj_GetStrokeWidth(obj, width):
        return True
    reach = max(0.0, width.value) if stroked else 0.0  # a stroke's half width, doubled for square caps and round-off
    n = raw.FPDFPath_CountSegments(obj)
    if n < 0:
        return True
    x, y = ctypes.c_float(), ctypes.c_float()
    sub: list[tuple[int, float, float, bool]] = []
    for i in range(n + 1):
        seg = raw.FPDFPath_GetPathSegment(obj, i) if i < n else None
        if i < n:
            if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
                return True
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind not in (_MOVETO, _LINETO, _BEZIERTO):
                return True
        if sub and (i == n or kind == _MOVETO):
            if _sub_may_paint(sub, stroked, reach, matrix, area):
                return True
            sub = []
        if i < n:
            sub.append((kind, x.value, y.value, bool(raw.FPDFPathSegment_GetClose(seg))))
    return False


def _sub_may_paint(sub, stroked: bool, reach: float, m, area) -> bool:
    if stroked:
        # no join: a move and one straight segment, not closed
        if len(sub) != 2 or sub[0][0] != _MOVETO or sub[1][0] != _LINETO or sub[0][3] or sub[1][3]:
            return True
    xs = [p[1] for p in sub]
    ys = [p[2] for p in sub]
    l, b, r, t = min(xs) - reach, min(ys) - reach, max(xs) + reach, max(ys) + reach
    corners = [(m.a * px + m.c * py + m.e, m.b * px + m.d * py + m.f) for px, py in ((l, b), (r, b), (l, t), (r, t))]
    box = (min(c[0] for c in corners), min(c[1] for c in corners), max(c[0] for c in corners), max(c[1] for c in corners))
    return meets(box, area)
