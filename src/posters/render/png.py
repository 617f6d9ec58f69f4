"""PNG from the PDF (pypdfium2): one drawing path, so the picture is the PDF."""

from __future__ import annotations

import io

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


def png_bytes(image) -> bytes:
    buf = io.BytesIO()
    # zlib level 3, not Pillow's 6: a third less time per image for files 3-8 % larger
    # (measured on the 1080-1920 px screen formats), and encoding was the build's largest single cost
    image.save(buf, format="PNG", optimize=False, compress_level=3, pnginfo=srgb_info())
    return buf.getvalue()


def _exact(pdfium, page, size_px: tuple[int, int]):
    """The whole page drawn straight into a bitmap of exactly size_px.

    `page.render(scale=...)` rounds the page size up to whole pixels, which can
    add a row or column; resampling afterwards would blur type and QR modules.
    Layout validation keeps the page the image's shape, so the two scales
    differ by well under a pixel.
    """
    import pypdfium2.raw as raw

    w, h = int(size_px[0]), int(size_px[1])
    bitmap = pdfium.PdfBitmap.new_native(w, h, raw.FPDFBitmap_BGR)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, w, h)
    raw.FPDF_RenderPageBitmap(bitmap, page, 0, 0, w, h, 0, raw.FPDF_ANNOT)
    return bitmap.to_pil().convert("RGB")


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
    return {png_name(plan, i): png_bytes(rasterise(pdf, i, size_px=layout.size_px)) for i in range(len(plan.pages))}

