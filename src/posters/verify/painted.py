"""The lines a person must be able to read, checked as painted: the helpline,
the printed web address and the 999 line.

The text layer alone proves nothing: a number can be covered by a band drawn
after it, overprinted with other digits, drawn in a font whose glyphs show
other digits, or painted invisibly, while the original string stays in the
content stream. So, for every place the text layer says one of these lines
is, two things are checked:

1. **Nothing drawn after it covers it.** The line's region is rendered as
   the page is, and again with every page object painted after the line's
   own text objects taken off (PDFium lists them in painting order); any
   visible difference is a cover, named by the object whose removal alone
   uncovers it. (Bounds alone would not do: the crop marks are one path
   whose bounds span the page.) Annotations are not page content and are
   not rendered.
2. **Its pixels are the expected text alone.** The page is rendered around
   the line (pypdfium2) and compared with the expected text drawn by Pillow
   in the campaign's typeface (Source Sans Pro, from the package) at the
   same glyph origins and size. Pixels well inside the expected glyphs must
   show one colour (the ink) and pixels well clear of them another (the
   ground), distinct from each other; a covered, overprinted, partly hidden
   or re-shaped glyph leaves ink where there should be ground or ground
   where there should be ink. The band one or two pixels wide along every
   glyph edge is not judged, so anti-aliasing differences do not count.

The line is rendered at a scale that gives its type at least 48 pixels per
em, so 12 pt type is judged as finely as an 80 pt headline; the expected
text may sit up to one pixel off (PDFium and FreeType place glyphs a
pixel apart at times). The helpline must also be in the text layer at all
(the helpline read-back); a number drawn as shapes with no text is caught
there, not here.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from functools import lru_cache

from posters.verify.findings import Finding, error

CHECK = "painted"
MIN_PX_PER_EM = 48.0
EDGE_PX = 2  # the band along glyph edges that is not judged
MAX_WRONG = 0.02  # share of judged pixels that may disagree (noise, hinting)
MIN_SEPARATION = 35.0  # ink and ground must differ by this much (mean per channel, 0-255) to be read at all
_WEIGHT_NAMES = ("black", "semibold", "bold", "regular")  # "semibold" before "bold": a name holds both
_EMERGENCY = re.compile(r"(?<!\d)999(?!\d)")


@dataclass
class _Run:
    page: int
    text: str
    chars: list[int]  # text-page indices of the non-space characters


@dataclass(frozen=True)
class _Glyph:
    char: str
    x: float  # origin, page points
    y: float
    size: float
    weight: str | None  # the campaign typeface's weight, None when the font is another
    box: tuple[float, float, float, float]  # l, b, r, t
    obj: int  # address of the text object painting it


@dataclass(eq=False)
class _Line:
    what: str  # "the helpline", "the web address", "the 999 line"
    run: _Run
    glyphs: list[_Glyph]
    region: tuple[float, float, float, float]  # page points: l, b, r, t
    scale: float  # pixels per point
    rendered: object = None
    last: int = -1  # index of the last top-level page object painting it
    wrong: str = ""  # what the pixel comparison found


def emergency_mentions(plan) -> int:
    """How many times the plan's text says 999: what the file must show."""
    from posters.elements.text import SetText, line_positions

    return sum(
        len(_EMERGENCY.findall(line))
        for page in plan.pages
        for p in page.elements
        if isinstance(p.content, SetText)
        for _x, _y, line, _lang in line_positions(p)
    )


def check_painted(pdf: bytes, *, helpline: str, url: str | None, expect_emergency: int | None = None, pages=None) -> list[Finding]:
    """[painted] The helpline (and the web address and 999 lines wherever the text layer has them) as painted.

    `expect_emergency`: how many 999 lines the file should show (from its plan), or None when unknown.
    `pages`: the file already opened (posters.verify.pages); this check takes objects off its
    pages, so no check may use them after it.
    """
    from posters.verify.pages import open_pages

    doc, own = open_pages(pdf, pages)
    out: list[Finding] = []
    try:
        n_emergency = 0
        for index in range(len(doc)):
            found, n = _check_page(doc, index, helpline, url)
            out += found
            n_emergency += n
        if expect_emergency and n_emergency < expect_emergency:
            out.append(
                error(
                    CHECK,
                    f"the file should tell people to call 999 {expect_emergency} time(s), but its text does so {n_emergency} time(s)",
                    "do not print this file; rebuild it with 'posters build'",
                )
            )
    finally:
        if own:
            doc.close()
    return out


def _check_page(doc, index: int, helpline: str, url: str | None) -> tuple[list[Finding], int]:
    page = doc[index]
    shared = hasattr(doc, "fresh")  # loaded pages shared with other checks: closed by their owner
    try:
        tp = page.get_textpage()
        try:
            chars = _chars(tp)
            runs = [("the helpline", r) for r in _find(chars, index, helpline)]
            if url:
                runs += [("the web address", r) for r in _find(chars, index, url)]
            emergency = _emergency_lines(chars, index)
            runs += [("the 999 line", r) for r in emergency]
            lines = [_line(what, run, _glyphs(tp, run)) for what, run in runs]
        finally:
            tp.close()  # before any object is taken off the page
        out: list[Finding] = []
        for ln in lines:
            if not ln.glyphs:
                out.append(error(CHECK, f"{ln.what} {ln.run.text!r} is in the file's text but paints nothing", "do not print this file; rebuild it with 'posters build'", index + 1))
            else:
                ln.rendered = _render(page, ln.region, ln.scale)
        drawn = [ln for ln in lines if ln.glyphs]
        for ln in drawn:  # before _covered takes objects off the page
            ln.wrong = _pixels_differ(ln)
        covered = _covered(doc, index, page, drawn)
        for ln in drawn:
            if ln in covered:
                out.append(
                    error(
                        CHECK,
                        f"{ln.what} {ln.run.text!r} is covered by {covered[ln]} drawn after it",
                        "do not print this file: part of it cannot be read; rebuild it with 'posters build' (or move the element that covers it in the layout)",
                        index + 1,
                    )
                )
            elif ln.wrong:
                out.append(error(CHECK, f"{ln.what} {ln.run.text!r} does not look as it should on the page: {ln.wrong}", "do not print this file: what a reader sees is not what the file says; rebuild it with 'posters build'", index + 1))
        return out, sum(len(_EMERGENCY.findall(r.text)) for r in emergency)
    finally:
        if not shared:
            page.close()


def _chars(tp) -> list[str]:
    import pypdfium2.raw as raw

    return [chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(tp.count_chars())]


def _find(chars: list[str], page: int, text: str) -> list[_Run]:
    """Every place the text layer has `text`, whitespace ignored (PDFium inserts its own)."""
    idx = [i for i, c in enumerate(chars) if not c.isspace() and c not in "\x00\ufffe\x02"]
    compact = "".join(chars[i] for i in idx)
    want = "".join(text.split())
    out, start = [], compact.find(want)
    while want and start >= 0:
        out.append(_Run(page, text, idx[start : start + len(want)]))
        start = compact.find(want, start + len(want))
    return out


def _emergency_lines(chars: list[str], page: int) -> list[_Run]:
    """Each text line that mentions 999, as the text layer has it."""
    out, line = [], []
    for i, c in enumerate(chars + ["\n"]):
        if c in "\r\n":
            text = "".join(chars[j] for j in line)
            if _EMERGENCY.search(text):  # counted per mention: PDFium may join two lines on one baseline
                out.append(_Run(page, " ".join(text.split()), [j for j in line if not chars[j].isspace()]))
            line = []
        else:
            line.append(i)
    return out


def _glyphs(tp, run: _Run) -> list[_Glyph]:
    import pypdfium2.raw as raw

    out = []
    x, y = ctypes.c_double(), ctypes.c_double()
    flags = ctypes.c_int()
    buf = ctypes.create_string_buffer(128)
    for i in run.chars:
        raw.FPDFText_GetCharOrigin(tp, i, x, y)
        n = raw.FPDFText_GetFontInfo(tp, i, buf, len(buf), flags)
        name = buf.raw[: max(0, n - 1)].decode("latin-1").lower() if n else ""
        base = name.split("+")[-1]
        weight = next((w for w in _WEIGHT_NAMES if w in base), None) if "sourcesans" in base else None
        obj = raw.FPDFText_GetTextObject(tp, i)  # the page object painting this character
        out.append(_Glyph(chr(raw.FPDFText_GetUnicode(tp, i)), x.value, y.value, raw.FPDFText_GetFontSize(tp, i), weight, tuple(tp.get_charbox(i)), ctypes.cast(obj, ctypes.c_void_p).value or 0))
    return out


def _line(what: str, run: _Run, glyphs: list[_Glyph]) -> _Line:
    glyphs = [g for g in glyphs if g.box[2] > g.box[0] and g.box[3] > g.box[1]]
    if not glyphs:
        return _Line(what, run, [], (0, 0, 0, 0), 1.0)
    size = max(g.size for g in glyphs)
    e = size * 0.08
    region = (min(g.box[0] for g in glyphs) - e, min(g.box[1] for g in glyphs) - e, max(g.box[2] for g in glyphs) + e, max(g.box[3] for g in glyphs) + e)
    return _Line(what, run, glyphs, region, max(1.0, MIN_PX_PER_EM / size))


_TYPES = {1: "text", 2: "a shape", 3: "an image", 4: "a shading", 5: "a form"}


def _covered(doc, index: int, page, lines: list[_Line]) -> dict:
    """Lines that something drawn after them changes, each with what covers it.

    Each line's region is rendered as the page is, and again with every object
    painted after the line taken off the page; any visible difference is a
    cover. (Object bounds alone would not do: the crop marks are one path
    whose bounds span the page.)
    """
    top = _top_level(page)
    owner: dict[int, int] = {}  # address of any object -> index of its top-level ancestor
    n = -1
    for obj in page.get_objects(max_depth=16):
        n += obj.level == 0
        owner[_addr(obj)] = n
    bounds = [_bounds(o) for o in top]
    for ln in lines:
        ln.last = max(owner.get(g.obj, len(top)) for g in ln.glyphs)
    out: dict = {}
    removed = len(top)
    for ln in sorted(lines, key=lambda ln: ln.last, reverse=True):
        if ln.last >= len(top) - 1:
            continue  # painted last (or PDFium could not place it: the pixel comparison judges it)
        while removed > ln.last + 1:
            removed -= 1
            page.remove_obj(top[removed])
        if _changed(ln.rendered, _render(page, ln.region, ln.scale)):
            suspects = [i for i in range(ln.last + 1, len(top)) if bounds[i] and any(_overlap(bounds[i], g.box) for g in ln.glyphs)]
            out[ln] = _culprit(doc, index, ln, suspects[-MAX_SUSPECTS:])
    for obj in top[removed:]:
        obj.close()
    return out


MAX_SUSPECTS = 16


def _top_level(page) -> list:
    return [o for o in page.get_objects(max_depth=1)]


def _culprit(doc, index: int, ln: _Line, suspects: list[int]) -> str:
    """What covers the line, in plain words: the object whose removal alone uncovers it (latest first)."""
    for i in reversed(suspects):
        fresh = doc.fresh(index) if hasattr(doc, "fresh") else doc[index]  # a fresh parse of the page: the objects taken off before are back
        try:
            objs = _top_level(fresh)
            obj = objs[i]
            kind = obj.type
            fresh.remove_obj(obj)
            obj.close()
            if _changed(ln.rendered, _render(fresh, ln.region, ln.scale)):
                return _TYPES.get(kind, "something")
        finally:
            fresh.close()
    return "something"


def _bounds(obj):
    try:
        return tuple(obj.get_bounds())
    except Exception:  # noqa: BLE001 - an object with no bounds paints nothing to name
        return None


def _addr(obj) -> int:
    return ctypes.cast(obj.raw, ctypes.c_void_p).value or 0


def _overlap(a, b, tol: float = 0.05) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def _changed(a, b) -> bool:
    from PIL import ImageChops

    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    n = diff.histogram()[255]
    return n > max(4, 0.002 * a.size[0] * a.size[1])


def _render(page, region, scale):
    """The page's pixels over `region` (points), `scale` pixels a point; the image's (0, 0) is the region's top-left."""
    pl, pb, pr, pt = page.get_bbox()
    x0, y0, x1, y1 = max(region[0], pl), max(region[1], pb), min(region[2], pr), min(region[3], pt)
    bitmap = page.render(scale=scale, crop=(x0 - pl, y0 - pb, pr - x1, pt - y1), draw_annots=False)
    try:
        img = bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()
    if (x0, y1) != (region[0], region[3]):  # clipped by the page edge: keep the region's origin
        from PIL import Image

        full = Image.new("RGB", (img.width + round((x0 - region[0]) * scale), img.height + round((region[3] - y1) * scale)), (255, 255, 255))
        full.paste(img, (round((x0 - region[0]) * scale), round((region[3] - y1) * scale)))
        return full
    return img


@lru_cache(maxsize=64)
def _font(weight: str, px: int):
    from PIL import ImageFont

    from posters import fonts

    return ImageFont.truetype(str(fonts.font_file(weight)), px)


_NUDGES = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def _pixels_differ(ln: _Line) -> str:
    """'' when the rendered line is the expected text alone; else what is wrong, in plain words."""
    from PIL import ImageChops

    weight = ln.glyphs[0].weight
    weights = [weight] if weight else ["regular", "semibold", "bold", "black"]
    x0, _, _, y1 = ln.region
    first = ""
    for w in weights:
        mask = _expected(ln.glyphs, w, (x0, y1), ln.scale, ln.rendered.size)
        for dx, dy in _NUDGES:  # PDFium and FreeType may place a glyph a pixel apart
            verdict = _compare(ln.rendered, ImageChops.offset(mask, dx, dy) if dx or dy else mask)
            if not verdict:
                return ""
            first = first or verdict
    return first


def _expected(glyphs: list[_Glyph], weight: str, origin, scale: float, size_px):
    """The expected text alone, as a coverage mask (L mode) on the rendered region's pixel grid."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", size_px, 0)
    draw = ImageDraw.Draw(mask)
    ox, oy = origin
    for g in glyphs:
        draw.text(((g.x - ox) * scale, (oy - g.y) * scale), g.char, fill=255, font=_font(weight, max(1, round(g.size * scale))), anchor="ls")
    return mask


def _compare(actual, mask) -> str:
    """Judge the rendered line against the expected text's coverage mask, in Pillow's own operations (fast)."""
    from PIL import Image, ImageChops, ImageFilter, ImageStat

    # erosion and dilation by EDGE_PX, as a box blur of the binary mask (a rank filter costs ten times as much)
    inner = mask.point(lambda v: 255 if v >= 128 else 0).filter(ImageFilter.BoxBlur(EDGE_PX)).point(lambda v: 255 if v >= 250 else 0)  # well inside the glyphs
    clear = mask.point(lambda v: 255 if v >= 8 else 0).filter(ImageFilter.BoxBlur(EDGE_PX)).point(lambda v: 255 if v < 5 else 0)  # well clear of them
    n_ink, n_clear = inner.histogram()[255], clear.histogram()[255]
    if not n_ink or not n_clear:
        return "it is too small to judge"
    ink = tuple(int(v) for v in ImageStat.Stat(actual, inner).median)
    ground = tuple(int(v) for v in ImageStat.Stat(actual, clear).median)
    if sum(abs(a - b) for a, b in zip(ink, ground)) / 3 < MIN_SEPARATION:
        return "its letters cannot be told apart from what is around them (covered, or painted in the colour behind it)"

    def away(colour):  # mean difference per channel from one colour, per pixel
        return ImageChops.difference(actual, Image.new("RGB", actual.size, colour)).convert("L", matrix=(1 / 3, 1 / 3, 1 / 3, 0))

    def above(img, t):
        return img.point(lambda v: 255 if v > t else 0)

    d_ink, d_ground = away(ink), away(ground)
    not_ink = ImageChops.lighter(above(ImageChops.subtract(d_ink, d_ground), 0), above(d_ink, MIN_SEPARATION))
    not_ground = ImageChops.lighter(above(ImageChops.subtract(d_ground, d_ink), 0), above(d_ground, MIN_SEPARATION))
    lost = ImageChops.multiply(not_ink, inner).histogram()[255]
    extra = ImageChops.multiply(not_ground, clear).histogram()[255]
    if lost > MAX_WRONG * n_ink:
        return f"{100 * lost / n_ink:.0f}% of its letters' ink is missing or a different colour (covered or partly hidden)"
    if extra > MAX_WRONG * n_ink:
        return "marks that are not part of its letters are painted over or among them (overprinted, or drawn in other shapes)"
    return ""
