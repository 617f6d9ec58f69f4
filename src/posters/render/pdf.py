"""The PDF backend: an OutputPlan in, PDF bytes out.

Print pages are trim + bleed on every side, plus a slug outside the bleed
for crop marks when the layout asks for them. ReportLab's own `cropMarks`
option is not used: it scales the page content by a few percent, which would
distort type and the QR code. Marks are 100 % K only (registration black
would carry 400 % ink).
"""

from __future__ import annotations

import io
import os
import threading

from reportlab.pdfgen.canvas import Canvas

from posters import fonts
from posters.elements.base import REGISTRY
from posters.elements.text import text_extent
from posters.render.painter import Painter
from posters.units import mm_to_pt

MARK_OFFSET_MM = 0.5  # gap between the bleed edge and the start of a mark
MARK_LENGTH_MM = 5.0
SLUG_MM = MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0  # room outside the bleed for the marks
MARK_WIDTH_PT = 0.25


_ENV_LOCK = threading.Lock()


def new_canvas(*args, **kwargs) -> Canvas:
    """A Canvas that carries no time at all.

    In invariant mode ReportLab uses a fixed date, unless SOURCE_DATE_EPOCH is
    set, which it then writes into the document and its ID. Outputs must be
    the same bytes wherever and whenever they are built, so the variable is
    hidden while the document starts (under a lock: the preview server renders
    in threads).
    """
    with _ENV_LOCK:
        saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
        try:
            return Canvas(*args, **kwargs)
        finally:
            if saved is not None:
                os.environ["SOURCE_DATE_EPOCH"] = saved


def page_geometry(layout) -> dict:
    """Sizes in mm of the page as supplied and where the trim sits on it.

    Scaled artwork (a 48-sheet at 1:10) has its trim and bleed at that scale;
    the crop marks and their slug stay their usual size, for the printer.
    """
    s = getattr(layout, "artwork_scale", 1.0)
    tw, th = (v * s for v in layout.trim_mm)
    bleed = layout.bleed_mm * s
    slug = SLUG_MM if layout.profile == "print" and layout.crop_marks else 0.0
    margin = bleed + slug
    return {
        "media": (tw + 2 * margin, th + 2 * margin),
        "trim_origin": (margin, margin),
        "trim": (tw, th),
        "bleed": bleed,
        "slug": slug,
        "scale": s,
    }


def render_pdf(plan) -> bytes:
    layout = plan.layout
    g = page_geometry(layout)
    mw, mh = g["media"]
    ox, oy = g["trim_origin"]
    tw, th = g["trim"]
    b = g["bleed"]
    buf = io.BytesIO()
    fonts.register_all()
    c = new_canvas(
        buf,
        pagesize=(mm_to_pt(mw), mm_to_pt(mh)),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.register(fonts.DEFAULT),
        pdfVersion=(1, 4),
        enforceColorSpace="cmyk" if layout.profile == "print" else "rgb",
    )
    c.setTitle(plan.title)
    c.setAuthor(plan.edition.name)
    c.setCreator("posters")
    c.setProducer("posters")
    c.setSubject(f"{layout.name}; helpline and self-help link of Stop it Now!")
    for page in plan.pages:
        if layout.profile == "print":
            c.setTrimBox(tuple(map(mm_to_pt, (ox, oy, ox + tw, oy + th))))
            c.setBleedBox(tuple(map(mm_to_pt, (ox - b, oy - b, ox + tw + b, oy + th + b))))
        painter = Painter(c, ox, oy, layout.trim_mm[1], layout.profile, plan.palette, g["scale"])
        for placed in page.elements:
            REGISTRY_DRAW[placed.kind](c, placed, painter)
            if layout.profile == "screen" and "link" in placed.data:
                painter.link(text_extent(placed) if placed.role == "text" else placed.box, placed.data["link"])
        if g["slug"]:
            draw_crop_marks(c, g)
        c.showPage()
    c.save()
    return buf.getvalue()


def draw_crop_marks(c, g) -> None:
    ox, oy = g["trim_origin"]
    tw, th = g["trim"]
    start = g["bleed"] + MARK_OFFSET_MM
    end = start + MARK_LENGTH_MM
    c.saveState()
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(MARK_WIDTH_PT)
    p = c.beginPath()
    for x in (ox, ox + tw):
        for y, sign in ((oy, -1), (oy + th, 1)):
            p.moveTo(mm_to_pt(x), mm_to_pt(y + sign * start))
            p.lineTo(mm_to_pt(x), mm_to_pt(y + sign * end))
    for y in (oy, oy + th):
        for x, sign in ((ox, -1), (ox + tw, 1)):
            p.moveTo(mm_to_pt(x + sign * start), mm_to_pt(y))
            p.lineTo(mm_to_pt(x + sign * end), mm_to_pt(y))
    c.drawPath(p, stroke=1, fill=0)
    c.restoreState()


# placed.kind -> draw function ("rect" is what background and rect place)
REGISTRY_DRAW = {
    "rect": REGISTRY["rect"].draw,
    "text": REGISTRY["text"].draw,
    "helpline": REGISTRY["helpline"].draw,
    "url": REGISTRY["url"].draw,
    "qr": REGISTRY["qr"].draw,
    "logo": REGISTRY["logo"].draw,
}
