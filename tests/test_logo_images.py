"""Raster logos as the page needs them: opened only as PNG or JPEG, upright,
and with 16-bit, float and grey-with-alpha pixels converted, not clipped."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from posters.inputs.logos import LogoError, LogoStore
from posters.inputs import logos as _logos


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def load(tmp_path, data: bytes, name: str = "logo.png"):
    path = tmp_path / name
    path.write_bytes(data)
    return LogoStore().get(path)


def test_a_16_bit_grey_png_keeps_its_greys(tmp_path):
    # Pillow's own conversion turns every 16-bit grey above 255 white
    logo = load(tmp_path, _png(Image.new("I;16", (40, 20), 32768)))
    assert logo.image.mode == "L"
    assert logo.image.getpixel((0, 0)) == pytest.approx(128, abs=1)


def test_grey_with_alpha_is_flattened_on_white(tmp_path):
    im = Image.new("LA", (40, 20), (0, 255))
    im.putpixel((0, 0), (0, 0))  # one transparent pixel
    logo = load(tmp_path, _png(im))
    assert logo.image.mode == "RGB"
    assert logo.image.getpixel((1, 1)) == (0, 0, 0)
    assert logo.image.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("value, grey", [(0.5, 127), (1.0, 255), (200.0, 200), (1000.0, 255)])
def test_float_pixels_are_scaled_to_8_bits(value, grey):
    im = Image.new("F", (4, 4), value)
    assert _logos.flat_image(im).getpixel((0, 0)) == pytest.approx(grey, abs=1)


def test_exif_orientation_is_applied(tmp_path):
    im = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    logo = load(tmp_path, buf.getvalue(), "logo.jpg")
    assert (logo.width, logo.height) == (20, 40)


def test_a_format_pillow_could_sniff_is_refused_by_content(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "BMP")
    with pytest.raises(LogoError, match="only PNG and JPEG are read .this looks like a BMP file"):
        load(tmp_path, buf.getvalue())
