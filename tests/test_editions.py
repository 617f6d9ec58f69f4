"""Every shipped output, read back for meaning: the QR decodes to the expected
payload, the helpline is in the text exactly, fonts are embedded, the page
boxes are right and print files use no RGB.

The outputs are built once per test run by the real batch code.
"""

from __future__ import annotations

import re

import pikepdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from posters.batch import Filters, jobs_for, output_name, run_batch
from posters.inputs.project import load_project
from posters.plan.geometry import PageGeometry
from posters.units import PT_PER_MM

from conftest import ROOT

PROJECT = load_project(ROOT)
JOBS = jobs_for(PROJECT, Filters())


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    results = run_batch(PROJECT, out, JOBS, workers=2, verify=True)
    failed = [(r.job.label, [p.format() for p in r.problems]) for r in results if not r.ok]
    assert not failed, failed
    return out


def test_all_seven_editions_and_five_print_layouts_are_built():
    editions = {j.edition for j in JOBS}
    assert editions == {"north-wales", "lancashire", "merseyside", "greater-manchester", "cheshire", "cumbria", "regional"}
    print_formats = {lay.format for lay in PROJECT.layouts if lay.profile == "print"}
    assert {"a4-poster", "a3-poster", "a2-poster", "a1-poster"} <= print_formats
    assert len(print_formats) >= 5


def _pdf(built, job):
    return built / job.edition / output_name(job)


def _page_text(pdf_path, index=0):
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return doc[index].get_textpage().get_text_range()
    finally:
        doc.close()


def _decode_qr(pdf_path):
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        texts = []
        for page in doc:
            w, _ = page.get_size()
            image = page.render(scale=1400 / w).to_pil()
            texts += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        return texts
    finally:
        doc.close()


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.label)
def test_qr_decodes_to_the_editions_payload(built, job):
    expected = PROJECT.campaign.qr_payload(job.edition, job.format, job.message, job.lang)
    assert expected.startswith("https://get-help.stopitnow.org.uk/?")
    assert expected.removeprefix("https://get-help.stopitnow.org.uk/?s=") == PROJECT.campaign.attribution.code(job.edition, job.format, job.message, job.lang)
    decoded = _decode_qr(_pdf(built, job))
    assert decoded, "no QR code found on the page"
    assert set(decoded) == {expected}


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.label)
def test_helpline_is_in_the_text_exactly(built, job):
    path = _pdf(built, job)
    doc = pdfium.PdfDocument(str(path))
    text = " ".join(p.get_textpage().get_text_range() for p in doc)
    doc.close()
    assert "0808 1000 900" in text
    # no other phone-number-like run of digits anywhere on the page
    runs = re.findall(r"\d[\d ]{8,}\d", text)
    assert all(re.sub(r"\D", "", r) == "08081000900" for r in runs), runs


def _fonts(resources, seen):
    fonts = resources.get("/Font") if resources is not None else None
    for _, f in (fonts.items() if fonts is not None else []):
        yield f
    xobjects = resources.get("/XObject") if resources is not None else None
    for _, x in (xobjects.items() if xobjects is not None else []):
        if x.get("/Subtype") == "/Form" and x.objgen not in seen:
            seen.add(x.objgen)
            yield from _fonts(x.get("/Resources"), seen)


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.label)
def test_fonts_embedded_boxes_and_colour(built, job):
    layout = PROJECT.layout(job.format)
    with pikepdf.open(_pdf(built, job)) as pdf:
        for page in pdf.pages:
            fonts = list(_fonts(page.obj.get("/Resources"), set()))
            assert fonts, "page has no fonts"
            for f in fonts:
                base = str(f.BaseFont)
                assert re.match(r"^/[A-Z]{6}\+", base), f"font {base} is not subset"
                desc = f.get("/FontDescriptor")
                if desc is None and "/DescendantFonts" in f:
                    desc = f.DescendantFonts[0].FontDescriptor
                assert desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"font {base} not embedded"
                assert "Helvetica" not in base and "Times" not in base and "Courier" not in base
            g = PageGeometry.of(layout)
            media = [float(v) for v in page.obj.MediaBox]
            assert media[2] - media[0] == pytest.approx(g.media[0] * PT_PER_MM, abs=0.01)
            assert media[3] - media[1] == pytest.approx(g.media[1] * PT_PER_MM, abs=0.01)
            if layout.profile == "print":
                trim = [float(v) for v in page.obj.TrimBox]
                bleed = [float(v) for v in page.obj.BleedBox]
                assert trim[2] - trim[0] == pytest.approx(layout.trim_mm[0] * PT_PER_MM, abs=0.01)
                assert trim[3] - trim[1] == pytest.approx(layout.trim_mm[1] * PT_PER_MM, abs=0.01)
                b = layout.bleed_mm * PT_PER_MM
                assert bleed == pytest.approx([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b], abs=0.01)
                assert media[0] <= bleed[0] and media[2] >= bleed[2]
                assert "/Rotate" not in page.obj or int(page.obj.Rotate) == 0
                ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
                assert not ops & {"rg", "RG"}, "RGB colour operator in a print PDF"
