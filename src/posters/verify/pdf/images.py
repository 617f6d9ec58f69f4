"""The [images] check: effective resolution of every placed image at its
printed size, found with the content-stream interpreter."""

from __future__ import annotations

import math

from pikepdf import Dictionary

from posters.units import PT_PER_INCH
from posters.verify.findings import Finding, error, warning
from posters.verify.pdf._common import MM_PER_PT, PdfSource, _Collector, _fmt, _num, _opened
from posters.verify.pdf.interpreter import _Ctx, _GState, _scan, _Visitor

#: Effective image resolution thresholds (pixels per inch at printed size).
PPI_ERROR_BELOW = 149.0
PPI_WARN_BELOW = 224.0


class _ResolutionVisitor(_Visitor):
    def __init__(self) -> None:
        # (page, name) -> (ppi, px_w, px_h, w_pt, h_pt)
        self.worst: dict[tuple[int, str], tuple[float, int, int, float, float]] = {}

    def image(self, ctx: _Ctx, gs: _GState, name: str, image: Dictionary, inline: bool) -> None:
        if bool(image.get("/ImageMask", False)):
            return  # 1-bit stencil: line-art rules, not photo resolution
        px_w = int(_num(image.get("/Width"), 0))
        px_h = int(_num(image.get("/Height"), 0))
        a, b, c, d, _, _ = gs.ctm
        w_pt, h_pt = math.hypot(a, b), math.hypot(c, d)
        if px_w <= 0 or px_h <= 0 or w_pt <= 1e-6 or h_pt <= 1e-6:
            return
        ppi = min(px_w / (w_pt / PT_PER_INCH), px_h / (h_pt / PT_PER_INCH))
        key = (ctx.page, "inline image" if inline else name)
        if key not in self.worst or ppi < self.worst[key][0]:
            self.worst[key] = (ppi, px_w, px_h, w_pt, h_pt)


def check_images_resolution(pdf: PdfSource) -> list[Finding]:
    """[images] Effective resolution of every placed image at its printed size.

    For each image XObject drawn with Do (also inside Form XObjects) and each
    inline image, the CTM at that moment gives the drawn size: width =
    |(a, b)|, height = |(c, d)| points. Effective ppi = pixels ÷ (size in inches)
    on both axes; the lower axis counts. Below 149 ppi -> error, below 224 ppi
    -> warning. An image drawn several times on a page is reported once, at
    its lowest resolution.

    Limitations: 1-bit stencil masks (ImageMask) are skipped; clipping is
    ignored (an image cropped by a clip path is judged on its full size);
    /UserUnit is ignored (the boxes check rejects it).
    """
    visitor = _ResolutionVisitor()
    with _opened(pdf) as doc:
        _scan(doc, visitor)
    out = _Collector()
    for (page, name), (ppi, px_w, px_h, w_pt, h_pt) in sorted(visitor.worst.items()):
        if ppi >= PPI_WARN_BELOW:
            continue
        size = f"{_fmt(w_pt * MM_PER_PT)} × {_fmt(h_pt * MM_PER_PT)} mm"
        need_w = math.ceil(PPI_WARN_BELOW * w_pt / PT_PER_INCH)
        need_h = math.ceil(PPI_WARN_BELOW * h_pt / PT_PER_INCH)
        label = "An inline image" if name == "inline image" else f"Image '{name}'"
        text = (
            f"{label} prints at {round(ppi)} ppi ({px_w} × {px_h} pixels drawn at {size}); "
        )
        hint = (
            f"Supply at least {need_w} × {need_h} pixels for this size, or draw the image smaller."
        )
        if ppi < PPI_ERROR_BELOW:
            out.add(error(
                "images",
                text + f"under {round(PPI_ERROR_BELOW)} ppi it will look blurred or pixelated "
                f"in print (offset needs {round(PPI_WARN_BELOW)} ppi).",
                hint, page,
            ))
        else:
            out.add(warning(
                "images",
                text + f"offset print wants at least {round(PPI_WARN_BELOW)} ppi, so it may "
                "look soft.",
                hint, page,
            ))
    return out.items
