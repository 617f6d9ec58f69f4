"""The [colour] check: CMYK-only colour, no transparency, the ink limit, and
small black text in 100 % K rather than rich black.

Runs on the content-stream interpreter (:mod:`posters.verify.pdf.interpreter`).
"""

from __future__ import annotations

import math

from pikepdf import Array, Dictionary, Name

from posters.verify.findings import Finding, error, warning
from posters.verify.pdf._common import PdfSource, _Collector, _fmt, _name, _num, _opened
from posters.verify.pdf.colourspace import _cs_info, _CsInfo
from posters.verify.pdf.interpreter import _Ctx, _GState, _mul, _scan, _Visitor

#: Highest total ink coverage (C+M+Y+K, per cent) accepted for a flat colour.
INK_LIMIT_PERCENT = 320.0
#: Text smaller than this (points, as printed) must be 100 % K, not rich black.
MIN_BLACK_TEXT_PT = 12.0


def _pct(v: float) -> str:
    return _fmt(v * 100.0, 1)


def _cmyk_label(vals: tuple[float, ...]) -> str:
    c, m, y, k = (list(vals) + [0.0, 0.0, 0.0, 0.0])[:4]
    return f"C {_pct(c)} M {_pct(m)} Y {_pct(y)} K {_pct(k)}"


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
HAIRLINE_PT = 0.25  # the thinnest rule a press holds: the layouts' own floor (elements/line.py MIN_STROKE_PT)
_RGB_HINT = (
    "Convert every colour to CMYK (or grey) for the printer's condition, or rebuild the file with "
    "'posters build', which writes CMYK only."
)


class _ColourVisitor(_Visitor):
    def __init__(self, out: _Collector, *, colour: bool = True, transparency: bool = True, scale: float = 1.0):
        self.out = out
        self.scale = scale  # scaled artwork: sizes in the file are this times full size
        self.colour = colour
        self.transparency = transparency

    # -- shared by the checks below
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
        if stroke:
            self._line_weight(ctx, gs, what)
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
        if k >= 0.999 and (c + m + y) <= 1e-3 and info.family == "cmyk" and not gs.fill_overprint and gs.render_mode in (0, 2, 4, 6):
            # a warning: many printers' RIPs overprint black type themselves (`--separations` renders the plates and fails it)
            self.out.add(warning(
                "colour",
                "Black type (100 % K) is set to knock out, not to overprint: where the plates are slightly "
                "out of register it shows a white edge (the build overprints all 100 % K type).",
                "Rebuild the file with 'posters build', or set black type to overprint (/op true).",
                ctx.page,
            ))
        if k < 0.9 or (c + m + y) <= 1e-3:
            return
        size = _effective_text_size(gs) / self.scale
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

    def _line_weight(self, ctx: _Ctx, gs: _GState, what: str) -> None:
        """A stroke thinner than a hairline (HAIRLINE_PT at full size) may not print at all; width 0 is a
        device's thinnest line (one printer dot: a fraction of a hairline on a platesetter)."""
        a, b, c, d = gs.ctm[:4]
        scale = abs(a * d - b * c) ** 0.5
        width = gs.line_width * scale / self.scale
        if width < HAIRLINE_PT - 0.005:
            self.out.add(error(
                "colour",
                f"{what[0].upper()}{what[1:]} is drawn {width:.2f} pt wide"
                + (f" at full size (1:{1 / self.scale:g} in the file)" if self.scale != 1 else "")
                + f", thinner than a hairline ({HAIRLINE_PT} pt), the thinnest rule a press holds: it may break up or vanish.",
                f"Make lines at least {HAIRLINE_PT} pt wide at the printed size.", ctx.page,
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
            "Rebuild the file with 'posters build'; if this stays, report it with the file.", ctx.page,
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


def check_colour_print(pdf: PdfSource, *, scale: float = 1.0) -> list[Finding]:
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
        _scan(doc, _ColourVisitor(out, scale=scale))
    return out.items
