"""`helpline`: the Stop it Now! number, in its display form, from campaign.toml.

It is never typed into a layout or copy file; in screen editions it is also a
tel: link.
"""

from __future__ import annotations

from posters.elements.base import ALIGN, VALIGN, Kind, ParseCtx, PlaceCtx, Placed, check_safe, read_box, register
from posters.elements.text import TextSpec, draw, link, parse_style_ref, place_paragraphs
from posters.inputs.schema import Table


def parse(t: Table, ctx: ParseCtx) -> TextSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    style = parse_style_ref(t, ctx)
    align = t.text("align", getattr(style, "align", "left"), choices=ALIGN)
    valign = t.text("valign", getattr(style, "valign", "middle"), choices=VALIGN)
    return TextSpec(box, "", style, align, valign)


def place(spec: TextSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    return [place_paragraphs(spec.box, spec.style, spec.align, spec.valign, [("zxx", ctx.campaign.helpline_display)], ctx, key, "helpline", ctx.campaign.helpline_tel)]


register(Kind("helpline", parse, place, draw, lambda p: "the helpline number", ("box_mm", "style", "align", "valign"), link, role=lambda p: "P"))
