"""The slug line of a one-up print PDF: which output it is and its artwork
fingerprint, printed outside the bleed beside the crop marks, so a printed
sheet can be tied to the approval that signed it off.

A file cannot carry its own sha256 (writing it in changes it). It carries
instead the **artwork fingerprint**: the first 12 hex digits of the sha256 of
the page as drawn, before the slug line is added and before the PDF/X and
XMP metadata (everything that prints: every element, colour, font and image
of the plan, and the crop marks). The build is deterministic, so the same
inputs (layout, copy, force and campaign data, artwork, tool) give the same
fingerprint, and any change to what prints gives another. The build records
it in the manifest, the file's own XMP facts and the printer's spec sheet;
`posters approve` records it beside each file's sha256; `posters status
--artwork FINGERPRINT` names the file and approval a printed sheet belongs to.

The line is drawn as the letters' outlines in 100 % K (one path), not as text: it is
the printer's label, not the poster's copy, and must never be read back as
copy (a run of fingerprint digits is not a number to dial, and 5 pt type in
the slug is not type on the poster).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

SIZE_PT = 5.0
MIN_SIZE_PT = 3.5  # a narrow item (a wallet card) gets smaller type before any clipping
BASELINE_MM = 2.2  # above the page's bottom edge, in the slug below the bleed
CLEAR_MM = 2.0  # from each trim line, where the crop marks stand
WEIGHT = "semibold"


def artwork_fingerprint(pdf: bytes) -> str:
    """12 hex digits of the sha256 of the page as drawn (see the module docstring)."""
    return hashlib.sha256(pdf).hexdigest()[:12]


def slug_text(plan, fingerprint: str, version: str) -> str:
    text = f"{plan.edition.slug}/{plan.stem} | artwork {fingerprint} | campaign version {version}"
    g = plan.geometry
    if g.scale != 1.0:
        # scaled artwork (a 48-sheet at 1:10): the sheet itself says how large it prints
        w, h = g.layout_trim
        text += f" | 1:{1 / g.scale:g} artwork: print at {w:g} x {h:g} mm"
    return text


def draw_slug(doc, plan, fingerprint: str, version: str) -> bytes:
    """The slug line drawn on every page of the open `doc`, below the bleed between the bottom
    crop marks; returns what was drawn (every page's, in page order). `doc` stays open, for the
    PDF/X pass to go on with; the file's ID is derived from ReportLab's bytes and these."""
    from posters.units import PT_PER_MM

    g = plan.geometry
    text = slug_text(plan, fingerprint, version)
    names = [p.name for p in plan.pages]
    x0 = (g.margin + CLEAR_MM) * PT_PER_MM
    room = (g.trim_w - 2 * CLEAR_MM) * PT_PER_MM
    drawn = []
    for i, page in enumerate(doc.pages):
        line = text + (f" | {names[i]} ({i + 1} of {len(names)})" if len(names) > 1 else "")
        size = max(MIN_SIZE_PT, min(SIZE_PT, SIZE_PT * room / max(1e-6, _width(line, SIZE_PT))))
        ops = b"q 0 0 0 1 k\n" + _outline(line, size, x0, BASELINE_MM * PT_PER_MM) + b"\nQ\n"
        _append(doc, page, ops)
        drawn.append(ops)
    return b"".join(drawn)


def _append(doc, page, ops: bytes) -> None:
    """`ops` drawn after the page's content, in one content stream a page, as ReportLab wrote it.

    ReportLab's single uncompressed content stream is extended in place, as qpdf's
    coalescing would join the two (a newline between them unless the first ends in
    one); anything else is joined by qpdf itself. No stream is left behind unused."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream) and set(contents.keys()) == {"/Length"}:
        data = contents.read_raw_bytes()
        contents.write(data + (b"" if data.endswith(b"\n") else b"\n") + ops)
        return
    page.contents_add(doc.make_stream(ops), prepend=False)
    page.contents_coalesce()


@lru_cache(maxsize=1)
def _font():
    """The slug's face: the campaign typeface's CFF (OpenType) cut, whose cubic outlines take 40 %
    fewer path segments than the TrueType cut's quadratic ones made cubic (the same design and
    advances)."""
    from pathlib import Path

    from fontTools.ttLib import TTFont

    from posters import fonts

    ttf = Path(fonts.font_file(WEIGHT))
    otf = ttf.with_suffix(".otf")
    return TTFont(str(otf if otf.is_file() else ttf))  # the TrueType cut, should a font package lack the other


def _width(text: str, size: float) -> float:
    f = _font()
    cmap, hmtx, upm = f.getBestCmap(), f["hmtx"], f["head"].unitsPerEm
    return sum(hmtx[cmap.get(ord(ch), ".notdef")][0] for ch in text) * size / upm


def _outline(text: str, size: float, x: float, y: float) -> bytes:
    """The text's glyph outlines as one filled path, starting at (x, y) on the baseline (points).

    One `cm` places and scales the line; each glyph's points are in font units, moved along by
    the advances before it. One path, not a path a glyph: every check that reads the page (its
    parse, PDFium's page objects, what may cover the helpline) had a hundred objects more per
    page to go through. Filled with the nonzero rule, the glyphs' union is what filling each
    in turn paints, in one ink."""
    f = _font()
    cmap, hmtx = f.getBestCmap(), f["hmtx"]
    k = size / f["head"].unitsPerEm
    out: list[str] = [f"{k:.6f} 0 0 {k:.6f} {x:.3f} {y:.3f} cm"]
    pen = 0
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        path = _glyph_path(name, pen)
        if path:
            out.append(path)
        pen += hmtx[name][0]
    out.append("f")
    return "\n".join(out).encode("ascii")


@lru_cache(maxsize=4096)
def _glyph_path(name: str, pen: int) -> str:
    """One glyph's outline as PDF path operators, in font units, `pen` units along the line."""
    lines = []
    for op, coords in _glyph_segments(name):
        xy = [_num(v + pen) if i % 2 == 0 else _num(v) for i, v in enumerate(coords)]  # x, y, x, y, ...
        lines.append(" ".join([*xy, op]))
    return "\n".join(lines)


def _num(v) -> str:
    """A coordinate as PDF writes numbers: no exponent, whatever its size."""
    return str(int(v)) if v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=256)
def _glyph_segments(name: str) -> tuple:
    """One glyph's outline in font units: (operator, flat coordinates) per segment."""
    from fontTools.pens.basePen import BasePen

    f = _font()
    ops: list[tuple[str, tuple]] = []

    class Pen(BasePen):
        def _moveTo(self, p):
            ops.append(("m", tuple(p)))

        def _lineTo(self, p):
            ops.append(("l", tuple(p)))

        def _curveToOne(self, p1, p2, p3):
            ops.append(("c", (*p1, *p2, *p3)))

        def _closePath(self):
            ops.append(("h", ()))

    f.getGlyphSet()[name].draw(Pen(f.getGlyphSet()))
    return tuple(ops)
