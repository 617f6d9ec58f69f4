"""Make assets/images/texture.jpg: the project's own background texture (no
photograph, no person), for the image example layout.

A calm dark blue field, lighter towards the top right, crossed by soft
diagonal lines. Saved as a CMYK JPEG, as a print designer would supply it
(made CMYK by the project's stated default conversion), so print files carry
it unchanged. Deterministic: the same bytes every run.

    python tools/make_texture.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

# A4 plus 3 mm bleed (216 x 303 mm) at 9 px per mm (229 ppi): the shape of the
# page with its bleed, so it fills it uncropped, and enough for the 224 ppi check
SIZE = (1944, 2727)
OUT = Path(__file__).resolve().parents[1] / "assets" / "images" / "texture.jpg"


def field() -> Image.Image:
    w, h = 96, 135  # a small smooth field, scaled up
    im = Image.new("RGB", (w, h))
    px = im.load()
    for y in range(h):
        for x in range(w):
            d = math.hypot(x - w * 0.85, y - h * 0.1) / math.hypot(w, h)
            glow = max(0.0, 1.0 - d * 1.6)
            wave = 0.5 + 0.5 * math.sin(x * 0.13 + y * 0.07)
            t = 0.55 * glow + 0.12 * wave
            px[x, y] = (round(14 + 30 * t), round(28 + 48 * t), round(70 + 80 * t))
    return im.resize(SIZE, Image.Resampling.BICUBIC)


def lines(im: Image.Image) -> Image.Image:
    overlay = Image.new("RGB", SIZE, (0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    step = 36
    for k in range(-SIZE[1], SIZE[0], step):
        draw.line([(k, 0), (k + SIZE[1], SIZE[1])], fill=(9, 14, 24), width=4)
    overlay = overlay.filter(ImageFilter.GaussianBlur(2))
    return _add(im, overlay)


def _add(base: Image.Image, overlay: Image.Image) -> Image.Image:
    from PIL import ImageChops

    return ImageChops.add(base, overlay)


def main() -> None:
    from posters.inputs.images import gcr_cmyk

    im = gcr_cmyk(lines(field()))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    im.save(OUT, "JPEG", quality=80, optimize=True, dpi=(229, 229))
    print(f"{OUT.relative_to(OUT.parents[2])}: {im.width} x {im.height} px, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
