"""Reading named colours (CMYK and sRGB) from a TOML table."""

from __future__ import annotations

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
            out[prefix + name] = Colour(prefix + name, tuple(v / 100 for v in cmyk), rgb)
    t.done()
    return out
