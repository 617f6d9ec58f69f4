"""Tests for posters.verify.pdf on small PDFs drawn with ReportLab.

Each check gets a good PDF (no findings) and deliberately broken ones.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import lru_cache

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from posters.fonts import font_file
from posters.verify.pdf import (
    check_boxes,
    check_colour_print,
    check_fonts,
    check_images_resolution,
    check_pdfx,
)

FONT_FILE = str(font_file("regular"))  # from the installed font package, never a machine path
FONT = "PdfChecksTestSans"
TRIM = (100.0, 150.0)  # mm, small so tests stay fast
BLEED = 3.0  # mm

pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))


def make_pdf(
    draw: Callable[[Canvas], None] | None = None,
    *,
    trim: tuple[float, float] = TRIM,
    bleed: float = BLEED,
    slug: float = 0.0,
    trim_box: bool = True,
    bleed_box: bool = True,
    font: str | None = FONT,
    pages: int = 1,
) -> bytes:
    """A poster-like PDF: page = trim + bleed (+ slug), boxes set, CMYK text by default."""
    margin = (bleed + slug) * mm
    w, h = trim[0] * mm, trim[1] * mm
    buf = io.BytesIO()
    kw = {"initialFontName": font} if font else {}
    c = Canvas(buf, pagesize=(w + 2 * margin, h + 2 * margin), invariant=1, **kw)
    for _ in range(pages):
        if trim_box:
            c.setTrimBox((margin, margin, margin + w, margin + h))
        if bleed_box:
            c.setBleedBox((slug * mm, slug * mm, w + 2 * margin - slug * mm, h + 2 * margin - slug * mm))
        if draw is None:
            draw_good(c)
        else:
            draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def cmyk_image(px: int, colour=(0, 255, 0, 0)) -> ImageReader:
    return ImageReader(Image.new("CMYK", (px, px), colour))


def draw_good(c: Canvas) -> None:
    """Everything a print file may contain: 100 % K small text, rich black large text,
    a 240 % rich-black panel, a 300 ppi CMYK image, grey, registration colour."""
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFillOverprint(True)  # 100 % K type overprints (a knocked-out one is warned of)
    c.setFont(FONT, 9)
    c.drawString(20 * mm, 20 * mm, "Small black text, 100 % K")
    c.setFillOverprint(False)
    c.setFillColorCMYK(0.6, 0.4, 0.4, 1)  # 240 % rich black
    c.rect(10 * mm, 30 * mm, 40 * mm, 20 * mm, fill=1, stroke=0)
    c.setFont(FONT, 24)
    c.drawString(20 * mm, 60 * mm, "Large rich black")
    c.setFillGray(0.5)
    c.rect(60 * mm, 30 * mm, 10 * mm, 10 * mm, fill=1, stroke=0)
    c.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
    c.line(5 * mm, 5 * mm, 10 * mm, 5 * mm)
    # 300 px over 1 inch = 300 ppi
    c.drawImage(cmyk_image(300), 60 * mm, 60 * mm, 25.4 * mm, 25.4 * mm)


@lru_cache(maxsize=None)
def good_pdf() -> bytes:
    return make_pdf()


def messages(findings) -> str:
    return "\n".join(f.message for f in findings)


def only(findings, check: str, severity: str = "error"):
    return [f for f in findings if f.check == check and f.severity == severity]


# ----------------------------------------------------------------------------- good file


def test_good_pdf_passes_every_check(tmp_path):
    data = good_pdf()
    assert check_fonts(data) == []
    assert check_boxes(data, TRIM, BLEED) == []
    assert check_colour_print(data) == []
    assert check_images_resolution(data) == []
    # path input and an already-open Pdf work too
    path = tmp_path / "good.pdf"
    path.write_bytes(data)
    assert check_colour_print(path) == []
    with pikepdf.open(path) as pdf:
        assert check_fonts(pdf) == []


# ----------------------------------------------------------------------------- fonts


def test_fonts_base14_helvetica_is_an_error():
    def draw(c: Canvas) -> None:
        c.setFont("Helvetica", 14)
        c.drawString(20 * mm, 20 * mm, "Unembedded")

    findings = check_fonts(make_pdf(draw))
    errs = only(findings, "fonts")
    assert len(errs) == 1
    assert "Helvetica" in errs[0].message and "not embedded" in errs[0].message
    assert errs[0].page == 1 and errs[0].hint


def test_fonts_default_canvas_font_is_caught():
    # Without initialFontName ReportLab references Helvetica on every page.
    findings = check_fonts(make_pdf(lambda c: None, font=None))
    assert "Helvetica" in messages(only(findings, "fonts"))


def test_fonts_inside_form_xobject_are_found():
    def draw(c: Canvas) -> None:
        c.beginForm("logo")
        c.setFont("Times-Bold", 12)
        c.drawString(0, 0, "in a form")
        c.endForm()
        c.doForm("logo")

    assert "Times-Bold" in messages(check_fonts(make_pdf(draw)))


def _mutate(data: bytes, fn: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fn(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _first_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    fonts = pdf.pages[0].obj.Resources.Font
    return fonts[next(iter(fonts.keys()))]


def test_fonts_not_subset_is_a_warning():
    def strip_prefix(pdf: pikepdf.Pdf) -> None:
        _first_font(pdf).BaseFont = pikepdf.Name("/SourceSansPro-Regular")

    findings = check_fonts(_mutate(good_pdf(), strip_prefix))
    assert only(findings, "fonts") == []
    warns = only(findings, "fonts", "warning")
    assert len(warns) == 1 and "subset" in warns[0].message


def test_fonts_type0_descendant_without_font_file():
    def make_type0(pdf: pikepdf.Pdf) -> None:
        font = _first_font(pdf)
        descriptor = pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+NoFile")
        )
        cid = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.CIDFontType2,
                BaseFont=pikepdf.Name("/ABCDEF+NoFile"),
                FontDescriptor=descriptor,
            )
        )
        font.Subtype = pikepdf.Name.Type0
        font.BaseFont = pikepdf.Name("/ABCDEF+NoFile")
        font.DescendantFonts = pikepdf.Array([cid])

    errs = only(check_fonts(_mutate(good_pdf(), make_type0)), "fonts")
    assert len(errs) == 1 and "ABCDEF+NoFile" in errs[0].message


# ----------------------------------------------------------------------------- boxes


def test_boxes_wrong_trimbox():
    def draw(c: Canvas) -> None:
        c.setTrimBox((3 * mm, 3 * mm, 93 * mm, 153 * mm))  # 90 mm wide, not 100

    errs = only(check_boxes(make_pdf(draw), TRIM, BLEED), "boxes")
    assert any("TrimBox" in f.message and "90 × 150 mm" in f.message for f in errs)


def test_boxes_trimbox_not_centred():
    def draw(c: Canvas) -> None:
        c.setTrimBox((0, 0, 100 * mm, 150 * mm))

    errs = only(check_boxes(make_pdf(draw), TRIM, BLEED), "boxes")
    assert any("not centred" in f.message for f in errs)


def test_boxes_rotate_90():
    def rotate(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.Rotate = 90

    errs = only(check_boxes(_mutate(good_pdf(), rotate), TRIM, BLEED), "boxes")
    assert len(errs) == 1 and "rotated by 90" in errs[0].message


def test_boxes_missing_trimbox_cropbox_and_userunit():
    def breakit(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0].obj
        del page.TrimBox
        page.CropBox = pikepdf.Array([10, 10, 200, 200])
        page.UserUnit = 2

    text = messages(check_boxes(_mutate(good_pdf(), breakit), TRIM, BLEED))
    assert "no TrimBox" in text and "CropBox" in text and "UserUnit" in text


def test_boxes_wrong_page_size_and_swapped_orientation():
    landscape = make_pdf(lambda c: None, trim=(150.0, 100.0))
    errs = only(check_boxes(landscape, TRIM, BLEED), "boxes")
    assert any("MediaBox" in f.message for f in errs)
    assert any("swapped" in f.hint for f in errs)


def test_boxes_wrong_bleed():
    bleed_box_too_small = make_pdf(lambda c: c.setBleedBox((1 * mm, 1 * mm, 105 * mm, 155 * mm)))
    errs = only(check_boxes(bleed_box_too_small, TRIM, BLEED), "boxes")
    assert any("BleedBox" in f.message for f in errs)


def test_boxes_pages_with_different_trim_sizes():
    one = make_pdf(lambda c: None)
    other = make_pdf(lambda c: None, trim=(120.0, 150.0))
    with pikepdf.open(io.BytesIO(one)) as a, pikepdf.open(io.BytesIO(other)) as b:
        a.pages.append(b.pages[0])
        out = io.BytesIO()
        a.save(out)
    errs = only(check_boxes(out.getvalue(), TRIM, BLEED), "boxes")
    assert any("differs from page 1" in f.message and f.page == 2 for f in errs)


def test_boxes_screen_profile_without_trimbox_and_slug_for_marks():
    screen = make_pdf(lambda c: None, bleed=0, trim_box=False, bleed_box=False)
    assert check_boxes(screen, TRIM, 0) == []
    # with bleed expected, the same file fails
    assert only(check_boxes(screen, TRIM, BLEED), "boxes")
    # 10 mm slug outside a 3 mm bleed for crop marks
    slugged = make_pdf(lambda c: None, slug=10)
    assert check_boxes(slugged, TRIM, BLEED, slug_mm=10) == []
    assert only(check_boxes(slugged, TRIM, BLEED), "boxes")


# ----------------------------------------------------------------------------- colour


def test_colour_rgb_fill_is_an_error():
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(1, 0, 0)
        c.rect(10, 10, 50, 50, fill=1, stroke=0)

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    assert len(errs) == 1 and "RGB" in errs[0].message and errs[0].page == 1


def test_colour_rgb_inside_form_xobject_is_found():
    def draw(c: Canvas) -> None:
        c.beginForm("badge")
        c.setStrokeColorRGB(0, 0, 1)
        c.line(0, 0, 20, 20)
        c.endForm()
        c.doForm("badge")

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    assert len(errs) == 1 and "stroke" in errs[0].message and "RGB" in errs[0].message


def test_colour_rgb_gradient_is_an_error():
    def draw(c: Canvas) -> None:
        c.linearGradient(0, 0, 100, 0, (Color(1, 0, 0), Color(0, 0, 1)), extend=False)

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    assert errs and "Gradient" in errs[0].message and "RGB" in errs[0].message


def test_colour_cmyk_gradient_passes():
    def draw(c: Canvas) -> None:
        c.linearGradient(0, 0, 100, 0, (CMYKColor(1, 0, 0, 0), CMYKColor(0, 1, 0, 0)))

    assert check_colour_print(make_pdf(draw)) == []


def test_colour_ink_400_percent():
    def draw(c: Canvas) -> None:
        c.setFillColorCMYK(1, 1, 1, 1)
        c.rect(10, 10, 50, 50, fill=1, stroke=0)

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    assert len(errs) == 1
    assert "C 100 M 100 Y 100 K 100" in errs[0].message and "400 %" in errs[0].message


def test_colour_rich_black_small_text():
    def draw(c: Canvas) -> None:
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.setFont(FONT, 9)
        c.drawString(20 * mm, 20 * mm, "Too small for rich black")

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    assert len(errs) == 1
    assert "black text under 12 pt must be 100 % K" in errs[0].message
    assert "9 pt" in errs[0].message


def test_colour_text_size_follows_ctm():
    def scaled_up(c: Canvas) -> None:  # 9 pt drawn at 2x = 18 pt: fine
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.scale(2, 2)
        c.setFont(FONT, 9)
        c.drawString(10 * mm, 10 * mm, "Big enough")

    def scaled_down(c: Canvas) -> None:  # 24 pt drawn at 0.25x = 6 pt: too small
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.scale(0.25, 0.25)
        c.setFont(FONT, 24)
        c.drawString(10 * mm, 10 * mm, "Tiny")

    assert check_colour_print(make_pdf(scaled_up)) == []
    errs = only(check_colour_print(make_pdf(scaled_down)), "colour")
    assert len(errs) == 1 and "6 pt" in errs[0].message


def test_colour_alpha_is_transparency():
    def draw(c: Canvas) -> None:
        c.setFillColorCMYK(0, 1, 0, 0)
        c.setFillAlpha(0.5)
        c.rect(10, 10, 50, 50, fill=1, stroke=0)

    data = make_pdf(draw)
    errs = only(check_colour_print(data), "colour")
    assert len(errs) == 1 and "Transparency" in errs[0].message and "50 %" in errs[0].message


def test_colour_blend_mode_is_transparency():
    def draw(c: Canvas) -> None:
        c.setBlendMode("Multiply")
        c.setFillColorCMYK(0, 1, 0, 0)
        c.rect(10, 10, 50, 50, fill=1, stroke=0)

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    assert any("blend mode Multiply" in f.message for f in errs)


def test_colour_rgb_image_and_inline_image(monkeypatch):
    from reportlab import rl_config

    # ReportLab writes inline images only as ASCII85 text (with binary streams, the
    # tool's setting, it fails); this file is made by hand, not by the tool
    monkeypatch.setattr(rl_config, "useA85", 1)

    def draw(c: Canvas) -> None:
        rgb = Image.new("RGB", (300, 300), (255, 0, 0))
        c.drawImage(ImageReader(rgb), 10, 10, 72, 72)
        c.drawInlineImage(Image.new("RGB", (8, 8), (0, 255, 0)), 100, 10, 2, 2)

    errs = only(check_colour_print(make_pdf(draw)), "colour")
    text = messages(errs)
    assert "Image 'FormXob." in text and "An inline image is in RGB" in text


def test_colour_cmyk_image_with_soft_mask():
    def add_smask(pdf: pikepdf.Pdf) -> None:
        for _, xobj in pdf.pages[0].obj.Resources.XObject.items():
            if xobj.get("/Subtype") == pikepdf.Name.Image:
                xobj.SMask = pdf.make_stream(
                    b"\xff" * 4,
                    Type=pikepdf.Name.XObject,
                    Subtype=pikepdf.Name.Image,
                    Width=2,
                    Height=2,
                    ColorSpace=pikepdf.Name.DeviceGray,
                    BitsPerComponent=8,
                )

    errs = only(check_colour_print(_mutate(good_pdf(), add_smask)), "colour")
    assert len(errs) == 1 and "soft mask" in errs[0].message


def test_colour_spot_colour_is_a_warning():
    def draw(c: Canvas) -> None:
        c.setFillColor(CMYKColorSep(0, 0.8, 0.9, 0, spotName="PANTONE 185 C"))
        c.rect(10, 10, 50, 50, fill=1, stroke=0)

    findings = check_colour_print(make_pdf(draw))
    assert only(findings, "colour") == []
    assert "PANTONE" in messages(only(findings, "colour", "warning"))


# ----------------------------------------------------------------------------- images


def test_images_72_ppi_cmyk_drawn_large():
    def draw(c: Canvas) -> None:
        c.drawImage(cmyk_image(144), 10 * mm, 10 * mm, 50.8 * mm, 50.8 * mm)  # 144 px / 2 in

    data = make_pdf(draw)
    assert check_colour_print(data) == []  # ReportLab writes a CMYK PIL image as DeviceCMYK
    errs = only(check_images_resolution(data), "images")
    assert len(errs) == 1
    assert "72 ppi" in errs[0].message and "FormXob." in errs[0].message
    assert "448 × 448" in errs[0].hint  # pixels needed for 224 ppi at 2 in


def test_images_200_ppi_is_a_warning():
    def draw(c: Canvas) -> None:
        c.drawImage(cmyk_image(200), 10 * mm, 10 * mm, 25.4 * mm, 25.4 * mm)

    findings = check_images_resolution(make_pdf(draw))
    assert only(findings, "images") == []
    warns = only(findings, "images", "warning")
    assert len(warns) == 1 and "200 ppi" in warns[0].message


def test_images_resolution_through_form_and_scale():
    def draw(c: Canvas) -> None:
        c.beginForm("photo")
        c.drawImage(cmyk_image(300), 0, 0, 72, 72)  # 300 ppi inside the form
        c.endForm()
        c.saveState()
        c.scale(4, 4)  # drawn 4 in wide -> 75 ppi
        c.doForm("photo")
        c.restoreState()

    errs = only(check_images_resolution(make_pdf(draw)), "images")
    assert len(errs) == 1 and "75 ppi" in errs[0].message


# ----------------------------------------------------------------------------- pdfx (negative)


def test_pdfx_plain_reportlab_output_is_not_pdfx():
    errs = only(check_pdfx(good_pdf(), "PDF/X-1a:2003"), "pdfx")
    text = messages(errs)
    assert "no PDF/X output intent" in text
    assert "GTS_PDFXVersion" in text
    with pytest.raises(ValueError):
        check_pdfx(good_pdf(), "PDF/X-3")


def test_pdfx_link_annotation_in_print_area():
    def draw(c: Canvas) -> None:
        c.linkURL("https://get-help.stopitnow.org.uk", (10, 10, 100, 30))

    errs = only(check_pdfx(make_pdf(draw), "PDF/X-1a:2003"), "pdfx")
    assert any("annotation" in f.message and f.page == 1 for f in errs)


# ----------------------------------------------------------------------------- the words of a hint

CODE_WORDS = re.compile(r"\w\(\)|\w\.\w+\(|canvas|posters\.\w|TTFont|initialFontName")


def test_hints_are_in_the_words_of_the_people_who_read_them():
    """A print team reads these hints: no function, module or library names."""
    def rgb(c: Canvas) -> None:
        c.setFillColorRGB(1, 0, 0)
        c.rect(10 * mm, 10 * mm, 20 * mm, 20 * mm, fill=1, stroke=0)

    broken = [
        make_pdf(trim_box=False, bleed_box=False),
        make_pdf(rgb),
        make_pdf(font=None, draw=lambda c: (c.setFont("Helvetica", 12), c.drawString(20 * mm, 20 * mm, "base 14"))),
        make_pdf(trim=(90, 150)),
    ]
    checks = [check_fonts, check_colour_print, check_images_resolution, lambda pdf: check_boxes(pdf, TRIM, BLEED),
              lambda pdf: check_pdfx(pdf, "PDF/X-1a:2003"), lambda pdf: check_pdfx(pdf, "PDF/X-4")]
    hints = [f.hint for pdf in broken for check in checks for f in check(pdf)]
    assert len(hints) > 10 and all(hints)
    assert [h for h in hints if CODE_WORDS.search(h)] == []
