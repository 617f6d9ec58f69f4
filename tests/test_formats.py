"""Every format a force needs: leaflets, cards, large format and digital.

Checks meaning on the finished files: PNG pixel sizes, clickable links read
back from the PDF and placed over the text they belong to, page boxes of
two-sided items, and the QR decoded from every new format.
"""

from __future__ import annotations

import io
import json

import pikepdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from posters import fonts
from posters.batch import Filters, Job, jobs_for, make_output, run_batch
from posters.errors import InputError
from posters.inputs.layout import load_layout
from posters.elements.text import SetText
from posters.render.png import rasterise
from posters.manifest import write_manifest
from posters.units import PT_PER_MM

PRINT_FORMATS = ["a5-flyer", "dl-leaflet", "wallet-card", "6-sheet"]
SCREEN_FORMATS = {
    "social-square": (1080, 1080),
    "social-landscape": (1200, 675),
    "social-story": (1080, 1920),
    "digital-screen": (1920, 1080),
    "social-portrait": (1080, 1350),
    "link-preview": (1200, 630),
}
TWO_SIDED = {"dl-leaflet": ["front", "back"], "wallet-card": ["front", "back"]}
EDITION = "cheshire"


@pytest.fixture(scope="module")
def made(project, logos):
    """One output per new format (Cheshire, English, self), and its bilingual
    North Wales twin for the screen formats."""
    fonts.register_all()
    out = {}
    for fmt in PRINT_FORMATS + list(SCREEN_FORMATS):
        out[fmt] = make_output(project, logos, Job(EDITION, fmt, "en", "self"), verify=False)
    for fmt in SCREEN_FORMATS:
        out[fmt, "cy-en"] = make_output(project, logos, Job("north-wales", fmt, "cy-en", "family"), verify=False)
    return out


def pdf_of(m) -> bytes:
    return next(data for name, data in m.files.items() if name.endswith(".pdf"))


def decode(image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) if r.valid]


def test_every_format_ships(project):
    formats = {lay.format for lay in project.layouts}
    assert set(PRINT_FORMATS) | set(SCREEN_FORMATS) | {"a4-poster", "a3-poster", "a2-poster", "a1-poster"} <= formats
    for fmt, px in SCREEN_FORMATS.items():
        lay = project.layout(fmt)
        assert lay.profile == "screen" and lay.size_px == px and lay.bleed_mm == 0 and not lay.crop_marks
    for lay in project.layouts:
        assert set(lay.messages) == set(project.campaign.messages), lay.file


# --- digital ------------------------------------------------------------------
@pytest.mark.parametrize("key", [*SCREEN_FORMATS, *((f, "cy-en") for f in SCREEN_FORMATS)], ids=str)
def test_png_at_exact_pixel_size_and_qr_scans(made, key):
    fmt = key if isinstance(key, str) else key[0]
    m = made[key]
    pngs = {name: data for name, data in m.files.items() if name.endswith(".png")}
    assert list(pngs) == [f"{m.plan.stem}.png"]
    image = Image.open(io.BytesIO(pngs[f"{m.plan.stem}.png"]))
    assert image.size == SCREEN_FORMATS[fmt]
    # the published image itself scans, at its own pixel size
    assert decode(image.convert("L")) == [m.plan.payload]


def annotations(pdf: bytes) -> list[tuple[str, list[float]]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = []
        for page in doc.pages:
            for a in page.get("/Annots", []):
                if a.get("/Subtype") == "/Link" and "/A" in a and a.A.get("/S") == "/URI":
                    out.append((str(a.A.URI), [float(v) for v in a.Rect]))
        return out


def text_rect(pdf: bytes, needle: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points of the first match of `needle`."""
    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[0].get_textpage()
        searcher = tp.search(needle, match_case=True)
        hit = searcher.get_next()
        assert hit, f"{needle!r} not found in the page text"
        start, count = hit
        boxes = [tp.get_charbox(i) for i in range(start, start + count)]
        return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
    finally:
        doc.close()


def covers(rect, inner, slack=1.0) -> bool:
    return rect[0] <= inner[0] + slack and rect[1] <= inner[1] + slack and rect[2] >= inner[2] - slack and rect[3] >= inner[3] - slack


@pytest.mark.parametrize("fmt", SCREEN_FORMATS)
def test_screen_pdf_has_working_links_over_their_text(made, project, fmt):
    m = made[fmt]
    pdf = pdf_of(m)
    links = annotations(pdf)
    uris = [u for u, _ in links]
    assert project.campaign.helpline_tel in uris
    assert uris.count(m.plan.payload) == 2  # the QR code and the printed address
    assert all(u.startswith(("tel:+44", "https://get-help.stopitnow.org.uk/")) for u in uris)

    tel_rect = next(r for u, r in links if u.startswith("tel:"))
    number = text_rect(pdf, project.campaign.helpline_display)
    assert covers(tel_rect, number), (tel_rect, number)
    # tight to the number, not the whole box it was fitted into
    assert tel_rect[3] - tel_rect[1] < 1.6 * (number[3] - number[1])

    shown = text_rect(pdf, "get-help.stopitnow.org.uk")
    url_rects = [r for u, r in links if u == m.plan.payload]
    assert any(covers(r, shown) for r in url_rects)
    qr = next(p for page in m.plan.pages for p in page.elements if p.kind == "qr")
    th = m.plan.layout.trim_mm[1]
    qr_rect = [qr.box.x * PT_PER_MM, (th - qr.box.bottom) * PT_PER_MM, qr.box.right * PT_PER_MM, (th - qr.box.y) * PT_PER_MM]
    assert any(all(abs(a - b) < 0.01 for a, b in zip(r, qr_rect)) for r in url_rects)


@pytest.mark.parametrize("fmt", SCREEN_FORMATS)
def test_screen_pdf_has_no_bleed_and_no_marks(made, fmt):
    m = made[fmt]
    lay = m.plan.layout
    with pikepdf.open(io.BytesIO(pdf_of(m))) as doc:
        for page in doc.pages:
            media = [float(v) for v in page.MediaBox]
            if "/TrimBox" in page:
                assert [float(v) for v in page.TrimBox] == media
            assert media[2] - media[0] == pytest.approx(lay.trim_mm[0] * PT_PER_MM, abs=0.01)
            assert media[3] - media[1] == pytest.approx(lay.trim_mm[1] * PT_PER_MM, abs=0.01)
            ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"k", "K"}, "screen PDFs are sRGB, not CMYK"


def test_screen_layout_pixels_and_trim(project, tmp_path):
    """trim_mm may be left out (1 px = 0.75 pt); if given, it must have the image's shape."""
    base = (
        'name = "t"\nformat = "t"\nprofile = "screen"\nsize_px = [1200, 628]\nplatforms = ["x"]\n{trim}'
        '[styles.s]\nsize_pt = 20\ncolour = "ink"\n[[pages]]\n[[pages.elements]]\ntype = "background"\ncolour = "paper"\n'
    )
    (tmp_path / "layouts").mkdir()
    good = tmp_path / "layouts" / "good.toml"
    good.write_text(base.format(trim=""), encoding="utf-8")
    lay = load_layout(good, tmp_path, project.campaign)
    assert lay.trim_mm == pytest.approx((1200 * 25.4 / 96, 628 * 25.4 / 96))
    assert lay.trim_mm[0] * PT_PER_MM == pytest.approx(900)  # 1 px = 0.75 pt

    bad = tmp_path / "layouts" / "bad.toml"
    bad.write_text(base.format(trim="trim_mm = [300, 170]\n"), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_layout(bad, tmp_path, project.campaign)
    (p,) = exc.value.problems
    assert p.file == "layouts/bad.toml" and p.key == "trim_mm"
    assert "not the shape of the 1200 x 628 px image" in p.message and "trim_mm = [300, 157]" in p.hint


def test_manifest_lists_pngs_with_their_pixel_size(root, project, tmp_path):
    jobs = jobs_for(project, Filters(["cumbria"], ["social-square"], [], ["self"]))
    results = run_batch(project, tmp_path, jobs, workers=1, verify=False)
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    write_manifest(tmp_path, project.campaign, results)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    png = next(f for f in manifest["files"] if f["file"] == "cumbria/social-square.self.en.png")
    assert png["type"] == "png" and png["size_px"] == [1080, 1080]
    import hashlib

    assert png["sha256"] == hashlib.sha256((tmp_path / png["file"]).read_bytes()).hexdigest()
    pdf = next(f for f in manifest["files"] if f["file"] == "cumbria/social-square.self.en.pdf")
    assert pdf["type"] == "pdf" and pdf["profile"] == "screen" and pdf["bleed_mm"] == 0


# --- print --------------------------------------------------------------------
@pytest.mark.parametrize("fmt", TWO_SIDED)
def test_two_sided_items_keep_one_trim(made, fmt):
    m = made[fmt]
    assert [p.name for p in m.plan.pages] == TWO_SIDED[fmt]
    g = m.plan.geometry
    tw, th = m.plan.layout.trim_mm
    with pikepdf.open(io.BytesIO(pdf_of(m))) as doc:
        assert len(doc.pages) == 2
        boxes = [tuple(tuple(float(v) for v in page[k]) for k in ("/MediaBox", "/BleedBox", "/TrimBox")) for page in doc.pages]
    assert boxes[0] == boxes[1]
    trim = boxes[0][2]
    assert trim[2] - trim[0] == pytest.approx(tw * PT_PER_MM, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(th * PT_PER_MM, abs=0.01)
    assert trim[0] == pytest.approx(g.trim_origin[0] * PT_PER_MM, abs=0.01)


def qr_page_and_crop(m):
    """The page holding the QR, and the crop (left, bottom, right, top in pt) around it."""
    g = m.plan.geometry
    mw, mh = (v * PT_PER_MM for v in g.media)
    ox, oy = g.trim_origin
    th = g.trim[1]
    for i, page in enumerate(m.plan.pages):
        for p in page.elements:
            if p.kind == "qr":
                margin = 3.0
                x0 = (ox + p.box.x - margin) * PT_PER_MM
                x1 = (ox + p.box.right + margin) * PT_PER_MM
                y0 = (oy + th - p.box.bottom - margin) * PT_PER_MM
                y1 = (oy + th - p.box.y + margin) * PT_PER_MM
                return i, (x0, y0, mw - x1, mh - y1), (x1 - x0)
    raise AssertionError("no QR code in the plan")


@pytest.mark.parametrize("fmt", PRINT_FORMATS)
def test_qr_decodes_from_every_print_format(project, made, fmt):
    m = made[fmt]
    page, crop, width_pt = qr_page_and_crop(m)
    image = rasterise(pdf_of(m), page, size_px=(400, 400), crop_pt=crop)
    assert decode(image.convert("L")) == [m.plan.payload]
    code = project.campaign.attribution.code(EDITION, fmt, m.plan.message, m.plan.lang)
    assert m.plan.payload == "https://get-help.stopitnow.org.uk/?s=" + code and len(code) == 5


@pytest.mark.parametrize("fmt", PRINT_FORMATS + list(SCREEN_FORMATS))
def test_text_sizes_respect_the_distance_floor(made, fmt):
    m = made[fmt]
    floor = m.plan.layout.min_text_pt
    sizes = [p.content.fitted.size for page in m.plan.pages for p in page.elements if isinstance(p.content, SetText)]
    assert sizes and min(sizes) >= floor - 1e-9
    assert floor >= 12


def test_wallet_card_helpline_is_the_largest_text(made):
    m = made["wallet-card"]
    placed = [p for page in m.plan.pages for p in page.elements if isinstance(p.content, SetText)]
    number = next(p for p in placed if p.kind == "helpline")
    assert all(number.content.fitted.size > p.content.fitted.size for p in placed if p is not number)
