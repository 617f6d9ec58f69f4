"""[separations] The print conventions checked on the plates themselves.

Each page is separated into its cyan, magenta, yellow and black plates
(`verify.separation`), each rendered by PDFium as a grey picture (ink is
darkness), with its text and again without it. On the pictures:

- **crop marks on every plate**: each of the eight marks, in the slug outside
  the bleed on the trim lines, shows ink on all four plates (registration
  colour); a mark on the black plate only fails;
- **100 % K type overprints**: wherever text adds full black ink to the black
  plate, the cyan, magenta and yellow plates keep the ink that is under it
  (the same as without the text); type that knocks a hole in the colour
  beneath fails, naming the text;
- **the helpline legible on its plates**: on every plate where the helpline
  is printed (its text changes the plate), its digits are read as painted:
  the plate around the number is compared with the number alone drawn in the
  campaign typeface (the same comparison as [painted]); it must be printed
  on at least one plate;
- **total ink**: C + M + Y + K, pixel by pixel from the four pictures, inside
  the bleed, at most the ink limit.

The pictures are at most `MAX_PIXELS` each, and fine enough that the page's
smallest type has `TEXT_PX_PER_EM` pixels per em where that fits; marks and
the helpline are rendered on their own, finer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from posters.render.pdf import MARK_WIDTH_PT  # the crop marks' line width, one-up and imposed
from posters.verify.findings import Finding, error
from posters.verify.separation import PLATES, Unseparable, plate_pdf

CHECK = "separations"
INK_LIMIT_PERCENT = 320.0
INK_TOLERANCE = 1.0  # per cent: four plates' rounding to 8 bits
TEXT_PX_PER_EM = 16.0
MAX_PIXELS = 6_000_000
MARK_PX_PER_PT = 8.0  # a 0.25 pt mark is two pixels wide
SHEET_MARK_PX_PER_PT = 4.0  # an imposed sheet's marks, cut from one picture of each plate: a mark is one pixel wide
MARK_INK = 0.5  # a mark on a plate must show at least half its full ink across its width (a mark gives 1.0)
FULL_K = 0.95  # text pixels at or above this ink on the black plate are full black
KNOCKED = 0.3  # ink lost on a colour plate under such text that counts as a knockout
KNOCKED_SHARE = 0.005  # share of full-black text pixels that may differ (rendering noise)


@dataclass
class PlateReport:
    """What the plates showed, for a report or a test to quote."""

    pages: int = 0
    mark_ink: list[dict] = field(default_factory=list)  # per page: plate -> the faintest mark's ink across its width (1.0: full)
    black_text_px: list[int] = field(default_factory=list)  # per page: pixels of full-black text
    knocked_px: list[dict] = field(default_factory=list)  # per page: plate -> knocked-out pixels under it
    helpline_plates: list[list[str]] = field(default_factory=list)  # per page: plates the helpline is read on
    max_ink_percent: list[float] = field(default_factory=list)  # per page
    findings: list[Finding] = field(default_factory=list)


def check_separations(pdf: bytes, *, helpline: str | None, ink_limit: float = INK_LIMIT_PERCENT, ink_areas=None, marks=None) -> list[Finding]:
    """[separations] on a print PDF (see the module docstring). `ink_areas`: per page, the rectangles
    (points) where total ink is measured; the bleed box when None. `marks`: per page, (name, rectangle)
    where a crop mark stands (an imposed sheet's, around each copy); a one-up page's own when None."""
    return separate_and_judge(pdf, helpline=helpline, ink_limit=ink_limit, ink_areas=ink_areas, marks=marks).findings


def separate_and_judge(pdf: bytes, *, helpline: str | None, ink_limit: float = INK_LIMIT_PERCENT, ink_areas=None, marks=None, keep=None) -> PlateReport:
    """As `check_separations`, with the figures. `keep(page, plate, image)` receives each page's plate pictures."""
    import pypdfium2 as pdfium

    report = PlateReport()
    decoded: dict = {}
    try:
        plates = [pdfium.PdfDocument(plate_pdf(pdf, p, decoded=decoded)) for p in range(4)]
        bare = [pdfium.PdfDocument(plate_pdf(pdf, p, text=False, decoded=decoded)) for p in range(4)]
    except Unseparable as exc:
        report.findings.append(error(CHECK, f"the file cannot be separated into its plates to check them: it has {exc}", "do not print this file; rebuild it with 'posters build'"))
        return report
    doc = pdfium.PdfDocument(pdf)
    try:
        report.pages = len(doc)
        for i in range(len(doc)):
            _judge_page(report, i, doc, plates, bare, helpline, ink_limit, ink_areas[i] if ink_areas else None, marks[i] if marks else None, keep)
    finally:
        for d in (*plates, *bare, doc):
            d.close()
    return report


def _boxes(page) -> tuple:
    media = tuple(page.get_mediabox())
    trim = tuple(page.get_trimbox())
    bleed = tuple(page.get_bleedbox())
    return media, trim, bleed


def _scale(page, media) -> float:
    """Pixels a point: the smallest type gets TEXT_PX_PER_EM, within MAX_PIXELS."""
    tp = page.get_textpage()
    try:
        import pypdfium2.raw as raw

        sizes = [raw.FPDFText_GetFontSize(tp, i) for i in range(tp.count_chars())]
    finally:
        tp.close()
    sizes = [s for s in sizes if s > 0]
    want = TEXT_PX_PER_EM / min(sizes) if sizes else 1.0
    w, h = media[2] - media[0], media[3] - media[1]
    cap = math.sqrt(MAX_PIXELS / max(1.0, w * h))
    return max(0.25, min(want, cap))


def _render(page, scale: float, region=None):
    """The page (or `region`, points l, b, r, t) as a grey picture at `scale` pixels a point."""
    pl, pb, pr, pt = page.get_bbox()
    if region is None:
        crop = (0, 0, 0, 0)
    else:
        crop = (max(0.0, region[0] - pl), max(0.0, region[1] - pb), max(0.0, pr - region[2]), max(0.0, pt - region[3]))
    bitmap = page.render(scale=scale, crop=crop, grayscale=True, draw_annots=False)
    try:
        return bitmap.to_pil().convert("L")
    finally:
        bitmap.close()


def _render_page(doc, i: int, scale: float):
    page = doc[i]
    try:
        return _render(page, scale)
    finally:
        page.close()


def _ink(img):
    from PIL import ImageChops

    return ImageChops.invert(img)


def _judge_page(report: PlateReport, i: int, doc, plates, bare, helpline, ink_limit, areas, marks, keep) -> None:
    page = doc[i]
    try:
        media, trim, bleed = _boxes(page)
        scale = _scale(page, media)
        with_text = [_render_page(plates[p], i, scale) for p in range(4)]
        without = [_render_page(bare[p], i, scale) for p in range(4)]
        if keep:
            for p in range(4):
                keep(i, p, with_text[p])
        if marks is not None:
            _marks(report, i, plates, marks, SHEET_MARK_PX_PER_PT)
        elif media != bleed:  # a slug: the page's own crop marks
            _marks(report, i, plates, _mark_regions(media, trim, bleed), MARK_PX_PER_PT)
        else:
            report.mark_ink.append({})  # no slug: the layout asked for no crop marks (the boxes check says whether it should have)
        _overprint(report, i, page, with_text, without, media, scale)
        if helpline:
            _helpline(report, i, plates, bare, helpline)
        _total_ink(report, i, with_text, media, scale, areas or [bleed], ink_limit)
    finally:
        page.close()


# --- crop marks -----------------------------------------------------------------
def _mark_regions(media, trim, bleed) -> list[tuple[str, tuple]]:
    """The eight places crop marks stand: in the slug, on the trim lines, outside the bleed."""
    ml, mb, mr, mt = media
    tl, tb, tr, tt = trim
    bl, bb, br, bt = bleed
    w = 1.0  # points either side of the trim line
    g = 0.5  # points clear of the bleed, whose artwork's edge may blur a pixel into the slug
    out = []
    for x, side in ((tl, "left"), (tr, "right")):
        out.append((f"{side} edge, below", (x - w, mb, x + w, bb - g)))
        out.append((f"{side} edge, above", (x - w, bt + g, x + w, mt)))
    for y, side in ((tb, "bottom"), (tt, "top")):
        out.append((f"{side} edge, left", (ml, y - w, bl - g, y + w)))
        out.append((f"{side} edge, right", (br + g, y - w, mr, y + w)))
    return [(name, r) for name, r in out if r[2] - r[0] > 0.5 and r[3] - r[1] > 0.5]


def missing_marks(page) -> list[str]:
    """Where a page with a slug lacks one of its eight crop marks as rendered (the page as it prints,
    not separated): each place whose mark shows under MARK_INK of a full mark's ink. The boxes
    check asks this of every print file; the plates ask it again of each plate."""
    media, trim, bleed = _boxes(page)
    return [
        where for where, region in _mark_regions(media, trim, bleed)
        if _line_ink(_ink(_render(page, MARK_PX_PER_PT, region))) / (MARK_WIDTH_PT * MARK_PX_PER_PT) < MARK_INK
    ]


def _line_ink(pic) -> float:
    """The ink across a thin line running the long way of `pic`, in pixels of full ink: the same
    for a line that falls on one pixel column or straddles two (anti-aliasing spreads it)."""
    from PIL import Image

    if pic.width == 0 or pic.height == 0:
        return 0.0
    if pic.height >= pic.width:  # a vertical mark: the ink along each row, summed
        return pic.resize((1, pic.height), Image.BOX).getextrema()[1] / 255 * pic.width
    return pic.resize((pic.width, 1), Image.BOX).getextrema()[1] / 255 * pic.height


def _marks(report: PlateReport, i: int, plates, regions, scale: float) -> None:
    """Each mark's darkest pixel on each plate. A few marks are rendered each on its own; many (a
    sheet's, around every copy) are cut from one picture of the plate."""
    lowest = {}
    missing: dict[str, list[str]] = {}
    for p, name in enumerate(PLATES):
        page = plates[p][i]
        try:
            whole = _ink(_render(page, scale)) if len(regions) > 16 else None
            ml, mb, mr, mt = page.get_bbox()
            peaks = []
            for where, region in regions:
                if whole is None:
                    pic = _ink(_render(page, scale, region))
                else:
                    box = (math.floor((region[0] - ml) * scale), math.floor((mt - region[3]) * scale), math.ceil((region[2] - ml) * scale), math.ceil((mt - region[1]) * scale))
                    pic = whole.crop(box)
                peak = _line_ink(pic) / (MARK_WIDTH_PT * scale)
                peaks.append(peak)
                if peak < MARK_INK:
                    missing.setdefault(name, []).append(where)
            lowest[name] = round(min(peaks), 3) if peaks else 0.0
        finally:
            page.close()
    report.mark_ink.append(lowest)
    for name, where in missing.items():
        report.findings.append(
            error(
                CHECK,
                f"the crop marks do not print on the {name} plate ({len(where)} of {len(regions)} missing: {', '.join(where[:3])}{'...' if len(where) > 3 else ''}): crop marks must be in registration colour, on every plate",
                "do not print this file; rebuild it with 'posters build' (its crop marks are in registration colour)",
                i + 1,
            )
        )


# --- black type overprints ------------------------------------------------------
def _overprint(report: PlateReport, i: int, page, with_text, without, media, scale) -> None:
    from PIL import ImageChops

    added_k = ImageChops.subtract(without[3], with_text[3])  # ink the text adds to the black plate
    full_k = _ink(with_text[3]).point(lambda v: 255 if v >= FULL_K * 255 else 0)
    black_text = ImageChops.multiply(added_k.point(lambda v: 255 if v >= 128 else 0), full_k)
    n_black = black_text.histogram()[255]
    report.black_text_px.append(n_black)
    knocked = {}
    for p in range(3):
        lost = ImageChops.subtract(with_text[p], without[p]).point(lambda v: 255 if v >= KNOCKED * 255 else 0)
        hole = ImageChops.multiply(lost, black_text)
        n = hole.histogram()[255]
        knocked[PLATES[p]] = n
        if n and n > max(3, KNOCKED_SHARE * n_black):
            box = hole.getbbox()
            text = _text_at(page, box, media, scale)
            report.findings.append(
                error(
                    CHECK,
                    f"black type {text} knocks out the {PLATES[p]} plate under it ({n} pixels of its letters clear the {PLATES[p]} ink beneath): 100 % K type must overprint, or misregistration shows a white edge",
                    "do not print this file; rebuild it with 'posters build', which sets 100 % K type to overprint",
                    i + 1,
                )
            )
    report.knocked_px.append(knocked)


def _text_at(page, box, media, scale) -> str:
    """The text within a pixel box of the page picture, quoted, for a message."""
    from posters.elements.base import quote

    if not box:
        return "(unknown)"
    l, t, r, b = box
    x0, x1 = media[0] + l / scale, media[0] + r / scale
    y1, y0 = media[3] - t / scale, media[3] - b / scale
    tp = page.get_textpage()
    try:
        text = tp.get_text_bounded(x0, y0, x1, y1)
    finally:
        tp.close()
    return quote(text) if text.strip() else "(no text found there)"


# --- the helpline on its plates ---------------------------------------------------
def _helpline(report: PlateReport, i: int, plates, bare, helpline: str) -> None:
    from posters.verify import painted

    read_on, wrong = [], []
    found = False
    for p, name in enumerate(PLATES):
        page = plates[p][i]
        blank = bare[p][i]
        try:
            tp = page.get_textpage()
            try:
                runs = painted._find(painted._chars(tp), i, helpline)
                # a head-to-tail back stands upside down on the sheet: judged turned the right way up
                lines = [(painted._line("the helpline", r, painted._glyphs(tp, r)), painted.turned_over(tp, r)) for r in runs]
            finally:
                tp.close()
            for ln, turned in lines:
                if not ln.glyphs:
                    continue
                found = True
                ln.rendered = painted._render(page, ln.region, ln.scale)
                if not painted._changed(ln.rendered, painted._render(blank, ln.region, ln.scale)):
                    continue  # not printed on this plate (overprinted, or no ink of it here)
                verdict = painted._pixels_differ(painted.upright(ln) if turned else ln)
                (wrong.append((name, verdict)) if verdict else read_on.append(name))
        finally:
            page.close()
            blank.close()
    report.helpline_plates.append(sorted(set(read_on), key=PLATES.index))
    for name, verdict in wrong:
        report.findings.append(error(CHECK, f"the helpline {helpline} cannot be read on the {name} plate, where it is printed: {verdict}", "do not print this file; rebuild it with 'posters build'", i + 1))
    if found and not read_on and not wrong:
        report.findings.append(error(CHECK, f"the helpline {helpline} is printed on no plate", "do not print this file; rebuild it with 'posters build'", i + 1))


# --- total ink ---------------------------------------------------------------------
def _total_ink(report: PlateReport, i: int, with_text, media, scale, areas, ink_limit) -> None:
    from PIL import ImageMath

    inks = [_ink(im) for im in with_text]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=inks[0], m=inks[1], y=inks[2], k=inks[3]) if hasattr(ImageMath, "lambda_eval") else ImageMath.eval("c + m + y + k", c=inks[0], m=inks[1], y=inks[2], k=inks[3])
    worst = 0.0
    where = None
    for area in areas:
        l = max(0, math.ceil((area[0] - media[0]) * scale))
        r = min(total.width, math.floor((area[2] - media[0]) * scale))
        t = max(0, math.ceil((media[3] - area[3]) * scale))
        b = min(total.height, math.floor((media[3] - area[1]) * scale))
        if r <= l or b <= t:
            continue
        hi = total.crop((l, t, r, b)).getextrema()[1]
        if hi > worst:
            worst, where = hi, area
    percent = round(100 * worst / 255, 1)
    report.max_ink_percent.append(percent)
    if percent > ink_limit + INK_TOLERANCE:
        report.findings.append(
            error(
                CHECK,
                f"the four plates carry up to {percent:g} % ink together, above the {ink_limit:g} % limit",
                "do not print this file; reduce the darkest colours' CMYK (rich blacks especially) in the force's or campaign's colours",
                i + 1,
            )
        )
