"""Colour spaces in print terms: what family a PDF colour space belongs to
(device/ICC CMYK, grey, RGB, Lab, spot, ...) and its initial colour.

Shared by the content-stream interpreter (initial colour on ``cs``/``CS``)
and the colour check (which families are errors or warnings).
"""

from __future__ import annotations

from dataclasses import dataclass

from pikepdf import Array, Dictionary, Name, Stream

from posters.verify.pdf._common import _name, _num


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


def ink_names(cs: object, depth: int = 0) -> set[str]:
    """The colorants a Separation or DeviceN colour space names (process ones and All/None
    included), through a palette's or an uncoloured pattern's base: what a printer reads as the
    inks of a file (posters.publish.spec names its spot colours from them)."""
    if not isinstance(cs, Array) or len(cs) < 2 or depth > 4:
        return set()
    kind = cs[0]
    if kind == Name.Separation and isinstance(cs[1], Name):
        return {_name(cs[1])}
    if kind == Name.DeviceN and isinstance(cs[1], Array):
        return {_name(n) for n in cs[1] if isinstance(n, Name)}
    if kind in (Name.Indexed, Name.Pattern):
        return ink_names(cs[1], depth + 1)
    return set()


def _initial_values(info: _CsInfo) -> tuple[float, ...]:
    if info.family in ("cmyk", "icc-cmyk"):
        return (0.0, 0.0, 0.0, 1.0)
    if info.family in ("spot", "all", "process-n"):
        return tuple(1.0 for _ in range(max(info.ncomp, 1)))
    return tuple(0.0 for _ in range(max(info.ncomp, 1)))
