"""Opening raster files (partner logos and photographs) one safe way.

Only the formats the caller names are tried, so Pillow never guesses a format
from the content or hands a file to an outside program (EPS goes through
Ghostscript); the pixel count is checked before any pixel is decoded, and
Pillow's decompression-bomb warning is an error. Deep greys are scaled to
8 bits rather than clipped: Pillow's own conversion turns every 16-bit grey
above 255 white. Each caller words the refusals for its own users.
"""

from __future__ import annotations

import io
import warnings


class TooManyPixels(Exception):
    def __init__(self, width: int, height: int):
        super().__init__(f"{width} x {height} pixels")
        self.width, self.height = width, height


class Bomb(Exception):
    """Pillow's decompression-bomb check refused the file."""


def open_raster(raw: bytes, formats, max_pixels: int):
    """The image decoded, or TooManyPixels / Bomb; any other failure is Pillow's own exception."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(raw), formats=list(formats))
            if im.width * im.height > max_pixels:
                raise TooManyPixels(im.width, im.height)
            im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Bomb() from None
    return im


def eight_bit(im):
    """16-bit, 32-bit and float greys scaled to 8-bit L; other modes unchanged."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        im = im.convert("I")
        return im.point(lambda v: v * (255 / 65535)).convert("L")
    if im.mode == "I":
        hi = max(im.getextrema()[1], 1)
        return im.point(lambda v: v * (255 / (65535 if hi <= 65535 else hi))).convert("L")
    if im.mode == "F":
        lo, hi = im.getextrema()
        scale = 255.0 if hi <= 1.0 else (255.0 / hi if hi > 255 else 1.0)
        return im.point(lambda v: v * scale).convert("L")
    return im
