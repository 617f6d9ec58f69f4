"""Photographs on a proof sheet, at a proof sheet's resolution.

A proof sheet shows each asset in a cell about 150 points wide. A poster's
photograph is printed at full resolution (a textured A4 carries a 5-megapixel
CMYK JPEG); drawn into the sheet's PNG, PDFium converted every pixel of every
copy from CMYK, about a quarter of a second each, four copies on the regional
sheet, and the sheet's PDF carried four copies of the file.

On the sheet (never in the assets, and never on the printable proof, which is
printed) each such photograph is replaced by one copy at most MAX_SIDE pixels
on its longer side (over 4 pixels per point of the sheet, sharp at several
times the sheet's size on screen), shared by every cell that shows it. Only
pictures whose meaning is unambiguous are replaced: a JPEG in DeviceGray,
DeviceRGB or DeviceCMYK, 8 bits, no mask, no soft mask, and no /Decode other
than none or the inversion Adobe's CMYK JPEGs are placed with. Anything else
is left as it is.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

MAX_SIDE = 768
_MODES = {"/DeviceGray": ("L", 1), "/DeviceRGB": ("RGB", 3), "/DeviceCMYK": ("CMYK", 4)}


def reduce_photographs(doc: pikepdf.Pdf, page: pikepdf.Page) -> int:
    """Replace, in `doc`, every large photograph the page draws (through its forms); return how many."""
    shared: dict[bytes, Stream | None] = {}
    seen: set[tuple[int, int]] = set()
    return _visit(doc, page.obj.get("/Resources"), shared, seen)


def _visit(doc, resources, shared, seen) -> int:
    if not isinstance(resources, Dictionary):
        return 0
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, Dictionary):
        return 0
    n = 0
    for key in list(xobjects.keys()):
        obj = xobjects[key]
        if not isinstance(obj, Stream):
            continue
        if obj.objgen != (0, 0):
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        subtype = obj.get("/Subtype")
        if subtype == Name.Form:
            n += _visit(doc, obj.get("/Resources"), shared, seen)
        elif subtype == Name.Image:
            small = _reduced(doc, obj, shared)
            if small is not None:
                xobjects[key] = small
                n += 1
    return n


def _reduced(doc, image: Stream, shared) -> Stream | None:
    plan = _plan(image)
    if plan is None:
        return None
    raw = image.read_raw_bytes()
    key = hashlib.sha256(raw + repr(plan).encode()).digest()
    if key not in shared:
        shared[key] = _make(doc, raw, *plan)
    return shared[key]


def _plan(image: Stream):
    """(colour space, Pillow mode, inverted, width, height) when the picture can be replaced safely, else None."""
    f = image.get("/Filter")
    if isinstance(f, Array) and len(f) == 1:
        f = f[0]
    if not (isinstance(f, Name) and f == Name.DCTDecode) or "/DecodeParms" in image:
        return None
    if any(k in image for k in ("/SMask", "/Mask", "/ImageMask", "/SMaskInData", "/Intent", "/Alternates")):
        return None
    cs = image.get("/ColorSpace")
    if not isinstance(cs, Name) or str(cs) not in _MODES or image.get("/BitsPerComponent") != 8:
        return None
    width, height = image.get("/Width"), image.get("/Height")
    if not isinstance(width, int) or not isinstance(height, int) or max(width, height) <= MAX_SIDE:
        return None
    mode, comps = _MODES[str(cs)]
    decode = image.get("/Decode")
    if decode is None:
        inverted = False
    elif isinstance(decode, Array) and len(decode) == 2 * comps and all(isinstance(v, (int, Decimal)) for v in decode) and [float(v) for v in decode] == [1.0, 0.0] * comps:
        inverted = True
    else:
        return None  # any other /Decode (or one that is not numbers) is left for PDFium to apply
    return cs, mode, inverted, width, height


def _make(doc, raw: bytes, cs: Name, mode: str, inverted: bool, width: int, height: int) -> Stream | None:
    from PIL import Image, ImageChops

    try:
        im = Image.open(io.BytesIO(raw), formats=["JPEG"])
        if im.mode != mode or im.size != (width, height):
            return None
        im.draft(mode, (MAX_SIDE, MAX_SIDE))  # libjpeg decodes at 1/2, 1/4 or 1/8 size directly
        im.load()
    except Exception:  # noqa: BLE001 - a picture Pillow cannot read is left for PDFium to draw as it is
        return None
    # Pillow reads every 4-component JPEG inverted ("CMYK;I", Adobe's convention, marker or
    # not), so it gives 255 minus each stored sample; the PDF says what a stored sample means
    # with /Decode ([1 0 ...]: 255 minus it, as ReportLab places every CMYK JPEG). The new
    # picture holds the values the page shows, with no /Decode.
    pillow_inverted = mode == "CMYK"
    scale = MAX_SIDE / max(width, height)
    im = im.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.LANCZOS)
    if pillow_inverted != inverted:
        im = ImageChops.invert(im)
    small = Stream(doc, zlib.compress(im.tobytes(), 1))
    small.stream_dict = Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=im.width, Height=im.height, ColorSpace=cs, BitsPerComponent=8, Filter=Name.FlateDecode)
    return small
