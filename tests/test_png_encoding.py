"""The screen PNGs are written by the tool's own small encoder: every pixel must survive."""

from __future__ import annotations

import io

from PIL import Image, ImageChops, ImageDraw

from posters.render.png import png_bytes


def test_png_round_trip_keeps_every_pixel():
    im = Image.new("RGB", (301, 157), (250, 240, 10))
    d = ImageDraw.Draw(im)
    d.rectangle((10, 10, 120, 90), fill=(0, 0, 0))
    d.ellipse((100, 40, 290, 150), fill=(12, 200, 255), outline=(255, 0, 128))
    d.text((20, 120), "0808 1000 900", fill=(255, 255, 255))
    for x in range(0, 301, 7):  # values that wrap around in the row differences
        im.putpixel((x, 0), (255, 0, 255))
        im.putpixel((x, 1), (0, 255, 1))
    back = Image.open(io.BytesIO(png_bytes(im)))
    back.load()
    assert back.format == "PNG" and back.mode == "RGB" and back.size == im.size
    assert ImageChops.difference(back, im).getbbox() is None
