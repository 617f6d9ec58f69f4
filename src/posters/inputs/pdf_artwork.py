"""A partner's logo as a one-page PDF (what Illustrator, InDesign and
Affinity export for print), read as vectors and judged before it is placed.

The file is put through the same checks as any PDF the tool reads, on the
logo itself and before anything else opens it: the safety check (no actions,
scripts or embedded files, only PDF operators and finite numbers, streams
inflated within bounds, so a compression bomb is refused unread), then the
font check (a font that is not embedded is refused: the printer would set
the logo's words in another font), then the print colour check. What the
colour check finds is kept, not refused here: screen files may carry RGB and
transparency, print files may not (PDF/X-1a is CMYK, grey or spot colour,
and opaque), and `elements.logo.open_logo` refuses it for print with the
reason. The page is placed whole (its content stream and resources copied
unchanged, as a form XObject clipped to its TrimBox), so it stays vector.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MAX_SIDE_PT = 14_400.0  # 5 m: a larger page is no logo

_TRANSPARENCY_WORDS = ("Transparency is used", "transparency group", "soft mask")


class PdfArtworkError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class PdfArtwork:
    width: float  # pt, of the page's TrimBox (its MediaBox when it has none)
    height: float
    transparency: tuple[str, ...]  # what is see-through (refused in print)
    unprintable: tuple[str, ...]  # other colour problems for print (RGB, ink over the limit)


def read_pdf_logo(raw: bytes) -> PdfArtwork:
    import pikepdf

    from posters.verify.pdf.colour import check_colour_print
    from posters.verify.pdf.font_embedding import check_fonts
    from posters.verify.pdf.safety import check_safety, is_refused_unread

    try:
        safety = check_safety(raw)
    except pikepdf.PasswordError:
        raise PdfArtworkError("is a password-protected PDF", "export the logo again without a password or security settings") from None
    except Exception as exc:  # noqa: BLE001 - a broken file raises many kinds
        raise PdfArtworkError("is not a PDF that can be read (damaged or cut short)", "export the logo again as PDF (PDF/X-1a) or SVG") from None
    if is_refused_unread(safety):
        raise PdfArtworkError(
            f"is a PDF that cannot be read safely ({_lower(safety[0].message)}); nothing else was done with it",
            "export the logo again from your design program; a logo's PDF is a few hundred kilobytes",
        )
    if safety:
        found = "; ".join(_lower(f.message) for f in safety[:3])
        raise PdfArtworkError(
            f"is a PDF that does more than show artwork ({found}), which is refused; nothing in it was run",
            "export the logo again as a plain PDF: no scripts, links, actions, attachments or form fields (Illustrator: Save As > Adobe PDF, standard PDF/X-1a:2001)",
        )
    with pikepdf.open(io.BytesIO(raw)) as doc:
        if len(doc.pages) != 1:
            raise PdfArtworkError(f"is a PDF of {len(doc.pages)} pages; a logo is one page", "export only the artboard with the logo")
        page = doc.pages[0]
        if int(page.obj.get("/Rotate", 0)) % 360:
            raise PdfArtworkError("is a PDF whose page is rotated", "save the logo upright, with no page rotation")
        box = [float(v) for v in page.trimbox]
        w, h = box[2] - box[0], box[3] - box[1]
        if not (0 < w <= MAX_SIDE_PT and 0 < h <= MAX_SIDE_PT):
            raise PdfArtworkError(f"is a PDF page of {w:.0f} x {h:.0f} pt", "export the logo on an artboard the size of the logo")
        fonts = [f for f in check_fonts(doc) if f.severity == "error"]
        if fonts:
            names = ", ".join(_font_name(f.message) for f in fonts[:4])
            raise PdfArtworkError(
                f"has text in fonts that are not embedded ({names}): the printer would set it in another font",
                "outline the text in your logo (Illustrator: Type > Create Outlines), or export it again with fonts embedded",
            )
        colour = [f for f in check_colour_print(doc) if f.severity == "error"]
    see_through = [f for f in colour if any(w_ in f.message for w_ in _TRANSPARENCY_WORDS)]
    transparency = tuple(_what(f.message) for f in see_through)
    unprintable = tuple(_what(f.message) for f in colour if f not in see_through)
    return PdfArtwork(w, h, transparency, unprintable)


def _lower(message: str) -> str:
    m = message.rstrip(".")
    return m[:1].lower() + m[1:]


def _what(message: str) -> str:
    """The finding's first clause: what it is, without the printing advice meant for a poster."""
    return _lower(message.split("; ")[0])


def _font_name(message: str) -> str:
    import re

    m = re.search(r"Font '([^']+)'", message)
    return repr(m.group(1)) if m else "a font"
