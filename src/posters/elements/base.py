"""What every element kind shares: its box, its registry entry, and the
contexts it is parsed, placed and drawn in.

Each kind lives in its own module and registers one `Kind` by name; the
registry refuses duplicate names, and unknown names are reported with "did you
mean". A `Kind` is everything other stages need to know about it: how it is
parsed from a layout, placed on a page, drawn, which rectangle of it is a
link on screen, how it is named to a person, and which of its layout keys
the studio may edit, and what it is to a screen reader in a tagged screen
PDF (its structure role; see `Kind.role`). Every stage dispatches through
`REGISTRY`, so a new kind is one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from posters.colours import Colour
from posters.errors import Problems
from posters.inputs.schema import Table


@dataclass(frozen=True)
class Box:
    """A rectangle in mm, measured from the trim's top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, d: float) -> "Box":
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)


@dataclass
class ParseCtx:
    probs: Problems
    styles: dict[str, Any]
    colour_names: set[str]
    page_w: float
    page_h: float
    bleed: float
    safe: float
    root: Any = None  # the project folder, for elements that name a file (image)
    covered: tuple = ()  # posters.inputs.platform_ui.Covered: bands a platform's own controls cover (screen)


@dataclass
class PlaceCtx:
    """Everything an element needs to decide what it shows and where."""

    campaign: Any
    edition: Any
    langs: list[str]  # languages shown, in reading order (Welsh first when bilingual)
    message: str
    payload: str
    palette: dict[str, Colour]
    profile: str  # "print" or "screen"
    layout_file: str
    geometry: Any  # posters.plan.geometry.PageGeometry: elements place in its layout terms (full size)
    logos: Any  # posters.inputs.logos.LogoStore


@dataclass
class Placed:
    """One element, resolved: absolute box and the content to draw.

    `content` is the kind's own typed class (set text, a QR code, artwork, a
    flat fill); checks read its fields, never a dict of strings.
    """

    kind: str  # the registered kind that placed it, and draws it
    key: str  # key path in the layout file, for messages
    box: Box
    content: Any


class PlaceError(Exception):
    """Why an element cannot be placed. `file` names the file at fault when it
    is not the layout (a partner's logo): the error is then reported there."""

    def __init__(self, message: str, hint: str = "", file: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = file


def no_link(placed: Placed) -> tuple[Box, str] | None:
    return None


#: Structure roles of tagged (PDF/UA) screen PDFs. An artifact is decoration a
#: screen reader skips; the others are read, in reading order.
ARTIFACT = "Artifact"
ROLES = ("H1", "P", "Figure", ARTIFACT)


def decoration(placed: Placed) -> str:
    """The role of a kind that says nothing itself: flat colour, bands, rules, textures."""
    return ARTIFACT


def no_alt(placed: Placed, words) -> str:
    return ""


@dataclass(frozen=True)
class Kind:
    name: str
    parse: Callable[[Table, ParseCtx], Any]  # a layout's table -> the kind's spec
    place: Callable[[Any, PlaceCtx, str], list[Placed]]  # spec -> placed elements
    draw: Callable[[Placed, Any], None]  # (placed, painter)
    describe: Callable[[Placed], str]  # plain words for a person, e.g. "the QR code"
    editable: tuple[str, ...]  # the layout keys the studio may change
    link: Callable[[Placed], tuple[Box, str] | None] = no_link  # clickable rectangle and target, on screen
    in_safe_zone: bool = True  # text, codes and artwork keep clear of the trim; flat colour may bleed
    # In a tagged screen PDF: "H1", "P", "Figure" or "Artifact" (one of ROLES). A kind that
    # does not say is decoration, skipped by screen readers; a Figure needs `alt`.
    role: Callable[[Placed], str] = decoration
    # a Figure's alternative text, in one language's words (posters.render.words.Words)
    alt: Callable[[Placed, Any], str] = no_alt
    read_last: bool = False  # read after everything else, wherever it sits on the page (the partners' logos)


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in REGISTRY:
        raise RuntimeError(f"element kind {kind.name!r} registered twice")
    REGISTRY[kind.name] = kind
    return kind


def quote(text: str, limit: int = 40) -> str:
    """A text shortened for a message, on one line."""
    one = " ".join(text.split())
    return repr(one if len(one) <= limit else one[: limit - 1] + "…")


def read_box(t: Table, ctx: ParseCtx, allow_bleed: bool = False) -> Box | None:
    v = t.numbers("box_mm", 4, hint="box_mm = [x, y, width, height] in mm from the trim's top-left corner")
    if v is None:
        return None
    x, y, w, h = v
    key = t.key("box_mm")
    if w <= 0 or h <= 0:
        ctx.probs.add(key, f"width and height must be positive, got {w} x {h}", "box_mm = [x, y, width, height]")
        return None
    lo = -ctx.bleed if allow_bleed else 0.0
    if x < lo - 1e-6 or y < lo - 1e-6 or x + w > ctx.page_w - lo + 1e-6 or y + h > ctx.page_h - lo + 1e-6:
        where = "page (trim plus bleed)" if allow_bleed else "trim"
        ctx.probs.add(
            key,
            f"[{x:g}, {y:g}, {w:g}, {h:g}] reaches outside the {where} of {ctx.page_w:g} x {ctx.page_h:g} mm",
            "keep x + width and y + height within the trim size",
        )
        return None
    return Box(x, y, w, h)


def check_safe(t: Table, ctx: ParseCtx, box: Box | None) -> None:
    """Content (text, QR, logos) must sit inside the safe zone, clear of trimming error."""
    if box is None:
        return
    s = ctx.safe
    if box.x < s - 1e-6 or box.y < s - 1e-6 or box.right > ctx.page_w - s + 1e-6 or box.bottom > ctx.page_h - s + 1e-6:
        ctx.probs.add(
            t.key("box_mm"),
            f"[{box.x:g}, {box.y:g}, {box.w:g}, {box.h:g}] is within the {s:g} mm safe margin of the trim",
            f"keep content between {s:g} and {ctx.page_w - s:g} mm across, {s:g} and {ctx.page_h - s:g} mm down",
        )
    for band in ctx.covered:
        # the platform's own controls (a story's reply bar) cover it: treated like the safe margin
        if band.overlaps(box):
            ctx.probs.add(t.key("box_mm"), f"[{box.x:g}, {box.y:g}, {box.w:g}, {box.h:g}] {band.describe()}", band.hint())


def read_colour(t: Table, ctx: ParseCtx, name: str = "colour", default: Any = None) -> str | None:
    v = t.text(name, default) if default is not None else t.text(name)
    if v is None:
        return None
    return known_colour(t, ctx, name, v)


def optional_colour(t: Table, ctx: ParseCtx, name: str) -> tuple[str | None, bool]:
    """(colour name or None, whether the key was given and is wrong)."""
    v = t.text(name, None)
    if v is None:
        return None, t.has(name)
    c = known_colour(t, ctx, name, v)
    return c, c is None


def known_colour(t: Table, ctx: ParseCtx, name: str, v: str) -> str | None:
    if v not in ctx.colour_names:
        from posters.inputs.schema import suggest

        ctx.probs.add(t.key(name), f"{v!r} is not a known colour", suggest(v, sorted(ctx.colour_names)))
        return None
    return v


ALIGN = ("left", "center", "right")
VALIGN = ("top", "middle", "bottom")
