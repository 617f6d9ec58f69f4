"""Raster logos in print files: how they were made CMYK, and whether the
force's brand colour survives.

An RGB PNG or JPEG logo is converted for print the way a photograph is:
through the printer's profile with `--icc`, else by the stated default
formula (grey on the black plate), with a warning; pixels in exactly one of
the palette's sRGB colours take that colour's own CMYK, as in SVG logos. Either way the logo's
main colour is then judged as it will print (`posters.appearance`) against
the colours its force declares in force.toml, themselves as printed: a logo
whose brand blue comes out teal is warned of, with both colours named.

The main colour is the most common coloured ink mix of the converted logo
(paper, greys and black carry no brand hue and are left out), averaged over
the pixels that share it; a logo with no colour covering at least
MIN_SHARE of its area is not judged.
"""

from __future__ import annotations

from posters.appearance import MAX_DELTA_E, delta_e2000, printed_srgb, srgb_to_lab
from posters.inputs.images import print_cmyk
from posters.verify.findings import Finding, warning

MIN_SHARE = 0.05  # of the logo's area
NEUTRAL = 0.15  # C, M and Y within this of each other: a grey, no hue
THUMB = 96  # px a side: enough to find a logo's colours, cheap to count


def main_cmyk(cmyk_image) -> tuple[float, float, float, float] | None:
    """The logo's main coloured ink mix (0-1 each), or None when it has none to speak of."""
    from PIL import Image

    if cmyk_image.mode != "CMYK":
        return None
    thumb = cmyk_image.resize((min(THUMB, cmyk_image.width), min(THUMB, cmyk_image.height)), Image.Resampling.BOX)
    total = thumb.width * thumb.height
    groups: dict[tuple, list] = {}
    for n, px in thumb.getcolors(total) or []:
        ink = tuple(v / 255 for v in px)
        if max(ink[:3]) - min(ink[:3]) < NEUTRAL:
            continue
        g = groups.setdefault(tuple(round(v * 8) for v in ink), [0, [0.0] * 4])
        g[0] += n
        g[1] = [a + v * n for a, v in zip(g[1], ink)]
    if not groups:
        return None
    n, sums = max(groups.values(), key=lambda g: g[0])
    if n < MIN_SHARE * total:
        return None
    return tuple(round(v / n, 4) for v in sums)  # type: ignore[return-value]


def check_raster_logos(plan, root, icc: bytes | None, printer=None) -> list[Finding]:
    """[logos] Warnings for RGB raster logos converted by the default, and for force logos whose main colour prints far from the force's colours."""
    from posters.elements.logo import Artwork
    from posters.errors import display_path

    if plan.layout.profile != "print":
        return []
    forces = {f.logo: f for f in plan.edition.forces}
    out: list[Finding] = []
    seen: set = set()
    for n, page in enumerate(plan.pages, start=1):
        for p in page.elements:
            art = p.content
            if not isinstance(art, Artwork) or art.logo.kind != "raster" or art.logo.path in seen:
                continue
            seen.add(art.logo.path)
            shown = display_path(art.logo.path, root)
            im = art.logo.image
            if im.mode == "RGB" and icc is None:
                out.append(
                    warning(
                        "logos",
                        f"the logo of {art.owner} ({shown}) is RGB: it was converted to CMYK by a simple formula (grey on the black plate), not by your printer's profile",
                        "build with --icc YourPrinter.icc to convert it through the printer's profile, or supply the logo as SVG, PDF or a CMYK image",
                        n,
                    )
                )
            force = forces.get(art.logo.path)
            if force is None or not force.colours:
                continue
            far = _far_from_brand(print_cmyk(im, icc, {c.srgb: c.cmyk for c in plan.palette.values()}), force, printer)
            if far is not None:
                logo_rgb, d, colour, colour_rgb = far
                out.append(
                    warning(
                        "logos",
                        f"the logo of {art.owner} ({shown}) prints mostly as #{'%02x%02x%02x' % logo_rgb}, which is ΔE2000 {d:.0f} from the nearest colour {force.file} declares "
                        f"({colour.name}, CMYK {'/'.join(f'{v * 100:g}' for v in colour.cmyk)}, printing as #{'%02x%02x%02x' % colour_rgb}); beyond {MAX_DELTA_E:g} they are different colours",
                        "supply the logo as SVG or PDF artwork in the brand's CMYK"
                        + (", or build with --icc YourPrinter.icc" if icc is None else "")
                        + f"; if the logo is right, correct the colours in {force.file}",
                        n,
                    )
                )
    return out


def _far_from_brand(cmyk_image, force, printer):
    ink = main_cmyk(cmyk_image)
    if ink is None:
        return None
    logo_rgb = printed_srgb(ink, printer)
    lab = srgb_to_lab(logo_rgb)
    best = None
    for colour in force.colours.values():
        rgb = printed_srgb(tuple(colour.cmyk), printer)
        d = delta_e2000(lab, srgb_to_lab(rgb))
        if best is None or d < best[1]:
            best = (logo_rgb, d, colour, rgb)
    return best if best is not None and best[1] > MAX_DELTA_E else None
