"""A small content-stream interpreter for the content checks (colour, images).

It follows q/Q, cm, colour operators, text state and Do into Form XObjects
(recursively) and tiling patterns, and reports drawing events to a
:class:`_Visitor`. It is not a renderer. Known approximations are documented
on each check.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from posters.verify.pdf import content
from posters.verify.pdf._common import _MAX_DEPTH, _inherited, _name, _num, _objkey
from posters.verify.pdf.colourspace import _cs_info, _initial_values, _resolve_cs


# the device colour operators: lower case sets the fill, upper case the stroke
_DEVICE_COLOUR_OPS = {
    "g": Name.DeviceGray, "G": Name.DeviceGray,
    "rg": Name.DeviceRGB, "RG": Name.DeviceRGB,
    "k": Name.DeviceCMYK, "K": Name.DeviceCMYK,
}

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
    line_width: float = 1.0  # in the CTM's units, as set (w, or a graphics state's /LW)
    fill_overprint: bool = False  # a graphics state's /op (or /OP, when it has no /op)


@dataclass
class _Ctx:
    page: int
    resources: object
    base_ctm: Matrix
    depth: int
    active: frozenset
    doc: pikepdf.Pdf | None = None  # whose content streams are read (see verify.pdf.content)


class _Visitor:
    """Receives drawing events from :func:`_scan`. Override what you need."""

    def paint(self, ctx: _Ctx, gs: _GState, *, stroke: bool, what: str) -> None: ...

    def text(self, ctx: _Ctx, gs: _GState) -> None: ...

    def image(self, ctx: _Ctx, gs: _GState, name: str, image: Dictionary, inline: bool) -> None: ...

    def extgstate(self, ctx: _Ctx, name: str, egs: Dictionary) -> None: ...

    def shading(self, ctx: _Ctx, shading: Dictionary, what: str) -> None: ...

    def group(self, ctx: _Ctx, group: Dictionary, what: str) -> None: ...

    def problem(self, ctx: _Ctx, message: str) -> None: ...


class Diverged(Exception):
    """A visitor of a shared pass raised: alone, that visitor's check would have gone
    differently from there, so the pass cannot stand for the checks run one by one."""


class _Tee(_Visitor):
    """Several visitors served by one pass. The interpreter's way through the content does not
    depend on its visitors (they only read what they are shown), so each sees exactly what it
    would alone, unless one raises: then the pass stops with Diverged."""

    def __init__(self, *visitors: _Visitor) -> None:
        self.visitors = visitors

    def _each(self, event: str, *args, **kwargs) -> None:
        for v in self.visitors:
            try:
                getattr(v, event)(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - see Diverged
                raise Diverged(event) from exc

    def paint(self, ctx, gs, *, stroke, what):
        self._each("paint", ctx, gs, stroke=stroke, what=what)

    def text(self, ctx, gs):
        self._each("text", ctx, gs)

    def image(self, ctx, gs, name, image, inline):
        self._each("image", ctx, gs, name, image, inline)

    def extgstate(self, ctx, name, egs):
        self._each("extgstate", ctx, name, egs)

    def shading(self, ctx, shading, what):
        self._each("shading", ctx, shading, what)

    def group(self, ctx, group, what):
        self._each("group", ctx, group, what)

    def problem(self, ctx, message):
        self._each("problem", ctx, message)


_FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
_TEXT_SHOW_OPS = {"Tj", "TJ", "'", '"'}
# every operator _run acts on; the rest (most of a page: path construction) it passes over
_HANDLED = frozenset(
    {content.INLINE_IMAGE, "q", "Q", "cm", "cs", "CS", "sc", "scn", "SC", "SCN", "gs", "w", "BT", "Tm", "Tf", "Tr", "sh", "Do"}
    | set(_DEVICE_COLOUR_OPS) | _TEXT_SHOW_OPS | _FILL_OPS | _STROKE_OPS
)


def _copy(gs: _GState) -> _GState:
    """A copy for q (what dataclasses.replace gives, without its cost on every q)."""
    new = object.__new__(_GState)
    new.__dict__.update(gs.__dict__)
    return new


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
        ctx = _Ctx(number, resources, _IDENTITY, 0, frozenset(), pdf)
        group = page.obj.get("/Group")
        if isinstance(group, Dictionary):
            visitor.group(ctx, group, "the page")
        try:
            instructions = content.of_page(pdf, page)
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
    instructions: content.Instructions,
    ctx: _Ctx,
    gs: _GState,
    visitor: _Visitor,
    patterns_done: set,
) -> None:
    stack: list[_GState] = []
    for op, instr in instructions:
        if op not in _HANDLED:
            continue  # path construction, clipping, marked content, text position: nothing below reads them
        if op == content.INLINE_IMAGE:
            obj = instr.iimage.obj
            if bool(obj.get("/ImageMask", False)):
                visitor.paint(ctx, gs, stroke=False, what="a stencil-masked image")
            visitor.image(ctx, gs, "inline image", obj, True)
            continue
        operands = instr.operands
        try:
            if op == "q":
                stack.append(_copy(gs))
            elif op == "Q":
                if stack:
                    gs = stack.pop()
            elif op == "cm" and len(operands) == 6:
                gs.ctm = _mul(_matrix(operands), gs.ctm)
            elif op in _DEVICE_COLOUR_OPS:
                space = _DEVICE_COLOUR_OPS[op]
                if op in ("g", "G"):
                    vals = (_num(operands[0]),) if operands else (0.0,)
                else:
                    vals = tuple(_num(x) for x in operands)
                if op.islower():
                    gs.fill_cs, gs.fill, gs.fill_pattern = space, vals, None
                else:
                    gs.stroke_cs, gs.stroke, gs.stroke_pattern = space, vals, None
            elif op in ("cs", "CS") and operands:
                _set_colour_space(gs, ctx, operands[0], stroke=(op == "CS"))
            elif op in ("sc", "scn", "SC", "SCN"):
                nums = tuple(_num(x) for x in operands if not isinstance(x, Name))
                pattern = operands[-1] if operands and isinstance(operands[-1], Name) else None
                if op in ("sc", "scn"):
                    gs.fill, gs.fill_pattern = nums, pattern
                else:
                    gs.stroke, gs.stroke_pattern = nums, pattern
            elif op == "w" and operands:
                gs.line_width = abs(_num(operands[0], 1.0))
            elif op == "gs" and operands:
                egs = _lookup(ctx.resources, "/ExtGState", operands[0])
                if isinstance(egs, Dictionary):
                    if "/LW" in egs:
                        gs.line_width = abs(_num(egs.get("/LW"), 1.0))
                    if "/op" in egs or "/OP" in egs:
                        gs.fill_overprint = bool(egs.get("/op", egs.get("/OP")))
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
        inner = _Ctx(ctx.page, resources, inner_gs.ctm, ctx.depth + 1, active, ctx.doc)
        _run(content.of_stream(ctx.doc, xobj), inner, inner_gs, visitor, patterns_done)


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
        inner = _Ctx(ctx.page, resources, ctm, ctx.depth + 1, active, ctx.doc)
        _run(content.of_stream(ctx.doc, pattern), inner, inner_gs, visitor, patterns_done)
