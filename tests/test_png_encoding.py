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


def _picture() -> Image.Image:
    im = Image.new("RGB", (211, 140), (255, 255, 255))
    d = ImageDraw.Draw(im)
    for y in range(0, 140, 9):
        d.line((0, y, 210, 139 - y), fill=(y, 255 - y, (7 * y) % 256), width=3)
    return im


def test_the_top_rows_of_our_png_are_read_exactly(tmp_path):
    from posters.render.png import read_top

    im = _picture()
    path = tmp_path / "sheet.png"
    path.write_bytes(png_bytes(im))
    for rows in (1, 57, 140, 500):
        top = read_top(path, rows)
        assert top.mode == "RGB" and top.size == (211, min(rows, 140))
        assert ImageChops.difference(top, im.crop((0, 0, 211, min(rows, 140)))).getbbox() is None


def test_any_other_png_is_read_whole_and_cut(tmp_path):
    from posters.render.png import _top_rows, read_top

    im = _picture()
    for mode in ("RGB", "RGBA", "P"):
        path = tmp_path / f"other-{mode}.png"
        im.convert(mode).save(path, optimize=True)  # Pillow filters its rows: not ours
        if mode == "RGB":
            assert _top_rows(path.read_bytes(), 40) is None
        top = read_top(path, 40)
        assert top.size == (211, 40)
        assert ImageChops.difference(top, im.convert(mode).convert("RGB").crop((0, 0, 211, 40))).getbbox() is None
    cut = png_bytes(im)[:-200]  # a file cut short: the rows it lacks are not made up
    assert _top_rows(cut, 140) is None
