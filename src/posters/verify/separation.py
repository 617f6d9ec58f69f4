"""Separations as the press makes them: one printing plate of a PDF as a
grey PDF that PDFium can render (pikepdf rewrites, pypdfium2 renders; no
library at hand renders separations itself).

A copy of each page's content (and of every form XObject, image and shading
it paints) is rewritten so that every colour keeps one process channel, as a
DeviceGray tone: ink on the plate is darkness (0 % white, 100 % black).

- DeviceCMYK keeps its channel; DeviceGray is the black plate; the
  registration colour (Separation /All) is on every plate at its tint; a
  Separation or DeviceN naming Cyan, Magenta, Yellow or Black is on those.
- **Overprint** is simulated as a press does it. An object painted with
  overprint on (/op for fills and text, /OP for strokes) and overprint mode 1
  leaves the plates where its DeviceCMYK value is 0 untouched: it is not
  painted there, so the ink beneath stays. A Separation or DeviceN with
  overprint leaves the plates it does not name. Everything else knocks out:
  a 0 paints white, clearing what is beneath (PDF's ordinary painting).
- Images are decoded and one channel kept as a grey image; a stencil mask is
  painted in the fill colour like text. Axial and radial shadings keep one
  channel of their colour functions.

What cannot be separated honestly (a spot colour with a plate of its own, a
sampled or PostScript shading function, an inline colour image, a pattern)
raises `Unseparable`, naming it: the caller reports it instead of guessing.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, replace

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, Stream

PLATES = ("cyan", "magenta", "yellow", "black")
_PROCESS = {"Cyan": 0, "Magenta": 1, "Yellow": 2, "Black": 3}
_MAX_DEPTH = 12


class Unseparable(ValueError):
    """Something in the file that this separation cannot show as a press would print it."""


@dataclass(frozen=True)
class _Colour:
    """A colour as the plates see it: ink per plate (0-1), and which plates it paints at all."""

    ink: tuple[float, float, float, float]
    names: tuple[bool, bool, bool, bool]  # plates the colour space names (all four for process CMYK)
    cmyk: bool  # DeviceCMYK: overprint mode 1 applies


_BLACK = _Colour((0.0, 0.0, 0.0, 1.0), (False, False, False, True), False)  # the initial DeviceGray 0


@dataclass(frozen=True)
class _State:
    fill: _Colour = _BLACK
    stroke: _Colour = _BLACK
    fill_space: tuple = ("gray",)  # how sc/scn operands are read: ("gray",), ("cmyk",), ("sep", plates), ("n", [plates per component])
    stroke_space: tuple = ("gray",)
    op: bool = False
    OP: bool = False
    opm: int = 0
    tr: int = 0  # text render mode

    def paints(self, plate: int, stroke: bool) -> bool:
        """Whether painting with the fill (or stroke) colour marks this plate (as ink or as a knockout)."""
        colour, over = (self.stroke, self.OP) if stroke else (self.fill, self.op)
        if not over:
            return True
        if not colour.names[plate]:
            return False  # a separation overprinting leaves the plates it does not name
        return not (colour.cmyk and self.opm == 1 and colour.ink[plate] == 0.0)


def _f(v) -> float:
    return float(v)


def _space(cs, resources, depth: int = 0) -> tuple:
    """How a colour space's components reach the plates."""
    if depth > _MAX_DEPTH:
        raise Unseparable("a colour space nested too deeply")
    if isinstance(cs, Name):
        n = str(cs)[1:]
        if n in ("DeviceGray", "G", "CalGray"):
            return ("gray",)
        if n in ("DeviceCMYK", "CMYK"):
            return ("cmyk",)
        if n in ("DeviceRGB", "RGB"):
            return ("rgb",)
        if n == "Pattern":
            raise Unseparable("a pattern fill")
        table = resources.get("/ColorSpace") if isinstance(resources, Dictionary) else None
        if isinstance(table, Dictionary) and str(cs) in table:
            return _space(table[str(cs)], resources, depth + 1)
        raise Unseparable(f"an unknown colour space {n}")
    if isinstance(cs, Array) and len(cs):
        kind = str(cs[0])[1:]
        if kind == "ICCBased":
            n = int(cs[1].get("/N", 0))
            return {1: ("gray",), 3: ("rgb",), 4: ("icc-cmyk",)}.get(n) or _unsep(f"an ICC colour space of {n} channels")
        if kind == "CalGray":
            return ("gray",)
        if kind == "Separation":
            name = str(cs[1])[1:]
            if name == "All":
                return ("sep", (True, True, True, True))
            if name == "None":
                return ("sep", (False, False, False, False))
            if name in _PROCESS:
                return ("sep", tuple(i == _PROCESS[name] for i in range(4)))
            raise Unseparable(f"the spot colour {name!r}, which prints on a plate of its own")
        if kind == "DeviceN":
            names = [str(x)[1:] for x in cs[1]]
            bad = [x for x in names if x not in _PROCESS and x not in ("None", "All")]
            if bad:
                raise Unseparable(f"the spot colour {bad[0]!r}, which prints on a plate of its own")
            return ("n", tuple(tuple((x == "All") or (_PROCESS.get(x) == i) for i in range(4)) for x in names))
        if len(cs) == 1:
            return _space(cs[0], resources, depth + 1)
        raise Unseparable(f"the colour space {kind}")
    raise Unseparable("an unrecognised colour space")


def _unsep(what: str):
    raise Unseparable(what)


def _colour(space: tuple, vals: list[float]) -> _Colour:
    kind = space[0]
    if kind in ("cmyk", "icc-cmyk") and len(vals) >= 4:
        return _Colour(tuple(min(1.0, max(0.0, v)) for v in vals[:4]), (True,) * 4, kind == "cmyk")
    if kind == "gray" and vals:
        return _Colour((0.0, 0.0, 0.0, 1.0 - min(1.0, max(0.0, vals[0]))), (True,) * 4, False)
    if kind == "rgb" and len(vals) >= 3:  # refused by the colour check; separated naively (no black)
        return _Colour(tuple(1.0 - min(1.0, max(0.0, v)) for v in vals[:3]) + (0.0,), (True,) * 4, False)
    if kind == "sep" and vals:
        t = min(1.0, max(0.0, vals[0]))
        return _Colour(tuple(t if on else 0.0 for on in space[1]), space[1], False)
    if kind == "n":
        ink = [0.0] * 4
        names = [False] * 4
        for plates, v in zip(space[1], vals):
            for i, on in enumerate(plates):
                if on:
                    ink[i] = max(ink[i], min(1.0, max(0.0, v)))
                    names[i] = True
        return _Colour(tuple(ink), tuple(names), False)
    raise Unseparable("a colour with the wrong number of components")


def _initial(space: tuple) -> _Colour:
    kind = space[0]
    if kind in ("cmyk", "icc-cmyk"):
        return _colour(space, [0.0, 0.0, 0.0, 1.0])
    if kind in ("sep",):
        return _colour(space, [1.0])
    if kind == "n":
        return _colour(space, [1.0] * len(space[1]))
    return _colour(space, [0.0, 0.0, 0.0])


def _grey(c: _Colour, plate: int) -> float:
    return round(1.0 - c.ink[plate], 6)


# --- painting operators: what remains of them on a plate ------------------------
_FILL_ONLY = {"f", "F", "f*"}
_STROKE_ONLY = {"S", "s"}
_BOTH = {"B": ("f", "S"), "B*": ("f*", "S"), "b": ("f", "s"), "b*": ("f*", "s")}
_SHOW = {"Tj", "TJ", "'", '"'}


def _text_mode(tr: int, fill: bool, stroke: bool) -> int:
    """The render mode that keeps only the allowed parts of `tr` (a clip is always kept)."""
    f = fill and tr in (0, 2, 4, 6)
    s = stroke and tr in (1, 2, 5, 6)
    base = 2 if f and s else 0 if f else 1 if s else 3
    return base + 4 if tr >= 4 else base


class _Plate:
    """One plate of one document: rewrites content streams in place of the copy it works on."""

    def __init__(self, pdf: pikepdf.Pdf, plate: int, text: bool, decoded: dict):
        self.pdf = pdf
        self.decoded = decoded  # raw image data digest -> its ink per plate, shared by the plates of one file
        self.plate = plate
        self.text = text  # False: text is taken off (to see what is under it)
        self._images: dict = {}
        self._forms: dict = {}
        self._shadings: dict = {}

    # -- content ---------------------------------------------------------------
    def content(self, source, resources, state: _State, depth: int = 0) -> tuple[bytes, Dictionary]:
        if depth > _MAX_DEPTH:
            raise Unseparable("forms nested too deeply")
        res = resources if isinstance(resources, Dictionary) else Dictionary()
        new_xobjects: dict[str, object] = {}
        new_shadings: dict[str, object] = {}
        out: list = []
        stack: list[_State] = []
        p = self.plate
        for operands, op in pikepdf.parse_content_stream(source):
            name = str(op)
            if name == "INLINE IMAGE":
                img = operands[0]
                if not bool(img.obj.get("/IM", img.obj.get("/ImageMask", False))):
                    raise Unseparable("an inline colour image")
                if state.paints(p, False):
                    out.append(([_grey(state.fill, p)], Operator("g")))
                    out.append((operands, op))
                continue
            if name == "q":
                stack.append(state)
            elif name == "Q":
                state = stack.pop() if stack else state
            elif name in ("k", "K", "g", "G", "rg", "RG"):
                stroke = name.isupper()
                space = {"k": ("cmyk",), "g": ("gray",), "rg": ("rgb",)}[name.lower()]
                c = _colour(space, [_f(v) for v in operands])
                state = replace(state, **({"stroke": c, "stroke_space": space} if stroke else {"fill": c, "fill_space": space}))
                out.append(([_grey(c, p)], Operator("G" if stroke else "g")))
                continue
            elif name in ("cs", "CS"):
                stroke = name == "CS"
                space = _space(operands[0], res)
                c = _initial(space)
                state = replace(state, **({"stroke": c, "stroke_space": space} if stroke else {"fill": c, "fill_space": space}))
                out.append(([_grey(c, p)], Operator("G" if stroke else "g")))
                continue
            elif name in ("sc", "scn", "SC", "SCN"):
                stroke = name.isupper()
                if any(isinstance(v, Name) for v in operands):
                    raise Unseparable("a pattern fill")
                c = _colour(state.stroke_space if stroke else state.fill_space, [_f(v) for v in operands])
                state = replace(state, **({"stroke": c} if stroke else {"fill": c}))
                out.append(([_grey(c, p)], Operator("G" if stroke else "g")))
                continue
            elif name == "gs":
                egs = res.get("/ExtGState", Dictionary()).get(str(operands[0]))
                if isinstance(egs, Dictionary):
                    upd = {}
                    if "/OP" in egs:
                        upd["OP"] = bool(egs.OP)
                        if "/op" not in egs:
                            upd["op"] = bool(egs.OP)
                    if "/op" in egs:
                        upd["op"] = bool(egs.op)
                    if "/OPM" in egs:
                        upd["opm"] = int(egs.OPM)
                    state = replace(state, **upd)
            elif name == "Tr":
                state = replace(state, tr=int(operands[0]))
            elif name in _FILL_ONLY:
                if not state.paints(p, False):
                    op = Operator("n")
            elif name in _STROKE_ONLY:
                if not state.paints(p, True):
                    op = Operator("n")
            elif name in _BOTH:
                f, s = state.paints(p, False), state.paints(p, True)
                fill_op, stroke_op = _BOTH[name]
                if not f and not s:
                    op = Operator("n")
                elif not f:
                    op = Operator(stroke_op)
                elif not s:
                    if name in ("b", "b*"):
                        out.append(([], Operator("h")))
                    op = Operator(fill_op)
            elif name in _SHOW:
                mode = _text_mode(state.tr, state.paints(p, False) and self.text, state.paints(p, True) and self.text)
                if mode != state.tr:
                    out.append(([mode], Operator("Tr")))
                    out.append((operands, op))
                    out.append(([state.tr], Operator("Tr")))
                    continue
            elif name == "sh":
                key = str(operands[0])
                sh = res.get("/Shading", Dictionary()).get(key)
                if sh is None:
                    continue
                new_shadings[key] = self.shading(sh)
            elif name == "Do":
                key = str(operands[0])
                xobj = res.get("/XObject", Dictionary()).get(key)
                if not isinstance(xobj, Stream):
                    continue
                sub = str(xobj.get("/Subtype"))
                if sub == "/Image":
                    if bool(xobj.get("/ImageMask", False)):
                        if not state.paints(p, False):
                            continue
                        new_xobjects[key] = xobj
                    else:
                        new_xobjects[key] = self.image(xobj)
                elif sub == "/Form":
                    new_key = f"{key}.p{p}.{len(new_xobjects)}"
                    new_xobjects[new_key] = self.form(xobj, state, depth + 1)
                    operands = [Name(new_key)]
                else:
                    continue
            out.append((operands, op))
        new_res = Dictionary({k: v for k, v in res.items()})
        if new_xobjects:
            table = Dictionary({k: v for k, v in res.get("/XObject", Dictionary()).items()})
            for k, v in new_xobjects.items():
                table[k] = v
            new_res.XObject = table
        if new_shadings:
            table = Dictionary({k: v for k, v in res.get("/Shading", Dictionary()).items()})
            for k, v in new_shadings.items():
                table[k] = v
            new_res.Shading = table
        return pikepdf.unparse_content_stream(out), new_res

    def form(self, xobj: Stream, state: _State, depth: int):
        key = (xobj.objgen, state)
        if key not in self._forms:
            data, res = self.content(xobj, xobj.get("/Resources"), state, depth)
            new = self.pdf.make_stream(data)
            for k, v in xobj.items():
                if k not in ("/Length", "/Filter", "/DecodeParms", "/Resources"):
                    new[k] = v
            new.Resources = res
            self._forms[key] = new
        return self._forms[key]

    # -- images and shadings -----------------------------------------------------
    def image(self, xobj: Stream):
        key = xobj.objgen
        if key not in self._images:
            from PIL import ImageChops

            ink = self._decoded(xobj)[self.plate]
            w, h = ink.size
            new = self.pdf.make_stream(zlib.compress(ImageChops.invert(ink).tobytes()))
            new.Type, new.Subtype = Name.XObject, Name.Image
            new.Width, new.Height = w, h
            new.ColorSpace, new.BitsPerComponent = Name.DeviceGray, 8
            new.Filter = Name.FlateDecode
            if "/Interpolate" in xobj:
                new.Interpolate = xobj.Interpolate
            self._images[key] = new
        return self._images[key]

    def _decoded(self, xobj: Stream):
        key = hashlib.sha256(xobj.read_raw_bytes()).digest()
        if key not in self.decoded:
            self.decoded[key] = _image_channels(xobj)
        return self.decoded[key]

    def shading(self, sh):
        key = sh.objgen if sh.objgen != (0, 0) else id(sh)
        if key not in self._shadings:
            stype = int(sh.get("/ShadingType", 0))
            if stype not in (2, 3):
                raise Unseparable(f"a shading of type {stype}")
            space = _space(sh.ColorSpace, Dictionary())
            new = Dictionary({k: v for k, v in sh.items() if k not in ("/ColorSpace", "/Function", "/Background")})
            new.ColorSpace = Name.DeviceGray
            new.Function = self._function(sh.Function, space)
            self._shadings[key] = self.pdf.make_indirect(new)
        return self._shadings[key]

    def _function(self, fn, space):
        if isinstance(fn, Array):  # one function per component
            raise Unseparable("a shading with one function per colour component")
        ftype = int(fn.get("/FunctionType", -1))
        if ftype == 2:
            n = len(fn.get("/C0", [0]))
            c0 = [_f(v) for v in fn.get("/C0", [0.0] * n)]
            c1 = [_f(v) for v in fn.get("/C1", [1.0] * n)]
            g0, g1 = _grey(_colour(space, c0), self.plate), _grey(_colour(space, c1), self.plate)
            return Dictionary(FunctionType=2, Domain=fn.Domain, C0=[g0], C1=[g1], N=fn.N)
        if ftype == 3:
            new = Dictionary({k: v for k, v in fn.items() if k != "/Functions"})
            new.Functions = Array([self._function(f, space) for f in fn.Functions])
            return new
        raise Unseparable(f"a shading function of type {ftype}")


def _image_channels(xobj: Stream):
    """The image's samples as Pillow images of ink (0 none, 255 full), one per plate."""
    from PIL import Image, ImageChops

    w, h = int(xobj.Width), int(xobj.Height)
    space = _space(xobj.get("/ColorSpace", Name.DeviceGray), Dictionary())
    filters = xobj.get("/Filter")
    filters = [str(f) for f in (filters if isinstance(filters, Array) else [filters] if filters else [])]
    decode = [_f(v) for v in xobj.get("/Decode", [])]
    kind = space[0]
    if filters and filters[-1] == "/DCTDecode":
        # undo the filters before the JPEG (e.g. ASCII85) on a scratch copy, then read the JPEG itself
        scratch = pikepdf.new()
        outer = Array([Name(f) for f in filters[:-1]])
        data = pikepdf.Stream(scratch, xobj.read_raw_bytes(), Filter=outer).read_bytes() if filters[:-1] else xobj.read_raw_bytes()
        im = Image.open(io.BytesIO(data))
        im.load()
        if im.mode == "CMYK" and "adobe" in im.info:
            im = ImageChops.invert(im)  # Pillow inverts Adobe CMYK JPEGs; the PDF's /Decode says how to read the samples
    else:
        if int(xobj.get("/BitsPerComponent", 8)) != 8:
            raise Unseparable("an image with other than 8 bits per component")
        mode = {"gray": "L", "rgb": "RGB", "cmyk": "CMYK", "icc-cmyk": "CMYK", "sep": "L"}.get(kind) or _unsep("an image in a colour space of several spot colours")
        raw = xobj.read_bytes()
        if len(raw) < w * h * len(mode if mode != "CMYK" else "CMYK"):
            raise Unseparable("an image whose data is shorter than its size")
        im = Image.frombytes(mode, (w, h), raw[: w * h * (4 if mode == "CMYK" else len(mode))])
    bands = list(im.split())
    if len(decode) >= 2 * len(bands):
        bands = [ImageChops.invert(b) if decode[2 * i] > decode[2 * i + 1] else b for i, b in enumerate(bands)]
    none = Image.new("L", (im.width, im.height), 0)
    if kind in ("cmyk", "icc-cmyk") and len(bands) == 4:
        return bands
    if kind == "gray" and len(bands) == 1:
        return [none, none, none, ImageChops.invert(bands[0])]  # grey 0 is full black ink
    if kind == "rgb" and len(bands) == 3:  # refused by the colour check; separated naively (no black)
        return [ImageChops.invert(b) for b in bands] + [none]
    if kind == "sep" and len(bands) == 1:
        return [bands[0] if on else none for on in space[1]]
    raise Unseparable("an image in this colour space")


def plate_pdf(pdf: bytes, plate: int, *, text: bool = True, decoded: dict | None = None) -> bytes:
    """`pdf` as one plate (0 cyan, 1 magenta, 2 yellow, 3 black): grey, ink as darkness.

    With `text=False` no text is painted on the plate (its text layer stays), to
    see what lies under it. `decoded`: a dict shared by the calls for one file, so
    each image is decoded once. Raises Unseparable for what cannot be shown honestly.
    """
    doc = pikepdf.open(io.BytesIO(pdf))
    try:
        sep = _Plate(doc, plate, text, {} if decoded is None else decoded)
        for page in doc.pages:
            page.contents_coalesce()
            data, res = sep.content(page.obj.Contents, page.resources, _State())
            page.obj.Contents = doc.make_stream(data)
            page.obj.Resources = res
        if "/OutputIntents" in doc.Root:
            del doc.Root.OutputIntents  # the plate is grey, rendered as drawn
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()
