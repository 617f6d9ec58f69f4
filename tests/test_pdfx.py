"""Tests for posters.render.pdfx: PDF/X-1a and PDF/X-4 post-processing of ReportLab output."""

from __future__ import annotations

import io
import struct
from functools import lru_cache
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from posters.render.pdfx import (
    DEFAULT_DATE,
    PdfxError,
    derive_doc_id,
    icc_is_cmyk,
    make_pdfx1a,
    make_pdfx4,
)
from posters.fonts import font_file
from posters.verify.pdf import (
    check_boxes,
    check_colour_print,
    check_fonts,
    check_images_resolution,
    check_pdfx,
)

FONT_FILE = str(font_file("regular"))  # from the installed font package, never a machine path
FONT = "PdfxTestSans"
TRIM = (100.0, 150.0)
BLEED = 3.0
X1A = "PDF/X-1a:2003"
X4 = "PDF/X-4"
SRGB = Path(pikepdf.__file__).parent / "pdfa" / "data" / "sRGB.icc"

pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))


def reportlab_pdf(*, invariant: int = 1, trim_box: bool = True) -> bytes:
    b = BLEED * mm
    w, h = TRIM[0] * mm, TRIM[1] * mm
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w + 2 * b, h + 2 * b), invariant=invariant, initialFontName=FONT)
    if trim_box:
        c.setTrimBox((b, b, b + w, b + h))
    c.setBleedBox((0, 0, w + 2 * b, h + 2 * b))
    c.setFillColorCMYK(0, 0.8, 0.9, 0)
    c.rect(0, 0, w + 2 * b, 40 * mm, fill=1, stroke=0)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFillOverprint(True)  # 100 % K type overprints, as the build sets it
    c.setFont(FONT, 24)
    c.drawString(15 * mm, 60 * mm, "Stop it Now! 0808 1000 900")
    c.drawImage(ImageReader(Image.new("CMYK", (300, 300), (0, 0, 255, 0))),
                60 * mm, 80 * mm, 25.4 * mm, 25.4 * mm)
    c.showPage()
    c.save()
    return buf.getvalue()


@lru_cache(maxsize=None)
def source() -> bytes:
    return reportlab_pdf()


@lru_cache(maxsize=None)
def x1a() -> bytes:
    return make_pdfx1a(source(), title="Stop it Now! poster", doc_id=derive_doc_id(source()))


def fake_cmyk_icc() -> bytes:
    """A minimal ICC v4 header for a CMYK output ('prtr') profile with an empty tag table."""
    header = bytearray(128)
    struct.pack_into(">I", header, 0, 132)  # profile size
    header[8:12] = b"\x04\x30\x00\x00"  # version 4.3
    header[12:16] = b"prtr"
    header[16:20] = b"CMYK"
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header) + b"\x00\x00\x00\x00"


def render_ok(data: bytes) -> None:
    """pdfium opens and renders the page, and the drawing is still there."""
    doc = pdfium.PdfDocument(data)
    try:
        assert len(doc) == 1
        image = doc[0].render(scale=1).to_pil().convert("RGB")
        width, height = image.size
        assert abs(width - (TRIM[0] + 2 * BLEED) * mm) <= 1
        assert abs(height - (TRIM[1] + 2 * BLEED) * mm) <= 1
        r, g, b = image.getpixel((width // 2, height - 10))  # inside the orange band
        assert r > 200 and b < 100 and g < r
        assert image.convert("L").getextrema()[0] < 64  # the black text survived
    finally:
        doc.close()


# ----------------------------------------------------------------------------- X-1a


def test_pdfx1a_passes_check_pdfx_and_content_checks():
    data = x1a()
    assert data.startswith(b"%PDF-1.4\n")
    assert check_pdfx(data, X1A) == []
    assert check_fonts(data) == []
    assert check_boxes(data, TRIM, BLEED) == []
    assert check_colour_print(data) == []
    assert check_images_resolution(data) == []


def test_pdfx1a_is_byte_identical_run_to_run():
    src = source()
    doc_id = derive_doc_id(src)
    first = make_pdfx1a(src, title="Stop it Now! poster", doc_id=doc_id)
    second = make_pdfx1a(reportlab_pdf(), title="Stop it Now! poster", doc_id=doc_id)
    assert first == second
    # a different ID gives a different file
    assert make_pdfx1a(src, title="Stop it Now! poster", doc_id=b"\x01" * 16) != first


def test_pdfx1a_structure():
    data = x1a()
    doc_id = derive_doc_id(source())
    assert b"/ObjStm" not in data and b"/XRefStm" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.pdf_version == "1.4"
        assert [bytes(x) for x in pdf.trailer.ID] == [doc_id, doc_id]
        info = pdf.trailer.Info
        assert str(info.Title) == "Stop it Now! poster"
        assert str(info.GTS_PDFXVersion) == X1A
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.CreationDate) == str(info.ModDate) == DEFAULT_DATE
        assert str(info.Producer) == str(info.Creator) == "posters"
        assert "/Author" not in info  # ReportLab's "anonymous" placeholder is dropped
        (intent,) = list(pdf.Root.OutputIntents)
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.OutputCondition) == "Coated FOGRA39 (ISO 12647-2:2004)"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "/DestOutputProfile" not in intent
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Stop it Now! poster"
        assert meta["pdfx:GTS_PDFXVersion"] == X1A
        assert meta["xmp:CreateDate"] == "2026-01-01T00:00:00Z"
        assert meta["pdf:Trapped"] == "False"


def test_pdfx1a_renders_with_pdfium():
    render_ok(x1a())


def test_pdfx1a_accepts_non_invariant_input_and_custom_date():
    data = make_pdfx1a(
        reportlab_pdf(invariant=0), title="Poster", doc_id=b"\x02" * 16,
        date="D:20250102030405+01'00'",
    )
    assert check_pdfx(data, X1A) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata()["xmp:ModifyDate"] == "2025-01-02T03:04:05+01:00"


def test_pdfx1a_refuses_bad_input():
    with pytest.raises(PdfxError, match="TrimBox"):
        make_pdfx1a(reportlab_pdf(trim_box=False), title="T", doc_id=b"\x00" * 16)
    with pytest.raises(PdfxError, match="16 bytes"):
        make_pdfx1a(source(), title="T", doc_id=b"short")
    with pytest.raises(PdfxError, match="date"):
        make_pdfx1a(source(), title="T", doc_id=b"\x00" * 16, date="2026-01-01")
    with pytest.raises(PdfxError, match="title"):
        make_pdfx1a(source(), title=" ", doc_id=b"\x00" * 16)
    with pytest.raises(PdfxError, match="not a readable PDF"):
        make_pdfx1a(b"not a pdf", title="T", doc_id=b"\x00" * 16)


# ----------------------------------------------------------------------------- check_pdfx failures


def _mutate(data: bytes, fn, **save_kw) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fn(pdf)
        out = io.BytesIO()
        pdf.save(out, **save_kw)
    return out.getvalue()


def test_check_pdfx_missing_output_intent():
    broken = _mutate(x1a(), lambda pdf: pdf.Root.__delattr__("OutputIntents"))
    errs = check_pdfx(broken, X1A)
    assert len(errs) == 1 and "no PDF/X output intent" in errs[0].message


def test_check_pdfx_wrong_version():
    broken = _mutate(x1a(), lambda pdf: None, force_version="1.7")
    errs = check_pdfx(broken, X1A)
    assert len(errs) == 1 and "PDF 1.7" in errs[0].message


def test_check_pdfx_wrong_declaration_trapped_and_condition():
    def breakit(pdf: pikepdf.Pdf) -> None:
        pdf.trailer.Info.GTS_PDFXVersion = pikepdf.String("PDF/X-1:2001")
        del pdf.trailer.Info.Trapped
        pdf.Root.OutputIntents[0].OutputConditionIdentifier = pikepdf.String("GRACoL")

    text = "\n".join(f.message for f in check_pdfx(_mutate(x1a(), breakit), X1A))
    assert "PDF/X-1:2001" in text and "Trapped" in text and "GRACoL" in text


def test_check_pdfx_x1a_file_is_not_x4():
    text = "\n".join(f.message for f in check_pdfx(x1a(), X4))
    assert "PDF 1.4" in text and "DestOutputProfile" in text and "PDF/X-4" in text


# ----------------------------------------------------------------------------- X-4 and ICC


def test_icc_is_cmyk():
    assert icc_is_cmyk(fake_cmyk_icc())
    assert not icc_is_cmyk(SRGB.read_bytes())
    assert not icc_is_cmyk(b"CMYK" * 40)
    assert not icc_is_cmyk(b"")


def test_pdfx4_passes_and_is_deterministic():
    kw = dict(title="Poster", doc_id=derive_doc_id(source()), icc_profile=fake_cmyk_icc(),
              condition_identifier="FOGRA51", output_condition="PSO Coated v3")
    data = make_pdfx4(source(), **kw)
    assert data == make_pdfx4(source(), **kw)
    assert data.startswith(b"%PDF-1.6\n")
    assert check_pdfx(data, X4) == []
    assert check_pdfx(data, X4, condition_identifier="FOGRA51") == []
    assert check_pdfx(data, X4, condition_identifier="FOGRA39") != []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata().pdfx_status == X4
        intent = pdf.Root.OutputIntents[0]
        assert int(intent.DestOutputProfile.N) == 4
        assert intent.DestOutputProfile.read_bytes() == fake_cmyk_icc()
        assert str(intent.OutputCondition) == "PSO Coated v3"
    render_ok(data)


def test_pdfx4_refuses_rgb_profile():
    with pytest.raises(PdfxError, match="not CMYK"):
        make_pdfx4(source(), title="Poster", doc_id=b"\x00" * 16,
                   icc_profile=SRGB.read_bytes(), condition_identifier="FOGRA51")
    with pytest.raises(PdfxError, match="not an ICC profile"):
        make_pdfx4(source(), title="Poster", doc_id=b"\x00" * 16,
                   icc_profile=b"nonsense", condition_identifier="FOGRA51")


def test_check_pdfx_x4_without_xmp():
    data = make_pdfx4(source(), title="Poster", doc_id=b"\x03" * 16,
                      icc_profile=fake_cmyk_icc(), condition_identifier="FOGRA51")
    broken = _mutate(data, lambda pdf: pdf.Root.__delattr__("Metadata"))
    errs = check_pdfx(broken, X4)
    assert len(errs) == 1 and "no XMP metadata" in errs[0].message
