"""Reading named colours (CMYK and sRGB) from a TOML table.

A colour is given twice, CMYK for print and sRGB for screen, and the two must
be the same colour: a `cmyk` that prints more than `appearance.MAX_DELTA_E`
(CIEDE2000) away from its `srgb` is refused, naming both and suggesting the
CMYK that prints closest to the sRGB. Otherwise a print poster could be a
different colour from the one every screen preview and check was shown.
"""

from __future__ import annotations

from posters import appearance
from posters.colours import Colour, parse_hex
from posters.errors import Problems
from posters.inputs.schema import Table

MAX_INK = 320.0


def read_colours(parent: Table, key: str, probs: Problems, prefix: str = "") -> dict[str, Colour]:
    out: dict[str, Colour] = {}
    t = parent.table(key, required=False)
    if not t or not t.ok:
        return out
    for name in list(t.data):
        ct = t.table(name)
        if not ct:
            continue
        cmyk = ct.numbers("cmyk", 4, lo=0, unit="percent", hint="for example cmyk = [100, 70, 0, 40]")
        rgb_text = ct.text("srgb", hint='for example srgb = "#123a6b"')
        ct.done()
        if cmyk is not None and any(v > 100 for v in cmyk):
            probs.add(ct.key("cmyk"), f"values must be 0-100 percent, got {list(cmyk)}", "CMYK is given in percent, e.g. cmyk = [100, 70, 0, 40]")
            cmyk = None
        if cmyk is not None and sum(cmyk) > MAX_INK:
            probs.add(ct.key("cmyk"), f"total ink {sum(cmyk):.0f}% is over {MAX_INK:.0f}%", "printers limit total ink; lower C, M or Y")
            cmyk = None
        rgb = parse_hex(rgb_text) if rgb_text is not None else None
        if rgb_text is not None and rgb is None:
            probs.add(ct.key("srgb"), f"{rgb_text!r} is not a colour like \"#1a2b3c\"", "write the sRGB colour as # and six hex digits")
        if cmyk is not None and rgb is not None:
            colour = Colour(prefix + name, tuple(v / 100 for v in cmyk), rgb)
            if _disagree(ct, colour, cmyk, rgb_text, probs):
                continue
            out[prefix + name] = colour
    t.done()
    return out


def _pct(values) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _disagree(ct: Table, colour: Colour, cmyk, rgb_text: str, probs: Problems) -> bool:
    """Report a colour whose print and screen forms are different colours; True when reported."""
    de = appearance.cmyk_srgb_difference(colour.cmyk, colour.srgb)
    if de <= appearance.MAX_DELTA_E:
        return False
    printed = "#%02x%02x%02x" % appearance.printed_srgb(colour.cmyk)
    match = appearance.matching_cmyk(colour.srgb)
    probs.add(
        ct.path,
        f"cmyk = {_pct(cmyk)} prints as about {printed}, but srgb = \"{rgb_text.strip()}\": they differ by \u0394E2000 {de:.0f} "
        f"(at most {appearance.MAX_DELTA_E:g} allowed; print judged as {appearance.DEFAULT_METHOD})",
        f"for srgb \"{rgb_text.strip()}\" use cmyk = {_pct(match)}; or, if the CMYK is the brand colour, set srgb = \"{printed}\"",
    )
    return True
