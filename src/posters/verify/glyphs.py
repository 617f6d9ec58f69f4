"""Missing glyphs in the written PDF: every character shown must have a glyph
in the embedded font that shows it.

A character a font lacks is drawn as the font's empty 'notdef' box (ReportLab
writes such a character as code 0, which maps to no glyph), so a Welsh ŵ or ŷ
missing from a font would silently print as a hollow rectangle. The text
shown with each font is collected from the content streams (pages and Form
XObjects); each code is looked up in the embedded TrueType font's own cmap
(simple fonts) or CID-to-glyph map (Type0 fonts); glyph 0 means missing.
Fonts without an embedded TrueType program are left to the embedding check.
"""

from __future__ import annotations

import io
import threading
from collections import defaultdict

import pikepdf

from posters.verify.findings import Finding, error
from posters.verify.pdf import content
from posters.verify.pdf._common import ReadOnce

_SHOW = {"Tj", "'", '"'}
# only these matter here: taken from the instructions read once for every check when they
# parse; a stream that does not is read for just these, as this check always did on its own
_OPERATORS = "Tf Tj TJ ' \" Do"
_WANTED = frozenset(_OPERATORS.split())


def _collect(pdf: pikepdf.Pdf) -> dict[tuple, dict]:
    """font key -> {"font": dict, "codes": bytes shown, "pages": set}."""
    used: dict[tuple, dict] = defaultdict(lambda: {"font": None, "codes": bytearray(), "pages": set()})

    def walk(source, resources, page: int, seen: set) -> None:
        fonts = resources.get("/Font") if resources is not None else None
        current = None
        for operands, op in _instructions(pdf, source):
            if op == "Tf" and operands and fonts is not None and str(operands[0]) in fonts:
                current = fonts[str(operands[0])]
            elif op in _SHOW or op == "TJ":
                if current is None or not operands:
                    continue
                parts = operands[-1] if op != "TJ" else [x for x in operands[0] if isinstance(x, pikepdf.String)]
                parts = [parts] if isinstance(parts, pikepdf.String) else parts
                key = current.objgen if current.objgen != (0, 0) else ("direct", id(current))
                entry = used[key]
                entry["font"] = current
                entry["pages"].add(page)
                for s in parts:
                    entry["codes"] += bytes(s)
            elif op == "Do" and operands:
                xobjects = resources.get("/XObject") if resources is not None else None
                x = xobjects.get(str(operands[0])) if xobjects is not None else None
                if x is not None and x.get("/Subtype") == "/Form" and x.objgen not in seen:
                    walk(x, x.get("/Resources", resources), page, seen | {x.objgen})

    for n, page in enumerate(pdf.pages, start=1):
        walk(page, page.obj.get("/Resources"), n, set())
    return used


def _instructions(pdf: pikepdf.Pdf, source) -> list:
    if content.sharing(pdf):
        try:
            found = content.of_page(pdf, source) if isinstance(source, pikepdf.Page) else content.of_stream(pdf, source)
        except Exception:  # noqa: BLE001 - read below for just the operators wanted, which may succeed
            pass
        else:
            return [(inst.operands, op) for op, inst in found if op in _WANTED]
    return [(operands, str(op)) for operands, op in pikepdf.parse_content_stream(source, _OPERATORS)]


class _Program:
    """An embedded TrueType program, read once however many fonts and files embed the same
    bytes (every answer below depends on the bytes alone); what it has been asked is kept."""

    def __init__(self, data: bytes) -> None:
        from fontTools.ttLib import TTFont

        self.font = TTFont(io.BytesIO(data), lazy=True)
        self._cmaps: tuple | None = None
        self._lacks: dict[int, bool] = {}
        self._glyphs: int | None = None

    def cmaps(self) -> tuple:
        """The Mac, Windows symbol and Windows Unicode code maps (None where absent)."""
        if self._cmaps is None:
            cmaps = {(t.platformID, t.platEncID): t.cmap for t in self.font["cmap"].tables}
            self._cmaps = (cmaps.get((1, 0)), cmaps.get((3, 0)), cmaps.get((3, 1)))
        return self._cmaps

    def lacks(self, code: int) -> bool:
        """Whether a simple font's code maps to no glyph (through the Mac, Windows symbol or Unicode cmap)."""
        if code not in self._lacks:
            mac, win_symbol, win_unicode = self.cmaps()
            name = None
            if mac is not None:
                name = mac.get(code)
            if name is None and win_symbol is not None:
                name = win_symbol.get(0xF000 + code) or win_symbol.get(code)
            if name is None and win_unicode is not None:
                name = win_unicode.get(code)
            self._lacks[code] = name is None or self.font.getGlyphID(name) == 0
        return self._lacks[code]

    @property
    def glyph_count(self) -> int:
        if self._glyphs is None:
            self._glyphs = self.font["maxp"].numGlyphs
        return self._glyphs


_programs = ReadOnce(_Program, kept=32)  # a campaign embeds a handful of fonts; a file with many does not grow this
_programs_lock = threading.Lock()  # a program's answers are filled in as they are asked


def _missing(font, target, program_stream: pikepdf.Stream, codes: bytes, cid: bool) -> int:
    if not isinstance(program_stream, pikepdf.Stream):  # not a program: fails as reading one does
        program = _Program(program_stream.read_bytes())
        return _missing_cid(target, program, codes) if cid else _missing_simple(font, program, codes)
    program = _programs(program_stream)
    with _programs_lock:
        return _missing_cid(target, program, codes) if cid else _missing_simple(font, program, codes)


def _missing_simple(font, program: _Program, codes: bytes) -> int:
    program.cmaps()  # read first: a font without them fails even when nothing is shown
    missing = 0
    for code in set(codes):
        if program.lacks(code):
            missing += codes.count(code)
    return missing


def _missing_cid(descendant, program: _Program, codes: bytes) -> int:
    cid_to_gid = descendant.get("/CIDToGIDMap")
    table = cid_to_gid.read_bytes() if isinstance(cid_to_gid, pikepdf.Stream) else None
    n_glyphs = program.glyph_count
    missing = 0
    for i in range(0, len(codes) - 1, 2):
        cid = codes[i] << 8 | codes[i + 1]
        gid = (table[2 * cid] << 8 | table[2 * cid + 1]) if table is not None and 2 * cid + 1 < len(table) else cid
        if gid == 0 or gid >= n_glyphs:
            missing += 1
    return missing


def check_glyphs(pdf_or_bytes: bytes | pikepdf.Pdf) -> list[Finding]:
    """[fonts] Every character shown has a glyph in its embedded font."""
    if isinstance(pdf_or_bytes, pikepdf.Pdf):
        return _check(pdf_or_bytes)
    with pikepdf.open(io.BytesIO(pdf_or_bytes)) as pdf:
        return _check(pdf)


def _check(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    for entry in _collect(pdf).values():
        font, codes = entry["font"], bytes(entry["codes"])
        cid = font.get("/Subtype") == "/Type0"
        target = font.DescendantFonts[0] if cid and "/DescendantFonts" in font else font
        descriptor = target.get("/FontDescriptor")
        program_stream = descriptor.get("/FontFile2") if descriptor is not None else None
        if program_stream is None:
            continue
        missing = _missing(font, target, program_stream, codes, cid)
        if missing:
            name = str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]
            pages = ", ".join(str(p) for p in sorted(entry["pages"]))
            out.append(
                error(
                    "fonts",
                    f"{missing} character(s) set in {name} have no glyph in that font (page {pages}); they will print as empty boxes",
                    "use a font that covers every character of the copy (Welsh needs ŵ and ŷ), then rebuild",
                )
            )
    return out
