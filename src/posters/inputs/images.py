"""Photographs and textures for the `image` element: opened once per
process, refused when they are not what a designer meant to place.

Only JPEG, PNG and TIFF are read (by their content, not their name), under a
pixel limit (a decompression bomb is refused); the camera's orientation
(EXIF) is applied, so a photo stands the way it was taken. A CMYK JPEG keeps
its own bytes, so print files carry it unchanged.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from posters.inputs.raster import Bomb, TooManyPixels, eight_bit, open_raster

MAX_IMAGE_BYTES = 60_000_000
MAX_PIXELS = 80_000_000
FORMATS = ("JPEG", "PNG", "TIFF")


class ImageFileError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Photo:
    path: Path
    image: object  # PIL image: RGB, CMYK or L, no alpha, upright
    format: str  # JPEG, PNG or TIFF
    raw: bytes | None  # the file's own bytes, for a CMYK JPEG passed through unchanged

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    @property
    def aspect(self) -> float:
        return self.image.width / self.image.height


def open_photo(path: Path) -> Photo:
    st = path.stat()
    return _open(path, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _open(path: Path, size: int, _mtime: int) -> Photo:
    from PIL import ImageOps

    if size > MAX_IMAGE_BYTES:
        raise ImageFileError(f"is {size} bytes; the limit is {MAX_IMAGE_BYTES}", "save it smaller (JPEG at quality 85 is plenty for print)")
    raw = path.read_bytes()
    try:
        im = open_raster(raw, FORMATS, MAX_PIXELS)
    except TooManyPixels as big:
        raise ImageFileError(f"is {big.width} x {big.height} pixels, over the {MAX_PIXELS // 1_000_000} megapixel limit", "scale it down to what the layout needs") from None
    except Bomb:
        raise ImageFileError("is too large to open safely (decompression bomb check)", "scale it down to what the layout needs") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on bad input
        raise ImageFileError(f"is not a JPEG, PNG or TIFF image that can be read ({type(exc).__name__})", "export it again as JPEG, PNG or TIFF") from None
    fmt = im.format
    turned = im.getexif().get(0x0112, 1) not in (1, None)  # the camera's orientation tag
    im = eight_bit(ImageOps.exif_transpose(im))  # a 16-bit grey scan is scaled, not clipped to white
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        raise ImageFileError(
            "has transparent areas: print files cannot carry transparency, and what shows through would differ between files",
            "flatten it onto its background colour in your image editor, then save it again",
        )
    if im.mode not in ("RGB", "CMYK", "L"):
        im = im.convert("RGB")
    keep = raw if fmt == "JPEG" and im.mode == "CMYK" and not turned else None
    return Photo(path, im, fmt, keep)


def gcr_cmyk(rgb) -> object:
    """RGB to CMYK by a simple formula with grey component replacement: the
    grey in each colour goes on the black plate, so ink stays under 300 %.
    The stated default when no printer's profile is given (--icc)."""
    from PIL import Image, ImageChops, ImageMath

    r, g, b = rgb.convert("RGB").split()
    top = ImageChops.lighter(ImageChops.lighter(r, g), b)
    k = top.point(lambda v: 255 - v)

    def plate(ch):
        out = ImageMath.lambda_eval(lambda a: (a["t"] - a["c"]) * 255 / (a["t"] + (a["t"] == 0)), t=top.convert("I"), c=ch.convert("I"))
        return out.convert("L")

    return Image.merge("CMYK", (plate(r), plate(g), plate(b), k))


def icc_cmyk(rgb, icc: bytes):
    """RGB (taken as sRGB) to the printer's CMYK through its profile (LittleCMS)."""
    from PIL import ImageCms

    transform = _transform(icc)
    return ImageCms.applyTransform(rgb.convert("RGB"), transform)


@functools.lru_cache(maxsize=4)
def _transform(icc: bytes):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(icc)), "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)


def print_cmyk(im, icc: bytes | None, exact: dict | None = None):
    """An image as a print file carries it: RGB through the printer's profile
    (`icc`), else the stated default; CMYK and grey as they are.

    `exact` maps sRGB colours to CMYK (0-1): pixels of exactly such a colour
    (a logo's flat brand colour) take that CMYK, as an SVG logo's do, so a
    brand colour prints as the brand specifies.
    """
    from PIL import Image, ImageMath

    if im.mode != "RGB":
        return im
    out = icc_cmyk(im, icc) if icc else gcr_cmyk(im)
    if exact:
        present = {c for _, c in (im.getcolors(1 << 16) or [])}
        r, g, b = im.split()
        for rgb, cmyk in exact.items():
            if rgb not in present:
                continue
            mask = ImageMath.lambda_eval(lambda a: (a["r"] == rgb[0]) & (a["g"] == rgb[1]) & (a["b"] == rgb[2]), r=r, g=g, b=b)
            out.paste(tuple(round(v * 255) for v in cmyk), mask=mask.convert("L").point(lambda v: 255 if v else 0))
    return out
