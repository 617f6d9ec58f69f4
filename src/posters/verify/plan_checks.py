"""Checks on a plan, before anything is drawn: the safe zone and sizes for
viewing distance.

The layout loader already refuses boxes outside the safe zone and styles too
small for the distance; these checks look again at what was actually placed
(fitted text sizes, the QR square after centring, logos after scaling), so a
change in the placing code cannot slip past unnoticed.
"""

from __future__ import annotations

from posters.elements.base import REGISTRY
from posters.elements.logo import Artwork
from posters.elements.qr import QrCode
from posters.elements.text import SetText
from posters.verify.findings import Finding, error

EC_ORDER = "LMQH"
MIN_EC = "M"
MIN_QUIET_MODULES = 4
_EPS = 1e-6


def _what(p) -> str:
    return REGISTRY[p.kind].describe(p)


def check_safe_zone(plan) -> list[Finding]:
    """[safe-zone] No text, QR code or logo within the safe margin of the trim, nor
    under the bands a platform's own controls cover (a story's reply bar)."""
    lay = plan.layout
    s = lay.safe_mm
    w, h = lay.trim_mm
    out = []
    for n, page in enumerate(plan.pages, start=1):
        for p in page.elements:
            if not REGISTRY[p.kind].in_safe_zone:
                continue
            b = p.box
            gaps = {"left": b.x, "top": b.y, "right": w - b.right, "bottom": h - b.bottom}
            close = {side: gap for side, gap in gaps.items() if gap < s - _EPS}
            if close:
                sides = ", ".join(f"{gap:.1f} mm from the {side} edge" for side, gap in close.items())
                out.append(
                    error(
                        "safe-zone",
                        f"{_what(p)} ({p.key}) is {sides}; the safe zone is {s:g} mm, so it may be cut off when the sheet is trimmed",
                        f"move it at least {s:g} mm inside the trim in {lay.file}",
                        n,
                    )
                )
            for band in getattr(lay, "covered", ()):
                if band.overlaps(b):
                    out.append(error("safe-zone", f"{_what(p)} ({p.key}) {band.describe()}, by {band.depth_into(b):.1f} mm", f"{band.hint()} in {lay.file}", n))
    return out


def check_sizes(plan) -> list[Finding]:
    """[sizes] Text and QR code large enough for the layout's viewing and scanning distance
    (for the QR: symbol, module and camera pixels, see posters.verify.scanning), and
    partner logos no smaller than their partners ask."""
    lay = plan.layout
    floor = lay.min_text_pt
    out = []
    for n, page in enumerate(plan.pages, start=1):
        for p in page.elements:
            if isinstance(p.content, SetText):
                size = p.content.fitted.size
                if size + _EPS < floor:
                    out.append(
                        error(
                            "sizes",
                            f"{_what(p)} ({p.key}) is set at {size:g} pt; at a viewing distance of {lay.viewing_distance_m:g} m text must be at least {floor:g} pt",
                            "give the text a larger box or shorter copy, or raise the style's min_size_pt",
                            n,
                        )
                    )
            elif isinstance(p.content, QrCode):
                out.extend(_qr_sizes(p, lay, n))
            elif isinstance(p.content, Artwork) and p.content.rule is not None:
                out.extend(_logo_rule(p, page.elements, lay, n))
    return out


def _gap(a, b) -> float:
    """Distance between two boxes (0 if they touch or overlap)."""
    dx = max(b.x - a.right, a.x - b.right, 0.0)
    dy = max(b.y - a.bottom, a.y - b.bottom, 0.0)
    return (dx * dx + dy * dy) ** 0.5


def _logo_rule(p, elements, lay, page: int) -> list[Finding]:
    """A partner's logo at no less than its declared minimum width, with its clear space free."""
    rule, owner = p.content.rule, p.content.owner
    out = []
    if p.box.w + _EPS < rule.min_width_mm:
        out.append(
            error(
                "sizes",
                f"the logo of {owner} ({p.key}) prints {p.box.w:.1f} mm wide; {owner} asks for at least {rule.min_width_mm:g} mm [logo]",
                f"give the logos more room in {lay.file}: fewer logos on that side (partners), more rows (max_rows), or the other side of the card",
                page,
            )
        )
    for o in elements:
        if o is p or not REGISTRY[o.kind].in_safe_zone:  # flat colour may sit under and around a logo
            continue
        g = _gap(p.box, o.box)
        if g + _EPS < rule.clear_space_mm:
            out.append(
                error(
                    "sizes",
                    f"{_what(o)} ({o.key}) is {g:.1f} mm from the logo of {owner}, inside its {rule.clear_space_mm:g} mm clear space [logo]",
                    f"move them apart in {lay.file} (or raise gap_mm of the logo strip)",
                    page,
                )
            )
    return out


def _qr_sizes(p, lay, page: int) -> list[Finding]:
    from posters.verify import scanning

    # from the square as placed, not from the element's own arithmetic
    n = p.content.modules
    module = min(p.box.w, p.box.h) / (n + 2 * p.content.quiet)
    out = [error("sizes", f"{f.message} [{f.rule}]", f"{f.hint} in {lay.file}", page) for f in scanning.check(n, module, lay.scan_distance_m)]
    quiet = p.content.quiet
    if quiet < MIN_QUIET_MODULES:
        out.append(
            error(
                "sizes",
                f"the QR code has a white margin (quiet zone) of {quiet} modules; scanners need {MIN_QUIET_MODULES}",
                "set quiet_zone_modules = 4 or more in campaign.toml",
                page,
            )
        )
    ec = p.content.ec
    if ec not in EC_ORDER or EC_ORDER.index(ec) < EC_ORDER.index(MIN_EC):
        out.append(
            error(
                "sizes",
                f"the QR code uses error correction {ec or 'unknown'}; print needs {MIN_EC} or better to survive scuffs and glare",
                'set error_correction = "M" (or "Q"/"H") in campaign.toml',
                page,
            )
        )
    if abs(p.box.w - p.box.h) > 0.01:
        out.append(error("sizes", f"the QR code is stretched ({p.box.w:.1f} x {p.box.h:.1f} mm)", "a QR code must be square", page))
    return out


def check_image_resolution(plan) -> list[Finding]:
    """[resolution] Each placed image's effective resolution at full size, against
    thresholds that fall with the layout's viewing distance (224 ppi, error
    below 149, up to 1.34 m; in proportion beyond: 100 ppi at 3 m)."""
    from posters.elements.image import Picture
    from posters.verify.findings import warning
    from posters.verify.pdf.images import thresholds_for

    lay = plan.layout
    warn_below, error_below = thresholds_for(lay.profile, lay.viewing_distance_m, lay.size_px, lay.trim_mm)
    seen = f"seen from {lay.viewing_distance_m:g} m" if lay.profile == "print" else f"in the {lay.size_px[0]} px wide image"
    out = []
    for n, page in enumerate(plan.pages, start=1):
        for p in page.elements:
            if not isinstance(p.content, Picture):
                continue
            px_w, px_h = p.content.pixels
            ppi = min(px_w / (p.box.w / 25.4), px_h / (p.box.h / 25.4))
            if ppi >= warn_below - _EPS:
                continue
            need = (round(p.box.w / 25.4 * warn_below), round(p.box.h / 25.4 * warn_below))
            text = (
                f"the image {p.content.shown} ({p.key}) prints at {ppi:.0f} ppi: {px_w} x {px_h} pixels shown over {p.box.w:.0f} x {p.box.h:.0f} mm; "
                f"{seen} it needs {warn_below:.0f} ppi"
            )
            hint = f"supply at least {need[0]} x {need[1]} pixels for what shows, or make the box smaller"
            if ppi < error_below:
                out.append(error("resolution", text + f" and looks pixelated below {error_below:.0f}", hint, n))
            else:
                out.append(warning("resolution", text + ", so it may look soft", hint, n))
    return out
