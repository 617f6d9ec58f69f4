"""Safe zone, sizes and contrast measured from a PDF's own pages, for a file
checked with no project (one PDF on a print team's laptop).

Nothing here trusts what the file says it is. What is measured:

- text: each line's characters from PDFium's text layer (font size times
  the scale it is drawn at, weight, glyph boxes) and the colour they are
  painted in. Text drawn scaled (not at 1:1) is lettering inside vector
  artwork (a logo): it counts for the safe zone, but not for text sizes or
  contrast, as in the plan checks, where a logo's own lettering is not text;
- QR codes: found and decoded on the rendered page (zxing-cpp), which gives
  their place and module size;
- raster logos: the boxes of the page's image objects (vector artwork cannot
  be told apart from the page's bands and is not measured);
- the trim: the page's TrimBox (a screen file: its MediaBox).

The rules the checks apply are the layout's intent (safe margin, viewing and
scanning distance), which the build records in the file's XMP. A file can
only make them stricter: each is bounded below by a floor pinned here, chosen
by the trim's physical size class (`floors`), so a forged XMP that claims a
lenient rule cannot make a bad file pass. The smallest text size follows
from the viewing distance by the same formula the layouts use.

Contrast: the text's colour is the one painted (the content stream, read with
`verify.pdf.interpreter`); the background is the rendered page with the text
taken away, sampled on a grid over each line's box. In a print file both are
taken to their CMYK as painted and then to how they print (`posters.appearance`),
in a screen file their sRGB is used as is.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass, field

from posters.inputs.layout import A4_READING_DISTANCE_M, MIN_BODY_PT_AT_A4
from posters.units import PT_PER_MM
from posters.verify.contrast import WHITE, is_large, required_ratio
from posters.verify.findings import Finding, error

# Floors for the rules, by the long side of the trim in mm (print files): the
# campaign's own layouts at that size (wallet card, A5/DL, A4, A3, A2, A1, A0,
# larger sheets). A file may ask for more, never less.
#            (long side up to, safe mm, viewing m, scanning m)
PRINT_FLOORS = (
    (150.0, 5.0, 0.3, 0.2),
    (215.0, 5.0, 0.4, 0.3),
    (300.0, 5.0, 0.5, 0.4),
    (430.0, 10.0, 0.7, 0.56),  # the A3 is the A4 master times 1.414: it scans from 0.566 m
    (600.0, 10.0, 1.0, 0.8),
    (850.0, 10.0, 1.41, 1.13),
    (1200.0, 10.0, 2.0, 1.6),
    (float("inf"), 50.0, 3.0, 3.0),
)
# Screen files are looked at on a screen across a room or held in the hand:
# the smallest of the campaign's screen layouts.
SCREEN_FLOOR = (10.0, 1.1, 0.4)
_GRID_X, _GRID_Y = 9, 3
_MATCH_RGB = 24  # how far (sum of channels) a rendered colour may be from a painted one and still be it


@dataclass(frozen=True)
class Rules:
    profile: str
    safe_mm: float
    viewing_distance_m: float
    scan_distance_m: float
    notes: tuple[str, ...] = ()
    # (side, mm, platforms): bands a platform's own controls cover, as the file records them. They
    # only add to what must be kept free, so a file's claim can make the check stricter, never laxer.
    covered: tuple[tuple[str, float, str], ...] = ()

    @property
    def min_text_pt(self) -> float:
        """The layouts' formula (inputs.layout.Layout.min_text_pt), from the bounded distance."""
        return MIN_BODY_PT_AT_A4 * max(1.0, self.viewing_distance_m / A4_READING_DISTANCE_M)


def floors(profile: str, trim_mm: tuple[float, float]) -> tuple[float, float, float]:
    """(safe mm, viewing m, scanning m): the least a file of this profile and size may ask for."""
    if profile != "print":
        return SCREEN_FLOOR
    long_side = max(trim_mm)
    return next(row[1:] for row in PRINT_FLOORS if long_side <= row[0] + 0.5)


def artwork_scale(profile: str, trim_mm: tuple[float, float], own: dict | None) -> int:
    """How many times the page is enlarged to print: N for a file whose facts say it is 1:N artwork
    of a format too large to be a PDF page at full size (a 48-sheet, 6096 x 3048 mm, is supplied at
    1:10), with a full-size trim that is the page's trim times N; else 1.

    Only such formats: a claim of scale on a page that could have been supplied at full size is not
    taken, so a forged one cannot get an A3 judged as a billboard's artwork."""
    from posters.inputs.layout import MAX_PAGE_MM, parse_artwork_scale

    facts = own or {}
    scale = parse_artwork_scale(facts.get("artwork_scale"))
    full = facts.get("trim_mm")
    if profile != "print" or scale is None or scale == 1.0 or not isinstance(full, list) or len(full) != 2:
        return 1
    n = round(1 / scale)
    if abs(n - 1 / scale) > 1e-9 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in full):
        return 1
    if max(full) <= MAX_PAGE_MM or any(abs(f - t * n) > 0.5 * n for f, t in zip(full, trim_mm)):
        return 1
    return n


def rules_for(profile: str, trim_mm: tuple[float, float], own: dict | None) -> Rules:
    """The rules to check by: what the file records, never below the floors; for scaled artwork
    (see artwork_scale) the full size's rules and floors, brought to the page's scale."""
    n = artwork_scale(profile, trim_mm, own)
    rules = _rules_at_full_size(profile, (trim_mm[0] * n, trim_mm[1] * n), own)
    if n == 1:
        return rules
    note = f"checked as 1:{n} artwork: it prints at {trim_mm[0] * n:g} x {trim_mm[1] * n:g} mm, by the rules for that size (safe margin {rules.safe_mm:g} mm, viewing {rules.viewing_distance_m:g} m, scanning {rules.scan_distance_m:g} m), each divided by {n} on the page"
    return Rules(profile, rules.safe_mm / n, rules.viewing_distance_m / n, rules.scan_distance_m / n, (note, *rules.notes))


def _rules_at_full_size(profile: str, trim_mm: tuple[float, float], own: dict | None) -> Rules:
    safe, view, scan = floors(profile, trim_mm)
    claimed = (own or {}).get("rules")
    notes = []
    if not isinstance(claimed, dict):
        notes.append("the file records no layout rules; checked by the tool's minimums for its size")
        return Rules(profile, safe, view, scan, tuple(notes))

    def bound(key: str, floor: float, unit: str) -> float:
        v = claimed.get(key)
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return floor
        if v < floor:
            notes.append(f"the file asks for {key} = {v:g} {unit}, less than the {floor:g} {unit} the tool allows for its size; checked at {floor:g} {unit}")
            return floor
        return float(v)

    return Rules(profile, bound("safe_mm", safe, "mm"), bound("viewing_distance_m", view, "m"), bound("scan_distance_m", scan, "m"), tuple(notes), _covered(claimed.get("covered"), trim_mm))


def _covered(claimed, trim_mm) -> tuple[tuple[str, float, str], ...]:
    """The platform bands a file records; anything that is not one is ignored (it could only have added a rule)."""
    import math

    out = []
    for c in claimed if isinstance(claimed, list) else []:
        if not isinstance(c, dict) or c.get("side") not in ("top", "bottom", "left", "right"):
            continue
        mm = c.get("mm")
        limit = (trim_mm[0] if c["side"] in ("left", "right") else trim_mm[1]) / 2
        if isinstance(mm, (int, float)) and not isinstance(mm, bool) and math.isfinite(mm) and 0 < mm <= limit:
            who = c.get("platforms") if isinstance(c.get("platforms"), str) else "the platforms"
            out.append((c["side"], float(mm), who[:80]))
    return tuple(out)


@dataclass
class Line:
    """One line of text as set on the page (points, from the page's bottom left)."""

    text: str
    size: float
    box: list[float]  # x0, y0, x1, y1 of the glyphs' ink
    rgb: tuple[int, int, int]  # as PDFium renders its fill colour
    bold: bool = False  # the font's weight is 600 or more
    artwork: bool = False  # drawn scaled, inside vector artwork (a logo's lettering), not set as text


@dataclass
class PageFacts:
    index: int
    trim: tuple[float, float, float, float]  # x0, y0, x1, y1 in points
    lines: list[Line] = field(default_factory=list)
    codes: list = field(default_factory=list)  # qr_readback.Region
    images: list[tuple[float, float, float, float]] = field(default_factory=list)


def _text_lines(tp) -> list[Line]:
    import pypdfium2.raw as raw

    lines: list[Line] = []
    cur: Line | None = None
    last_y = 0.0
    for i in range(tp.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(tp, i))
        if raw.FPDFText_IsGenerated(tp, i) == 1 or not ch.strip():
            if cur is not None:
                cur.text += " "
            continue
        m = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(tp, i, m)
        scale = abs(m.a * m.d - m.b * m.c) ** 0.5
        size = raw.FPDFText_GetFontSize(tp, i) * scale  # the size as it prints
        artwork = abs(scale - 1.0) > 0.01
        bold = raw.FPDFText_GetFontWeight(tp, i) >= 600
        x0, y0, x1, y1 = (float(v) for v in _charbox(tp, i))
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFText_GetFillColor(tp, i, r, g, b, a)
        rgb = (r.value, g.value, b.value)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        same = cur is not None and abs(cur.size - size) < 0.01 and cur.artwork == artwork and abs(last_y - oy.value) < 0.3 * size and cur.rgb == rgb and x0 > cur.box[2] - size
        if not same:
            cur = Line("", size, [x0, y0, x1, y1], rgb, bold, artwork)
            lines.append(cur)
        cur.text += ch
        cur.box = [min(cur.box[0], x0), min(cur.box[1], y0), max(cur.box[2], x1), max(cur.box[3], y1)]
        last_y = oy.value
    for ln in lines:
        ln.text = ln.text.strip()
    return lines


def _charbox(tp, i):
    import pypdfium2.raw as raw

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
    return left.value, bottom.value, right.value, top.value


def measure(doc, profile: str) -> list[PageFacts]:
    """What is on each page, measured (see the module docstring)."""
    import pypdfium2.raw as raw

    from posters.verify.qr_readback import find_regions

    pages = []
    codes = find_regions(doc)
    for i in range(len(doc)):
        page = doc[i]
        box = page.get_trimbox() if profile == "print" else page.get_mediabox()
        pf = PageFacts(i, tuple(float(v) for v in box))
        tp = page.get_textpage()
        try:
            pf.lines = [ln for ln in _text_lines(tp) if ln.text and _overlaps(ln.box, pf.trim)]
        finally:
            tp.close()
        pf.codes = [c for c in codes if c.page == i]
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
            box = _bounds(obj)
            if box is not None:
                pf.images.append(box)
        pages.append(pf)
    return pages


def _bounds(obj) -> tuple[float, float, float, float] | None:
    """A page object's bounding box in points, through PDFium's own call (pypdfium2 named its
    wrapper get_pos before version 5 and get_bounds since)."""
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj.raw, left, bottom, right, top):
        return None
    return left.value, bottom.value, right.value, top.value


def _bleeds(image, trim) -> bool:
    """Whether an image is artwork printed to the edge (a background, a band): past the trim on a
    side, along the whole of that side. A logo never spans a whole edge; one cut by the trim is still
    judged by the safe zone."""
    ix0, iy0, ix1, iy1 = image
    tx0, ty0, tx1, ty1 = trim
    across = ix0 <= tx0 + 0.5 and ix1 >= tx1 - 0.5  # spans the width
    down = iy0 <= ty0 + 0.5 and iy1 >= ty1 - 0.5  # spans the height
    return (across and (iy0 < ty0 or iy1 > ty1)) or (down and (ix0 < tx0 or ix1 > tx1))


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- the checks ---------------------------------------------------------------


OVERHANG_EM = 0.02  # how far a glyph's ink may reach past its set position, as a share of its size


def check_safe_zone_measured(pages: list[PageFacts], rules: Rules) -> list[Finding]:
    """[safe-zone] Text, QR codes and raster logos at least the safe margin inside the trim."""
    s = rules.safe_mm * PT_PER_MM
    out = []
    for pf in pages:
        # a line's box is its glyphs' ink, and a glyph's ink may hang past where it is set (a 'Y' or
        # a 'W' reaches left of its origin by a few hundredths of an em): that much is allowed
        things = [(f"text {ln.text[:40]!r}", ln.box, OVERHANG_EM * ln.size) for ln in pf.lines]
        things += [("the QR code (with its white margin)", (c.x0, c.y0, c.x1, c.y1), 0.0) for c in pf.codes]
        things += [("an image (logo)", b, 0.0) for b in pf.images if _overlaps(b, pf.trim) and not _bleeds(b, pf.trim)]
        tx0, ty0, tx1, ty1 = pf.trim
        for what, (x0, y0, x1, y1), overhang in things:
            gaps = {"left": x0 - tx0, "bottom": y0 - ty0, "right": tx1 - x1, "top": ty1 - y1}
            close = {side: gap for side, gap in gaps.items() if gap < s - 0.5 - overhang}  # half a point for rounding
            if close:
                sides = ", ".join(f"{gap / PT_PER_MM:.1f} mm from the {side} edge" for side, gap in close.items())
                out.append(error("safe-zone", f"{what} is {sides}; the safe zone is {rules.safe_mm:g} mm, so it may be cut off when the sheet is trimmed", "rebuild the file from its layout with 'posters build'", pf.index + 1))
            for side, mm, who in rules.covered:
                d = mm * PT_PER_MM
                into = {"top": y1 - (ty1 - d), "bottom": (ty0 + d) - y0, "left": (tx0 + d) - x0, "right": x1 - (tx1 - d)}[side]
                if into > 0.5:
                    out.append(error("safe-zone", f"{what} reaches {into / PT_PER_MM:.1f} mm into the {side} {mm:g} mm of the image, which {who} cover with their own controls", "rebuild the file from its layout with 'posters build'", pf.index + 1))
    return out


def check_sizes_measured(pages: list[PageFacts], rules: Rules, doc) -> list[Finding]:
    """[sizes] Text no smaller than the viewing distance needs; QR symbol, modules and camera pixels for the scanning distance."""
    from posters.verify import scanning
    from posters.verify.qr_readback import read_region_versions

    floor = rules.min_text_pt
    out = []
    if not any(pf.codes for pf in pages):
        # every poster carries the self-help code: none found leaves nothing to measure, which must not pass
        out.append(error("sizes", "no QR code could be found on any page, so its size could not be measured", "the poster must carry the self-help QR code; rebuild it with 'posters build'"))
    for pf in pages:
        for ln in pf.lines:
            if not ln.artwork and ln.size + 0.05 < floor:
                out.append(error("sizes", f"text {ln.text[:40]!r} is set at {ln.size:.1f} pt; at a viewing distance of {rules.viewing_distance_m:g} m text must be at least {floor:g} pt", "rebuild the file from its layout with 'posters build'", pf.index + 1))
        for c in pf.codes:
            n = c.modules - 8  # find_regions counts a 4-module quiet zone each side
            if n <= 0:
                out.append(error("sizes", "a QR code was found but its size could not be measured", "rebuild the file with 'posters build'", pf.index + 1))
                continue
            module_mm = (c.x1 - c.x0) / c.modules / PT_PER_MM
            for f in scanning.check(n, module_mm, rules.scan_distance_m):
                out.append(error("sizes", f"{f.message} [{f.rule}]", f"{f.hint} (rebuild from the layout)", pf.index + 1))
            if not read_region_versions(doc, c):
                out.append(error("sizes", "the QR code does not read at phone resolution", "rebuild the file with 'posters build'", pf.index + 1))
            dark = _quiet_zone_ink(doc, c)
            if dark > QUIET_MAX_INK:
                out.append(
                    error(
                        "sizes",
                        f"the QR code's white margin (quiet zone) is not clear: {dark:.0%} of the {QUIET_MODULES} modules around it is printed dark; scanners need it empty",
                        "rebuild the file with 'posters build', and keep other artwork away from the code",
                        pf.index + 1,
                    )
                )
    return out


QUIET_MODULES = 4
QUIET_MAX_INK = 0.01  # share of the quiet zone allowed to be dark (edge pixels of the symbol's own modules)


def _quiet_zone_ink(doc, c) -> float:
    """Share of the rendered quiet zone (4 modules around the symbol) that is dark, leaving out half a
    module at its inner edge and at its outer edge.

    The code's place comes from the decoder's corners on a whole-page render, which can be a
    pixel of that render (about a sixth of a module on an A3) off; anti-aliasing blurs each edge as
    much again. Judged to its last pixel, the ring took in a sliver of the artwork beyond the white
    margin of a code whose margin was exactly 4 modules."""
    page = doc[c.page]
    w, h = page.get_size()
    module = (c.x1 - c.x0) / c.modules
    scale = 4.0 / module  # four pixels a module
    inset = 0.5 * module
    x0, y0, x1, y1 = max(0.0, c.x0 + inset), max(0.0, c.y0 + inset), min(w, c.x1 - inset), min(h, c.y1 - inset)
    image = page.render(scale=scale, crop=(x0, y0, w - x1, h - y1), grayscale=True).to_pil().convert("L")
    iw, ih = image.size
    # the symbol's square, in the image's pixels, grown by half a module for the edge's anti-aliasing
    sx0, sx1 = (c.x0 + (QUIET_MODULES - 0.5) * module - x0) * scale, (c.x1 - (QUIET_MODULES - 0.5) * module - x0) * scale
    sy0, sy1 = (y1 - c.y1 + (QUIET_MODULES - 0.5) * module) * scale, (y1 - c.y0 - (QUIET_MODULES - 0.5) * module) * scale
    px = image.load()
    ring = dark = 0
    for yy in range(ih):
        for xx in range(iw):
            if sx0 <= xx <= sx1 and sy0 <= yy <= sy1:
                continue
            ring += 1
            dark += px[xx, yy] < 128
    return dark / ring if ring else 1.0


def check_contrast_measured(data: bytes, doc, pages: list[PageFacts], rules: Rules, printer=None) -> list[Finding]:
    """[contrast] Each line's painted colour against the rendered page behind it, WCAG 2 ratios."""
    from posters.appearance import printed_srgb
    from posters.colours import contrast_ratio

    print_file = rules.profile == "print"
    painted = _painted_colours(data)
    out = []
    for pf in pages:
        if not pf.lines:
            continue
        behind, scale = _render_without_text(doc, pf.index)
        ph = behind.size[1]
        # the render starts at the page's corner (its CropBox, else MediaBox), which need not be 0, 0
        left, bottom = doc[pf.index].get_cropbox()[:2]

        def seen(rgb, cmyk_of):
            """How a rendered colour looks as printed: the painted CMYK it renders from, through the appearance model."""
            if not print_file:
                return rgb, f"#{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}"
            cmyk = cmyk_of(rgb)
            if cmyk is None:
                return rgb, f"#{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x} (not a painted CMYK colour: judged as rendered)"
            label = "CMYK " + "/".join(f"{v * 100:g}" for v in cmyk)
            return printed_srgb(cmyk, printer), label

        page_colours = painted.get(pf.index, {})
        cmyk_of = lambda rgb: _nearest(rgb, page_colours)  # noqa: E731
        for ln in pf.lines:
            if ln.artwork:
                continue  # a partner's lettering keeps the partner's colours
            weight = "bold" if ln.bold else "regular"
            need = required_ratio(ln.size, weight)
            ink, ink_label = seen(ln.rgb, cmyk_of)
            worst = None
            x0, y0, x1, y1 = ln.box
            for i in range(_GRID_X):
                for j in range(_GRID_Y):
                    x = x0 + (x1 - x0) * (i + 0.5) / _GRID_X
                    y = y0 + (y1 - y0) * (j + 0.5) / _GRID_Y
                    px = behind.getpixel((min(behind.size[0] - 1, max(0, int((x - left) * scale))), min(ph - 1, max(0, int(ph - (y - bottom) * scale)))))[:3]
                    bg, bg_label = seen(px, cmyk_of) if px != WHITE else (WHITE, "unprinted paper")
                    ratio = contrast_ratio(ink, bg)
                    if ratio + 1e-9 < need and (worst is None or ratio < worst[0]):
                        worst = (ratio, bg_label)
            if worst:
                ratio, bg_label = worst
                kind = "large text" if is_large(ln.size, weight) else "text of this size"
                out.append(error("contrast", f"text {ln.text[:40]!r} is {ink_label} on {bg_label}: contrast {ratio:.2f}:1, below the {need:g}:1 needed for {kind} ({ln.size:.1f} pt)", "rebuild the file from its layout with colours that contrast", pf.index + 1))
    return out


def _render_without_text(doc, index: int):
    """The page rendered with its text objects taken away (on a private copy of the page), and its pixels per point."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    page = doc[index]
    w, h = page.get_size()
    scale = min(2.0, 2000 / max(w, h))
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(doc, [index])
        p = copy[0]
        for obj in list(p.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=1)):
            p.remove_obj(obj)
        p.gen_content()
        image = p.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")
    finally:
        copy.close()
    return image, scale


def _painted_colours(data: bytes) -> dict[int, dict[tuple[int, int, int], tuple[float, ...]]]:
    """Per page (0-based), every DeviceCMYK fill colour painted, keyed by how PDFium renders it."""
    import pikepdf

    from posters.verify.pdf.interpreter import _scan, _Visitor

    found: dict[int, set] = {}

    class Colours(_Visitor):
        def paint(self, ctx, gs, *, stroke, what):
            if not stroke and str(gs.fill_cs) == "/DeviceCMYK" and len(gs.fill) == 4:
                found.setdefault(ctx.page - 1, set()).add(tuple(round(v, 4) for v in gs.fill))

    with pikepdf.open(io.BytesIO(data)) as pdf:
        _scan(pdf, Colours())
    return {page: {_pdfium_rgb(c): c for c in colours} for page, colours in found.items()}


_RGB_CACHE: dict[tuple[float, ...], tuple[int, int, int]] = {}


def _pdfium_rgb(cmyk: tuple[float, ...]) -> tuple[int, int, int]:
    """How PDFium renders a CMYK fill: a one-square page drawn in it and rendered."""
    if cmyk not in _RGB_CACHE:
        import pikepdf
        import pypdfium2 as pdfium

        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(4, 4))
        pdf.pages[0].Contents = pdf.make_stream(("%g %g %g %g k 0 0 4 4 re f" % cmyk).encode())
        buf = io.BytesIO()
        pdf.save(buf)
        doc = pdfium.PdfDocument(buf.getvalue())
        try:
            _RGB_CACHE[cmyk] = doc[0].render(scale=1).to_pil().convert("RGB").getpixel((2, 2))
        finally:
            doc.close()
    return _RGB_CACHE[cmyk]


def _nearest(rgb, colours: dict) -> tuple[float, ...] | None:
    if tuple(rgb) == WHITE:
        return (0.0, 0.0, 0.0, 0.0)
    best = min(colours, key=lambda c: sum(abs(a - b) for a, b in zip(c, rgb)), default=None)
    if best is None or sum(abs(a - b) for a, b in zip(best, rgb)) > _MATCH_RGB:
        return None
    return colours[best]


def verify_measured(data: bytes, profile: str | None, own: dict | None, printer=None):
    """The safe-zone, sizes and contrast checks measured from the page (a run.Verification), and notes for the report."""
    import pypdfium2 as pdfium

    from posters.verify.run import PLAN_CHECKS, SKIP_RESOLUTION, Verification

    v = Verification()
    v.skip("resolution", SKIP_RESOLUTION)
    if profile is None:
        for check in PLAN_CHECKS:
            v.skip(check, "the file declares neither a trim box nor PDF/X, and there is no project: its page cannot be measured against a layout's rules")
        return v, []
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - a file no check can read fails each of them
        for check in PLAN_CHECKS:
            v.run(check, _unreadable, exc)
        return v, []
    try:
        first = doc[0]
        x0, y0, x1, y1 = first.get_trimbox() if profile == "print" else first.get_mediabox()
        rules = rules_for(profile, ((x1 - x0) / PT_PER_MM, (y1 - y0) / PT_PER_MM), own)
        pages = measure(doc, profile)
        v.run("safe-zone", check_safe_zone_measured, pages, rules)
        v.run("sizes", check_sizes_measured, pages, rules, doc)
        v.run("contrast", check_contrast_measured, data, doc, pages, rules, printer)
    finally:
        doc.close()
    notes = [
        f"safe zone, sizes and contrast were measured from the page (no plan to check them on): safe margin {rules.safe_mm:g} mm, "
        f"text at least {rules.min_text_pt:.1f} pt (viewing {rules.viewing_distance_m:g} m), QR for scanning at {rules.scan_distance_m:g} m"
    ]
    return v, notes + list(rules.notes)


def _unreadable(exc):
    raise exc
