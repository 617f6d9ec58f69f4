"""PNG from the PDF (pypdfium2): one drawing path, so the picture is the PDF."""

from __future__ import annotations

import io
import struct
import zlib

from posters.units import PT_PER_INCH


def rasterise(pdf: bytes, page_index: int = 0, *, dpi: float | None = None, size_px: tuple[int, int] | None = None, crop_pt: tuple[float, float, float, float] | None = None):
    """Render one page to a PIL image.

    `size_px` renders the whole page to exactly that many pixels (digital
    formats); otherwise `dpi`. `crop_pt` (left, bottom, right, top, in points
    to cut from each side) renders part of the page only.
    """
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[page_index]
        if size_px is not None and crop_pt is None:
            return _exact(pdfium, page, size_px)
        w, h = page.get_size()
        crop = crop_pt or (0, 0, 0, 0)
        if size_px is not None:
            scale = size_px[0] / (w - crop[0] - crop[2])
        else:
            scale = (dpi or 96) / PT_PER_INCH
        bitmap = page.render(scale=scale, crop=crop, may_draw_forms=True)
        im = bitmap.to_pil()
        if size_px is not None and im.size != size_px:
            im = im.resize(size_px)
        return im.convert("RGB")
    finally:
        doc.close()


# The pixels are sRGB (screen files are drawn in sRGB): the file says so, so that
# browsers and apps that colour-manage show them as designed instead of guessing.
# An sRGB chunk (perceptual intent), with the gAMA and cHRM values the PNG
# specification gives for sRGB, for readers that know only those. Twelve bytes
# of data, no date in them: two builds still give the same bytes.
SRGB_INTENT = 0  # perceptual
SRGB_GAMA = 45455  # 1/2.2, times 100000
SRGB_CHRM = (31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)  # white, red, green, blue x/y, times 100000


def srgb_info():
    import struct

    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add(b"sRGB", bytes([SRGB_INTENT]))
    info.add(b"gAMA", struct.pack(">I", SRGB_GAMA))
    info.add(b"cHRM", struct.pack(">8I", *SRGB_CHRM))
    return info


# ISA-L's deflate at level 2 over the unfiltered rows. For the flat colour and
# type of a poster, the rows unfiltered compress about 15 % smaller than with
# the "Up" filter and need no filtering pass; ISA-L does in 1-2 ms what zlib's
# fastest level does in 11 ms (a 1080 x 1920 picture). Any zlib reads the stream.
DEFLATE_LEVEL = 2


def png_bytes(image) -> bytes:
    """An RGB image as PNG: rows unfiltered, deflated by ISA-L (DEFLATE_LEVEL).

    Pillow's encoder tries all five PNG filters on every row and keeps the
    best, at zlib's speed: 60 ms for a 1080 x 1920 image, once the build's
    largest single cost. Any other mode goes through Pillow. Both say the
    pixels are sRGB (srgb_info), in the chunks and order Pillow writes.
    """
    if image.mode != "RGB":
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False, compress_level=3, pnginfo=srgb_info())
        return buf.getvalue()
    from PIL import Image

    w, h = image.size
    rows = Image.new("L", (3 * w + 1, h))  # a byte before each row, for its filter type (see _encode)
    rows.paste(Image.frombuffer("L", (3 * w, h), image.tobytes(), "raw", "L", 0, 1), (1, 0))
    return _encode(bytearray(rows.tobytes()), w, h)


def _encode(rows: bytearray, w: int, h: int) -> bytes:
    """PNG of RGB pixels laid out as PNG's rows are: each row of 3w bytes preceded
    by one spare byte (the row's filter type goes there), no other padding.

    Each spare byte is set to 0, filter type "None", in place, and the rows are
    compressed as they lie: no copy of the pixels is made."""
    from isal import isal_zlib

    rows[0 :: 3 * w + 1] = bytes(h)  # filter type 0 before every row
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)),  # 8-bit RGB, deflate, no interlace
            *(_chunk(kind, data) for kind, data, *_ in srgb_info().chunks),  # sRGB, gAMA, cHRM: before the pixels
            _chunk(b"IDAT", isal_zlib.compress(rows, DEFLATE_LEVEL)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def page_png(page, w: int, h: int, *, limit_image_cache: bool = False) -> bytes:
    """The whole page drawn to exactly w x h pixels and encoded as PNG (the screen PNGs' path).

    `limit_image_cache`: let PDFium drop decoded pictures as it goes, for a page
    that shows hundreds of them, each once (a proof sheet)."""
    return _encode(_render_rows(page, w, h, 1, limit_image_cache), w, h)


def _render_rows(page, w: int, h: int, spare: int, limit_image_cache: bool = False) -> bytearray:
    """The whole page drawn straight into RGB rows of exactly w x h pixels, on white;
    `spare` bytes before each row (1: room for a PNG filter type, 0: plain RGB).

    `page.render(scale=...)` rounds the page size up to whole pixels, which can
    add a row or column; resampling afterwards would blur type and QR modules.
    Layout validation keeps the page the image's shape, so the two scales
    differ by well under a pixel. PDFium writes RGB, not its usual BGR (reverse
    byte order), into memory laid out as the caller needs it, so the pixels are
    neither converted nor copied on their way to the PNG.
    """
    import ctypes

    import pypdfium2.raw as raw

    stride = 3 * w + spare
    rows = bytearray(b"\xff") * (stride * h)
    memory = (ctypes.c_char * len(rows)).from_buffer(rows)
    try:
        bitmap = raw.FPDFBitmap_CreateEx(w, h, raw.FPDFBitmap_BGR, ctypes.addressof(memory) + spare, stride)
        if not bitmap:
            raise MemoryError(f"no bitmap of {w} x {h} pixels")
        try:
            flags = raw.FPDF_ANNOT | raw.FPDF_REVERSE_BYTE_ORDER | (raw.FPDF_RENDER_LIMITEDIMAGECACHE if limit_image_cache else 0)
            raw.FPDF_RenderPageBitmap(bitmap, page, 0, 0, w, h, 0, flags)
        finally:
            raw.FPDFBitmap_Destroy(bitmap)
    finally:
        del memory  # the bytearray may be used (and resized) freely again
    return rows


def _exact(pdfium, page, size_px: tuple[int, int]):
    """The whole page as an RGB image of exactly size_px (see _render_rows): the screen PNGs' pixels."""
    from PIL import Image

    w, h = int(size_px[0]), int(size_px[1])
    return Image.frombuffer("RGB", (w, h), _render_rows(page, w, h, 0), "raw", "RGB", 0, 1)


def png_name(plan, page_index: int) -> str:
    """`<format>.<message>.<lang>.png`; a layout with more than one page adds the page's name."""
    if len(plan.pages) == 1:
        return f"{plan.stem}.png"
    return f"{plan.stem}.{plan.pages[page_index].name}.png"


def screen_pngs(plan, pdf: bytes) -> dict[str, bytes]:
    """The PNGs of a screen layout, one per page at exactly its size_px; none for print."""
    layout = plan.layout
    if layout.profile != "screen" or not layout.size_px:
        return {}
    import pypdfium2 as pdfium

    w, h = int(layout.size_px[0]), int(layout.size_px[1])
    doc = pdfium.PdfDocument(pdf)
    try:
        return {png_name(plan, i): page_png(doc[i], w, h) for i in range(len(plan.pages))}
    finally:
        doc.close()


def read_top(path, rows: int):
    """The first `rows` rows of a PNG this module wrote (8-bit RGB, rows unfiltered), as an RGB image
    the PNG's width; any other PNG is read whole by Pillow and cut.

    The proof index is cut from the top rows of each edition's sheet (its first language and
    message): inflated only as far as those rows, by ISA-L, a sheet costs a fraction of reading
    it whole."""
    from PIL import Image

    data = path.read_bytes()
    got = _top_rows(data, rows)
    if got is None:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            w, h = im.size
            return im.convert("RGB").crop((0, 0, w, min(rows, h)))
    w, n, pixels = got
    return Image.frombuffer("RGB", (w, n), pixels, "raw", "RGB", 3 * w + 1, 1)


def _top_rows(data: bytes, rows: int) -> tuple[int, int, bytes] | None:
    """(width, rows read, the rows from the first pixel on, each row's filter byte before the next) of a PNG
    as _encode writes it; None for any other (filtered, interlaced, not 8-bit RGB, damaged)."""
    from isal import isal_zlib

    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if (depth, colour, interlace) != (8, 2, 0) or not w or not h:
        return None
    rows = min(rows, h)
    stride = 3 * w + 1
    need = rows * stride
    inflate = isal_zlib.decompressobj()
    out = bytearray()
    at = 8
    try:
        while at + 8 <= len(data) and len(out) < need:
            size, kind = struct.unpack(">I4s", data[at : at + 8])
            if kind == b"IDAT":
                out += inflate.decompress(data[at + 8 : at + 8 + size], need - len(out))
                while len(out) < need and inflate.unconsumed_tail:
                    out += inflate.decompress(inflate.unconsumed_tail, need - len(out))
            elif kind == b"IEND":
                break
            at += 12 + size
    except isal_zlib.error:
        return None
    if len(out) < need or any(out[0:need:stride]):  # short, or a row filtered: not ours
        return None
    return w, rows, bytes(memoryview(out)[1:need])
