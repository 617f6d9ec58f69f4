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


def png_bytes(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
