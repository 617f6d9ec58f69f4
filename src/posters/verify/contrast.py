"""Contrast check: every line of text against the colour it actually sits on.

The background is worked out from the plan, not from the layout's intent:
each line's ink box (its measured width, ascent to descent) is sampled on a
small grid, and at each point the topmost flat colour drawn before the text
(backgrounds, bands, panels within their rounded corners, the QR code's
white square) is the background there.
Where nothing is drawn the paper shows. A line that straddles two colours is
judged against each.

Ratios (WCAG 2) use the colour actually painted: in a screen file its sRGB;
in a print file its CMYK, as it looks once printed (`posters.appearance`:
through the printer's profile given with `--icc` or embedded in a PDF/X-4
file, else the stated default for offset on coated paper). A print file is
never judged by the sRGB it does not contain.
"""

from __future__ import annotations

from posters import fonts
from posters.appearance import printed_srgb
from posters.colours import contrast_ratio
from posters.elements.qr import QrCode
from posters.elements.shape import Fill
from posters.elements.text import SetText, line_positions
from posters.units import pt_to_mm
from posters.verify.findings import Finding, error

BODY_RATIO = 4.5
LARGE_RATIO = 3.0
LARGE_PT = 18.0
LARGE_BOLD_PT = 14.0
BOLD_WEIGHTS = ("bold", "black")
_GRID_X, _GRID_Y = 9, 3
WHITE = (255, 255, 255)


def is_large(size_pt: float, weight: str) -> bool:
    """WCAG's 'large scale' text: 18 pt, or 14 pt bold."""
    return size_pt >= LARGE_PT - 1e-9 or (weight in BOLD_WEIGHTS and size_pt >= LARGE_BOLD_PT - 1e-9)


def required_ratio(size_pt: float, weight: str) -> float:
    return LARGE_RATIO if is_large(size_pt, weight) else BODY_RATIO


def _fills(elements, upto: int) -> list[tuple[object, object]]:
    """(box, Colour or Picture) of every fill drawn before element `upto`, in drawing order."""
    from posters.elements.image import Picture
    from posters.elements.panel import Panel

    out = []
    for p in elements[:upto]:
        if isinstance(p.content, (Fill, Picture)):
            out.append((p.box, p.content if isinstance(p.content, Picture) else p.content.colour))
        elif isinstance(p.content, Panel) and p.content.fill is not None:
            out.append((_Rounded(p.box, p.content), p.content.fill))
        elif isinstance(p.content, QrCode):
            out.append((p.box, None))  # white square under the modules
    return out


class _Rounded:
    """A panel's box, whose rounded corners show what is beneath."""

    def __init__(self, box, panel):
        self.box, self.panel = box, panel
        self.x, self.y, self.w, self.h, self.right, self.bottom = box.x, box.y, box.w, box.h, box.right, box.bottom


def backgrounds_under(elements, index: int, rect: tuple[float, float, float, float], paper) -> dict[str, object]:
    """Colours (by name) showing through at sample points of `rect` (x, y, w, h in mm)."""
    # topmost first, each with its edges read once: 27 points per line against every fill below it
    fills = [(box, c, box.x, box.right, box.y, box.bottom, isinstance(box, _Rounded)) for box, c in reversed(_fills(elements, index))]
    x0, y0, w, h = rect
    seen: dict[str, object] = {}
    for i in range(_GRID_X):
        x = x0 + w * (i + 0.5) / _GRID_X
        for j in range(_GRID_Y):
            y = y0 + h * (j + 0.5) / _GRID_Y
            colour = paper
            for box, c, left, right, top, bottom, rounded in fills:
                if left <= x <= right and top <= y <= bottom and (not rounded or box.panel.covers(box.box, x, y)):
                    colour = _pixel(c, box, x, y) if hasattr(c, "srgb_at") else (c or paper)
                    break
            seen.setdefault(colour.name, colour)
    return seen


def _pixel(picture, box, x: float, y: float):
    """The image's colour at a point, as a colour named for where it is."""
    from posters.colours import Colour

    return Colour(f"the image {picture.shown} at {x:.0f}, {y:.0f} mm", picture.cmyk_at(box, x, y), picture.srgb_at(box, x, y))


def line_boxes(p) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(line, (x, y, w, h) in mm) for each set line of a text element: its ink extent."""
    f, weight = p.content.fitted, p.content.weight
    asc, desc = fonts.ascent_descent(weight)
    out = []
    for x, baseline, line, _lang in line_positions(p):
        if not line.strip():
            continue
        w = pt_to_mm(fonts.width(line, weight, f.size))
        top = baseline - pt_to_mm(f.size * asc)
        out.append((line, (x, top, w, pt_to_mm(f.size * (asc + desc)))))
    return out


def _label(colour, print_file: bool, seen) -> str:
    if not print_file:
        return f"{colour.name} ({colour.hex})"
    cmyk = "/".join(f"{v * 100:g}" for v in colour.cmyk)
    return f"{colour.name} (CMYK {cmyk}, prints as about #%02x%02x%02x)" % seen(colour)


def check_contrast(plan, printer=None) -> list[Finding]:
    """[contrast] WCAG contrast of each text colour, as painted, on the background under it.

    `printer`: an `appearance.PrinterProfile` for print files (None: the default method).
    """
    print_file = plan.layout.profile == "print"

    def seen(colour):
        return printed_srgb(colour.cmyk, printer) if print_file else colour.srgb

    paper = plan.palette.get("paper")
    if paper is None or paper.srgb != WHITE:
        from posters.colours import Colour

        paper = Colour("unprinted paper", (0.0, 0.0, 0.0, 0.0), WHITE)
    out = []
    for n, page in enumerate(plan.pages, start=1):
        elements = list(page.elements)
        for index, p in enumerate(elements):
            if not isinstance(p.content, SetText):
                continue
            size, weight, ink = p.content.fitted.size, p.content.weight, p.content.colour
            need = required_ratio(size, weight)
            worst = None
            for line, rect in line_boxes(p):
                for bg in backgrounds_under(elements, index, rect, paper).values():
                    ratio = contrast_ratio(seen(ink), seen(bg))
                    if ratio + 1e-9 < need and (worst is None or ratio < worst[0]):
                        worst = (ratio, bg, line)
            if worst:
                ratio, bg, line = worst
                kind = "large text" if is_large(size, weight) else "text of this size"
                out.append(
                    error(
                        "contrast",
                        f"text {line!r} ({p.key}) is {_label(ink, print_file, seen)} on {_label(bg, print_file, seen)}: contrast {ratio:.2f}:1, below the {need:g}:1 needed for {kind} ({size:g} pt {weight})",
                        "change the style's colour or the colour behind it in the layout (or the force's brand colours)",
                        n,
                    )
                )
    return out
