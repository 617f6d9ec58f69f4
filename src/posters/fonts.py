"""Fonts: Source Sans Pro (SIL OFL, covers Welsh ŵ ŷ) from the
font-source-sans-pro package, registered once per process and always embedded.

The four weights are named by role so layouts say `font = "bold"`, not a file.
A force's own font (its [font] in force.toml) is registered beside them under
a key of its own and embedded the same way, as a subset.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import font_source_sans_pro
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

WEIGHTS = {
    "regular": "SourceSansPro-Regular.ttf",
    "semibold": "SourceSansPro-Semibold.ttf",
    "bold": "SourceSansPro-Bold.ttf",
    "black": "SourceSansPro-Black.ttf",
}
DEFAULT = "regular"


# A force's own fonts (posters.inputs.brand_fonts), by key: the file and the name it is embedded under.
_BRAND: dict[str, tuple[Path, str]] = {}


def add_brand(slug: str, path: Path) -> str:
    """A force's font, usable wherever a weight is (text fitting, drawing, embedding as a subset).
    The key carries the file's digest, so a replaced file is registered afresh."""
    from posters.fingerprint import file_sha256

    digest = file_sha256(path)[:12]
    key = f"brand:{slug}:{digest}"
    _BRAND[key] = (path, "Brand-" + re.sub(r"[^A-Za-z0-9-]", "", f"{slug}-{path.stem}")[:40] + "-" + digest[:6])
    return key


def font_file(weight: str) -> Path:
    if weight in _BRAND:
        return _BRAND[weight][0]
    return Path(font_source_sans_pro.font_directory) / WEIGHTS[weight]


def ps_name(weight: str) -> str:
    if weight in _BRAND:
        return _BRAND[weight][1]
    return "SourceSansPro-" + weight.capitalize()


@cache
def register(weight: str) -> str:
    """Register one weight with ReportLab (once per process) and return its name."""
    name = ps_name(weight)
    font = TTFont(name, str(font_file(weight)))
    _memoise_subsets(font.face)
    _memoise_widths(font)
    pdfmetrics.registerFont(font)
    return name


def _memoise_subsets(face) -> None:
    """Subsetting is a pure function of the glyphs used, and a batch sets the
    same copy in the same fonts again and again; ReportLab recomputes it for
    every document (about 0.6 ms a font). Remember the last few hundred."""
    make = face.makeSubset

    @lru_cache(maxsize=512)
    def cached(glyphs: tuple) -> bytes:
        return make(list(glyphs))

    face.makeSubset = lambda subset: cached(tuple(subset))


class _Formatted(pdfdoc.PDFObject):
    """A PDF value already formatted: written as these bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


@lru_cache(maxsize=1024)
def _widths_formatted(widths: tuple, multiline: object) -> bytes:
    return pdfdoc.PDFArray(list(widths)).format(pdfdoc.DummyDoc())


def _memoise_widths(font) -> None:
    """A subset's /Widths, up to 256 numbers, formatted once per process, not
    once per document: numbers only, so ReportLab's formatting of them is a
    pure function of the numbers (it was about a tenth of drawing a file)."""
    add = font.addObjects

    def add_objects(doc) -> None:
        add(doc)
        for pdf_font in doc.idToObject["BasicFonts"].dict.values():
            widths = getattr(pdf_font, "Widths", None)
            if isinstance(pdf_font, pdfdoc.PDFTrueTypeFont) and isinstance(widths, pdfdoc.PDFArray) and all(type(w) in (int, float) for w in widths.sequence):
                pdf_font.Widths = _Formatted(_widths_formatted(tuple(widths.sequence), rl_config.pdfMultiLine))

    font.addObjects = add_objects


def register_all() -> None:
    for w in WEIGHTS:
        register(w)


def width(text: str, weight: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, register(weight), size)


def ascent_descent(weight: str) -> tuple[float, float]:
    """Ascent and descent (positive) per 1 pt of size."""
    face = pdfmetrics.getFont(register(weight)).face
    return face.ascent / 1000, -face.descent / 1000


def missing_glyphs(text: str, weight: str) -> set[str]:
    cmap = pdfmetrics.getFont(register(weight)).face.charToGlyph
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in cmap}  # each character once
