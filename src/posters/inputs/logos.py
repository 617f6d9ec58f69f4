"""The logo store: opens partner artwork once per process and refuses
anything unsafe or broken with an error naming the file.

SVG is read as vectors (svglib); a one-page PDF is placed as vectors after the
PDF safety, font and colour checks (posters.inputs.pdf_artwork). Before svglib sees a file it is parsed with
entity expansion, DTD loading and network access off, and refused if it has a
DOCTYPE or entity, or any reference to another file or URL; svglib would
otherwise follow such references. Raster logos are opened with Pillow as PNG
or JPEG only (never a format guessed from the content), under a pixel limit,
so a decompression bomb is refused and no decoder runs an outside program.
"""

from __future__ import annotations

import copy
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from posters.colours import Colour
from posters.inputs.raster import Bomb, TooManyPixels, eight_bit, open_raster

MAX_LOGO_BYTES = 5_000_000
MAX_PIXELS = 40_000_000
MAX_SVG_ELEMENTS = 20_000  # a detailed crest has a few thousand; more is a drawing bomb (counted with every <use> expanded)
MAX_SVG_DEPTH = 64  # elements inside elements: a logo nests a handful; svglib's renderer recurses per level
MAX_SVG_SIZE_PT = 14_400.0  # 5 m: the largest page a PDF viewer accepts (200 in)
MAX_SVG_COORD = 1e7  # any coordinate beyond this is no logo (and nan/inf are no numbers)
SVG_REF_ATTRS = ("href", "{http://www.w3.org/1999/xlink}href", "src")


class LogoError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Logo:
    path: Path
    kind: str  # "svg", "pdf" or "raster"
    width: float  # intrinsic size in pt (SVG, PDF: its TrimBox) or px (raster)
    height: float
    drawing: object = None  # svglib Drawing
    image: object = None  # PIL image (RGB or CMYK, no alpha)
    transparency: tuple[str, ...] = ()  # what in the artwork is see-through (kept on screen, refused in print)
    pdf: bytes | None = None  # a PDF logo's file, placed as vectors (posters.render.pdf_logos)
    unprintable: tuple[str, ...] = ()  # colours a print file cannot carry (RGB in a PDF logo): refused in print

    @property
    def aspect(self) -> float:
        return self.width / self.height


def _check_svg_safe(raw: bytes):
    """The parsed tree of a self-contained SVG; LogoError for anything else."""
    from lxml import etree

    from posters.inputs.svg_artwork import ArtworkError, without_doctype

    try:
        raw = without_doctype(raw)
    except ArtworkError as exc:
        raise LogoError(exc.message, exc.hint) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise LogoError(f"is not well-formed SVG ({exc})", "open it in an editor and export it again") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise LogoError("is not an SVG file (no <svg> root element)", "export the logo as SVG or PNG")
    for count, el in enumerate(root.iter(), start=1):
        if count > MAX_SVG_ELEMENTS:
            raise LogoError(f"SVG has more than {MAX_SVG_ELEMENTS} elements", "simplify the artwork, or export it as PNG")
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        if tag in ("image", "foreignObject", "script"):
            raise LogoError(f"SVG has {'an' if tag[0] in 'aeiou' else 'a'} <{tag}> element, which is refused", "draw the logo with vector shapes only")
        for attr in SVG_REF_ATTRS:
            v = el.get(attr)
            if v is not None and not v.strip().startswith("#"):
                raise LogoError(f"SVG refers to another file or URL ({v[:60]!r}), which is refused", "embed the artwork; remove external references")
        style = (el.get("style") or "") + (el.text or "" if tag == "style" else "")
        if "url(" in style.replace(" ", "") and "url(#" not in style.replace(" ", ""):
            raise LogoError("SVG style refers to an external url(...)", "remove external references")
        if "@import" in style:
            raise LogoError("SVG style uses @import, which is refused", "remove external references")
    _check_svg_expansion(root)
    return root


def _check_svg_expansion(root) -> None:
    """Elements nested at most MAX_SVG_DEPTH deep, and at most MAX_SVG_ELEMENTS once every <use>
    is expanded: 9,000 shapes drawn by 100 <use> elements are 900,000 for the renderer (142 s and
    2.2 GB from a 514 kB file), and 200 nested groups ran svglib out of recursion."""
    from lxml import etree

    depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_SVG_DEPTH:
            raise LogoError(f"SVG has elements nested more than {MAX_SVG_DEPTH} deep", "simplify the artwork (ungroup it), or export it as PNG")
    ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    sizes: dict[int, int] = {}

    def expanded(el, chain: tuple) -> int:
        """Elements `el` stands for, its <use> references drawn out (each counted as often as it is used)."""
        key = id(el)
        if key in sizes:
            return sizes[key]
        if key in chain or len(chain) > MAX_SVG_DEPTH:
            raise LogoError("SVG has <use> elements that refer to each other in a loop, or too deeply", "draw the logo with plain shapes; remove the <use> loop")
        total = 1
        for child in el:
            if isinstance(child.tag, str):
                total += expanded(child, (*chain, key))
        if etree.QName(el).localname == "use":
            ref = next((el.get(a) for a in SVG_REF_ATTRS if el.get(a)), "")
            target = ids.get(ref.strip()[1:]) if ref.strip().startswith("#") else None
            if target is not None:
                total += expanded(target, (*chain, key))
        if total > MAX_SVG_ELEMENTS:
            raise LogoError(f"SVG draws more than {MAX_SVG_ELEMENTS} elements once its <use> references are drawn out", "simplify the artwork, or export it as PNG")
        sizes[key] = total
        return total

    expanded(root, ())


def _load_svg(path: Path, raw: bytes) -> Logo:
    from lxml import etree
    from svglib.svglib import svg2rlg

    from posters.inputs.svg_artwork import inspect, push_down_opacity

    root = _check_svg_safe(raw)
    transparent, fonts_used = inspect(root)
    if fonts_used:
        raise LogoError(
            f"has live text set in {', '.join(repr(f) for f in fonts_used)}: the poster would set it in another font",
            "outline the text in your logo (Illustrator: Type > Create Outlines; Inkscape: Path > Object to Path), then save it again",
        )
    push_down_opacity(root)
    raw = etree.tostring(root)

    try:
        drawing = svg2rlg(io.BytesIO(raw), font_map=_svg_font_map())
    except Exception as exc:  # svglib raises many kinds on bad input
        raise LogoError(f"SVG could not be converted ({type(exc).__name__}: {exc})", "export it again as plain SVG 1.1") from None
    if drawing is None:
        raise LogoError("SVG could not be converted (svglib returned nothing)", "export it again as plain SVG 1.1")
    _check_svg_numbers(drawing)
    if not drawing.width or not drawing.height or drawing.width <= 0 or drawing.height <= 0:
        raise LogoError("SVG has no size", "give the <svg> element width, height and viewBox")
    if drawing.width > MAX_SVG_SIZE_PT or drawing.height > MAX_SVG_SIZE_PT:
        raise LogoError(f"SVG is {drawing.width:.0f} x {drawing.height:.0f} pt; the limit is {MAX_SVG_SIZE_PT:.0f} pt a side", "give the <svg> element a real size (width, height, viewBox)")
    _use_our_fonts(drawing)
    return Logo(path, "svg", float(drawing.width), float(drawing.height), drawing=drawing, transparency=tuple(transparent))


def _check_svg_numbers(drawing) -> None:
    """Every number svglib read (size, viewBox, coordinates, transforms) is finite and of sane size.

    nan or inf in a logo would be written into the PDF as the words 'nan' and
    'inf', which no printer's RIP reads; a huge coordinate is no logo either.
    """
    import math
    from numbers import Real

    def bad(v) -> bool:
        if isinstance(v, bool):
            return False
        if isinstance(v, Real):
            return not math.isfinite(v) or abs(v) > MAX_SVG_COORD
        if isinstance(v, (list, tuple)):
            return any(bad(x) for x in v)
        return False

    for node in _walk(drawing):
        for name, value in vars(node).items():
            if name != "contents" and bad(value):
                raise LogoError(f"SVG has a number that is not finite or is too large ({name} of a {type(node).__name__})", "export the logo again; sizes, viewBox and coordinates must be plain numbers")


@functools.cache
def _svg_font_map():
    """svglib's font map for logos: the project's fonts under the families a logo may name, and
    nothing looked up anywhere else.

    svglib's own map, asked for a family it does not know, tries a file named after it (a
    font-family of "/some/path/secret" opened /some/path/secret.ttf, and could read a device
    forever) and then runs fontconfig's fc-match. Logo text is set in the project's fonts in any
    case (_use_our_fonts), so an unknown family gets the project's regular or bold, and svglib
    measures text anchoring with the metrics of the font that will really be drawn."""
    from svglib.fonts import FontMap

    from posters import fonts

    class ProjectFontMap(FontMap):
        def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
            family = self._family_index.get(str(font_name).lower(), font_name)
            entry = self._map.get(FontMap.build_internal_name(family, weight, style))
            if entry is not None:
                return str(entry["rlgFont"]), bool(entry["exact"])
            bold = str(weight).lower() in ("bold", "bolder") or (str(weight).isdigit() and int(str(weight)) >= 600)
            return fonts.register("bold" if bold else "regular"), False

    font_map = ProjectFontMap()
    for family in ("Source Sans Pro", "SourceSansPro", "sans-serif"):
        for svg_weight, weight in (("normal", "regular"), ("bold", "bold")):
            # the fonts are registered with ReportLab already: only the mapping is made (no file is parsed again)
            font_map._map[FontMap.build_internal_name(family, svg_weight, "normal")] = {"svg_family": family, "svg_weight": svg_weight, "svg_style": "normal", "rlgFont": fonts.register(weight), "exact": True}
            font_map._family_index.setdefault(family.lower(), family)
    return font_map


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


# Raster formats a logo may be in, named to Pillow so it never picks a decoder
# by sniffing: some (EPS, PS) would run Ghostscript, others are rarely used
# parsers with a history of bugs. Anything else is refused by its content.
RASTER_FORMATS = ("PNG", "JPEG")


def _sniffed(raw: bytes) -> str:
    """What the bytes look like, for the message: the format Pillow would have guessed, without decoding it."""
    heads = {b"%!PS": "PostScript/EPS", b"\xc5\xd0\xd3\xc6": "EPS", b"\x89PNG": "damaged PNG", b"\xff\xd8": "damaged JPEG", b"GIF8": "GIF", b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"RIFF": "WebP", b"%PDF": "PDF", b"8BPS": "Photoshop", b"\x00\x00\x01\x00": "ICO", b"#define": "XBM", b"\x0a": "PCX", b"P": "PNM"}
    for magic, name in heads.items():
        if raw.startswith(magic):
            return f"a {name} file"
    return ""


def _load_raster(path: Path, raw: bytes) -> Logo:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        im = open_raster(raw, RASTER_FORMATS, MAX_PIXELS)
    except TooManyPixels as big:
        raise LogoError(f"image is {big.width} x {big.height} pixels, over the limit of {MAX_PIXELS}", "use a smaller image, or an SVG") from None
    except Bomb:
        raise LogoError("image is too large (decompression bomb check)", "use a smaller image, or an SVG") from None
    except UnidentifiedImageError:
        what = _sniffed(raw)
        raise LogoError(f"is not a readable image: only PNG and JPEG are read{f' (this looks like {what})' if what else ''}", "export the logo as SVG, PDF, PNG or JPEG") from None
    except Exception as exc:
        raise LogoError(f"is not a readable image ({type(exc).__name__}: {exc})", "export it again as PNG or SVG") from None
    return Logo(path, "raster", *_size(im := flat_image(im)), image=im)


def _size(im) -> tuple[float, float]:
    return float(im.width), float(im.height)


def flat_image(im):
    """An opened logo as the page needs it: upright, 8 bits per channel, RGB, CMYK or L, no transparency.

    The camera's orientation tag is applied (a photographed or phone-edited
    logo is otherwise drawn on its side). 16-bit and 32-bit greys and floats
    are scaled to 8 bits, not clipped (Pillow's own conversion turns every
    grey above 255 white). Transparency is flattened on white: print files
    carry none.
    """
    from PIL import Image, ImageOps

    im = eight_bit(ImageOps.exif_transpose(im))
    if im.mode in ("RGBA", "LA", "P", "PA", "La", "RGBa") or (im.mode in ("L", "RGB") and "transparency" in im.info):
        rgba = im.convert("RGBA")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        im = bg
    elif im.mode == "1":
        im = im.convert("L")
    elif im.mode not in ("RGB", "CMYK", "L"):
        im = im.convert("RGB")
    return im


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
                hit = exc  # reported against the logo file itself (elements.logo.open_logo)
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
        if b"%PDF-" in raw[:1024]:
            return _load_pdf(path, raw)
        return _load_raster(path, raw)


def _load_pdf(path: Path, raw: bytes) -> Logo:
    from posters.inputs.pdf_artwork import PdfArtworkError, read_pdf_logo

    try:
        art = read_pdf_logo(raw)
    except PdfArtworkError as exc:
        raise LogoError(exc.message, exc.hint) from None
    return Logo(path, "pdf", art.width, art.height, transparency=art.transparency, pdf=raw, unprintable=art.unprintable)


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
        if isinstance(getattr(node, "_rl_colors", None), list):
            # svglib's gradients: each stop to CMYK, so the shading is a CMYK one
            node._rl_colors = [conv(c) for c in node._rl_colors]
    return d


def recoloured(drawing, ink):
    """A copy of an SVG drawing with every painted colour (fills, strokes,
    gradient stops) set to one colour: a one-colour icon in a palette colour."""
    d = copy.deepcopy(drawing)
    for node in _walk(d):
        for attr in ("fillColor", "strokeColor"):
            if getattr(node, attr, None) is not None:
                setattr(node, attr, ink)
        if isinstance(getattr(node, "_rl_colors", None), list):
            node._rl_colors = [ink for _ in node._rl_colors]
    return d


def naive_cmyk(rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
    r, g, b = (v / 255 for v in rgb)
    if abs(r - g) < 0.02 and abs(g - b) < 0.02:
        return (0.0, 0.0, 0.0, round(1 - (r + g + b) / 3, 4))
    k = 1 - max(r, g, b)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return tuple(round(v, 4) for v in (c, m, y, k))  # type: ignore[return-value]
