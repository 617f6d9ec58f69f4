"""A photograph decoded once per build process, for the checks that render pages.

PDFium decodes a picture when a page showing it is first rendered, and keeps
the pixels only with that loaded page. The A4 on a photographic background
places the same 5.3-megapixel CMYK JPEG in each of its outputs, and each paid
about 0.24 s to have it decoded again (an Adobe CMYK JPEG's inverted /Decode
sends PDFium down its per-pixel path): a quarter of the work of rebuilding the
regional edition.

So the pixels PDFium decodes from one image stream are kept, keyed by a digest
of the stream as the file holds it (its encoded bytes and its whole
dictionary), and a page loaded later holding a byte-identical stream is given
them (FPDFImageObj_SetBitmap) before anything renders it. What is rendered is
still PDFium's own decoding of exactly those bytes; renders with and without
the kept pixels are identical, pixel for pixel (tests/test_decoded_images.py).

Only a plain picture is shared, where the decoded pixels are all there is to
it: a DCT-encoded (JPEG) stream of 8-bit DeviceGray, DeviceRGB or DeviceCMYK
with no mask, soft mask, interpolation, intent or other entries, drawn at the
page's top level with no transparency, on a page with no transparency group (a
group's colour space changes how PDFium converts a CMYK picture). Anything else
is decoded as before. The build's worker processes turn this on (`enable`);
nothing else does.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import threading
from collections import OrderedDict

MIN_PIXELS = 1_000_000  # smaller pictures decode in a few ms: not worth a digest
MAX_KEPT_BYTES = 96 * 1024 * 1024  # decoded pixels kept per process (the A4's photograph is 16 MB)
_PLAIN_KEYS = frozenset(("/Type", "/Subtype", "/Width", "/Height", "/ColorSpace", "/BitsPerComponent", "/Filter", "/Decode", "/Length", "/Name"))
_PLAIN_SPACES = frozenset(("/DeviceGray", "/DeviceRGB", "/DeviceCMYK"))

_enabled = False
_kept: OrderedDict[bytes, tuple[object, int]] = OrderedDict()  # key -> (FPDF_BITMAP, bytes), oldest first
_kept_bytes = 0
_lock = threading.Lock()


def enable() -> None:
    """Keep decoded photographs in this process (a build worker's: it checks one output at a time)."""
    global _enabled
    _enabled = True


def clear() -> None:
    """Let go of every kept picture."""
    global _kept_bytes
    import pypdfium2.raw as raw

    with _lock:
        while _kept:
            _key, (bitmap, _size) = _kept.popitem()
            raw.FPDFBitmap_Destroy(bitmap)
        _kept_bytes = 0


def share(pdf: bytes, page, index: int) -> int:
    """Give the loaded `page` (page `index` of `pdf`) the pixels of each plain photograph on it
    decoded before, and keep those of each decoded now. Returns how many were given."""
    if not _enabled:
        return 0
    import pypdfium2.raw as raw

    found = []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    # the page's top-level objects by handle: pypdfium2's get_objects wraps each of them (a page
    # of logos has hundreds), three times the cost of asking for their types
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_IMAGE:
            continue
        if not raw.FPDFImageObj_GetImagePixelSize(obj, w, h) or w.value * h.value < MIN_PIXELS:
            continue
        if raw.FPDFPageObj_HasTransparency(obj):
            continue
        found.append(obj)
    if not found:
        return 0
    plain = _plain_streams(pdf, index)
    given = 0
    with _lock:
        for obj in found:
            encoded = _encoded(obj)
            key = plain.get(hashlib.sha256(encoded).digest()) if encoded else None
            if key is None:
                continue
            bitmap = _bitmap(obj, key)
            if bitmap is not None and raw.FPDFImageObj_SetBitmap((raw.FPDF_PAGE * 1)(page.raw), 1, obj, bitmap):
                given += 1
    return given


def _encoded(obj) -> bytes:
    """The picture's stream data as the file holds it (still JPEG-encoded)."""
    import pypdfium2.raw as raw

    n = raw.FPDFImageObj_GetImageDataRaw(obj, None, 0)
    if n <= 0:
        return b""
    buf = ctypes.create_string_buffer(n)
    if raw.FPDFImageObj_GetImageDataRaw(obj, buf, n) != n:
        return b""
    return buf.raw


def _plain_streams(pdf: bytes, index: int) -> dict[bytes, bytes]:
    """For each plain photograph in the page's own resources: digest of its encoded data -> key
    (a digest of that data and its whole dictionary). A digest whose data comes with two
    different dictionaries is left out: which one PDFium shows could not be told."""
    import pikepdf

    out: dict[bytes, bytes] = {}
    clash: set[bytes] = set()
    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            page = doc.pages[index].obj
            if "/Group" in page:
                return {}
            resources = page.get("/Resources")
            xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
            if not isinstance(xobjects, pikepdf.Dictionary):
                return {}
            for _name, stream in xobjects.items():
                if not isinstance(stream, pikepdf.Stream) or stream.get("/Subtype") != pikepdf.Name.Image or not _is_plain(stream):
                    continue
                digest = hashlib.sha256(stream.read_raw_bytes()).digest()
                entries = sorted((str(k), _written(v)) for k, v in stream.stream_dict.items() if k != "/Length")
                key = hashlib.sha256(digest + repr(entries).encode()).digest()  # the data's digest first: fixed length, no ambiguity
                if out.get(digest, key) != key:
                    clash.add(digest)
                out[digest] = key
    except Exception:  # noqa: BLE001 - a file pikepdf cannot read shares nothing; the checks say what is wrong with it
        return {}
    return {d: k for d, k in out.items() if d not in clash}


def _written(value) -> bytes:
    """A dictionary value as PDF syntax (pikepdf gives numbers and booleans as Python's own)."""
    import pikepdf

    if isinstance(value, pikepdf.Object):
        return value.unparse(resolved=True)
    return f"{type(value).__name__}:{value!r}".encode()


def _is_plain(stream) -> bool:
    import pikepdf

    d = stream.stream_dict
    if any(str(k) not in _PLAIN_KEYS for k in d.keys()):
        return False
    filters = d.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) == 1 else None
    cs = d.get("/ColorSpace")
    return filters == pikepdf.Name.DCTDecode and isinstance(cs, pikepdf.Name) and str(cs) in _PLAIN_SPACES and d.get("/BitsPerComponent") == 8


def _bitmap(obj, key: bytes):
    """The decoded pixels for `key`: kept from before, or decoded from this picture now and kept."""
    global _kept_bytes
    import pypdfium2.raw as raw

    if key in _kept:
        _kept.move_to_end(key)
        return _kept[key][0]
    bitmap = raw.FPDFImageObj_GetBitmap(obj)
    if not bitmap:
        return None
    size = raw.FPDFBitmap_GetStride(bitmap) * raw.FPDFBitmap_GetHeight(bitmap)
    if size > MAX_KEPT_BYTES:
        raw.FPDFBitmap_Destroy(bitmap)
        return None
    _kept[key] = (bitmap, size)
    _kept_bytes += size
    while _kept_bytes > MAX_KEPT_BYTES:
        _old, (old, old_size) = _kept.popitem(last=False)
        raw.FPDFBitmap_Destroy(old)
        _kept_bytes -= old_size
    return bitmap
