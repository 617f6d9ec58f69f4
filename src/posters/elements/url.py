"""`url`: the self-help site printed as text (digital formats, and anywhere a
QR code alone is not enough); in screen editions a link to the tracked URL.
"""

from __future__ import annotations

from posters.elements.base import Kind, PlaceCtx, Placed, register
from posters.elements.helpline import parse
from posters.elements.text import TextSpec, describe, draw, link, place_paragraphs


def shown_url(url: str) -> str:
    return url.removeprefix("https://").rstrip("/")


def place(spec: TextSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    return [place_paragraphs(spec.box, spec.style, spec.align, spec.valign, [("zxx", shown_url(ctx.campaign.url))], ctx, key, "url", ctx.payload)]


register(Kind("url", parse, place, draw, describe, ("box_mm", "style", "align", "valign"), link, role=lambda p: "P"))
