"""`text`: copy from the language files, fitted to its box.

In a bilingual edition every text element carries both languages, Welsh
first, set in one size, weight and colour (equal prominence), so the fit is
computed for both paragraphs together.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from posters import fonts
from posters.plan import textfit
from posters.colours import Colour
from posters.elements.base import ALIGN, VALIGN, Box, Kind, ParseCtx, PlaceCtx, PlaceError, Placed, check_safe, quote, read_box, register
from posters.inputs.schema import Table, suggest
from posters.units import pt_to_mm, mm_to_pt


HEADING = "headline"  # the copy key whose line is the heading (H1) of a tagged screen PDF


@dataclass(frozen=True)
class TextSpec:
    box: Box
    copy: str
    style: object  # posters.inputs.layout.Style
    align: str
    valign: str


@dataclass
class SetText:
    """Paragraphs (one per language, in reading order) set at one fitted size."""

    fitted: textfit.Fitted
    langs: list[str]
    weight: str
    colour: Colour
    align: str
    valign: str
    text: str  # the paragraphs as one string, a newline between languages
    link: str | None = None  # tel: or https target on screen
    copy: str = ""  # the copy key it sets ("headline" is the page's heading)


def parse_style_ref(t: Table, ctx: ParseCtx):
    name = t.text("style")
    if name is None:
        return None
    if name in ctx.styles and ctx.styles[name] is None:
        return None  # the style itself is broken and already reported
    if name not in ctx.styles:
        ctx.probs.add(t.key("style"), f"{name!r} is not a style of this layout", suggest(name, sorted(ctx.styles)) if ctx.styles else "add a [styles.NAME] table")
        return None
    return ctx.styles[name]


def parse(t: Table, ctx: ParseCtx) -> TextSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    copy = t.text("copy", hint='the key of a line in the copy files, e.g. copy = "headline"')
    style = parse_style_ref(t, ctx)
    align = t.text("align", getattr(style, "align", "left"), choices=ALIGN)
    valign = t.text("valign", getattr(style, "valign", "top"), choices=VALIGN)
    return TextSpec(box, copy, style, align, valign)


def paragraphs_for(ctx: PlaceCtx, key: str, copy_key: str) -> list[tuple[str, str]]:
    out = []
    for lang in ctx.langs:
        copy = ctx.edition.copy(ctx.campaign, lang)
        text = copy.get(ctx.message, copy_key)
        if text is None:
            raise PlaceError(
                f"copy key {copy_key!r} is not in {copy.file} for message {ctx.message!r}",
                f"add {copy_key} under [common] or [message.{ctx.message}] in {copy.file}",
            )
        out.append((lang, text))
    return out


def place_paragraphs(spec_box: Box, style, align: str, valign: str, paras: list[tuple[str, str]], ctx: PlaceCtx, key: str, kind: str, link: str | None = None, copy: str = "", weight: str | None = None) -> Placed:
    """`weight`: a force's own font in place of the style's weight (same size and colour)."""
    weight = weight or style.weight
    w, h = mm_to_pt(spec_box.w), mm_to_pt(spec_box.h)
    for lang, text in paras:
        missing = fonts.missing_glyphs(text, weight)
        if missing:
            raise PlaceError(f"the font has no glyph for {''.join(sorted(missing))!r} ({lang})", "change the text or the font")
    fitted = textfit.fit([p for _, p in paras], weight, style.size, style.min_size, style.leading, w, h)
    if fitted is None:
        at_min = textfit.measure([p for _, p in paras], weight, style.min_size, style.leading, w)
        need = f"needs {pt_to_mm(at_min.height):.1f} mm of height" if at_min else "has a word wider than the box"
        raise PlaceError(
            f"text does not fit its {spec_box.w:g} x {spec_box.h:g} mm box even at the minimum {style.min_size:g} pt ({need})",
            "make the box larger, lower the style's min_size_pt, or shorten the copy",
        )
    content = SetText(fitted, [lang for lang, _ in paras], weight, ctx.palette[style.colour], align, valign, "\n".join(p for _, p in paras), link, copy)
    return Placed(kind, key, spec_box, content)


def brand_font(ctx: PlaceCtx, copy_key: str) -> str | None:
    """A force edition's own font for one of its own lines ([font] in its force.toml), else None."""
    if ctx.edition.regional:
        return None
    font = ctx.edition.forces[0].font
    return font.key if font is not None and copy_key in font.copy else None


def place(spec: TextSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    paras = paragraphs_for(ctx, key, spec.copy)
    try:
        return [place_paragraphs(spec.box, spec.style, spec.align, spec.valign, paras, ctx, key, "text", copy=spec.copy, weight=brand_font(ctx, spec.copy))]
    except PlaceError as exc:
        # a force's own line that does not fit: say which file holds it
        local = sorted({f for lang in ctx.langs if (f := ctx.edition.copy(ctx.campaign, lang).source(ctx.message, spec.copy)) != ctx.campaign.copies[lang].file})
        if not local:
            raise
        raise PlaceError(f"{exc.message}; the line {spec.copy!r} is this force's own, in {', '.join(local)}", f"{exc.hint} (shorten it in {local[0]})") from None


def line_positions(p: Placed):
    """(x_mm, baseline_mm_from_top, line, lang) for each line, honouring alignment."""
    t: SetText = p.content
    f = t.fitted
    asc, _ = fonts.ascent_descent(t.weight)
    box = p.box
    top = box.y
    free = box.h - pt_to_mm(f.height)
    if t.valign == "middle":
        top += free / 2
    elif t.valign == "bottom":
        top += free
    baseline = top + pt_to_mm(f.size * asc)
    for i, (lang, lines) in enumerate(zip(t.langs, f.paragraphs)):
        if i:
            baseline += pt_to_mm(f.leading * textfit.PARAGRAPH_GAP)
        for line in lines:
            lw = pt_to_mm(fonts.width(line, t.weight, f.size))
            if t.align == "center":
                x = box.x + (box.w - lw) / 2
            elif t.align == "right":
                x = box.right - lw
            else:
                x = box.x
            yield x, baseline, line, lang
            baseline += pt_to_mm(f.leading)


def text_extent(p: Placed) -> Box:
    """The area the set lines cover (ascender to descender), e.g. for a link's
    clickable rectangle: the box the text was fitted into may be much larger."""
    weight = p.content.weight
    asc, desc = fonts.ascent_descent(weight)
    size = p.content.fitted.size
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for x, baseline, line, _lang in line_positions(p):
        x0 = min(x0, x)
        x1 = max(x1, x + pt_to_mm(fonts.width(line, weight, size)))
        y0 = min(y0, baseline - pt_to_mm(size * asc))
        y1 = max(y1, baseline + pt_to_mm(size * desc))
    return Box(x0, y0, x1 - x0, y1 - y0)


def draw(placed: Placed, painter) -> None:
    t: SetText = placed.content
    painter.fill(t.colour)
    for lang, lines in groupby(line_positions(placed), key=lambda line: line[3]):
        with painter.span(lang):  # a tagged file gives each language its own span
            for x, baseline, line, _lang in lines:
                painter.text(x, baseline, line, t.weight, t.fitted.size)


def role(placed: Placed) -> str:
    """The headline is the page's heading; every other line of copy a paragraph."""
    return "H1" if placed.content.copy == HEADING else "P"


def link(placed: Placed) -> tuple[Box, str] | None:
    """Over the set lines only: the box the text was fitted into may be much larger."""
    return (text_extent(placed), placed.content.link) if placed.content.link else None


def describe(placed: Placed) -> str:
    return f"the text {quote(placed.content.text)}"


register(Kind("text", parse, place, draw, describe, ("box_mm", "copy", "style", "align", "valign"), link, role=role))
