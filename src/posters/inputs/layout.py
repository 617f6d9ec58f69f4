"""Layouts: one TOML file per format in `layouts/`, validated in one pass.

Every problem is collected with its key path and a hint; nothing is drawn
from a layout that has any error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from posters import elements as _elements  # noqa: F401  (registers the element kinds)
from posters import fonts
from posters import names
from posters.elements.base import REGISTRY, ParseCtx
from posters.errors import InputError, Problem, Problems, display_path
from posters.fingerprint import file_sha256
from posters.inputs.campaign import check_numbers
from posters.inputs.forces import REQUIRED_COLOURS
from posters.inputs.layout_family import Origins, expand
from posters.inputs.schema import Table, suggest
from posters.units import px_to_mm

PROFILES = ("print", "screen")
FORMAT = names.SLUG
MAX_SIDE_PX = 8192
MAX_IMAGE_PX = 40_000_000
A4_READING_DISTANCE_M = 0.5
MIN_BODY_PT_AT_A4 = 12.0
SCREEN_DEFAULT_DPI = 96.0  # CSS pixels: 1 px = 0.75 pt
# A PDF page may be at most 200 inches a side: larger needs /UserUnit, which
# print workflows ignore. Bigger formats are supplied as scaled artwork.
MAX_PAGE_MM = 5080.0
ARTWORK_SCALE = re.compile(r"^\s*1\s*:\s*(\d+(?:\.\d+)?)\s*$")


def parse_artwork_scale(v) -> float | None:
    """'1:10' -> 0.1; None for anything else."""
    m = ARTWORK_SCALE.match(v) if isinstance(v, str) else None
    if not m or not 1 <= float(m.group(1)) <= 100:
        return None
    return 1 / float(m.group(1))


@dataclass(frozen=True)
class Style:
    name: str
    weight: str
    size: float
    min_size: float
    leading: float
    colour: str
    align: str
    valign: str


@dataclass(frozen=True)
class ElementEntry:
    kind: str
    key: str
    spec: Any


@dataclass(frozen=True)
class Page:
    name: str
    elements: tuple[ElementEntry, ...]


DUPLEX = ("head-to-head", "head-to-tail")


@dataclass(frozen=True)
class Production:
    """What a printer asks before quoting: the `[production]` table of a print layout."""

    stock: str  # e.g. "silk coated paper"
    weight_gsm: float
    finish: str  # e.g. "none", "matt laminate both sides"
    fold: str  # "flat" or how it folds
    duplex: str | None  # two-sided items: "head-to-head" or "head-to-tail"
    visible_mm: tuple[float, float] | None  # large formats: the area a frame or site leaves visible


@dataclass(frozen=True)
class Layout:
    file: str
    format: str
    name: str
    profile: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    safe_mm: float
    viewing_distance_m: float
    scan_distance_m: float
    size_px: tuple[int, int] | None
    crop_marks: bool
    styles: dict[str, Style]
    pages: tuple[Page, ...]
    messages: tuple[str, ...] = field(default=())
    sha256: str = ""  # of the file as it was read: each output records it, to tell a later edit apart
    origins: Origins | None = field(default=None, compare=False, repr=False)  # where each value comes from (layout families)
    artwork_scale: float = 1.0  # supplied as scaled artwork: 0.1 for 1:10; the layout itself is at full size
    editions: tuple[str, ...] = ()  # built for these editions only; empty: all
    languages: tuple[str, ...] = ()  # built in these languages (as editions list them: en, cy-en) only; empty: all
    production: "Production | None" = None
    platforms: tuple[str, ...] = ()  # screen: where the image is used (ids under [platforms] in campaign.toml)
    covered: tuple = ()  # screen: bands the platforms' own controls cover (posters.inputs.platform_ui.Covered)

    def builds(self, edition: str, lang: str) -> bool:
        return (not self.editions or edition in self.editions) and (not self.languages or lang in self.languages)

    @property
    def artwork_label(self) -> str:
        return f"1:{1 / self.artwork_scale:g}"

    def problem(self, key: str, message: str, hint: str = "") -> Problem:
        """A problem with the value at `key`, placed in the file that really holds it."""
        p = Problem(self.file, key, message, hint)
        return self.origins.place(p) if self.origins is not None else p

    @property
    def sides(self) -> str:
        """Colours per side as a printer writes it: 4/0 one side, 4/4 both (CMYK)."""
        return "4/4" if len(self.pages) == 2 else "4/0" if len(self.pages) == 1 else f"{len(self.pages)} pages, CMYK"

    @property
    def duplex(self) -> str | None:
        return self.production.duplex if self.production else None

    @property
    def min_text_pt(self) -> float:
        """Smallest text allowed: 12 pt at A4 reading distance, growing with distance."""
        return MIN_BODY_PT_AT_A4 * max(1.0, self.viewing_distance_m / A4_READING_DISTANCE_M)

    @property
    def min_qr_mm(self) -> float:
        """A QR code needs to be at least a tenth of the distance it is scanned from."""
        return self.scan_distance_m * 1000 / 10


def colour_names(campaign) -> set[str]:
    return set(campaign.colours) | {f"force.{c}" for c in REQUIRED_COLOURS}


def load_layout(path: Path, root: Path, campaign) -> Layout:
    """Load and validate one layout; a derived layout is validated written out
    in full, and each problem names the file and key its value comes from."""
    data, origins = expand(path, root)
    try:
        return _load_layout(data, origins, campaign)
    except InputError as exc:
        raise InputError([origins.place(p) for p in exc.problems]) from None


def _load_layout(data: dict, origins: Origins, campaign) -> Layout:
    shown = origins.file
    path = Path(shown)
    probs = Problems(shown)
    t = Table(data, probs, "")
    name = t.text("name", path.stem)
    fmt = t.text("format", path.stem)
    if fmt is not None and names.slug_problem(fmt, "format"):
        probs.add("format", f"{fmt!r} is not a format name", "use lower-case letters, digits and hyphens, e.g. a3-poster")
    profile = t.text("profile", "print", choices=PROFILES)
    size_px = None
    if profile == "screen":
        size_px = t.numbers("size_px", 2, lo=16, unit="px", hint="size_px = [width, height] of the image, e.g. [1080, 1080]")
        if size_px is not None and any(v != int(v) for v in size_px):
            probs.add("size_px", f"{list(size_px)} is not a whole number of pixels", "write size_px = [width, height] in whole pixels")
            size_px = None
        elif size_px is not None and (max(size_px) > MAX_SIDE_PX or size_px[0] * size_px[1] > MAX_IMAGE_PX):
            # the PNG is drawn in memory at this size: bound it before anything is drawn
            probs.add("size_px", f"{[int(v) for v in size_px]} is over the limit of {MAX_SIDE_PX} px a side and {MAX_IMAGE_PX // 1_000_000} megapixels", "screens and social platforms need at most 3840 x 2160")
            size_px = None
    if size_px is not None and not t.has("trim_mm"):
        # A screen layout may leave out trim_mm: 1 px is then one CSS pixel, 0.75 pt (96 dpi).
        trim = tuple(px_to_mm(v, SCREEN_DEFAULT_DPI) for v in size_px)
    else:
        trim = t.numbers("trim_mm", 2, lo=10, unit="mm", hint="trim_mm = [width, height], e.g. [297, 420] for A3")
        if trim is not None and size_px is not None:
            _check_px_aspect(trim, size_px, probs)
    scale = 1.0
    if t.has("artwork_scale"):
        label = t.text("artwork_scale", hint='artwork_scale = "1:10" supplies the artwork at a tenth of full size')
        if label is not None:
            scale = parse_artwork_scale(label)
            if scale is None:
                probs.add("artwork_scale", f"{label!r} is not a scale", 'write it as media owners do, "1:4" or "1:10" (at most 1:100)')
                scale = 1.0
            elif profile != "print":
                probs.add("artwork_scale", "only print layouts are supplied as scaled artwork", "remove artwork_scale")
                scale = 1.0
    scale_label = f"1:{1 / scale:g}"
    at = f" at full size ({scale_label} artwork)" if scale != 1.0 else ""
    default_bleed = (3 if profile == "print" else 0) / scale
    bleed = t.number("bleed_mm", default_bleed, lo=0, unit="mm")
    if bleed is not None and bleed * scale > 20:
        probs.add("bleed_mm", f"{bleed:g} mm{at} is more bleed than a printer uses", "set bleed_mm = 3" + (f" times the scale ({3 / scale:g})" if scale != 1.0 else ""))
        bleed = None
    if profile == "print" and bleed is not None and bleed * scale < 3 - 1e-9:
        probs.add(
            "bleed_mm",
            f"{bleed:g} mm{at} is less than the 3 mm printers need" + (f" in the artwork ({bleed * scale:g} mm in the {scale_label} file)" if scale != 1.0 else ""),
            f"set bleed_mm = {3 / scale:g}",
        )
    if trim is not None and bleed is not None:
        from posters.plan.geometry import SLUG_MM

        slug = SLUG_MM if profile == "print" else 0.0
        supplied = [(v + 2 * bleed) * scale + 2 * slug for v in trim]
        if max(supplied) > MAX_PAGE_MM:
            smallest = next((n for n in (2, 4, 5, 10, 20, 50, 100) if max((v + 2 * bleed) / n + 2 * slug for v in trim) <= MAX_PAGE_MM), 100)
            probs.add(
                "trim_mm",
                f"{trim[0]:g} x {trim[1]:g} mm{at} makes a PDF page {max(supplied):.0f} mm long; a PDF page can be at most {MAX_PAGE_MM:g} mm (200 in)",
                f'supply it as scaled artwork, as media owners ask for large formats: artwork_scale = "1:{smallest}" (or "1:10")' if scale == 1.0 else "use a smaller artwork scale",
            )
            trim = None
    if profile == "screen" and bleed:
        probs.add("bleed_mm", "screen layouts have no bleed", "remove bleed_mm or set it to 0")
    safe = t.number("safe_mm", 5 if profile == "print" else 0, lo=0, hi=200, unit="mm")
    if profile == "print" and safe is not None and safe < 5:
        probs.add("safe_mm", f"{safe:g} mm is less than the 5 mm safe zone printers expect", "set safe_mm = 5 or more")
    view = t.number("viewing_distance_m", 0.5, lo=0.1, hi=100, unit="m")
    scan = t.number("scan_distance_m", view or 0.5, lo=0.1, hi=100, unit="m")
    crop_marks = t.boolean("crop_marks", profile == "print")
    if profile == "screen" and crop_marks:
        probs.add("crop_marks", "screen layouts have no crop marks", "remove crop_marks")
    if size_px is not None:
        size_px = (int(size_px[0]), int(size_px[1]))
    messages = t.texts("messages", list(campaign.messages))
    if messages == []:
        probs.add("messages", "names no message, so this layout would make nothing", "leave messages out (every message) or list at least one")
    messages = messages or []
    for i, m in enumerate(messages):
        if m not in campaign.messages:
            probs.add(f"messages[{i}]", f"{m!r} is not a campaign message", suggest(m, list(campaign.messages)))
    # scope: an experimental or local format is built only for these (checked
    # against the editions when the project is loaded)
    only_editions = t.texts("editions", [], hint='editions = ["cumbria"]: build this layout for these editions only') or []
    only_langs = t.texts("languages", [], hint='languages = ["en"]: build this layout in these languages only') or []
    for i, code in enumerate(only_langs):
        if not all(part in campaign.copies for part in code.split("-")) or code.count("-") > 1:
            probs.add(f"languages[{i}]", f"{code!r} is not a language of the campaign", f"use {', '.join(campaign.copies)} or a pair like cy-en")

    from posters.inputs.platform_ui import read_covered, read_platforms

    platforms = read_platforms(t, profile, campaign, probs)
    known = getattr(campaign, "platforms", {}) or {}
    covered = read_covered(t, profile, size_px, trim, [known[p].name for p in platforms if p in known], probs)

    colour_set = colour_names(campaign)
    styles: dict[str, Style] = {}
    st = t.table("styles")
    if st and st.ok:
        for sname in list(st.data):
            s = st.table(sname)
            if s:
                # a broken style stays known (as None), so elements using it
                # do not add a second, misleading "not a style" error
                styles[sname] = _style(s, sname, colour_set, probs)
        st.done()

    pages: list[Page] = []
    if trim is not None and bleed is not None and safe is not None:
        if 2 * safe >= min(trim):
            probs.add("safe_mm", f"{safe:g} mm leaves no room inside a {trim[0]:g} x {trim[1]:g} mm trim", "lower safe_mm")
        ctx = ParseCtx(probs, styles, colour_set, trim[0], trim[1], bleed, safe, campaign.root, covered)
        page_tables = t.tables("pages")
        if not page_tables and "pages" in t.data:
            probs.add("pages", "is empty", "add at least one [[pages]] with [[pages.elements]]")
        for pt in page_tables:
            pname = pt.text("name", f"page {len(pages) + 1}")
            entries = []
            for et in pt.tables("elements"):
                kind_name = et.text("type", hint='every element needs a type, e.g. type = "text"')
                if kind_name is None:
                    continue
                kind = REGISTRY.get(kind_name)
                if kind is None:
                    probs.add(et.key("type"), f"{kind_name!r} is not an element type", suggest(kind_name, sorted(REGISTRY)))
                    continue
                spec = kind.parse(et, ctx)
                et.text("id", "")  # a name for the element, for a derived layout's [set]
                et.done(("type",))
                entries.append(ElementEntry(kind_name, et.path, spec))
            pt.done()
            pages.append(Page(pname, tuple(entries)))
    else:
        t.raw("pages", None)
    production = _production(t, profile, len(pages), trim, probs)
    t.done()
    check_numbers(data, probs, campaign.helpline_e164)
    probs.raise_if_errors()
    styles = {k: v for k, v in styles.items() if v is not None}
    digest = origins.sha256  # read_toml refused anything that is not a small regular file
    layout = Layout(shown, fmt, name, profile, trim, bleed, safe, view, scan, size_px, bool(crop_marks), styles, tuple(pages), tuple(messages), digest, origins, scale, tuple(only_editions), tuple(only_langs), production, platforms, covered)
    _check_sizes(layout, probs)
    probs.raise_if_errors()
    return layout


def _check_px_aspect(trim: tuple[float, float], size_px: tuple[float, float], probs: Problems) -> None:
    """A screen layout's trim must have its image's shape, so rasterising it gives
    exactly size_px without stretching: the height may be off by half a pixel at most."""
    px_per_mm = size_px[0] / trim[0]
    if abs(trim[1] * px_per_mm - size_px[1]) > 0.5:
        fit_h = size_px[1] / px_per_mm
        probs.add(
            "trim_mm",
            f"{trim[0]:g} x {trim[1]:g} mm is not the shape of the {size_px[0]:g} x {size_px[1]:g} px image",
            f"set trim_mm = [{trim[0]:g}, {fit_h:.6g}], or leave trim_mm out (1 px = 0.75 pt)",
        )


def _style(s: Table, sname: str, colours: set[str], probs: Problems) -> Style | None:
    weight = s.text("font", "regular", choices=tuple(fonts.WEIGHTS))
    size = s.number("size_pt", lo=4, hi=20000, unit="pt")
    min_size = s.number("min_size_pt", size, lo=4, hi=20000, unit="pt")
    leading = s.number("leading", 1.15, lo=0.8, hi=3)
    colour = s.text("colour")
    if colour is not None and colour not in colours:
        probs.add(s.key("colour"), f"{colour!r} is not a known colour", suggest(colour, sorted(colours)))
        colour = None
    align = s.text("align", "left", choices=("left", "center", "right"))
    valign = s.text("valign", "top", choices=("top", "middle", "bottom"))
    s.done()
    if size is not None and min_size is not None and min_size > size:
        probs.add(s.key("min_size_pt"), f"{min_size:g} pt is larger than size_pt {size:g}", "min_size_pt must be at most size_pt")
        return None
    if None in (weight, size, min_size, leading, colour, align, valign):
        return None
    return Style(sname, weight, size, min_size, leading, colour, align, valign)


def _check_sizes(layout: Layout, probs: Problems) -> None:
    """Sizes for distance, known before any copy is fitted."""
    floor = layout.min_text_pt
    for s in layout.styles.values():
        if s.min_size + 1e-6 < floor:
            probs.add(
                f"styles.{s.name}.min_size_pt",
                f"{s.min_size:g} pt is below {floor:g} pt, the smallest legible size at {layout.viewing_distance_m:g} m",
                f"raise min_size_pt to {floor:g}, or lower viewing_distance_m",
            )
    for page in layout.pages:
        for e in page.elements:
            if e.kind == "qr" and e.spec.box is not None:
                side = min(e.spec.box.w, e.spec.box.h)
                if side + 1e-6 < layout.min_qr_mm:
                    probs.add(
                        f"{e.key}.box_mm",
                        f"QR side {side:g} mm is below the minimum {layout.min_qr_mm:g} mm for a scan distance of {layout.scan_distance_m:g} m",
                        f"make the box at least {layout.min_qr_mm:g} mm square, or lower scan_distance_m",
                    )


def find_layouts(root: Path) -> list[Path]:
    """Every layouts/*.toml, including broken links and folders so named: each is
    then reported when read, never skipped (a skipped layout is a format that
    silently goes missing from every pack)."""
    folder = root / "layouts"
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))



def _production(t: Table, profile: str, n_pages: int, trim, probs: Problems) -> Production | None:
    """`[production]`: stock, weight, finish, fold, duplex (two-sided items), visible area (large formats)."""
    if "production" not in t.data:
        return None
    p = t.table("production")
    if p is None or not p.ok:
        return None
    if profile != "print":
        probs.add("production", "only print layouts have production facts", "remove [production]")
    stock = p.text("stock", hint='e.g. stock = "silk coated paper"')
    weight = p.number("weight_gsm", lo=40, hi=1200, unit="gsm")
    finish = p.text("finish", "none")
    fold = p.text("fold", "flat")
    duplex = p.text("duplex", None, choices=DUPLEX)
    if n_pages == 2 and duplex is None:
        probs.add("production.duplex", "a two-sided item needs its duplex orientation", 'duplex = "head-to-head" (turn over the side edge, back upright) or "head-to-tail"')
    if n_pages == 1 and duplex is not None:
        probs.add("production.duplex", "a one-sided item has no duplex orientation", "remove duplex")
    visible = p.numbers("visible_mm", 2, None, lo=10, unit="mm")
    if visible is not None and trim is not None and (visible[0] > trim[0] or visible[1] > trim[1]):
        probs.add("production.visible_mm", f"{list(visible)} is larger than the trim {list(trim)}", "the visible area lies inside the trim")
    p.done()
    if stock is None or weight is None:
        return None
    return Production(stock, float(weight), finish, fold, duplex, tuple(visible) if visible else None)
