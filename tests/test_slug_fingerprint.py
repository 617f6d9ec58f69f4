"""The slug of a one-up print PDF names the output and prints its artwork
fingerprint (the sha256 of the page as drawn, before the slug and metadata),
so a printed sheet can be tied to its approval."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image, ImageDraw, ImageFont

from posters.batch import Job, make_output
from posters.render.pdf import render_pdf
from posters.render.slug import BASELINE_MM, CLEAR_MM, SIZE_PT, WEIGHT, _width, slug_text
from posters.render.xmp_facts import read_facts
from posters.units import PT_PER_MM
from posters import fonts
from posters.verify.painted import _compare

DPI_SCALE = 12.0  # pixels a point: 5 pt type at 60 px per em


def _pdf(made) -> bytes:
    return next(data for name, data in made.files.items() if name.endswith(".pdf"))


@pytest.fixture(scope="module")
def card(project, logos):
    return make_output(project, logos, Job("north-wales", "wallet-card", "cy-en", "family"), verify=True)


def test_the_fingerprint_is_the_artwork_as_drawn(card, project):
    assert not [f for f in card.findings if f.severity == "error"]  # the slug passes every check of the file
    drawn = render_pdf(card.plan)  # the same plan drawn again, without slug or metadata
    assert card.artwork == hashlib.sha256(drawn).hexdigest()[:12]
    assert read_facts(_pdf(card))["artwork"] == card.artwork


def _slug_picture(pdf: bytes, page: int, plan):
    import pypdfium2 as pdfium

    g = plan.geometry
    doc = pdfium.PdfDocument(pdf)
    p = doc[page]
    # the trim's width, less 1 mm each side: clear of the crop marks on the trim lines
    region = ((g.margin + 1) * PT_PER_MM, 0.0, (g.margin + g.trim_w - 1) * PT_PER_MM, (BASELINE_MM + 3) * PT_PER_MM)
    pl, pb, pr, pt = p.get_bbox()
    img = p.render(scale=DPI_SCALE, crop=(region[0] - pl, region[1] - pb, pr - region[2], pt - region[3])).to_pil().convert("RGB")
    doc.close()
    return img, region


def _expected(text: str, region, size_px):
    size = min(SIZE_PT, SIZE_PT * (size_px[0] / DPI_SCALE + 2 * PT_PER_MM - 2 * CLEAR_MM * PT_PER_MM) / _width(text, SIZE_PT))
    mask = Image.new("L", size_px, 0)
    x = ((CLEAR_MM - 1) * PT_PER_MM) * DPI_SCALE
    y = (region[3] - BASELINE_MM * PT_PER_MM) * DPI_SCALE
    # glyph by glyph at the font's own advances, as the slug draws them: no kerning, no ligatures
    font = ImageFont.truetype(str(fonts.font_file(WEIGHT)), round(size * DPI_SCALE), layout_engine=ImageFont.Layout.BASIC)
    draw = ImageDraw.Draw(mask)
    for i, ch in enumerate(text):
        draw.text((x + _width(text[:i], size) * DPI_SCALE, y), ch, fill=255, font=font, anchor="ls")
    return mask


def test_the_slug_shows_the_fingerprint_and_no_other(card, project):
    pdf = _pdf(card)
    base = slug_text(card.plan, card.artwork, project.campaign.version)
    for page, side in enumerate(("front", "back")):
        img, region = _slug_picture(pdf, page, card.plan)
        text = f"{base} | {side} (1 of 2)".replace("1 of 2", f"{page + 1} of 2")
        assert _compare(img, _expected(text, region, img.size)) == ""
        wrong = "0" * 12 if card.artwork != "0" * 12 else "1" * 12
        assert _compare(img, _expected(text.replace(card.artwork, wrong), region, img.size)) != ""


def test_slug_coordinates_are_plain_pdf_numbers():
    from posters.render.slug import _num

    assert [_num(v) for v in (12, -7.0, 2.5, 1234567.25, -0.125)] == ["12", "-7", "2.5", "1234567.25", "-0.12"]
