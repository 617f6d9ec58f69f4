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

    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
        return None
    return (l.value, b.value, r.value, t.value)


def widen(area, scale: float) -> tuple[float, float, float, float]:
    """`area` (points) with the slack of `SLACK_PX` device pixels at `scale` pixels a point."""
    s = SLACK_PX / scale
    return (area[0] - s, area[1] - s, area[2] + s, area[3] + s)


def meets(a, b) -> bool:
    """Whether two boxes (l, b, r, t) touch or overlap."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


class Reach:
    """Where one raw top-level page object can paint, worked out once and asked of many areas."""

    def __init__(self, obj):
        self.obj = obj
        self.bounds = bounds(obj)
        self._parts: list | None | bool = False  # False: not worked out yet; None: anywhere in its bounds

    def may_paint(self, area) -> bool:
        """False only when the object certainly paints nothing inside `area` (already widened)."""
        if self.bounds is None:
            return True
        if not meets(self.bounds, area):
            return False  # PDFium does not draw it into this render at all
        if self._parts is False:
            self._parts = _parts(self.obj)
        return self._parts is None or any(meets(box, area) for box in self._parts)


def _parts(obj) -> list | None:
    """Page-space boxes its sub-paths can paint in, for a line-art path; None when that cannot be bounded."""
    import pypdfium2.raw as raw

    if raw.FPDFPageObj_GetType(obj) != _PATH or raw.FPDFPageObj_HasTransparency(obj):
        return None
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    if not (raw.FPDFPath_GetDrawMode(obj, fill, stroke) and raw.FPDFPageObj_GetMatrix(obj, matrix)):
        return None
    stroked = bool(stroke.value)
    if stroked and not raw.FPDFPageObj_GetStrokeWidth(obj, width):
        return None
    reach = max(0.0, width.value) if stroked else 0.0  # a stroke's half width, doubled for square caps and round-off
    n = raw.FPDFPath_CountSegments(obj)
    if n < 0:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    subs: list[list[tuple[int, float, float, bool]]] = []
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            return None
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind not in (_MOVETO, _LINETO, _BEZIERTO):
            return None
        if kind == _MOVETO or not subs:
            subs.append([])
        subs[-1].append((kind, x.value, y.value, bool(raw.FPDFPathSegment_GetClose(seg))))
    out = []
    for sub in subs:
        box = _sub_box(sub, stroked, reach, matrix)
        if box is None:
            return None
        out.append(box)
    return out


def _sub_box(sub, stroked: bool, reach: float, m):
    if stroked:
        # no join: a move and one straight segment, not closed
        if len(sub) != 2 or sub[0][0] != _MOVETO or sub[1][0] != _LINETO or sub[0][3] or sub[1][3]:
            return None
    xs = [p[1] for p in sub]
    ys = [p[2] for p in sub]
    l, b, r, t = min(xs) - reach, min(ys) - reach, max(xs) + reach, max(ys) + reach
    corners = [(m.a * px + m.c * py + m.e, m.b * px + m.d * py + m.f) for px, py in ((l, b), (r, b), (l, t), (r, t))]
    return (min(c[0] for c in corners), min(c[1] for c in corners), max(c[0] for c in corners), max(c[1] for c in corners))
