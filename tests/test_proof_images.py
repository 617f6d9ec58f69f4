"""Photographs on proof sheets at the sheet's resolution (publish/proof_images.py): the
replacement must show the colours the print file shows, whatever convention the JPEG
and its /Decode follow."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from posters.publish import proof_images

BANDS = [(0, 0, 0, 0), (255, 0, 0, 0), (0, 200, 255, 0), (0, 0, 0, 255), (40, 120, 10, 60)]  # stored CMYK values as Pillow holds them
W, H = 1000, 60  # longer than MAX_SIDE, so it is replaced


def _jpeg(adobe: bool) -> bytes:
    im = Image.new("CMYK", (W, H))
    step = W // len(BANDS)
    for i, ink in enumerate(BANDS):
        im.paste(ink, (i * step, 0, (i + 1) * step, H))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    if not adobe:
        data = _without_app14(data)
        assert b"Adobe" not in data
    return data


def _without_app14(data: bytes) -> bytes:
    """The JPEG with its Adobe (APP14) segment taken out."""
    out, i = bytearray(data[:2]), 2
    while i < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            break
        if marker != 0xEE:
            out += data[i : i + 2 + length]
        i += 2 + length
    return bytes(out)


def _pdf(jpeg: bytes, decode: list | None) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(W, H))
    image = pikepdf.Stream(pdf, jpeg)
    image.stream_dict = pikepdf.Dictionary(Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=W, Height=H, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
    if decode is not None:
        image.Decode = pikepdf.Array(decode)
    page = pdf.pages[0]
    page.add_resource(image, pikepdf.Name.XObject, pikepdf.Name("/Im0"))
    page.contents_add(pdf.make_stream(f"q {W} 0 0 {H} 0 0 cm /Im0 Do Q".encode()))
    return pdf


def _band_colours(pdf: pikepdf.Pdf) -> list[tuple[int, int, int]]:
    buf = io.BytesIO()
    pdf.save(buf)
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        im = doc[0].render(scale=1).to_pil().convert("RGB")
    finally:
        doc.close()
    step = W // len(BANDS)
    return [im.getpixel((i * step + step // 2, H // 2)) for i in range(len(BANDS))]


@pytest.mark.parametrize("adobe", [True, False], ids=["adobe-marker", "no-marker"])
@pytest.mark.parametrize("decode", [None, [1, 0, 1, 0, 1, 0, 1, 0]], ids=["no-decode", "inverted-decode"])
def test_the_reduced_photograph_shows_the_same_colours(adobe, decode):
    pdf = _pdf(_jpeg(adobe), decode)
    before = _band_colours(pdf)
    assert len(set(before)) == len(BANDS)  # the bands are told apart
    assert proof_images.reduce_photographs(pdf, pdf.pages[0]) == 1
    image = pdf.pages[0].Resources.XObject["/Im0"]
    assert max(int(image.Width), int(image.Height)) == proof_images.MAX_SIDE and "/Decode" not in image
    after = _band_colours(pdf)
    for b, a in zip(before, after):
        assert max(abs(x - y) for x, y in zip(b, a)) <= 3, (before, after)


@pytest.mark.parametrize("decode", [[0, 1, 0, 1, 0, 1, 0, 1], [1, 0, 1, 0], ["/A", 0, 1, 0, 1, 0, 1, 0], [0.5, 0, 1, 0, 1, 0, 1, 0]])
def test_a_decode_it_does_not_know_leaves_the_picture_alone(decode):
    pdf = _pdf(_jpeg(True), [pikepdf.Name(v) if isinstance(v, str) else v for v in decode])
    assert proof_images.reduce_photographs(pdf, pdf.pages[0]) == 0
    assert int(pdf.pages[0].Resources.XObject["/Im0"].Width) == W
