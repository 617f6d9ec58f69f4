"""The logo store: opens partner artwork once per process and refuses
anything unsafe or broken with an error naming the file.

SVG is read as vectors (svglib). Before svglib sees a file it is parsed with
entity expansion, DTD loading and network access off, and refused if it has a
DOCTYPE or entity, or any reference to another file or URL; svglib would
otherwise follow such references. Raster logos (PNG, JPEG) are opened with
Pillow under a pixel limit, so a decompression bomb is refused.
"""

from __future__ import annotations

import copy
import functools
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from posters.colours import Colour

MAX_LOGO_BYTES = 5_000_000
MAX_PIXELS = 40_000_000
SVG_REF_ATTRS = ("href", "{http://www.w3.org/1999/xlink}href", "src")


class LogoError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Logo:
    path: Path
    kind: str  # "svg" or "raster"
    width: float  # intrinsic size in pt (SVG) or px (raster)
    height: float
    drawing: object = None  # svglib Drawing
    image: object = None  # PIL image (RGB or CMYK, no alpha)

    @property
    def aspect(self) -> float:
        return self.width / self.height


def _check_svg_safe(raw: bytes) -> None:
    from lxml import etree

    head = raw[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in raw.lower():
        raise LogoError("SVG has a DOCTYPE or entity declaration, which is refused", "export the SVG again without a DOCTYPE")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise LogoError(f"is not well-formed SVG ({exc})", "open it in an editor and export it again") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise LogoError("is not an SVG file (no <svg> root element)", "export the logo as SVG or PNG")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        if tag in ("image", "foreignObject", "script"):
            raise LogoError(f"SVG has an <{tag}> element, which is refused", "draw the logo with vector shapes only")
        for attr in SVG_REF_ATTRS:
            v = el.get(attr)
            if v is not None and not v.strip().startswith("#"):
                raise LogoError(f"SVG refers to another file or URL ({v[:60]!r}), which is refused", "embed the artwork; remove external references")
        style = (el.get("style") or "") + (el.text or "" if tag == "style" else "")
        if "url(" in style.replace(" ", "") and "url(#" not in style.replace(" ", ""):
            raise LogoError("SVG style refers to an external url(...)", "remove external references")
        if "@import" in style:
            raise LogoError("SVG style uses @import, which is refused", "remove external references")


def _load_svg(path: Path, raw: bytes) -> Logo:
    _check_svg_safe(raw)
    from svglib.svglib import svg2rlg

    _register_svg_fonts()

    try:
        drawing = svg2rlg(io.BytesIO(raw))
    except Exception as exc:  # svglib raises many kinds on bad input
        raise LogoError(f"SVG could not be converted ({type(exc).__name__}: {exc})", "export it again as plain SVG 1.1") from None
    if drawing is None:
        raise LogoError("SVG could not be converted (svglib returned nothing)", "export it again as plain SVG 1.1")
    if not drawing.width or not drawing.height or drawing.width <= 0 or drawing.height <= 0:
        raise LogoError("SVG has no size", "give the <svg> element width, height and viewBox")
    _use_our_fonts(drawing)
    return Logo(path, "svg", float(drawing.width), float(drawing.height), drawing=drawing)


@functools.cache
def _register_svg_fonts() -> None:
    """Map the project's font to svglib before parsing, so text anchoring is
    measured with the metrics of the font that will really be drawn."""
    from svglib import fonts as svgfonts

    from posters import fonts

    for family in ("Source Sans Pro", "SourceSansPro", "sans-serif"):
        for svg_weight, weight in (("normal", "regular"), ("bold", "bold")):
            svgfonts.register_font(family, str(fonts.font_file(weight)), weight=svg_weight, rlgFontName=fonts.register(weight))


def _use_our_fonts(drawing) -> None:
    """Text in logos is set in the project's embedded fonts, never in a
    base-14 or system font (which would not be embedded, or differ by machine)."""
    from reportlab.graphics.shapes import String

    from posters import fonts

    # the renderer otherwise starts every drawing in Helvetica, an unembedded base-14 font
    drawing.initialFontName = fonts.register("regular")
    for node in _walk(drawing):
        if isinstance(node, String):
            name = (node.fontName or "").lower()
            weight = "black" if "black" in name else "bold" if "bold" in name else "semibold" if "semi" in name else "regular"
            node.fontName = fonts.register(weight)


def _walk(node):
    yield node
    for child in getattr(node, "contents", None) or []:
        yield from _walk(child)


def _load_raster(path: Path, raw: bytes) -> Logo:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(raw))
            if im.width * im.height > MAX_PIXELS:
                raise LogoError(f"image is {im.width} x {im.height} pixels, over the limit", "use a smaller image, or an SVG")
            im.load()
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoError("image is too large (decompression bomb check)", "use a smaller image, or an SVG") from None
    except Exception as exc:
        raise LogoError(f"is not a readable image ({type(exc).__name__}: {exc})", "export it again as PNG or SVG") from None
    if im.mode in ("RGBA", "LA", "P", "PA"):
        # print files carry no transparency: flatten on white
        rgba = im.convert("RGBA")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        im = bg
    elif im.mode not in ("RGB", "CMYK", "L"):
        im = im.convert("RGB")
    return Logo(path, "raster", float(im.width), float(im.height), image=im)


class LogoStore:
    """Opens each logo once; remembers failures so every user of a broken
    file gets the same error."""

    def __init__(self):
        self._cache: dict[Path, Logo | LogoError] = {}

    def get(self, path: Path) -> Logo:
        hit = self._cache.get(path)
        if hit is None:
            try:
                hit = self._load(path)
            except LogoError as exc:
                # the hint names the file to replace, as the user knows it
                hit = LogoError(exc.message, f"{exc.hint or 'replace the file'} ({_shown(path)})")
            self._cache[path] = hit
        if isinstance(hit, LogoError):
            raise hit
        return hit

    @staticmethod
    def _load(path: Path) -> Logo:
        try:
            size = path.stat().st_size
            if size > MAX_LOGO_BYTES:
                raise LogoError(f"is {size} bytes; the limit is {MAX_LOGO_BYTES}", "use a smaller file")
            raw = path.read_bytes()
        except OSError as exc:
            raise LogoError(f"cannot be read ({exc.strerror})", "check the file") from None
        if not raw:
            raise LogoError("is empty", "put the logo artwork in this file")
        head = raw[:512].lstrip()
        if path.suffix.lower() == ".svg" or head.startswith(b"<"):
            return _load_svg(path, raw)
        return _load_raster(path, raw)


def _shown(path: Path) -> str:
    """`assets/forces/<slug>/logo.svg`: the path from the project's assets folder."""
    parts = path.parts
    if "assets" in parts:
        i = len(parts) - 1 - parts[::-1].index("assets")
        return Path(*parts[i:]).as_posix()
    return str(path)


def cmyk_drawing(drawing, palette: list[Colour]):
    """A copy of an SVG drawing with every colour in CMYK.

    A colour that matches a palette colour's sRGB exactly takes that colour's
    own CMYK (brand colours print as specified); any other colour is
    converted by the naive formula, with greys on the K plate only.
    """
    from reportlab.lib.colors import CMYKColor, Color

    exact = {c.srgb: c.cmyk for c in palette}
    d = copy.deepcopy(drawing)

    def conv(col):
        if col is None or isinstance(col, CMYKColor) or not isinstance(col, Color):
            return col
        rgb = tuple(round(v * 255) for v in (col.red, col.green, col.blue))
        if rgb in exact:
            return CMYKColor(*exact[rgb])
        return CMYKColor(*naive_cmyk(rgb))

    for node in _walk(d):
        for attr in ("fillColor", "strokeColor"):
            if hasattr(node, attr):
                setattr(node, attr, conv(getattr(node, attr)))
    return d


def naive_cmyk(rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
    r, g, b = (v / 255 for v in rgb)
    if abs(r - g) < 0.02 and abs(g - b) < 0.02:
        return (0.0, 0.0, 0.0, round(1 - (r + g + b) / 3, 4))
    k = 1 - max(r, g, b)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return tuple(round(v, 4) for v in (c, m, y, k))  # type: ignore[return-value]
