"""A force's own typeface, for its own lines.

    # force.toml
    [font]
    file = "fonts/BrandSans-Bold.ttf"   # TrueType (.ttf, or .otf with TrueType outlines), in this folder
    copy = ["partners"]                # the force's own lines (copy/<lang>.toml) set in it

A font travels with a licence: a file beside it (OFL.txt, LICENSE, LICENCE.md,
or the font's own name with .license/.licence/.txt) is required, and a
font without one is refused. The font must have a glyph for every
character of every language the force prints (Welsh needs ŵ ŷ â ê î ô û and
the rest of its accented vowels), and for every character of the lines set
in it; a missing glyph is an error naming the font file and the
characters. The font is embedded as a subset, like the campaign's Source
Sans Pro, and set at the style's size and colour: only the typeface changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MAX_FONT_BYTES = 20_000_000
# Code points a font's character map may map. A pan-Unicode font maps about 65,000; one
# 12-byte entry mapping all 2^32 codes made the PDF writer use 23 GB before it was stopped.
MAX_MAPPED = 150_000
SUFFIXES = (".ttf", ".otf")
_LICENCE = re.compile(r"^(ofl|licen[cs]e|copying)([-_. ].*)?$", re.I)

_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,;:!?'\"()-/&%@£’‘“”–"
# what a language's copy may need beyond what it says today: its alphabet and its usual punctuation
ALPHABETS = {
    "en": _LATIN,
    "cy": _LATIN + "ÂÊÎÔÛŴŶâêîôûŵŷÄËÏÖÜẄŸäëïöüẅÿÁÉÍÓÚẂÝáéíóúẃýÀÈÌÒÙẀỲàèìòùẁỳ",
}


@dataclass(frozen=True)
class BrandFont:
    path: Path
    shown: str  # the file as a person names it
    licence: Path
    copy: tuple[str, ...]  # copy keys set in it
    key: str  # the name text elements use for it, in place of a weight (posters.fonts)


def read_font_table(t, probs, root: Path, folder: Path, shown: str):
    """The [font] table's keys (file, licence and the font itself checked); coverage comes later, with the copy."""
    from posters.errors import display_path
    from posters.inputs.load import safe_asset_path

    ft = t.table("font", required=False)
    if ft is None or not ft.ok:
        return None
    name = ft.raw("file", hint='file = "fonts/YourFont-Bold.ttf", in this force\'s folder')
    keys = ft.texts("copy", hint='copy = ["partners"], the force\'s own lines to set in this font')
    ft.done()
    if name is None or keys is None:
        return None
    if not keys:
        probs.add("font.copy", "names no line, so the font would set nothing", 'list the force\'s own lines to set in it, e.g. copy = ["partners"]')
        return None
    path, p = safe_asset_path(root, folder, name, shown, "font.file")
    if p is not None:
        probs.items.append(p)
        return None
    font_shown = display_path(path, root)
    if path.suffix.lower() not in SUFFIXES:
        probs.add("font.file", f"{font_shown} is not a TrueType or OpenType font file (.ttf, .otf)", "use the .ttf file of the font (web fonts such as .woff are not for print)")
        return None
    licence, linked = _licence_beside(path, root)
    if licence is None and linked is not None:
        probs.add(
            "font.file",
            f"{font_shown}'s licence {linked.name} is a link to a file outside the project, so it would not travel with the font",
            f"copy the licence file itself into {display_path(path.parent, root)}/",
        )
        return None
    if licence is None:
        probs.add(
            "font.file",
            f"{font_shown} has no licence file beside it: a font may only be embedded in print files its licence allows",
            f"put the font's licence in {display_path(path.parent, root)}/ (OFL.txt for an Open Font License font, or the LICENSE from its supplier)",
        )
        return None
    why = _unusable(path)
    if why:
        probs.add("font.file", f"{font_shown} {why[0]}", why[1])
        return None
    return BrandFont(path, font_shown, licence, tuple(keys), "")


def _licence_beside(path: Path, root: Path) -> tuple[Path | None, Path | None]:
    """(the licence file beside the font, a licence-named link that leads out of the project)."""
    from posters.inputs.load import outside_link

    linked = None
    for f in sorted(path.parent.iterdir()):
        if f == path or not f.is_file() or f.stat().st_size == 0:
            continue
        if _LICENCE.match(f.name) or f.name.lower() in (f"{path.name.lower()}.license", f"{path.name.lower()}.licence", f"{path.stem.lower()}.txt"):
            if outside_link(f, root) is not None:  # a link to /etc/passwd is no licence
                linked = linked or f
                continue
            return f, None
    return None, linked


def _unusable(path: Path) -> tuple[str, str] | None:
    """(what is wrong, hint) when the PDF writer cannot embed this font."""
    size = path.stat().st_size
    if size > MAX_FONT_BYTES:
        return (f"is {size} bytes; the limit is {MAX_FONT_BYTES}", "use the font's plain .ttf file for one weight")
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == b"ttcf":
        return ("is a font collection (TTC), several fonts in one file", "use the .ttf file of the one weight you need (the font's supplier ships them one by one)")
    try:
        font = _open(path)
    except Exception:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        return ("cannot be read as a font (damaged, or not a font)", "download the font again from its supplier")
    mapped = _mapped_code_points(font)
    if mapped > MAX_MAPPED:
        return (f"has a character map of {mapped} code points, more than any font has (the limit is {MAX_MAPPED}): it is damaged or made to exhaust memory", "download the font again from its supplier")
    if "CFF " in font or "CFF2" in font:
        return ("has PostScript (CFF) outlines, which the PDF writer cannot embed", "use the TrueType (.ttf) version of the font; most font families ship both")
    if "glyf" not in font or font.getBestCmap() is None:
        return ("has no TrueType outlines or character map", "use the font's .ttf file")
    if _composite_loop(font):
        return ("has a letter built from itself (a composite glyph that loops), which a printer may never finish drawing", "download the font again from its supplier")
    os2 = font.get("OS/2")
    if os2 is not None and getattr(os2, "fsType", 0) & 0x000F == 0x0002:
        return ("says in its own licence bits that it may not be embedded (restricted licence)", "ask the font's supplier for an embeddable licence, or choose another font")
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        TTFont("BrandFontCheck", str(path))
    except TTFError as exc:
        if "psName" in str(exc):  # the PostScript name becomes a PDF name: no control characters, spaces or brackets
            return ("has a PostScript name (in its name table) with characters a PDF cannot carry (control characters, spaces, brackets or slashes)", "use the font as its supplier ships it, or rename it in a font editor with letters, digits and hyphens only")
        return (f"cannot be embedded ({exc})", "use the font's plain .ttf file")
    return None


def _composite_loop(font) -> bool:
    """Whether a composite glyph is built, through its components, from itself (or nests past 16 deep)."""
    glyf = font["glyf"]
    parts = {name: [c.glyphName for c in glyf[name].components] for name in font.getGlyphOrder() if glyf[name].isComposite()}
    done: set = set()
    for start in parts:
        stack = [(start, (start,))]
        while stack:
            name, path = stack.pop()
            for child in parts.get(name, ()):
                if child in path or len(path) > 16:
                    return True
                if child not in done:
                    stack.append((child, path + (child,)))
        done.add(start)
    return False


def _mapped_code_points(font) -> int:
    """Code points the character map's subtables map, counted from its raw bytes before anything
    expands them (formats 12 and 13 map whole ranges in 12 bytes; a broken table counts as too many)."""
    import struct

    try:
        data = font.reader["cmap"]
        _, n = struct.unpack_from(">HH", data, 0)
        total = 0
        for i in range(n):
            _, _, off = struct.unpack_from(">HHI", data, 4 + 8 * i)
            fmt = struct.unpack_from(">H", data, off)[0]
            if fmt in (12, 13):
                (groups,) = struct.unpack_from(">I", data, off + 12)
                if groups > MAX_MAPPED:
                    return groups
                for g in range(groups):
                    start, end = struct.unpack_from(">II", data, off + 16 + 12 * g)
                    total += end - start + 1 if end >= start else MAX_MAPPED + 1
                    if total > MAX_MAPPED:
                        return total
    except KeyError:
        return 0  # no character map: refused below with its own message
    except struct.error:
        return MAX_MAPPED + 1
    return total


def _open(path: Path):
    import io

    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(path.read_bytes()), lazy=True)  # from bytes: no file left open


def coverage_problems(font: BrandFont, cmap: set[int], needs: dict[str, str], language_names: dict[str, str]) -> list[tuple[str, str]]:
    """(message, hint) per language whose alphabet or lines the font cannot set."""
    out = []
    for lang, text in needs.items():
        missing = sorted({ch for ch in ALPHABETS.get(lang, "") + text if not ch.isspace() and ord(ch) not in cmap})
        if missing:
            name = language_names.get(lang, lang)
            out.append(
                (
                    f"{font.shown} has no glyph for {' '.join(missing)} ({len(missing)} character{'s' * (len(missing) != 1)} that {name} ({lang}) needs)",
                    f"choose a font that covers {name} (look for 'Latin Extended' or Welsh support in its character set), or leave these lines in the campaign's font: remove them from font.copy",
                )
            )
    return out


def character_map(path: Path) -> set[int]:
    return set(_open(path).getBestCmap())


def check_brand_font(font: BrandFont, slug: str, langs: list[str], copies: dict, campaign, probs) -> BrandFont | None:
    """The font's lines are the force's own, and it covers every language the force prints: then registered for use."""
    from posters import fonts

    own = set()
    for c in copies.values():
        own |= c.keys()
    ok = True
    for i, key in enumerate(font.copy):
        if key not in own:
            where = "assets/forces/" + slug + "/copy/<lang>.toml"
            probs.add(f"font.copy[{i}]", f"{key!r} is not one of this force's own lines", f"a force's font sets only its own lines: add {key} to {where}, or remove it here")
            ok = False
    spoken = [part for code in langs for part in code.split("-")]
    needs: dict[str, str] = {}
    for lang in dict.fromkeys(spoken):
        base = campaign.copies.get(lang)
        local = copies.get(lang)
        text = []
        for key in font.copy:
            for copy in (local, base):
                if copy is None:
                    continue
                text += [copy.common.get(key, "")] + [m.get(key, "") for m in copy.messages.values()]
        needs[lang] = "".join(text)
    for message, hint in coverage_problems(font, character_map(font.path), needs, campaign.language_names):
        probs.add("font.file", message, hint)
        ok = False
    if not ok:
        return None
    return BrandFont(font.path, font.shown, font.licence, font.copy, fonts.add_brand(slug, font.path))
