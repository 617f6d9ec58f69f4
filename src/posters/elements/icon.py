"""`icon`: a small SVG drawing from the project's assets, drawn as vectors.

    [[pages.elements]]
    type = "icon"
    file = "assets/icons/phone.svg"   # from the project folder
    box_mm = [8, 110, 8, 8]
    colour = "ink"                    # optional: the whole icon in one palette colour
    align = "center"                  # within the box, keeping its shape
    valign = "middle"

An icon is read by the same loader, under the same safety rules, as a
partner's SVG logo: no scripts, no outside files, DOCTYPEs without entity
tricks, live text only in the project's font, transparency kept on screen
and refused in print. Print files get its colours in CMYK (a `colour` takes
that palette colour's own CMYK). Like a logo it sits inside the safe zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from posters.colours import Colour
from posters.elements.base import ALIGN, VALIGN, Box, Kind, ParseCtx, PlaceCtx, PlaceError, Placed, check_safe, optional_colour, read_box, register
from posters.inputs.schema import Table


@dataclass(frozen=True)
class IconSpec:
    box: Box
    path: Path
    colour: str | None
    align: str
    valign: str


@dataclass
class Icon:
    """The icon's drawing (a posters.inputs.logos.Logo), and the one colour it is set in, if any."""

    logo: object
    shown: str  # the file, as a person names it
    colour: Colour | None


def parse(t: Table, ctx: ParseCtx) -> IconSpec | None:
    from posters.inputs.load import element_file

    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    _, path = element_file(t, ctx, "assets/icons/your-icon.svg", (".svg",), "an SVG file", "an icon is vector artwork: export it as SVG (for a photograph use an image element)")
    colour, bad_colour = optional_colour(t, ctx, "colour")
    align = t.text("align", "center", choices=ALIGN)
    valign = t.text("valign", "middle", choices=VALIGN)
    if None in (box, path, align, valign) or bad_colour:
        return None
    return IconSpec(box, path, colour, align, valign)


def place(spec: IconSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    from posters.elements.logo import fit_in
    from posters.errors import display_path
    from posters.inputs.logos import LogoError

    shown = display_path(spec.path, ctx.campaign.root)
    try:
        art = ctx.logos.get(spec.path)
    except LogoError as exc:
        # the loader is the logos' one, and words its hints for a logo
        hint = (exc.hint or "replace the file with working SVG artwork").replace("your logo", "your icon").replace("the logo", "the icon")
        raise PlaceError(f"the icon {exc.message}", hint, file=shown) from None
    if ctx.profile == "print" and art.transparency:
        raise PlaceError(
            f"the icon is partly see-through ({'; '.join(art.transparency[:3])}): print files are PDF/X-1a, which cannot carry transparency",
            "use solid colours in the icon (or flatten its transparency), then save it again; screen files keep it",
            file=shown,
        )
    colour = ctx.palette[spec.colour] if spec.colour else None
    return [Placed("icon", key, fit_in(spec.box, art.aspect, spec.align, spec.valign), Icon(art, shown, colour))]


def draw(placed: Placed, painter) -> None:
    painter.icon(placed.content.logo, placed.box, placed.content.colour)


def describe(placed: Placed) -> str:
    return f"the icon {placed.content.shown}"


register(Kind("icon", parse, place, draw, describe, ("box_mm", "file", "colour", "align", "valign")))
