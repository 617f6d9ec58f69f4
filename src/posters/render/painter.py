"""Drawing primitives in layout terms (mm from the trim's top-left corner),
over a ReportLab canvas. Coordinates go through the plan's page geometry (the
one place with the y-axis flip); the choice of colour model (CMYK for print,
sRGB for screen) happens here and nowhere else. Lengths and type sizes go
through the geometry's scale too, so scaled artwork (a 48-sheet at 1:10) is
drawn at its scale from a full-size plan.

Print convention: type and rules in 100 % K are set to overprint (ExtGState
/OP /op true, /OPM 1), so black type on a coloured band prints over the band
instead of knocking it out, whatever the printer's RIP would do by default;
a hairline of misregistration then shows no white edge. Lines and panels
follow the same rule, fill and stroke each on its own. Only solid black
overprints: any other colour would mix with what is under it.

Screen PDFs are tagged: given the page's marks (render/marked.py), each
element is drawn inside its marked content, and a kind says which language
its text is in with `span`. Print PDFs carry no marks (`marks` is None).
"""

from __future__ import annotations

import io
from contextlib import contextmanager

from reportlab.lib.utils import ImageReader  # the painter is imported with ReportLab's canvas (render/pdf.py)

from posters import fonts
from posters.colours import Colour
from posters.elements.base import Box
from posters.units import mm_to_pt


JPEG_QUALITY = 92  # photographs re-encoded after colour conversion or cropping
SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)


class Painter:
    def __init__(self, canvas, geometry, profile: str, palette: dict[str, Colour], cmyk_profile: bytes | None = None, vector_logos=None):
        self.c = canvas
        self.vector_logos = vector_logos  # posters.render.pdf_logos.VectorLogos: PDF logos, placed after the document is written
        self.cmyk_profile = cmyk_profile  # the printer's ICC profile (--icc), for photographs
        self.g = geometry
        self.profile = profile
        self.palette = palette
        self._fill_cmyk: tuple[float, ...] | None = None
        self.marks = None  # posters.render.marked.PageMarks on a tagged page

    # structure ---------------------------------------------------------
    @contextmanager
    def element(self, placed, role: str, read_last: bool = False):
        """Draw one element inside its marked content (nothing, on an untagged page)."""
        if self.marks is None:
            yield
            return
        self.marks.begin(placed, role, read_last)
        yield
        self.marks.end()

    @contextmanager
    def span(self, lang: str):
        """What is drawn inside is text in `lang` (a language code such as "cy")."""
        if self.marks is not None:
            self.marks.span(lang)
        yield

    def _marked(self) -> None:
        if self.marks is not None:
            self.marks.drew()

    # coordinates -------------------------------------------------------
    def x(self, x_mm: float) -> float:
        return mm_to_pt(self.g.page_x(x_mm))

    def y(self, y_from_top_mm: float) -> float:
        return mm_to_pt(self.g.page_y(y_from_top_mm))

    def rect_pt(self, b: Box) -> tuple[float, float, float, float]:
        return self.x(b.x), self.y(b.bottom), self.length(b.w), self.length(b.h)

    def length(self, mm: float) -> float:
        return mm_to_pt(self.g.length(mm))

    # colour ------------------------------------------------------------
    def fill(self, colour: Colour) -> None:
        if self.profile == "print":
            self.c.setFillColorCMYK(*colour.cmyk)
            self._fill_cmyk = tuple(colour.cmyk)
        else:
            self.c.setFillColorRGB(*(v / 255 for v in colour.srgb))

    def fill_named(self, name: str) -> None:
        self.fill(self.palette[name])

    # shapes and text ---------------------------------------------------
    def rect(self, b: Box) -> None:
        self._marked()
        self.c.rect(*self.rect_pt(b), stroke=0, fill=1)

    def rects(self, boxes: list[tuple[float, float, float, float]]) -> None:
        """Many rectangles as one path (one fill operation)."""
        self._marked()
        p = self.c.beginPath()
        for rect in self.g.rects_pt(boxes):
            p.rect(*rect)
        self.c.drawPath(p, stroke=0, fill=1)

    def text(self, x_mm: float, baseline_mm: float, s: str, weight: str, size: float) -> None:
        self._marked()
        overprint = self._begin_overprint()
        self.c.setFont(fonts.register(weight), size * self.g.scale)
        self.c.drawString(self.x(x_mm), self.y(baseline_mm), s)
        if overprint:
            self.c.restoreState()

    def rule(self, b: Box) -> None:
        """A rect drawn as a rule or band (not a background): overprints when it is 100 % K."""
        overprint = self._begin_overprint()
        self.rect(b)
        if overprint:
            self.c.restoreState()

    def line(self, x0_mm: float, y0_mm: float, x1_mm: float, y1_mm: float, colour: Colour, width_pt: float) -> None:
        """A straight rule, `width_pt` wide at full size; 100 % K overprints."""
        with self._stroking(colour, width_pt):
            p = self.c.beginPath()
            p.moveTo(self.x(x0_mm), self.y(y0_mm))
            p.lineTo(self.x(x1_mm), self.y(y1_mm))
            self.c.drawPath(p, stroke=1, fill=0)

    def panel(self, b: Box, radius_mm: float, fill: Colour | None, stroke: Colour | None, width_pt: float) -> None:
        """A rounded rectangle: the fill over the whole box, the stroke inside
        its edge (so the box is what prints). Fill and stroke are painted
        separately, each overprinting only if it is 100 % K."""
        if fill is not None:
            self.fill(fill)
            overprint = self._begin_overprint()
            x, y, w, h = self.rect_pt(b)
            self.c.roundRect(x, y, w, h, self.length(radius_mm), stroke=0, fill=1)
            if overprint:
                self.c.restoreState()
        if stroke is not None:
            half = width_pt * 25.4 / 72 / 2  # mm: the stroke is centred on its path
            inner = b.inset(half)
            with self._stroking(stroke, width_pt):
                x, y, w, h = self.rect_pt(inner)
                self.c.roundRect(x, y, w, h, self.length(max(radius_mm - half, 0.0)), stroke=1, fill=0)

    @contextmanager
    def _stroking(self, colour: Colour, width_pt: float):
        self.c.saveState()
        self.c.setLineWidth(width_pt * self.g.scale)
        self.c.setLineCap(0)
        self.c.setLineJoin(0)
        if self.profile == "print":
            self.c.setStrokeColorCMYK(*colour.cmyk)
            if tuple(colour.cmyk) == SOLID_BLACK:
                self.c.setStrokeOverprint(True)
                self.c.setOverprintMask(1)
        else:
            self.c.setStrokeColorRGB(*(v / 255 for v in colour.srgb))
        try:
            yield
        finally:
            self.c.restoreState()

    @property
    def solid_black(self) -> bool:
        return self.profile == "print" and self._fill_cmyk == SOLID_BLACK

    def _begin_overprint(self) -> bool:
        if not self.solid_black:
            return False
        self.c.saveState()
        self.c.setFillColorCMYK(*SOLID_BLACK)  # the saved state keeps the colour; set it again inside
        self.c.setFillOverprint(True)
        self.c.setStrokeOverprint(True)
        self.c.setOverprintMask(1)  # nonzero overprint: a 0 % channel leaves the plate beneath alone
        return True

    def link(self, b: Box, uri: str) -> None:
        x, y, w, h = self.rect_pt(b)
        self.c.linkURL(uri, (x, y, x + w, y + h), relative=0, thickness=0)
        if self.marks is not None:
            self.marks.link()

    # artwork -----------------------------------------------------------
    def logo(self, logo, b: Box) -> None:
        self._marked()
        if logo.kind == "svg":
            self._draw_svg(self._drawing(logo), logo, b)
        elif logo.kind == "pdf":
            self._pdf_logo(logo, b)
        else:
            from reportlab.lib.utils import ImageReader

            x, y, w, h = self.rect_pt(b)
            from posters.inputs.images import print_cmyk

            im = logo.image
            if self.profile == "print" and im.mode == "RGB":
                # brand colours exactly as the palette's CMYK, the rest as a photograph's: the printer's profile, else the stated default
                im = print_cmyk(im, self.cmyk_profile, {c.srgb: c.cmyk for c in self.palette.values()})
            elif self.profile == "screen" and im.mode == "CMYK":
                im = im.convert("RGB")
            self.c.drawImage(ImageReader(im), x, y, w, h, mask=None)

    def icon(self, logo, b: Box, colour: Colour | None) -> None:
        """An SVG icon: as drawn (CMYK for print, like a logo), or all in one palette colour."""
        if colour is None:
            self.logo(logo, b)
            return
        key = ("one colour", logo.path, colour, self.profile)
        hit = _CMYK_DRAWINGS.get(key)
        if hit is None or hit[0] is not logo.drawing:
            from reportlab.lib.colors import CMYKColor, Color

            from posters.inputs.logos import recoloured

            ink = CMYKColor(*colour.cmyk) if self.profile == "print" else Color(*(v / 255 for v in colour.srgb))
            if len(_CMYK_DRAWINGS) >= _CMYK_DRAWINGS_MAX:
                _CMYK_DRAWINGS.clear()
            hit = _CMYK_DRAWINGS[key] = (logo.drawing, recoloured(logo.drawing, ink))
        self._draw_svg(hit[1], logo, b)

    def _pdf_logo(self, logo, b: Box) -> None:
        """A placeholder form the logo's size, in painting order; the logo's own page replaces it (pdf_logos)."""
        if self.vector_logos is None:
            raise RuntimeError("a PDF logo needs the document's VectorLogos")
        name, new = self.vector_logos.name_for(logo)
        if new:
            self.c.beginForm(name, 0, 0, logo.width, logo.height)
            self.c.endForm()
        x, y, w, h = self.rect_pt(b)
        self.c.saveState()
        self.c.translate(x, y)
        self.c.scale(w / logo.width, h / logo.height)
        self.c.doForm(name)
        self.c.restoreState()

    def _draw_svg(self, drawing, logo, b: Box) -> None:
        x, y, w, h = self.rect_pt(b)
        self.c.saveState()
        self.c.translate(x, y)
        self.c.scale(w / logo.width, h / logo.height)
        from posters.render.drawings import draw

        draw(self.c, drawing, self.profile)  # recorded once, replayed after where it can be
        self.c.restoreState()

    def picture(self, picture, b: Box) -> None:
        """A photograph: CMYK for print (a CMYK JPEG as it is; RGB through the
        printer's profile, or the stated default), sRGB for screen."""
        from reportlab.lib.utils import ImageReader

        from posters.inputs.images import gcr_cmyk, icc_cmyk

        self._marked()
        x, y, w, h = self.rect_pt(b)
        photo = picture.photo
        if self.profile == "print" and photo.raw is not None and picture.whole:
            source = _PassedThrough(photo.raw)  # passed through: the printer gets the file's own CMYK
        else:
            im = picture.visible()
            if self.profile == "print" and im.mode == "RGB":
                im = icc_cmyk(im, self.cmyk_profile) if self.cmyk_profile else gcr_cmyk(im)
            elif self.profile == "screen" and im.mode == "CMYK":
                im = im.convert("RGB")
            if photo.format == "JPEG":
                # a photograph stays a JPEG (a tenth of the size of a lossless copy)
                buf = io.BytesIO()
                im.save(buf, "JPEG", quality=JPEG_QUALITY)
                source = ImageReader(io.BytesIO(buf.getvalue()))
            else:
                source = ImageReader(im)
        self.c.drawImage(source, x, y, w, h, mask=None)

    def _drawing(self, logo):
        if self.profile != "print":
            return logo.drawing
        # Kept for the whole process, not per page: converting a drawing deep-copies
        # it, which cost more than drawing it. Keyed by palette, since brand colours
        # map to the edition's own CMYK; the drawing's identity guards a reloaded logo.
        key = (logo.path, tuple(self.palette.values()))
        hit = _CMYK_DRAWINGS.get(key)
        if hit is None or hit[0] is not logo.drawing:
            from posters.inputs.logos import cmyk_drawing

            if len(_CMYK_DRAWINGS) >= _CMYK_DRAWINGS_MAX:
                _CMYK_DRAWINGS.clear()
            hit = _CMYK_DRAWINGS[key] = (logo.drawing, cmyk_drawing(logo.drawing, list(self.palette.values())))
        return hit[1]


_CMYK_DRAWINGS: dict = {}  # (logo path, palette) -> (source drawing, CMYK copy)
_CMYK_DRAWINGS_MAX = 256


class _PassedThrough(ImageReader):
    """A JPEG ReportLab embeds as it is, named by its own bytes.

    ReportLab names an image by a digest of its decoded pixels, then embeds a
    JPEG's file bytes unchanged: decoding a 5-megapixel CMYK photograph and
    hashing its 21 MB of pixels only to name it cost about 60 ms per file.
    The file's bytes identify it as well."""

    def __init__(self, raw: bytes):
        super().__init__(io.BytesIO(raw))
        self._raw = raw
        self._dataA = None  # no alpha channel: set by ImageReader.getRGBData, which this does not call

    def getRGBData(self):
        return self._raw
