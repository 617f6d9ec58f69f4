"""The PDF backend: an OutputPlan in, PDF bytes out.

The page's size and boxes come from the plan's geometry (trim + bleed, plus
a slug for crop marks). ReportLab's own `cropMarks` option is not used: it
scales the page content by a few percent, which would distort type and the
QR code. Marks are in registration colour, the Separation colour space
named /All, so they print on every plate (cyan, magenta, yellow and black)
and the press can check registration and cut on any plate; a Separation /All
is allowed in PDF/X-1a (it is not a spot colour) and the [colour] check
accepts it. The marks lie outside the bleed, so their 400 % never reaches the
sheet that is kept.

Screen PDFs are tagged (PDF/UA-1): each element is drawn inside marked
content for its kind's structure role, and the structure tree is built from
those marks afterwards (render/tagged.py). Print PDFs are not tagged: they
stay plain PDF/X, as print suppliers expect.
"""

from __future__ import annotations

import io
import os
import threading

from reportlab import rl_config
from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfbase.pdfdoc import xObjectName  # how ReportLab names a form in the file
from reportlab.pdfgen.canvas import Canvas

from posters import fonts
from posters.elements.base import REGISTRY
from posters.render.marked import PageMarks
from posters.render.painter import Painter
from posters.render.pdf_logos import VectorLogos
from posters.plan.geometry import MARK_LENGTH_MM, MARK_OFFSET_MM, PageGeometry
from posters.units import mm_to_pt

MARK_WIDTH_PT = 0.25
#: Registration colour: 100 % of every plate. Its alternate (for a viewer that
#: shows process colours only) is 100 % of each of C, M, Y and K.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)


_ENV_LOCK = threading.Lock()

# Binary streams, not ASCII85 text: a PDF need not be 7-bit clean. ASCII85 made
# every image a quarter larger, and each reader (PDFium for every crop a check
# renders, the safety check's stream bounds) decoded it again: a photographic
# A4 background cost about half a second per output in decoding alone.
rl_config.useA85 = 0


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


def render_pdf(plan, cmyk_profile: bytes | None = None, *, extra_xmp: dict[str, str] | None = None) -> bytes:
    """The plan drawn. `extra_xmp`: more XMP properties for a screen PDF (its facts,
    render/xmp_facts.py), written in its tagging pass rather than in a pass of their
    own; a print PDF gets them in its PDF/X pass (batch.print_ready)."""
    layout = plan.layout
    if extra_xmp and layout.profile != "screen":
        raise ValueError("a print PDF's XMP properties are written with its PDF/X metadata")
    g = plan.geometry
    buf = io.BytesIO()
    fonts.register_all()
    c = new_canvas(
        buf,
        pagesize=g.media_pt,
        invariant=1,
        # not compressed here: every output is saved again by pikepdf (the PDF/X pass for print,
        # the facts for screen), which compresses every stream; compressing first was done twice
        pageCompression=0,
        initialFontName=fonts.register(fonts.DEFAULT),
        pdfVersion=(1, 4),
        enforceColorSpace="sep_cmyk" if layout.profile == "print" else "rgb",  # CMYK, plus the registration separation of the marks
    )
    c.setTitle(plan.title)
    c.setAuthor(plan.edition.name)
    c.setCreator("posters")
    c.setProducer("posters")
    c.setSubject(f"{layout.name}; helpline and self-help link of Stop it Now!")
    tagged = layout.profile == "screen"
    marks: list[PageMarks] = []
    vector_logos = VectorLogos()
    for page in plan.pages:
        if layout.profile == "print":
            c.setTrimBox(g.trim_box_pt)
            c.setBleedBox(g.bleed_box_pt)
        painter = Painter(c, g, layout.profile, plan.palette, cmyk_profile, vector_logos)
        if tagged:
            painter.marks = PageMarks(c)
            marks.append(painter.marks)
        for placed in page.elements:
            kind = REGISTRY[placed.kind]
            with painter.element(placed, kind.role(placed), kind.read_last):
                kind.draw(placed, painter)
                if layout.profile == "screen" and (link := kind.link(placed)):
                    painter.link(*link)
        if g.slug:
            draw_crop_marks(c, g)
        c.showPage()
    c.save()
    # the logos' own pages go in first, so tagging sees the finished page
    data = vector_logos.place(buf.getvalue(), xObjectName)
    if tagged:
        from posters.render.tagged import tag

        return tag(data, plan, marks, extra_xmp)
    return data


def draw_crop_marks(c, g: PageGeometry) -> None:
    ox, oy = g.trim_origin
    tw, th = g.trim
    start = g.bleed + MARK_OFFSET_MM
    end = start + MARK_LENGTH_MM
    c.saveState()
    c.setStrokeColor(REGISTRATION)
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

