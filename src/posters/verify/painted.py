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
em, so 12 pt type is judged as finely as an 80 pt headline, and at most 96
(the judgement counts shares of the glyphs' pixels, so a billboard's number
needs no more); the expected
text may sit up to one pixel off (PDFium and FreeType place glyphs a
pixel apart at times). The helpline must also be in the text layer at all
(the helpline read-back); a number drawn as shapes with no text is caught
there, not here.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from posters.verify.findings import Finding, error

CHECK = "painted"
MIN_PX_PER_EM = 48.0
MAX_PX_PER_EM = 96.0
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
    rendered: object = None  # the rendered region (RGB), or None until needed when `shot` is set
    seen: bytes | None = None  # digest of the rendered pixels (None: not known)
    shot: object = None  # the render behind `rendered` and `seen` (a _Shot)
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
    lines: list[_Line] = []
    try:
        tp = doc.textpage(index) if shared else page.get_textpage()  # shared: the text read-back has read it already
        try:
            chars = _chars(tp)
            compact = _compact(chars)
            runs = [("the helpline", r) for r in _find(chars, index, helpline, compact)]
            if url:
                runs += [("the web address", r) for r in _find(chars, index, url, compact)]
            emergency = _emergency_lines(chars, index)
            runs += [("the 999 line", r) for r in emergency]
            lines = [_line(what, run, _glyphs(tp, run, chars)) for what, run in runs]
        finally:
            doc.drop_textpage(index) if shared else tp.close()  # before any object is taken off the page
        out: list[Finding] = []
        for ln in lines:
            if not ln.glyphs:
                out.append(error(CHECK, f"{ln.what} {ln.run.text!r} is in the file's text but paints nothing", "do not print this file; rebuild it with 'posters build'", index + 1))
            else:
                ln.shot = _Shot(page, ln.region, ln.scale)
                ln.seen = ln.shot.seen
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
        for ln in lines:
            if ln.shot is not None:
                ln.shot.close()
        if not shared:
            page.close()


def _chars(tp) -> list[str]:
    import pypdfium2.raw as raw

    unicode, handle = raw.FPDFText_GetUnicode, tp.raw
    return [chr(unicode(handle, i)) for i in range(tp.count_chars())]


def _compact(chars: list[str]) -> tuple[list[int], str]:
    """The text layer without whitespace (PDFium inserts its own) and markers, with each kept character's index."""
    idx = [i for i, c in enumerate(chars) if not c.isspace() and c not in "\x00\ufffe\x02"]
    return idx, "".join(chars[i] for i in idx)


def _find(chars: list[str], page: int, text: str, compact: tuple[list[int], str] | None = None) -> list[_Run]:
    """Every place the text layer has `text`, whitespace ignored (PDFium inserts its own).

    `compact`: _compact(chars), when the caller has it already."""
    idx, compact_text = compact or _compact(chars)
    want = "".join(text.split())
    out, start = [], compact_text.find(want)
    while want and start >= 0:
        out.append(_Run(page, text, idx[start : start + len(want)]))
        start = compact_text.find(want, start + len(want))
    return out


def _emergency_lines(chars: list[str], page: int) -> list[_Run]:
    """Each text line that mentions 999, as the text layer has it."""
    out = []
    joined = "".join(chars) + "\n"  # one character per index: chars holds one code point each
    start = 0
    for brk in _LINE_BREAK.finditer(joined):
        end = brk.start()
        text = joined[start:end]
        if _EMERGENCY.search(text):  # counted per mention: PDFium may join two lines on one baseline
            out.append(_Run(page, " ".join(text.split()), [j for j in range(start, end) if not chars[j].isspace()]))
        start = end + 1
    return out


_LINE_BREAK = re.compile("[\r\n]")


def _glyphs(tp, run: _Run, chars: list[str] | None = None) -> list[_Glyph]:
    """Where each character of `run` is painted. `chars`: _chars(tp), when the caller has it already."""
    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    out = []
    h = tp.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    flags = ctypes.c_int()
    buf = ctypes.create_string_buffer(128)
    fonts: dict[int, tuple[float, str | None]] = {}  # text object -> its font's size and weight (one font per text object)
    for i in run.chars:
        raw.FPDFText_GetCharOrigin(h, i, x, y)
        obj = ctypes.cast(raw.FPDFText_GetTextObject(h, i), ctypes.c_void_p).value or 0  # the page object painting this character
        if not obj or obj not in fonts:
            n = raw.FPDFText_GetFontInfo(h, i, buf, len(buf), flags)
            name = buf.raw[: max(0, n - 1)].decode("latin-1").lower() if n else ""
            base = name.split("+")[-1]
            fonts[obj] = (raw.FPDFText_GetFontSize(h, i), next((w for w in _WEIGHT_NAMES if w in base), None) if "sourcesans" in base else None)
        if not raw.FPDFText_GetCharBox(h, i, left, right, bottom, top):
            raise PdfiumError("Failed to get charbox.")
        size, weight = fonts[obj]
        char = chars[i] if chars is not None else chr(raw.FPDFText_GetUnicode(h, i))
        out.append(_Glyph(char, x.value, y.value, size, weight, (left.value, bottom.value, right.value, top.value), obj))
    return out


def turned_over(tp, run: _Run) -> bool:
    """Whether every character of `run` stands upside down (an imposed sheet's head-to-tail back)."""
    import math

    import pypdfium2.raw as raw

    angles = [raw.FPDFText_GetCharAngle(tp.raw, i) for i in run.chars]
    return bool(angles) and all(abs(a - math.pi) < 0.01 for a in angles)


def upright(ln: _Line) -> _Line:
    """A line printed upside down, turned the right way up to be judged: its rendered picture
    turned 180 degrees about the region's middle, and each glyph's origin and box with it
    (an upright glyph's origin is where a turned one's was, mirrored through that middle)."""
    from dataclasses import replace

    l, b, r, t = ln.region

    def turn(g: _Glyph) -> _Glyph:
        x0, y0, x1, y1 = g.box
        return replace(g, x=l + r - g.x, y=b + t - g.y, box=(l + r - x1, b + t - y1, l + r - x0, b + t - y0))

    return replace(ln, glyphs=[turn(g) for g in ln.glyphs], rendered=_picture(ln).rotate(180), seen=None, shot=None)


def _line(what: str, run: _Run, glyphs: list[_Glyph]) -> _Line:
    glyphs = [g for g in glyphs if g.box[2] > g.box[0] and g.box[3] > g.box[1]]
    if not glyphs:
        return _Line(what, run, [], (0, 0, 0, 0), 1.0)
    size = max(g.size for g in glyphs)
    e = size * 0.08
    region = (min(g.box[0] for g in glyphs) - e, min(g.box[1] for g in glyphs) - e, max(g.box[2] for g in glyphs) + e, max(g.box[3] for g in glyphs) + e)
    return _Line(what, run, glyphs, region, line_scale(size))


def line_scale(size: float) -> float:
    """Pixels per point to judge type of `size` points by: at least MIN_PX_PER_EM pixels an em,
    at most MAX_PX_PER_EM (a billboard's 470 pt helpline was drawn at 470 pixels an em, a
    megapixel and more rendered and compared for what 96 show as surely: the judgement counts
    shares of the glyphs' pixels, the same at any scale)."""
    return min(max(1.0, MIN_PX_PER_EM / size), MAX_PX_PER_EM / size)


_TYPES = {1: "text", 2: "a shape", 3: "an image", 4: "a shading", 5: "a form"}


def _covered(doc, index: int, page, lines: list[_Line]) -> dict:
    """Lines that something drawn after them changes, each with what covers it.

    Each line's region is rendered as the page is, and again with every object
    painted after the line taken off the page; any visible difference is a
    cover. (Object bounds alone would not do: the crop marks are one path
    whose bounds span the page.) The second render is left out only when no
    object painted after the line can paint in its region at all
    (posters.verify.paint_reach): it would equal the first.
    """
    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    from posters.verify import paint_reach

    top = [raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))]
    owner = {_addr(o): i for i, o in enumerate(top)}  # address of any object -> index of its top-level ancestor
    if any(g.obj not in owner for ln in lines for g in ln.glyphs):
        owner = _owners(top)  # a glyph painted inside a form (or nowhere PDFium can say)
    reach: dict[int, paint_reach.Reach] = {}

    def at(i: int) -> paint_reach.Reach:
        if i not in reach:
            reach[i] = paint_reach.Reach(top[i])
        return reach[i]

    for ln in lines:
        ln.last = max(owner.get(g.obj, len(top)) for g in ln.glyphs)
    out: dict = {}
    removed: list = []
    try:
        for ln in sorted(lines, key=lambda ln: ln.last, reverse=True):
            if ln.last >= len(top) - 1:
                continue  # painted last (or PDFium could not place it: the pixel comparison judges it)
            if not _any_may_paint(at, range(ln.last + 1, len(top)), paint_reach.widen(ln.region, ln.scale)):
                continue  # nothing after it can paint there: the render without them is the render with them
            while len(top) - len(removed) > ln.last + 1:
                obj = top[len(top) - len(removed) - 1]
                if not raw.FPDFPage_RemoveObject(page, obj):
                    raise PdfiumError("Failed to remove pageobject.")
                removed.append(obj)
            if _changed(_picture(ln), _render(page, ln.region, ln.scale)):
                suspects = [i for i in range(ln.last + 1, len(top)) if at(i).bounds and any(_overlap(at(i).bounds, g.box) for g in ln.glyphs)]
                out[ln] = _culprit(doc, index, ln, suspects[-MAX_SUSPECTS:])
    finally:
        for obj in removed:  # off the page, so ours to free
            raw.FPDFPageObj_Destroy(obj)
    return out


def _any_may_paint(at, indices, area) -> bool:
    """Whether any of these objects may paint in `area` (bounds that miss it are ruled out here, inline: most do)."""
    a0, a1, a2, a3 = area
    for i in indices:
        r = at(i)
        b = r.bounds
        if b is not None and (b[0] > a2 or a0 > b[2] or b[1] > a3 or a1 > b[3]):
            continue
        if r.may_paint(area):
            return True
    return False


def _owners(top: list, max_depth: int = 16) -> dict[int, int]:
    """Address of every object, down to `max_depth` levels of forms, -> index of its top-level ancestor."""
    import pypdfium2.raw as raw

    out: dict[int, int] = {}

    def walk(obj, i: int, level: int) -> None:
        out[_addr(obj)] = i
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                walk(raw.FPDFFormObj_GetObject(obj, k), i, level + 1)

    for i, obj in enumerate(top):
        walk(obj, i, 0)
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
            if _changed(_picture(ln), _render(fresh, ln.region, ln.scale)):
                return _TYPES.get(kind, "something")
        finally:
            fresh.close()
    return "something"


def _addr(obj) -> int:
    """The address of a page object (a pypdfium2 object or a raw handle)."""
    return ctypes.cast(getattr(obj, "raw", obj), ctypes.c_void_p).value or 0


def _overlap(a, b, tol: float = 0.05) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def _changed(a, b) -> bool:
    from PIL import ImageChops

    n = sum(ImageChops.difference(a, b).convert("L").histogram()[25:])  # pixels that differ by more than 24
    return n > max(4, 0.002 * a.size[0] * a.size[1])


def _render(page, region, scale):
    """The page's pixels over `region` (points), `scale` pixels a point; the image's (0, 0) is the region's top-left."""
    return _render_seen(page, region, scale)[0]


def _render_seen(page, region, scale):
    """What _render gives, and a digest of exactly those pixels: equal digests, equal pictures."""
    shot = _Shot(page, region, scale)
    return shot.image(), shot.seen


class _Shot:
    """A region rendered: a digest of its pixels at once, the image only when something needs it
    (a line whose verdict is known needs only the digest)."""

    def __init__(self, page, region, scale):
        import hashlib

        pl, pb, pr, pt = page.get_bbox()
        x0, y0, x1, y1 = max(region[0], pl), max(region[1], pb), min(region[2], pr), min(region[3], pt)
        self._bitmap = page.render(scale=scale, crop=(x0 - pl, y0 - pb, pr - x1, pt - y1), draw_annots=False)
        try:
            b = self._bitmap
            seen = hashlib.sha256(repr((b.format, b.width, b.height, b.stride, x0 - region[0], region[3] - y1, scale)).encode())
            seen.update(memoryview(b.buffer))
        except BaseException:
            self.close()
            raise
        self.seen = seen.digest()
        # clipped by the page edge: the picture keeps the region's origin, the page's part placed within it
        self._pad = (round((x0 - region[0]) * scale), round((region[3] - y1) * scale)) if (x0, y1) != (region[0], region[3]) else None
        self.size = (b.width + self._pad[0], b.height + self._pad[1]) if self._pad else (b.width, b.height)
        self._image = None

    def image(self):
        if self._image is None:
            bitmap = self._bitmap
            try:
                img = bitmap.to_pil()
                if bitmap.mode == img.mode or img.mode != "RGB":  # it shares the bitmap's memory, or is not RGB yet (BGR is copied)
                    img = img.convert("RGB")
            finally:
                self.close()
            if self._pad:
                from PIL import Image

                full = Image.new("RGB", self.size, (255, 255, 255))
                full.paste(img, self._pad)
                img = full
            self._image = img
        return self._image

    def close(self) -> None:
        if self._bitmap is not None:
            self._bitmap.close()
            self._bitmap = None


def _pixels_differ(ln: _Line) -> str:
    """'' when the rendered line is the expected text alone; else what is wrong, in plain words.

    The verdict depends only on the rendered pixels and the expected text, so a
    worker keeps it for pixels it has judged before (the same line of another
    edition, drawn identically), keyed by a digest of those pixels.
    """
    from posters.verify import expected_text

    x0, _, _, y1 = ln.region
    where = expected_text.placements(ln.glyphs, (x0, y1), ln.scale)
    key = (ln.glyphs[0].weight, ln.shot.size if ln.rendered is None else ln.rendered.size, where, ln.seen) if ln.seen is not None else None
    if key is not None:
        with _VERDICTS_LOCK:
            known = _VERDICTS.get(key)
            if known is not None:
                _VERDICTS.move_to_end(key)
                return known
    verdict = _judge(ln, where)
    if key is not None:
        with _VERDICTS_LOCK:
            _VERDICTS[key] = verdict
            while len(_VERDICTS) > MAX_VERDICTS:
                _VERDICTS.popitem(last=False)
    return verdict


MAX_VERDICTS = 2048
_VERDICTS: OrderedDict = OrderedDict()
_VERDICTS_LOCK = threading.Lock()  # the studio checks from more than one thread


def _picture(ln: _Line):
    """The line's rendered region as an image (made from its render on first use)."""
    if ln.rendered is None and ln.shot is not None:
        ln.rendered = ln.shot.image()
    return ln.rendered


def _judge(ln: _Line, where) -> str:
    from posters.verify import expected_text

    weight = ln.glyphs[0].weight
    first = ""
    try:
        for w in [weight] if weight else ["regular", "semibold", "bold", "black"]:
            expected = expected_text.CACHE.get(w, _picture(ln).size, where)
            for dx, dy in _NUDGES:  # PDFium and FreeType may place a glyph a pixel apart
                verdict = expected_text.judge(_picture(ln), expected.at(dx, dy))
                if not verdict:
                    return ""
                first = first or verdict
        return first
    finally:
        expected_text.CACHE.trim()


_NUDGES = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def _expected(glyphs: list[_Glyph], weight: str, origin, scale: float, size_px):
    """The expected text alone, as a coverage mask (L mode) on the rendered region's pixel grid (not cached)."""
    from posters.verify import expected_text

    return expected_text.draw(weight, size_px, expected_text.placements(glyphs, origin, scale))


def _compare(actual, mask) -> str:
    """Judge the rendered line against an expected text's coverage mask (not cached)."""
    from posters.verify import expected_text

    return expected_text.judge(actual, expected_text.judged(mask))
