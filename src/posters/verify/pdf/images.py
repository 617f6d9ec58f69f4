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
#: Up to this viewing distance the offset thresholds above apply; farther
#: away the eye resolves less, and both fall in proportion (100 ppi at 3 m,
#: what large-format printers ask for a 6-sheet).
REFERENCE_DISTANCE_M = 1.34


def thresholds_for(profile: str | None, viewing_distance_m: float | None, size_px=None, trim_mm=None) -> tuple[float, float]:
    """(warn below, error below) ppi at full size for an output: print by its
    viewing distance; a screen image by its own pixel density (an image at
    the density of the PNG it ends up in is as sharp as it can be shown)."""
    if profile == "screen" and size_px and trim_mm:
        density = size_px[0] / (trim_mm[0] / 25.4)
        return density, density / 2
    return ppi_thresholds(viewing_distance_m)


def ppi_thresholds(viewing_distance_m: float | None) -> tuple[float, float]:
    """(warn below, error below) in ppi at full size, for a viewing distance."""
    if not viewing_distance_m or viewing_distance_m <= REFERENCE_DISTANCE_M:
        return PPI_WARN_BELOW, PPI_ERROR_BELOW
    f = REFERENCE_DISTANCE_M / viewing_distance_m
    return PPI_WARN_BELOW * f, PPI_ERROR_BELOW * f


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


def check_images_resolution(pdf: PdfSource, *, scale: float = 1.0, viewing_distance_m: float | None = None, thresholds: tuple[float, float] | None = None) -> list[Finding]:
    """[images] Effective resolution of every placed image at its printed size.

    For each image XObject drawn with Do (also inside Form XObjects) and each
    inline image, the CTM at that moment gives the drawn size: width =
    |(a, b)|, height = |(c, d)| points. Effective ppi = pixels ÷ (size in inches)
    on both axes; the lower axis counts. Below 149 ppi -> error, below 224 ppi
    -> warning. An image drawn several times on a page is reported once, at
    its lowest resolution.

    Scaled artwork (`scale` 0.1 for 1:10) is judged at full size: its ppi is
    the file's times `scale`. Thresholds fall with the viewing distance
    (:func:`ppi_thresholds`).

    Limitations: 1-bit stencil masks (ImageMask) are skipped; clipping is
    ignored (an image cropped by a clip path is judged on its full size);
    /UserUnit is ignored (the boxes check rejects it).
    """
    visitor = _ResolutionVisitor()
    with _opened(pdf) as doc:
        _scan(doc, visitor)
    return _findings(visitor, scale, viewing_distance_m, thresholds)


def _findings(visitor: _ResolutionVisitor, scale: float, viewing_distance_m: float | None, thresholds: tuple[float, float] | None) -> list[Finding]:
    """The findings for what the interpreter showed `visitor` (see check_images_resolution)."""
    out = _Collector()
    warn_below, error_below = thresholds or ppi_thresholds(viewing_distance_m)
    where = f" at a viewing distance of {viewing_distance_m:g} m" if warn_below < PPI_WARN_BELOW else ""
    for (page, name), (ppi, px_w, px_h, w_pt, h_pt) in sorted(visitor.worst.items()):
        ppi, w_pt, h_pt = ppi * scale, w_pt / scale, h_pt / scale  # full size
        if ppi >= warn_below - 1e-6:
            continue
        size = f"{_fmt(w_pt * MM_PER_PT)} × {_fmt(h_pt * MM_PER_PT)} mm"
        need_w = math.ceil(warn_below * w_pt / PT_PER_INCH)
        need_h = math.ceil(warn_below * h_pt / PT_PER_INCH)
        label = "An inline image" if name == "inline image" else f"Image '{name}'"
        text = (
            f"{label} prints at {round(ppi)} ppi ({px_w} × {px_h} pixels drawn at {size}{' full size' if scale != 1 else ''}); "
        )
        hint = (
            f"Supply at least {need_w} × {need_h} pixels for this size, or draw the image smaller."
        )
        if ppi < error_below:
            out.add(error(
                "images",
                text + f"under {round(error_below)} ppi it will look blurred or pixelated "
                f"in print{where} (it needs {round(warn_below)} ppi).",
                hint, page,
            ))
        else:
            out.add(warning(
                "images",
                text + f"print wants at least {round(warn_below)} ppi{where}, so it may "
                "look soft.",
                hint, page,
            ))
    return out.items
