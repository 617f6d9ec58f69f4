"""Checks on a written PDF, the way a print supplier's preflight would see it.

Every check takes the PDF as a path, as bytes, or as an open ``pikepdf.Pdf``
and returns a list of :class:`~posters.verify.findings.Finding` (empty when
the file passes). Check ids: ``fonts``, ``boxes``, ``colour``, ``images``,
``pdfx``. Messages are meant for a print team; hints say how to fix.

The content checks (``colour``, ``images``) run a small content-stream
interpreter: it follows q/Q, cm, colour operators, text state and Do into Form
XObjects (recursively) and tiling patterns. It is not a renderer. Known
approximations are documented on each check.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from posters.verify.findings import Finding, error, warning

__all__ = [
    "INK_LIMIT_PERCENT",
    "MIN_BLACK_TEXT_PT",
    "PDFX1A",
    "PDFX4",
    "PPI_ERROR_BELOW",
    "PPI_WARN_BELOW",
    "PdfSource",
    "check_all",
    "check_boxes",
    "check_colour_print",
    "check_fonts",
    "check_images_resolution",
    "check_no_transparency",
    "check_pdfx",
]

PdfSource = str | os.PathLike | bytes | bytearray | pikepdf.Pdf

#: Highest total ink coverage (C+M+Y+K, per cent) accepted for a flat colour.
INK_LIMIT_PERCENT = 320.0
#: Text smaller than this (points, as printed) must be 100 % K, not rich black.
MIN_BLACK_TEXT_PT = 12.0
#: Effective image resolution thresholds (pixels per inch at printed size).
PPI_ERROR_BELOW = 149.0
PPI_WARN_BELOW = 224.0
#: Tolerance when comparing page boxes, in points.
BOX_TOLERANCE_PT = 0.01

MM_PER_PT = 25.4 / 72.0
PT_PER_MM = 72.0 / 25.4

BASE14 = frozenset(
    {
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
        "Symbol", "ZapfDingbats",
    }
)  # fmt: skip
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")
_MAX_DEPTH = 24

PDFX1A = "PDF/X-1a:2003"
PDFX4 = "PDF/X-4"


# =========================================================================== plumbing


@contextmanager
def _opened(source: PdfSource) -> Iterator[pikepdf.Pdf]:
    """Yield an open Pdf; close it afterwards only if we opened it."""
    if isinstance(source, pikepdf.Pdf):
        yield source
        return
    if isinstance(source, (bytes, bytearray)):
        pdf = pikepdf.Pdf.open(io.BytesIO(bytes(source)))
    else:
        pdf = pikepdf.Pdf.open(os.fspath(source))
    try:
        yield pdf
    finally:
        pdf.close()


class _Collector:
    """Collects findings, dropping exact repeats (same page, same message)."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._seen: set[tuple] = set()

    def add(self, finding: Finding) -> None:
        key = (finding.check, finding.severity, finding.message, finding.page)
        if key not in self._seen:
            self._seen.add(key)
            self.items.append(finding)


def _num(obj: object, default: float = 0.0) -> float:
    try:
        return float(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _name(obj: object) -> str:
    """'/DeviceRGB' -> 'DeviceRGB'; other objects -> str()."""
    text = str(obj)
    return text[1:] if text.startswith("/") else text


def _inherited(page_obj: Dictionary, key: str) -> object | None:
    """Page attribute lookup that follows /Parent (MediaBox, CropBox, Resources, Rotate)."""
    node: object | None = page_obj
    for _ in range(64):
        if not isinstance(node, Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _objkey(obj: object) -> tuple[int, int] | None:
    """(object number, generation) of an indirect object; None for a direct one.

    Direct objects cannot form reference loops, and Python wrapper ids are
    reused, so they are never used as identity keys.
    """
    try:
        og = tuple(obj.objgen)  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        return None
    return og if og != (0, 0) else None  # type: ignore[return-value]


def _fmt(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pct(v: float) -> str:
    return _fmt(v * 100.0, 1)


def _cmyk_label(vals: tuple[float, ...]) -> str:
    c, m, y, k = (list(vals) + [0.0, 0.0, 0.0, 0.0])[:4]
    return f"C {_pct(c)} M {_pct(m)} Y {_pct(y)} K {_pct(k)}"


# =========================================================================== colour spaces


@dataclass(frozen=True)
class _CsInfo:
    family: str  # gray cmyk rgb lab icc-gray icc-cmyk icc-rgb spot process-n pattern all unknown
    label: str  # plain-words description
    ncomp: int = 0


def _resolve_cs(obj: object, resources: object) -> object:
    """Resolve a colour space operand (name) against /Resources /ColorSpace."""
    if isinstance(obj, Name):
        short = _name(obj)
        if short in {"DeviceGray", "DeviceRGB", "DeviceCMYK", "Pattern", "G", "RGB", "CMYK", "I"}:
            return obj
        if isinstance(resources, Dictionary):
            table = resources.get("/ColorSpace")
            if isinstance(table, Dictionary) and str(obj) in table:
                return table[str(obj)]
    return obj


def _cs_info(cs: object, resources: object = None, depth: int = 0) -> _CsInfo:
    """Describe a colour space in print terms."""
    cs = _resolve_cs(cs, resources)
    if depth > 8:
        return _CsInfo("unknown", "a colour space nested too deeply to inspect")
    if isinstance(cs, Name):
        n = _name(cs)
        if n in ("DeviceGray", "G"):
            return _CsInfo("gray", "grey (DeviceGray)", 1)
        if n in ("DeviceCMYK", "CMYK"):
            return _CsInfo("cmyk", "CMYK (DeviceCMYK)", 4)
        if n in ("DeviceRGB", "RGB"):
            return _CsInfo("rgb", "RGB (DeviceRGB)", 3)
        if n == "Pattern":
            return _CsInfo("pattern", "a pattern", 0)
        return _CsInfo("unknown", f"an unknown colour space '{n}'")
    if isinstance(cs, Array) and len(cs) > 0:
        kind = _name(cs[0])
        if kind in ("DeviceGray", "DeviceCMYK", "DeviceRGB", "Pattern") and len(cs) == 1:
            return _cs_info(cs[0], resources, depth + 1)
        if kind == "ICCBased" and len(cs) > 1 and isinstance(cs[1], Stream):
            n = int(_num(cs[1].get("/N"), 0))
            if n == 4:
                return _CsInfo("icc-cmyk", "CMYK with an embedded ICC profile (ICCBased)", 4)
            if n == 1:
                return _CsInfo("icc-gray", "grey with an embedded ICC profile (ICCBased)", 1)
            if n == 3:
                return _CsInfo("icc-rgb", "RGB with an embedded ICC profile (ICCBased)", 3)
            return _CsInfo("unknown", f"an ICC-based colour space with {n} channels", n)
        if kind == "CalRGB":
            return _CsInfo("rgb", "calibrated RGB (CalRGB)", 3)
        if kind == "CalGray":
            return _CsInfo("icc-gray", "calibrated grey (CalGray)", 1)
        if kind == "Lab":
            return _CsInfo("lab", "Lab colour", 3)
        if kind in ("Indexed", "I") and len(cs) > 1:
            base = _cs_info(cs[1], resources, depth + 1)
            return _CsInfo(base.family, f"a palette (Indexed) over {base.label}", 1)
        if kind == "Pattern" and len(cs) > 1:
            base = _cs_info(cs[1], resources, depth + 1)
            return _CsInfo(base.family, f"an uncoloured pattern in {base.label}", base.ncomp)
        if kind == "Separation" and len(cs) > 2:
            colorant = _name(cs[1])
            if colorant in ("All", "None"):
                return _CsInfo("all", f"registration colour '{colorant}'", 1)
            alt = _cs_info(cs[2], resources, depth + 1)
            return _CsInfo(
                "spot" if alt.family in ("cmyk", "gray", "icc-cmyk", "icc-gray") else alt.family,
                f"spot colour '{colorant}' (fallback {alt.label})",
                1,
            )
        if kind == "DeviceN" and len(cs) > 2 and isinstance(cs[1], Array):
            names = [_name(x) for x in cs[1]]
            alt = _cs_info(cs[2], resources, depth + 1)
            if set(names) <= {"Cyan", "Magenta", "Yellow", "Black", "None"}:
                return _CsInfo("process-n", "process colours (DeviceN)", len(names))
            family = "spot" if alt.family in ("cmyk", "gray", "icc-cmyk", "icc-gray") else alt.family
            return _CsInfo(
                family, f"spot colours {', '.join(repr(x) for x in names)} (fallback {alt.label})",
                len(names),
            )
        return _CsInfo("unknown", f"an unsupported colour space '{kind}'")
    return _CsInfo("unknown", "an unrecognised colour space")


def _initial_values(info: _CsInfo) -> tuple[float, ...]:
    if info.family in ("cmyk", "icc-cmyk"):
        return (0.0, 0.0, 0.0, 1.0)
    if info.family in ("spot", "all", "process-n"):
        return tuple(1.0 for _ in range(max(info.ncomp, 1)))
    return tuple(0.0 for _ in range(max(info.ncomp, 1)))


# =========================================================================== interpreter

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Matrix = tuple[float, float, float, float, float, float]


def _mul(m1: Matrix, m2: Matrix) -> Matrix:
    """m1 x m2 in PDF's row-vector convention (apply m1, then m2)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _matrix(obj: object) -> Matrix:
    try:
        vals = tuple(float(x) for x in obj)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return _IDENTITY
    return vals if len(vals) == 6 else _IDENTITY  # type: ignore[return-value]


@dataclass
class _GState:
    ctm: Matrix = _IDENTITY
    fill_cs: object = Name.DeviceGray
    fill: tuple[float, ...] = (0.0,)
    fill_pattern: object = None
    stroke_cs: object = Name.DeviceGray
    stroke: tuple[float, ...] = (0.0,)
    stroke_pattern: object = None
    font_size: float | None = None
    tm: Matrix = _IDENTITY
    render_mode: int = 0


@dataclass
class _Ctx:
    page: int
    resources: object
    base_ctm: Matrix
    depth: int
    active: frozenset


class _Visitor:
    """Receives drawing events from :func:`_scan`. Override what you need."""

    def paint(self, ctx: _Ctx, gs: _GState, *, stroke: bool, what: str) -> None: ...

    def text(self, ctx: _Ctx, gs: _GState) -> None: ...

    def image(self, ctx: _Ctx, gs: _GState, name: str, image: Dictionary, inline: bool) -> None: ...

    def extgstate(self, ctx: _Ctx, name: str, egs: Dictionary) -> None: ...

    def shading(self, ctx: _Ctx, shading: Dictionary, what: str) -> None: ...

    def group(self, ctx: _Ctx, group: Dictionary, what: str) -> None: ...

    def problem(self, ctx: _Ctx, message: str) -> None: ...


_FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
_TEXT_SHOW_OPS = {"Tj", "TJ", "'", '"'}


def _lookup(resources: object, category: str, name: object) -> object | None:
    if not isinstance(resources, Dictionary):
        return None
    table = resources.get(category)
    if isinstance(table, Dictionary) and str(name) in table:
        return table[str(name)]
    return None


def _scan(pdf: pikepdf.Pdf, visitor: _Visitor) -> None:
    """Interpret every page's content (and what it draws) for ``visitor``."""
    for number, page in enumerate(pdf.pages, start=1):
        resources = _inherited(page.obj, "/Resources")
        ctx = _Ctx(number, resources, _IDENTITY, 0, frozenset())
        group = page.obj.get("/Group")
        if isinstance(group, Dictionary):
            visitor.group(ctx, group, "the page")
        try:
            instructions = pikepdf.parse_content_stream(page)
        except pikepdf.PdfError as exc:
            visitor.problem(ctx, f"the page content could not be read ({exc})")
            continue
        _run(instructions, ctx, _GState(), visitor, set())


def _set_colour_space(gs: _GState, ctx: _Ctx, operand: object, *, stroke: bool) -> None:
    cs = _resolve_cs(operand, ctx.resources)
    vals = _initial_values(_cs_info(cs, ctx.resources))
    if stroke:
        gs.stroke_cs, gs.stroke, gs.stroke_pattern = cs, vals, None
    else:
        gs.fill_cs, gs.fill, gs.fill_pattern = cs, vals, None


def _run(
    instructions: Iterable,
    ctx: _Ctx,
    gs: _GState,
    visitor: _Visitor,
    patterns_done: set,
) -> None:
    stack: list[_GState] = []
    for instr in instructions:
        if isinstance(instr, pikepdf.ContentStreamInlineImage):
            iimage = instr.iimage
            obj = iimage.obj
            if bool(obj.get("/ImageMask", False)):
                visitor.paint(ctx, gs, stroke=False, what="a stencil-masked image")
            visitor.image(ctx, gs, "inline image", obj, True)
            continue
        operands, op = instr.operands, str(instr.operator)
        try:
            if op == "q":
                stack.append(replace(gs))
            elif op == "Q":
                if stack:
                    gs = stack.pop()
            elif op == "cm" and len(operands) == 6:
                gs.ctm = _mul(_matrix(operands), gs.ctm)
            elif op in ("g", "G"):
                vals = (_num(operands[0]),) if operands else (0.0,)
                if op == "g":
                    gs.fill_cs, gs.fill, gs.fill_pattern = Name.DeviceGray, vals, None
                else:
                    gs.stroke_cs, gs.stroke, gs.stroke_pattern = Name.DeviceGray, vals, None
            elif op in ("rg", "RG"):
                vals = tuple(_num(x) for x in operands)
                if op == "rg":
                    gs.fill_cs, gs.fill, gs.fill_pattern = Name.DeviceRGB, vals, None
                else:
                    gs.stroke_cs, gs.stroke, gs.stroke_pattern = Name.DeviceRGB, vals, None
            elif op in ("k", "K"):
                vals = tuple(_num(x) for x in operands)
                if op == "k":
                    gs.fill_cs, gs.fill, gs.fill_pattern = Name.DeviceCMYK, vals, None
                else:
                    gs.stroke_cs, gs.stroke, gs.stroke_pattern = Name.DeviceCMYK, vals, None
            elif op in ("cs", "CS") and operands:
                _set_colour_space(gs, ctx, operands[0], stroke=(op == "CS"))
            elif op in ("sc", "scn", "SC", "SCN"):
                nums = tuple(_num(x) for x in operands if not isinstance(x, Name))
                pattern = operands[-1] if operands and isinstance(operands[-1], Name) else None
                if op in ("sc", "scn"):
                    gs.fill, gs.fill_pattern = nums, pattern
                else:
                    gs.stroke, gs.stroke_pattern = nums, pattern
            elif op == "gs" and operands:
                egs = _lookup(ctx.resources, "/ExtGState", operands[0])
                if isinstance(egs, Dictionary):
                    visitor.extgstate(ctx, _name(operands[0]), egs)
            elif op == "BT":
                gs.tm = _IDENTITY
            elif op == "Tm" and len(operands) == 6:
                gs.tm = _matrix(operands)
            elif op == "Tf" and len(operands) == 2:
                gs.font_size = abs(_num(operands[1]))
            elif op == "Tr" and operands:
                gs.render_mode = int(_num(operands[0]))
            elif op in _TEXT_SHOW_OPS:
                mode = gs.render_mode
                if mode in (0, 2, 4, 6):
                    visitor.paint(ctx, gs, stroke=False, what="text")
                    visitor.text(ctx, gs)
                    _paint_pattern(ctx, gs, visitor, patterns_done, stroke=False)
                if mode in (1, 2, 5, 6):
                    visitor.paint(ctx, gs, stroke=True, what="outlined text")
                    _paint_pattern(ctx, gs, visitor, patterns_done, stroke=True)
            elif op in _FILL_OPS or op in _STROKE_OPS:
                if op in _FILL_OPS:
                    visitor.paint(ctx, gs, stroke=False, what="a filled shape")
                    _paint_pattern(ctx, gs, visitor, patterns_done, stroke=False)
                if op in _STROKE_OPS:
                    visitor.paint(ctx, gs, stroke=True, what="a line (stroke)")
                    _paint_pattern(ctx, gs, visitor, patterns_done, stroke=True)
            elif op == "sh" and operands:
                shading = _lookup(ctx.resources, "/Shading", operands[0])
                if isinstance(shading, (Dictionary, Stream)):
                    visitor.shading(ctx, shading, f"gradient '{_name(operands[0])}'")
            elif op == "Do" and operands:
                _do_xobject(ctx, gs, visitor, operands[0], patterns_done)
        except (IndexError, TypeError, ValueError, pikepdf.PdfError) as exc:
            visitor.problem(ctx, f"an operator '{op}' could not be interpreted ({exc})")


def _do_xobject(
    ctx: _Ctx, gs: _GState, visitor: _Visitor, name_obj: object, patterns_done: set
) -> None:
    xobj = _lookup(ctx.resources, "/XObject", name_obj)
    if not isinstance(xobj, Stream):
        return
    name = _name(name_obj)
    subtype = _name(xobj.get("/Subtype", ""))
    if subtype == "Image":
        if bool(xobj.get("/ImageMask", False)):
            visitor.paint(ctx, gs, stroke=False, what=f"stencil image '{name}'")
        visitor.image(ctx, gs, name, xobj, False)
    elif subtype == "Form":
        key = _objkey(xobj)
        if (key is not None and key in ctx.active) or ctx.depth >= _MAX_DEPTH:
            visitor.problem(ctx, f"form '{name}' draws itself (loop) or is nested too deeply")
            return
        group = xobj.get("/Group")
        if isinstance(group, Dictionary):
            visitor.group(ctx, group, f"form '{name}'")
        inner_gs = replace(gs)
        inner_gs.ctm = _mul(_matrix(xobj.get("/Matrix", _IDENTITY)), gs.ctm)
        resources = xobj.get("/Resources", ctx.resources)
        active = ctx.active | {key} if key is not None else ctx.active
        inner = _Ctx(ctx.page, resources, inner_gs.ctm, ctx.depth + 1, active)
        _run(pikepdf.parse_content_stream(xobj), inner, inner_gs, visitor, patterns_done)


def _paint_pattern(
    ctx: _Ctx, gs: _GState, visitor: _Visitor, patterns_done: set, *, stroke: bool
) -> None:
    """When painting with a Pattern colour space, inspect what the pattern draws."""
    cs = gs.stroke_cs if stroke else gs.fill_cs
    pname = gs.stroke_pattern if stroke else gs.fill_pattern
    is_pattern_space = (isinstance(cs, Name) and _name(cs) == "Pattern") or (
        isinstance(cs, Array) and len(cs) > 0 and _name(cs[0]) == "Pattern"
    )
    if pname is None or not is_pattern_space:
        return
    pattern = _lookup(ctx.resources, "/Pattern", pname)
    if not isinstance(pattern, (Dictionary, Stream)):
        return
    pkey = _objkey(pattern)
    if pkey is not None:
        if (ctx.page, pkey) in patterns_done:
            return
        patterns_done.add((ctx.page, pkey))
    ptype = int(_num(pattern.get("/PatternType"), 0))
    label = f"pattern '{_name(pname)}'"
    if ptype == 2:
        shading = pattern.get("/Shading")
        if isinstance(shading, (Dictionary, Stream)):
            visitor.shading(ctx, shading, label)
        egs = pattern.get("/ExtGState")
        if isinstance(egs, Dictionary):
            visitor.extgstate(ctx, label, egs)
    elif ptype == 1 and isinstance(pattern, Stream):
        if ctx.depth >= _MAX_DEPTH or (pkey is not None and pkey in ctx.active):
            return
        # Pattern space is the parent stream's default space (base_ctm), not the CTM.
        ctm = _mul(_matrix(pattern.get("/Matrix", _IDENTITY)), ctx.base_ctm)
        inner_gs = _GState(ctm=ctm)
        if int(_num(pattern.get("/PaintType"), 1)) == 2:  # uncoloured: uses caller's colour
            inner_gs.fill_cs, inner_gs.fill = gs.fill_cs, gs.fill
            inner_gs.stroke_cs, inner_gs.stroke = gs.stroke_cs, gs.stroke
        resources = pattern.get("/Resources", ctx.resources)
        active = ctx.active | {pkey} if pkey is not None else ctx.active
        inner = _Ctx(ctx.page, resources, ctm, ctx.depth + 1, active)
        _run(pikepdf.parse_content_stream(pattern), inner, inner_gs, visitor, patterns_done)


# =========================================================================== fonts


def _iter_font_dicts(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, Dictionary]]:
    """(page, resource name, font dict) for every font reachable from each page.

    Walks page resources, Form XObjects and tiling patterns (recursively),
    Type 3 font resources, and annotation appearance streams.
    """
    for number, page in enumerate(pdf.pages, start=1):
        seen: set = set()
        stack: list[tuple[object, int]] = [(_inherited(page.obj, "/Resources"), 0)]
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            for annot in annots:
                ap = annot.get("/AP") if isinstance(annot, Dictionary) else None
                if not isinstance(ap, Dictionary):
                    continue
                for state in ap.values():
                    streams = state.values() if isinstance(state, Dictionary) and not isinstance(
                        state, Stream
                    ) else [state]
                    for s in streams:
                        if isinstance(s, Stream):
                            stack.append((s.get("/Resources"), 1))
        while stack:
            resources, depth = stack.pop()
            if not isinstance(resources, Dictionary) or depth > _MAX_DEPTH:
                continue
            rkey = _objkey(resources)
            if rkey is not None:
                if rkey in seen:
                    continue
                seen.add(rkey)
            fonts = resources.get("/Font")
            if isinstance(fonts, Dictionary):
                for fname, font in fonts.items():
                    if isinstance(font, Dictionary):
                        yield number, _name(fname), font
                        if _name(font.get("/Subtype", "")) == "Type3":
                            stack.append((font.get("/Resources"), depth + 1))
            for category in ("/XObject", "/Pattern"):
                table = resources.get(category)
                if isinstance(table, Dictionary):
                    for obj in table.values():
                        if not isinstance(obj, (Stream, Dictionary)):
                            continue
                        if _name(obj.get("/Subtype", "Form")) == "Image":
                            continue
                        okey = _objkey(obj)
                        if okey is not None:
                            if ("stream", okey) in seen:
                                continue
                            seen.add(("stream", okey))
                        stack.append((obj.get("/Resources"), depth + 1))


def _font_program(descriptor: object) -> object | None:
    if not isinstance(descriptor, Dictionary):
        return None
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            return descriptor[key]
    return None


def check_fonts(pdf: PdfSource) -> list[Finding]:
    """[fonts] Every font is embedded (FontFile/FontFile2/FontFile3) and subset.

    * Not embedded (no font program; this includes the 14 built-in PDF fonts
      such as Helvetica) -> error naming the font.
    * Embedded but not subset (BaseFont lacks the "ABCDEF+" tag) -> warning:
      printable, but the whole font is shipped, which some font licences forbid.
    * Type 3 fonts carry their glyphs as drawings and need no font file.
    Each font object is reported once, on the first page that uses it.
    """
    out = _Collector()
    with _opened(pdf) as doc:
        done: set = set()
        for page, res_name, font in _iter_font_dicts(doc):
            key = _objkey(font)
            if key is not None:
                if key in done:
                    continue
                done.add(key)
            subtype = _name(font.get("/Subtype", ""))
            if subtype == "Type3":
                continue
            base = _name(font.get("/BaseFont", res_name))
            target = font
            if subtype == "Type0":
                desc = font.get("/DescendantFonts")
                if isinstance(desc, Array) and len(desc) and isinstance(desc[0], Dictionary):
                    target = desc[0]
            program = _font_program(target.get("/FontDescriptor"))
            plain = _SUBSET_RE.sub("", base)
            if program is None:
                what = (
                    f"Font '{plain}' is one of the 14 built-in PDF fonts and is not embedded"
                    if plain in BASE14
                    else f"Font '{base}' is not embedded"
                )
                out.add(
                    error(
                        "fonts",
                        f"{what}; the printer's system would substitute another font, "
                        "changing the text's look and line breaks.",
                        "Draw all text with a registered TrueType/OpenType font "
                        "(reportlab TTFont) and pass initialFontName= to the Canvas so "
                        "no built-in font is referenced.",
                        page,
                    )
                )
                continue
            if not _SUBSET_RE.match(base):
                out.add(
                    warning(
                        "fonts",
                        f"Font '{base}' is embedded in full rather than as a subset.",
                        "Embed only the glyphs used (ReportLab's TTFont does this by "
                        "default); some font licences forbid shipping the whole font.",
                        page,
                    )
                )
    return out.items


# =========================================================================== boxes


def _box(obj: object) -> tuple[float, float, float, float] | None:
    if not isinstance(obj, Array) or len(obj) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in obj)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _close(a: float, b: float, tol: float = BOX_TOLERANCE_PT) -> bool:
    return abs(a - b) <= tol


def _same_box(a: tuple, b: tuple, tol: float = BOX_TOLERANCE_PT) -> bool:
    return all(_close(x, y, tol) for x, y in zip(a, b))


def _size_mm(box: tuple) -> str:
    return f"{_fmt((box[2] - box[0]) * MM_PER_PT, 2)} × {_fmt((box[3] - box[1]) * MM_PER_PT, 2)} mm"


def _inset(box: tuple, by: float) -> tuple[float, float, float, float]:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def check_boxes(
    pdf: PdfSource,
    trim_mm: tuple[float, float],
    bleed_mm: float,
    *,
    slug_mm: float = 0.0,
) -> list[Finding]:
    """[boxes] Page boxes match the finished size and bleed on every page.

    Expected layout (sizes in points, tolerance 0.01 pt):

    * MediaBox = trim + 2 × (bleed + slug) each way, where ``slug_mm`` is any
      extra margin outside the bleed for crop marks (default 0: the page is
      trim plus bleed, as in the project's default layout);
    * TrimBox = trim size, inset by bleed + slug from the MediaBox edges;
    * BleedBox (or, if absent, the CropBox/MediaBox it defaults to) = trim
      grown by the bleed on every side;
    * CropBox absent or equal to the MediaBox; no /Rotate (or 0); no /UserUnit
      other than 1; every page has the same TrimBox size.

    With ``bleed_mm == 0`` and no slug (screen profile) a TrimBox/BleedBox may
    be absent, and if present must equal the MediaBox.
    """
    out = _Collector()
    tw, th = (float(trim_mm[0]) * PT_PER_MM, float(trim_mm[1]) * PT_PER_MM)
    bleed = float(bleed_mm) * PT_PER_MM
    slug = float(slug_mm) * PT_PER_MM
    margin = bleed + slug
    want_media = (tw + 2 * margin, th + 2 * margin)
    trim_label = f"{_fmt(trim_mm[0], 2)} × {_fmt(trim_mm[1], 2)} mm"
    screen = bleed_mm == 0 and slug_mm == 0
    with _opened(pdf) as doc:
        first_trim: tuple[int, float, float] | None = None
        for number, page in enumerate(doc.pages, start=1):
            obj = page.obj
            media = _box(_inherited(obj, "/MediaBox"))
            if media is None:
                out.add(error("boxes", "The page has no valid MediaBox (page size).",
                              "Regenerate the PDF; every page needs a size.", number))
                continue
            mw, mh = media[2] - media[0], media[3] - media[1]
            if not (_close(mw, want_media[0]) and _close(mh, want_media[1])):
                hint = (
                    f"Set the page size to {_fmt(want_media[0] * MM_PER_PT, 2)} × "
                    f"{_fmt(want_media[1] * MM_PER_PT, 2)} mm (trim {trim_label} plus "
                    f"{_fmt(bleed_mm, 2)} mm bleed"
                    + (f" and {_fmt(slug_mm, 2)} mm for marks" if slug_mm else "")
                    + " on every side)."
                )
                if _close(mw, want_media[1]) and _close(mh, want_media[0]) and mw != mh:
                    hint += " Width and height look swapped (portrait vs landscape)."
                out.add(error(
                    "boxes",
                    f"The page (MediaBox) is {_size_mm(media)}; expected "
                    f"{_fmt(want_media[0] * MM_PER_PT, 2)} × {_fmt(want_media[1] * MM_PER_PT, 2)} mm.",
                    hint, number,
                ))
            want_trim = _inset(media, margin)
            want_bleed = _inset(media, slug)

            trim = _box(obj.get("/TrimBox"))
            if "/TrimBox" in obj and trim is None:
                out.add(error("boxes", "The TrimBox is malformed.",
                              "Set it with canvas.setTrimBox((x0, y0, x1, y1)).", number))
            if trim is None:
                if not screen and "/TrimBox" not in obj:
                    out.add(error(
                        "boxes",
                        f"The page has no TrimBox, so the printer cannot tell where to cut "
                        f"(finished size {trim_label}).",
                        f"Call canvas.setTrimBox() with the trim area, inset "
                        f"{_fmt(bleed_mm + slug_mm, 2)} mm from the page edge.",
                        number,
                    ))
            else:
                tw_, th_ = trim[2] - trim[0], trim[3] - trim[1]
                if first_trim is None:
                    first_trim = (number, tw_, th_)
                elif not (_close(tw_, first_trim[1]) and _close(th_, first_trim[2])):
                    out.add(error(
                        "boxes",
                        f"The trim size {_size_mm(trim)} differs from page {first_trim[0]}'s "
                        f"{_fmt(first_trim[1] * MM_PER_PT, 2)} × {_fmt(first_trim[2] * MM_PER_PT, 2)} mm; "
                        "all pages of a print file must have the same finished size.",
                        "Build each size as its own PDF.",
                        number,
                    ))
                if screen:
                    if not _same_box(trim, media):
                        out.add(error(
                            "boxes",
                            f"The TrimBox ({_size_mm(trim)}) differs from the page "
                            f"({_size_mm(media)}), but this screen file has no bleed.",
                            "Remove the TrimBox or make it equal to the MediaBox.",
                            number,
                        ))
                elif not (_close(tw_, tw) and _close(th_, th)):
                    out.add(error(
                        "boxes",
                        f"The finished size (TrimBox) is {_size_mm(trim)}; expected {trim_label}.",
                        "Set the TrimBox to the finished poster size.",
                        number,
                    ))
                elif not _same_box(trim, want_trim):
                    out.add(error(
                        "boxes",
                        "The TrimBox is the right size but not centred: it must sit "
                        f"{_fmt(bleed_mm + slug_mm, 2)} mm inside every page edge.",
                        "Set the TrimBox to (b, b, b + width, b + height) where b is the "
                        "bleed (plus mark margin) in points.",
                        number,
                    ))

            bleedbox_raw = obj.get("/BleedBox")
            bleedbox = _box(bleedbox_raw)
            crop = _box(_inherited(obj, "/CropBox"))
            effective_bleed = bleedbox or crop or media
            if bleedbox_raw is not None and bleedbox is None:
                out.add(error("boxes", "The BleedBox is malformed.",
                              "Set it with canvas.setBleedBox((x0, y0, x1, y1)).", number))
            elif not _same_box(effective_bleed, want_bleed):
                where = "BleedBox" if bleedbox else "bleed area (no BleedBox, so the page)"
                out.add(error(
                    "boxes",
                    f"The {where} is {_size_mm(effective_bleed)}; expected "
                    f"{_fmt(want_bleed[2] * MM_PER_PT - want_bleed[0] * MM_PER_PT, 2)} × "
                    f"{_fmt(want_bleed[3] * MM_PER_PT - want_bleed[1] * MM_PER_PT, 2)} mm "
                    f"(trim plus {_fmt(bleed_mm, 2)} mm on every side).",
                    "Set the BleedBox to the trim area grown by the bleed.",
                    number,
                ))

            if crop is not None and not _same_box(crop, media):
                out.add(error(
                    "boxes",
                    f"The page has a CropBox ({_size_mm(crop)}) smaller or different from the "
                    "page; the bleed or marks may be cut off when it is placed or printed.",
                    "Remove the CropBox or make it equal to the MediaBox.",
                    number,
                ))
            rotate = int(_num(_inherited(obj, "/Rotate"), 0)) % 360
            if rotate:
                out.add(error(
                    "boxes",
                    f"The page is rotated by {rotate}° (/Rotate); imposition software may "
                    "place it sideways.",
                    "Draw the page in its final orientation instead of rotating it.",
                    number,
                ))
            if "/UserUnit" in obj and not _close(_num(obj.get("/UserUnit"), 1.0), 1.0, 1e-9):
                out.add(error(
                    "boxes",
                    f"The page uses a UserUnit of {_num(obj.get('/UserUnit'))}, so its real "
                    "size differs from the numbers in its boxes; PDF/X does not allow this.",
                    "Draw at 1 unit = 1 point.",
                    number,
                ))
    return out.items


# =========================================================================== colour


def _egs_transparency(egs: Dictionary) -> list[str]:
    problems: list[str] = []
    for key, label in (("/ca", "fill"), ("/CA", "line")):
        if key in egs:
            v = _num(egs[key], 1.0)
            if v < 1.0 - 1e-6:
                problems.append(f"{label} opacity {_pct(v)} %")
    smask = egs.get("/SMask")
    if smask is not None and not (isinstance(smask, Name) and _name(smask) == "None"):
        problems.append("a soft mask")
    bm = egs.get("/BM")
    if bm is not None:
        modes = [_name(x) for x in bm] if isinstance(bm, Array) else [_name(bm)]
        bad = [m for m in modes if m not in ("Normal", "Compatible")]
        if bad:
            problems.append(f"blend mode {bad[0]}")
    return problems


_TRANSPARENCY_HINT = (
    "Use solid (100 % opaque) colours: mix a tint in CMYK instead of using opacity, "
    "and remove blend modes and soft masks. PDF/X-1a cannot carry transparency."
)
_RGB_HINT = "Specify every colour in CMYK (canvas.setFillColorCMYK / a CMYKColor) or grey."


class _ColourVisitor(_Visitor):
    def __init__(self, out: _Collector, *, colour: bool = True, transparency: bool = True):
        self.out = out
        self.colour = colour
        self.transparency = transparency

    # -- helpers
    def _colour_space_finding(self, ctx: _Ctx, info: _CsInfo, what: str) -> None:
        if not self.colour:
            return
        fam = info.family
        if fam in ("rgb", "icc-rgb", "lab"):
            self.out.add(error(
                "colour",
                f"{what[0].upper()}{what[1:]} is in {info.label}; print files must be CMYK only, "
                "and the printer's conversion would shift the colour.",
                _RGB_HINT, ctx.page,
            ))
        elif fam in ("icc-cmyk", "icc-gray"):
            self.out.add(warning(
                "colour",
                f"{what[0].upper()}{what[1:]} is in {info.label}; PDF/X-1a allows only plain "
                "(device) CMYK and grey.",
                "Use plain CMYK (DeviceCMYK) values.", ctx.page,
            ))
        elif fam == "spot":
            self.out.add(warning(
                "colour",
                f"{what[0].upper()}{what[1:]} uses {info.label}; it prints as an extra plate "
                "unless the printer converts it to CMYK.",
                "Use the CMYK equivalent unless the job is meant to print a spot ink.",
                ctx.page,
            ))
        elif fam == "unknown":
            self.out.add(warning(
                "colour",
                f"{what[0].upper()}{what[1:]} uses {info.label} that this check cannot verify.",
                "Use plain CMYK or grey.", ctx.page,
            ))

    # -- events
    def paint(self, ctx: _Ctx, gs: _GState, *, stroke: bool, what: str) -> None:
        if not self.colour:
            return
        cs = gs.stroke_cs if stroke else gs.fill_cs
        vals = gs.stroke if stroke else gs.fill
        info = _cs_info(cs, ctx.resources)
        if info.family == "pattern":
            return  # the pattern's own content/shading is inspected separately
        self._colour_space_finding(ctx, info, what)
        if info.family in ("cmyk", "icc-cmyk") and len(vals) >= 4:
            total = sum(max(0.0, min(1.0, v)) for v in vals[:4]) * 100.0
            if total > INK_LIMIT_PERCENT + 1e-6:
                self.out.add(error(
                    "colour",
                    f"{what[0].upper()}{what[1:]} uses {_cmyk_label(vals)}, a total ink of "
                    f"{_fmt(total)} %; the limit for this press is {_fmt(INK_LIMIT_PERCENT)} % "
                    "(more will not dry and may set off on the next sheet).",
                    "Reduce the colour, e.g. use rich black C 60 M 40 Y 40 K 100 (240 %).",
                    ctx.page,
                ))

    def text(self, ctx: _Ctx, gs: _GState) -> None:
        if not self.colour or gs.font_size is None:
            return
        info = _cs_info(gs.fill_cs, ctx.resources)
        if info.family not in ("cmyk", "icc-cmyk") or len(gs.fill) < 4:
            return
        c, m, y, k = gs.fill[:4]
        if k < 0.9 or (c + m + y) <= 1e-3:
            return
        size = _effective_text_size(gs)
        if size < MIN_BLACK_TEXT_PT - 0.01:
            self.out.add(error(
                "colour",
                f"Text at {_fmt(size)} pt is set in rich black ({_cmyk_label(gs.fill)}): "
                f"black text under {_fmt(MIN_BLACK_TEXT_PT)} pt must be 100 % K, or it blurs "
                "when the plates are slightly out of register.",
                "Set small black text to C 0 M 0 Y 0 K 100.",
                ctx.page,
            ))

    def image(self, ctx: _Ctx, gs: _GState, name: str, image: Dictionary, inline: bool) -> None:
        label = "an inline image" if inline else f"image '{name}'"
        if self.colour and not bool(image.get("/ImageMask", False)):
            cs = image.get("/ColorSpace")
            filters = image.get("/Filter")
            filter_names = (
                [_name(f) for f in filters] if isinstance(filters, Array)
                else ([_name(filters)] if filters is not None else [])
            )
            if cs is None:
                if "JPXDecode" in filter_names:
                    self.out.add(warning(
                        "colour",
                        f"{label[0].upper()}{label[1:]} is JPEG 2000 with its colour space "
                        "inside the image data, which this check cannot verify (and PDF/X-1a "
                        "does not allow JPEG 2000).",
                        "Place images as CMYK JPEG, TIFF or PNG data instead.", ctx.page,
                    ))
                else:
                    self.out.add(error(
                        "colour", f"{label[0].upper()}{label[1:]} has no colour space.",
                        "Re-export the image in CMYK.", ctx.page,
                    ))
            else:
                info = _cs_info(cs, ctx.resources)
                if info.family in ("rgb", "icc-rgb", "lab"):
                    self.out.add(error(
                        "colour",
                        f"{label[0].upper()}{label[1:]} is in {info.label}; print files must "
                        "be CMYK only, and the printer's conversion would shift its colours.",
                        "Convert the image to CMYK (with the printer's profile) before placing it.",
                        ctx.page,
                    ))
                else:
                    self._colour_space_finding(ctx, info, label)
        if self.transparency:
            if "/SMask" in image or _num(image.get("/SMaskInData"), 0) > 0:
                self.out.add(error(
                    "colour",
                    f"{label[0].upper()}{label[1:]} has a soft mask (transparent areas); "
                    "PDF/X-1a cannot carry transparency.",
                    "Flatten the image onto its background (no alpha channel) before placing it.",
                    ctx.page,
                ))
            if "/Mask" in image:
                self.out.add(warning(
                    "colour",
                    f"{label[0].upper()}{label[1:]} is masked (hard-edged cut-out); this is "
                    "allowed in PDF/X but is worth a visual check at the printer.",
                    "Flatten the image onto its background if the cut-out is not needed.",
                    ctx.page,
                ))

    def extgstate(self, ctx: _Ctx, name: str, egs: Dictionary) -> None:
        if not self.transparency:
            return
        problems = _egs_transparency(egs)
        if problems:
            self.out.add(error(
                "colour",
                f"Transparency is used ({', '.join(problems)}, graphics state '{name}'); "
                "PDF/X-1a cannot carry transparency and results vary between printers.",
                _TRANSPARENCY_HINT, ctx.page,
            ))

    def shading(self, ctx: _Ctx, shading: Dictionary, what: str) -> None:
        if self.colour:
            info = _cs_info(shading.get("/ColorSpace"), ctx.resources)
            self._colour_space_finding(ctx, info, what)

    def group(self, ctx: _Ctx, group: Dictionary, what: str) -> None:
        if self.transparency and _name(group.get("/S", "")) == "Transparency":
            self.out.add(error(
                "colour",
                f"{what[0].upper()}{what[1:]} is set up as a transparency group; "
                "PDF/X-1a does not allow transparency groups.",
                _TRANSPARENCY_HINT, ctx.page,
            ))

    def problem(self, ctx: _Ctx, message: str) -> None:
        self.out.add(warning(
            "colour", f"Part of the page could not be checked: {message}.",
            "Regenerate the PDF; if it persists, report it.", ctx.page,
        ))


def _effective_text_size(gs: _GState) -> float:
    """Printed text size in points, approximately.

    Font size from Tf times the geometric-mean scale of (text matrix × CTM):
    size × sqrt(|a·d − b·c|). Exact for uniform scaling and rotation; for
    non-uniform scaling it lies between the horizontal and vertical sizes.
    Horizontal scaling (Tz) and rise are ignored.
    """
    m = _mul(gs.tm, gs.ctm)
    scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
    return (gs.font_size or 0.0) * scale


def check_colour_print(pdf: PdfSource) -> list[Finding]:
    """[colour] CMYK-only colour, no transparency, ink limit, small black text.

    Errors:
    * painting with RGB (rg/RG, DeviceRGB, CalRGB, ICC-based RGB, Lab, or a
      palette/spot colour whose base is one of those), including gradients;
    * images (XObject or inline) not in CMYK or grey;
    * transparency: ExtGState opacity (/ca, /CA) below 1, a soft mask, a blend
      mode other than Normal/Compatible, images with /SMask, transparency groups;
    * a CMYK fill or stroke colour with total ink above 320 % (names the colour);
    * text in rich black (K ≥ 90 % plus any C/M/Y) under 12 pt — see
      :func:`_effective_text_size` for how the size is estimated.
    Warnings: ICC-based CMYK/grey (not allowed in X-1a, fine in X-4), spot
    colours (Separation/DeviceN other than All/None or process names),
    masked images (/Mask), colour spaces that cannot be identified.
    Registration colour (Separation /All) is accepted.

    Limitations: colours are checked when something is painted with them
    (not when merely set); ink coverage inside images and gradients is not
    measured; a colour set inside a Type 3 glyph is not followed.
    """
    out = _Collector()
    with _opened(pdf) as doc:
        _scan(doc, _ColourVisitor(out))
    return out.items


def check_no_transparency(pdf: PdfSource) -> list[Finding]:
    """[colour] Only the transparency part of :func:`check_colour_print`."""
    out = _Collector()
    with _opened(pdf) as doc:
        _scan(doc, _ColourVisitor(out, colour=False, transparency=True))
    return out.items


# =========================================================================== images


class _ResolutionVisitor(_Visitor):
    def __init__(self) -> None:
        # (page, name) -> (ppi, px_w, px_h, w_pt, h_pt)
        self.worst: dict[tuple[int, str], tuple[float, int, int, float, float]] = {}

    def image(self, ctx: _Ctx, gs: _GState, name: str, image: Dictionary, inline: bool) -> None:
        if bool(image.get("/ImageMask", False)):
            return  # 1-bit stencil: line-art rules, not photo resolution
        px_w = int(_num(image.get("/Width"), 0))
        px_h = int(_num(image.get("/Height"), 0))
        a, b, c, d, _, _ = gs.ctm
        w_pt, h_pt = math.hypot(a, b), math.hypot(c, d)
        if px_w <= 0 or px_h <= 0 or w_pt <= 1e-6 or h_pt <= 1e-6:
            return
        ppi = min(px_w / (w_pt / 72.0), px_h / (h_pt / 72.0))
        key = (ctx.page, "inline image" if inline else name)
        if key not in self.worst or ppi < self.worst[key][0]:
            self.worst[key] = (ppi, px_w, px_h, w_pt, h_pt)


def check_images_resolution(pdf: PdfSource) -> list[Finding]:
    """[images] Effective resolution of every placed image at its printed size.

    For each image XObject drawn with Do (also inside Form XObjects) and each
    inline image, the CTM at that moment gives the drawn size: width =
    |(a, b)|, height = |(c, d)| points. Effective ppi = pixels ÷ (size in inches)
    on both axes; the lower axis counts. Below 149 ppi -> error, below 224 ppi
    -> warning. An image drawn several times on a page is reported once, at
    its lowest resolution.

    Limitations: 1-bit stencil masks (ImageMask) are skipped; clipping is
    ignored (an image cropped by a clip path is judged on its full size);
    /UserUnit is ignored (the boxes check rejects it).
    """
    visitor = _ResolutionVisitor()
    with _opened(pdf) as doc:
        _scan(doc, visitor)
    out = _Collector()
    for (page, name), (ppi, px_w, px_h, w_pt, h_pt) in sorted(visitor.worst.items()):
        if ppi >= PPI_WARN_BELOW:
            continue
        size = f"{_fmt(w_pt * MM_PER_PT)} × {_fmt(h_pt * MM_PER_PT)} mm"
        need_w = math.ceil(PPI_WARN_BELOW * w_pt / 72.0)
        need_h = math.ceil(PPI_WARN_BELOW * h_pt / 72.0)
        label = "An inline image" if name == "inline image" else f"Image '{name}'"
        text = (
            f"{label} prints at {round(ppi)} ppi ({px_w} × {px_h} pixels drawn at {size}); "
        )
        hint = (
            f"Supply at least {need_w} × {need_h} pixels for this size, or draw the image smaller."
        )
        if ppi < PPI_ERROR_BELOW:
            out.add(error(
                "images",
                text + f"under {round(PPI_ERROR_BELOW)} ppi it will look blurred or pixelated "
                f"in print (offset needs {round(PPI_WARN_BELOW)} ppi).",
                hint, page,
            ))
        else:
            out.add(warning(
                "images",
                text + f"offset print wants at least {round(PPI_WARN_BELOW)} ppi, so it may "
                "look soft.",
                hint, page,
            ))
    return out.items


# =========================================================================== PDF/X


def _icc_is_cmyk(data: bytes) -> bool:
    """ICC header check, kept independent of posters.pdfx (verify what was written)."""
    return len(data) >= 132 and data[36:40] == b"acsp" and data[16:20] == b"CMYK"


def _version_tuple(version: str) -> tuple[int, int]:
    try:
        major, minor = version.split(".")[:2]
        return int(major), int(minor)
    except ValueError:
        return (0, 0)


def _annotation_problems(doc: pikepdf.Pdf, out: _Collector) -> None:
    for number, page in enumerate(doc.pages, start=1):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        media = _box(_inherited(page.obj, "/MediaBox"))
        area = _box(page.obj.get("/BleedBox")) or _box(_inherited(page.obj, "/CropBox")) or media
        for annot in annots:
            if not isinstance(annot, Dictionary):
                continue
            subtype = _name(annot.get("/Subtype", ""))
            if subtype in ("PrinterMark", "TrapNet"):
                continue
            rect = _box(annot.get("/Rect"))
            if area is None or rect is None or (
                rect[0] < area[2] and rect[2] > area[0] and rect[1] < area[3] and rect[3] > area[1]
            ):
                out.add(error(
                    "pdfx",
                    f"The page has a {subtype or 'unknown'} annotation (e.g. a clickable link) "
                    "inside the printed area; PDF/X does not allow this.",
                    "Leave links out of the print file (keep them in the web/accessible version).",
                    number,
                ))


def _has_javascript(doc: pikepdf.Pdf) -> bool:
    root = doc.Root
    names = root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        return True
    for key in ("/OpenAction", "/AA"):
        action = root.get(key)
        if isinstance(action, Dictionary):
            if _name(action.get("/S", "")) == "JavaScript" or key == "/AA":
                return True
    return False


def check_pdfx(
    pdf: PdfSource,
    expect: str,
    *,
    condition_identifier: str | None = None,
) -> list[Finding]:
    """[pdfx] The file declares and is structured as the expected PDF/X flavour.

    ``expect`` is "PDF/X-1a:2003" or "PDF/X-4". Checked for both: not
    encrypted; trailer /ID present; Info /Title non-empty, /GTS_PDFXVersion
    equal to ``expect`` (for X-4 only if present), /Trapped /True or /False,
    /CreationDate and /ModDate present; exactly one /GTS_PDFX output intent
    with an OutputConditionIdentifier; every page has a TrimBox or ArtBox (not
    both); no annotations inside the printed area; no JavaScript.

    PDF/X-1a:2003 also: PDF version at most 1.4; output condition FOGRA39
    (or ``condition_identifier``) with RegistryName http://www.color.org; an
    embedded profile, if any, is CMYK; XMP, if present, agrees with Info;
    no JPEG 2000 / JBIG2 images.
    PDF/X-4 also: PDF version 1.6; a CMYK DestOutputProfile (N 4); XMP
    metadata with pdfxid:GTS_PDFXVersion "PDF/X-4", dc:title,
    xmpMM:DocumentID, xmpMM:VersionID and xmpMM:RenditionClass; if
    ``condition_identifier`` is given, the intent must name it.

    This is a structural check, not a full ISO 15930 validator: content
    rules live in the fonts/colour/boxes checks, and a final preflight by the
    printer (e.g. Acrobat or callas) is still worthwhile.
    """
    if expect not in (PDFX1A, PDFX4):
        raise ValueError(f"expect must be {PDFX1A!r} or {PDFX4!r}, not {expect!r}")
    out = _Collector()
    x1a = expect == PDFX1A
    fix_version_hint = (
        "Export through posters.pdfx.make_pdfx1a()." if x1a
        else "Export through posters.pdfx.make_pdfx4() with the printer's CMYK profile."
    )

    def bad(message: str, hint: str = fix_version_hint, page: int | None = None) -> None:
        out.add(error("pdfx", message, hint, page))

    with _opened(pdf) as doc:
        if doc.is_encrypted:
            bad("The file is encrypted; PDF/X files must not be.")

        version = str(doc.pdf_version)
        vt = _version_tuple(version)
        if x1a and vt > (1, 4):
            bad(f"The file is PDF {version}; {expect} needs PDF 1.4 (or lower).")
        if not x1a and vt != (1, 6):
            bad(f"The file is PDF {version}; {expect} files are written as PDF 1.6.")

        trailer_id = doc.trailer.get("/ID")
        if not (isinstance(trailer_id, Array) and len(trailer_id) == 2):
            bad("The file has no document ID (trailer /ID), which PDF/X requires.")

        info = doc.trailer.get("/Info")
        info = info if isinstance(info, Dictionary) else Dictionary()
        title = str(info.get("/Title", "")).strip()
        if not title:
            bad("The document has no title (Info /Title); PDF/X requires one.")
        declared = info.get("/GTS_PDFXVersion")
        if declared is None:
            if x1a:
                bad(f"The file does not declare itself as {expect} (Info /GTS_PDFXVersion missing).")
        elif str(declared) != expect:
            bad(f"The file declares itself as '{declared}', not {expect}.")
        trapped = info.get("/Trapped")
        if not (isinstance(trapped, Name) and _name(trapped) in ("True", "False")):
            bad("The trapping status (Info /Trapped) must be True or False for PDF/X.",
                "Set /Trapped /False (the printer does the trapping).")
        for key in ("/CreationDate", "/ModDate"):
            if not str(info.get(key, "")).strip():
                bad(f"The document has no {key[1:]}, which PDF/X requires.")

        intents = doc.Root.get("/OutputIntents")
        gts = [
            oi for oi in (intents if isinstance(intents, Array) else [])
            if isinstance(oi, Dictionary) and _name(oi.get("/S", "")) == "GTS_PDFX"
        ]
        if not gts:
            bad("The file has no PDF/X output intent, so the printing condition "
                "(e.g. FOGRA39 coated paper) is not stated.")
        elif len(gts) > 1:
            bad(f"The file has {len(gts)} PDF/X output intents; exactly one is allowed.")
        if gts:
            oi = gts[0]
            ident = str(oi.get("/OutputConditionIdentifier", "")).strip()
            want_ident = condition_identifier or ("FOGRA39" if x1a else None)
            profile = oi.get("/DestOutputProfile")
            if not ident:
                bad("The output intent has no OutputConditionIdentifier.")
            elif want_ident and ident != want_ident:
                bad(f"The output intent names the printing condition '{ident}', "
                    f"expected '{want_ident}'.")
            if x1a and profile is None:
                registry = str(oi.get("/RegistryName", "")).strip()
                if registry != "http://www.color.org":
                    bad("The output intent has no ICC profile, so it must name a registered "
                        "condition with RegistryName http://www.color.org "
                        f"(found '{registry or 'none'}').")
            if profile is None and not x1a:
                bad("The output intent has no embedded ICC profile (DestOutputProfile); "
                    "PDF/X-4 requires the printer's CMYK profile.",
                    "Ask the printer for their CMYK output profile and pass it to make_pdfx4().")
            if profile is not None:
                data = profile.read_bytes() if isinstance(profile, Stream) else b""
                if not _icc_is_cmyk(data) or int(_num(profile.get("/N"), 0)) != 4:
                    bad("The embedded output profile is not a CMYK (4-channel) ICC profile.",
                        "Use the printer's CMYK output profile.")

        # Metadata (XMP)
        has_xmp = "/Metadata" in doc.Root
        if has_xmp or not x1a:
            try:
                meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
                xmp_ver = meta.get("pdfxid:GTS_PDFXVersion") if not x1a else (
                    meta.get("pdfx:GTS_PDFXVersion") or meta.get("pdfxid:GTS_PDFXVersion")
                )
                xmp_title = meta.get("dc:title")
                extra = {k: meta.get(k) for k in
                         ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass")}
            except Exception as exc:  # noqa: BLE001 - any XMP parse failure is a finding
                bad(f"The XMP metadata could not be read ({exc}).")
                xmp_ver, xmp_title, extra = None, None, {}
                has_xmp = False
            if not x1a:
                if not has_xmp:
                    bad("The file has no XMP metadata; PDF/X-4 requires it.")
                elif xmp_ver != expect:
                    bad(f"The XMP metadata declares '{xmp_ver or 'nothing'}' "
                        f"(pdfxid:GTS_PDFXVersion), not {expect}.")
                for key, value in extra.items():
                    if has_xmp and not value:
                        bad(f"The XMP metadata lacks {key}, which PDF/X-4 requires.")
                if has_xmp and not xmp_title:
                    bad("The XMP metadata has no title (dc:title).")
            elif xmp_ver is not None and xmp_ver != expect:
                bad(f"The XMP metadata declares '{xmp_ver}', which disagrees with {expect}.")
            if has_xmp and xmp_title is not None and title and str(xmp_title) != title:
                bad(f"The XMP title '{xmp_title}' disagrees with the document title '{title}'.")

        for number, page in enumerate(doc.pages, start=1):
            has_trim, has_art = "/TrimBox" in page.obj, "/ArtBox" in page.obj
            if not (has_trim or has_art):
                bad("The page has no TrimBox (or ArtBox); PDF/X requires the finished size.",
                    "Call canvas.setTrimBox() when drawing.", number)
            elif has_trim and has_art:
                bad("The page has both a TrimBox and an ArtBox; PDF/X allows only one.",
                    "Remove the ArtBox.", number)

        _annotation_problems(doc, out)
        if _has_javascript(doc):
            bad("The file contains JavaScript or automatic actions, which PDF/X forbids.",
                "Remove document actions from the print file.")

        if x1a:
            flagged: set[str] = set()
            for obj in doc.objects:
                if not isinstance(obj, Stream):
                    continue
                filters = obj.get("/Filter")
                names = [_name(f) for f in filters] if isinstance(filters, Array) else (
                    [_name(filters)] if filters is not None else [])
                for f in names:
                    if f in ("JPXDecode", "JBIG2Decode") and f not in flagged:
                        flagged.add(f)
                        bad(f"The file contains {f[:-6]}-compressed images, which PDF 1.4 "
                            "and PDF/X-1a do not allow.",
                            "Place images as JPEG, TIFF or PNG data instead.")
    return out.items


# =========================================================================== all together


def check_all(
    pdf: PdfSource,
    *,
    trim_mm: tuple[float, float],
    bleed_mm: float,
    expect: str | None = None,
    slug_mm: float = 0.0,
    condition_identifier: str | None = None,
) -> list[Finding]:
    """Run every check above on one PDF (opened once); ``expect`` None skips [pdfx]."""
    with _opened(pdf) as doc:
        checks: list[Callable[[], list[Finding]]] = [
            lambda: check_fonts(doc),
            lambda: check_boxes(doc, trim_mm, bleed_mm, slug_mm=slug_mm),
            lambda: check_colour_print(doc),
            lambda: check_images_resolution(doc),
        ]
        if expect is not None:
            checks.append(
                lambda: check_pdfx(doc, expect, condition_identifier=condition_identifier)
            )
        findings: list[Finding] = []
        for run in checks:
            findings.extend(run())
        return findings
