"""The [fonts] check: every font reachable from a page is embedded and subset."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Stream

from posters.verify.findings import Finding, error, warning
from posters.verify.pdf._common import (
    _MAX_DEPTH,
    PdfSource,
    _Collector,
    _inherited,
    _name,
    _objkey,
    _opened,
)

BASE14 = frozenset(
    {
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
        "Symbol", "ZapfDingbats",
    }
)  # fmt: skip
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


def _iter_font_dicts(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, Dictionary]]:
    """(page, resource name, font dict) for every font reachable from each page.

    Walks page resources, Form XObjects and tiling patterns (recursively),
    Type 3 font resources, and annotation appearance streams.
    """
    for number, page in enumerate(pdf.pages, start=1):
        seen: set = set()
        stack: list[tuple[object, int]] = [(_inherited(page.obj, "/Resources"), 0)]
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            for annot in annots:
                ap = annot.get("/AP") if isinstance(annot, Dictionary) else None
                if not isinstance(ap, Dictionary):
                    continue
                for state in ap.values():
                    streams = state.values() if isinstance(state, Dictionary) and not isinstance(
                        state, Stream
                    ) else [state]
                    for s in streams:
                        if isinstance(s, Stream):
                            stack.append((s.get("/Resources"), 1))
        while stack:
            resources, depth = stack.pop()
            if not isinstance(resources, Dictionary) or depth > _MAX_DEPTH:
                continue
            rkey = _objkey(resources)
            if rkey is not None:
                if rkey in seen:
                    continue
                seen.add(rkey)
            fonts = resources.get("/Font")
            if isinstance(fonts, Dictionary):
                for fname, font in fonts.items():
                    if isinstance(font, Dictionary):
                        yield number, _name(fname), font
                        if _name(font.get("/Subtype", "")) == "Type3":
                            stack.append((font.get("/Resources"), depth + 1))
            for category in ("/XObject", "/Pattern"):
                table = resources.get(category)
                if isinstance(table, Dictionary):
                    for obj in table.values():
                        if not isinstance(obj, (Stream, Dictionary)):
                            continue
                        if _name(obj.get("/Subtype", "Form")) == "Image":
                            continue
                        okey = _objkey(obj)
                        if okey is not None:
                            if ("stream", okey) in seen:
                                continue
                            seen.add(("stream", okey))
                        stack.append((obj.get("/Resources"), depth + 1))


def _font_program(descriptor: object) -> object | None:
    if not isinstance(descriptor, Dictionary):
        return None
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            return descriptor[key]
    return None


def check_fonts(pdf: PdfSource) -> list[Finding]:
    """[fonts] Every font is embedded (FontFile/FontFile2/FontFile3) and subset.

    * Not embedded (no font program; this includes the 14 built-in PDF fonts
      such as Helvetica) -> error naming the font.
    * Embedded but not subset (BaseFont lacks the "ABCDEF+" tag) -> warning:
      printable, but the whole font is shipped, which some font licences forbid.
    * Type 3 fonts carry their glyphs as drawings and need no font file.
    Each font object is reported once, on the first page that uses it.
    """
    out = _Collector()
    with _opened(pdf) as doc:
        done: set = set()
        for page, res_name, font in _iter_font_dicts(doc):
            key = _objkey(font)
            if key is not None:
                if key in done:
                    continue
                done.add(key)
            subtype = _name(font.get("/Subtype", ""))
            if subtype == "Type3":
                continue
            base = _name(font.get("/BaseFont", res_name))
            target = font
            if subtype == "Type0":
                desc = font.get("/DescendantFonts")
                if isinstance(desc, Array) and len(desc) and isinstance(desc[0], Dictionary):
                    target = desc[0]
            program = _font_program(target.get("/FontDescriptor"))
            plain = _SUBSET_RE.sub("", base)
            if program is None:
                what = (
                    f"Font '{plain}' is one of the 14 built-in PDF fonts and is not embedded"
                    if plain in BASE14
                    else f"Font '{base}' is not embedded"
                )
                out.add(
                    error(
                        "fonts",
                        f"{what}; the printer's system would substitute another font, "
                        "changing the text's look and line breaks.",
                        "Embed every font in the file (rebuild it with 'posters build', which "
                        "embeds Source Sans Pro; if it was edited, export it again with fonts embedded).",
                        page,
                    )
                )
                continue
            if not _SUBSET_RE.match(base):
                out.add(
                    warning(
                        "fonts",
                        f"Font '{base}' is embedded in full rather than as a subset.",
                        "Embed only the characters used (a font subset): some font licences forbid "
                        "shipping the whole font. A file from 'posters build' embeds subsets.",
                        page,
                    )
                )
    return out.items
