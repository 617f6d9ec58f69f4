"""`logo`: one partner's artwork (the edition's force, or the charity),
scaled to fit its box without distortion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from posters.elements.base import ALIGN, VALIGN, Box, Kind, ParseCtx, PlaceCtx, PlaceError, Placed, check_safe, read_box, register
from posters.errors import display_path
from posters.inputs.logos import LogoError
from posters.inputs.schema import Table


@dataclass(frozen=True)
class LogoSpec:
    box: Box
    which: str
    align: str
    valign: str


@dataclass
class Artwork:
    """One partner's logo, scaled into the placed box."""

    logo: Any  # posters.inputs.logos.Logo
    owner: str  # the partner's name
    rule: Any = None  # posters.inputs.logo_rules.LogoRule: minimum width and clear space, which the plan checks hold it to
    names: dict[str, str] = field(default_factory=dict)  # the partner's name in each language (for alternative text)


def parse(t: Table, ctx: ParseCtx) -> LogoSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    which = t.text("which", choices=("force", "charity"), hint='which = "force" or "charity"')
    align = t.text("align", "center", choices=ALIGN)
    valign = t.text("valign", "middle", choices=VALIGN)
    return LogoSpec(box, which, align, valign)


def open_logo(ctx: PlaceCtx, path, owner: str):
    """The partner's artwork; its problems are reported against the logo file,
    in a designer's words."""
    shown = display_path(path, ctx.campaign.root)
    try:
        logo = ctx.logos.get(path)
    except LogoError as exc:
        raise PlaceError(f"logo of {owner}: {exc.message}", exc.hint or "replace the file with working artwork", file=shown) from None
    if ctx.profile == "print" and logo.transparency:
        raise PlaceError(
            f"logo of {owner}: is partly see-through ({'; '.join(logo.transparency[:3])}): print files are PDF/X-1a, which cannot carry transparency",
            "flatten the transparency in your artwork (Illustrator: Object > Flatten Transparency), or use solid colours; screen files keep it",
            file=shown,
        )
    if ctx.profile == "print" and logo.unprintable:
        raise PlaceError(
            f"logo of {owner}: has colours a print file cannot carry ({'; '.join(logo.unprintable[:3])})",
            "export the logo in CMYK, grey or spot colours (Illustrator: File > Document Color Mode > CMYK Color, then Save As > Adobe PDF, PDF/X-1a), or as SVG; screen files accept RGB",
            file=shown,
        )
    return logo


def placed_logo(kind: str, key: str, logo, owner: str, box: Box, rule=None, names: dict[str, str] | None = None) -> Placed:
    return Placed(kind, key, box, Artwork(logo, owner, rule, dict(names or {})))


def charity_names(ctx: PlaceCtx) -> dict[str, str]:
    """The charity's logo is its programme's (Stop it Now!): named so in each language."""
    c = ctx.campaign
    return {lang: n.get("programme") or c.charity_programme for lang, n in c.charity_names.items()} or {lang: c.charity_programme for lang in ctx.langs}


def fit_in(box: Box, aspect: float, align: str, valign: str) -> Box:
    w = min(box.w, box.h * aspect)
    h = w / aspect
    x = box.x + {"left": 0, "center": (box.w - w) / 2, "right": box.w - w}[align]
    y = box.y + {"top": 0, "middle": (box.h - h) / 2, "bottom": box.h - h}[valign]
    return Box(x, y, w, h)


def place(spec: LogoSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    if spec.which == "charity":
        path, owner, rule = ctx.campaign.charity_logo, ctx.campaign.charity_name, ctx.campaign.charity_logo_rule
        names = charity_names(ctx)
    else:
        if ctx.edition.regional:
            raise PlaceError("the regional edition has no single force logo", 'use a logo_strip element for the partner logos')
        force = ctx.edition.forces[0]
        path, owner, rule = force.logo, force.name, force.logo_rule
        names = force.names
    logo = open_logo(ctx, path, owner)
    return [placed_logo("logo", key, logo, owner, fit_in(spec.box, logo.aspect, spec.align, spec.valign), rule, names)]


def draw(placed: Placed, painter) -> None:
    painter.logo(placed.content.logo, placed.box)


def describe(placed: Placed) -> str:
    return f"the logo of {placed.content.owner}"


def alt(placed: Placed, words) -> str:
    """The partner, named in the output's language."""
    return f"{words('alt_logo')}: {words.name(placed.content.names, placed.content.owner)}"


# the partners are read after the message, wherever their logos sit on the page
register(Kind("logo", parse, place, draw, describe, ("box_mm", "which", "align", "valign"), role=lambda p: "Figure", alt=alt, read_last=True))
