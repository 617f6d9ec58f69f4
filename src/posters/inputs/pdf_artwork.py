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

Because it is copied unchanged, what the page draws is bounded first: its
drawing instructions (a few hundred kB in a real logo), and the drawings
(forms, images) it draws, counting a form each time another draws it, so a
form drawing a form thirty times, eight deep, is refused before a renderer
spends minutes on it. A form that draws itself, layers (optional content,
which the poster cannot keep hidden) and tags of its own (which would break
the screen files' structure) are refused; so is an encrypted file, and a
page with no usable size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MAX_SIDE_PT = 14_400.0  # 5 m: a larger page is no logo
MAX_CONTENT_BYTES = 4 * 1024 * 1024  # drawing instructions in the file, inflated: a detailed crest has a few hundred kB
MAX_DRAWS = 2_000  # forms and images drawn, each counted every time it is drawn
MAX_DRAWN_BYTES = 16 * 1024 * 1024  # drawing instructions run, a form's counted every time it is drawn
MAX_TILES = 100_000  # tiles of one pattern over the logo's area (a 1 pt tile over a 10 x 5 cm logo is 20,000)

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
        safety = check_safety(raw, max_content=MAX_CONTENT_BYTES, bound_drawing=False)  # bounded below, with a logo's limits
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
        if doc.is_encrypted:
            raise PdfArtworkError("is an encrypted PDF (it has security settings)", "export the logo again without a password or security settings")
        if len(doc.pages) != 1:
            raise PdfArtworkError(f"is a PDF of {len(doc.pages)} pages; a logo is one page", "export only the artboard with the logo")
        page = doc.pages[0]
        rotate = _inherited(page.obj, "/Rotate")
        if rotate is not None and not (isinstance(rotate, int) and not isinstance(rotate, bool)):
            raise PdfArtworkError("is a PDF whose page rotation (/Rotate) is not a whole number", "save the logo upright, with no page rotation")
        if int(rotate or 0) % 360:
            raise PdfArtworkError("is a PDF whose page is rotated", "save the logo upright, with no page rotation")
        box = _page_box(page, doc.get_warnings())
        w, h = box[2] - box[0], box[3] - box[1]
        if not (0 < w <= MAX_SIDE_PT and 0 < h <= MAX_SIDE_PT):
            raise PdfArtworkError(f"is a PDF page of {w:.0f} x {h:.0f} pt", "export the logo on an artboard the size of the logo")
        if "/OCProperties" in doc.Root:
            raise PdfArtworkError(
                "is a PDF with layers (optional content): a layer hidden in the file would print on the poster",
                "delete hidden layers and flatten the rest, then export again with 'Create Acrobat Layers' off",
            )
        _bound_drawing(page, w * h)
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


def _inherited(page, key: str):
    """A page attribute, from the page or the page tree above it (bounded: a tree may loop)."""
    from pikepdf import Dictionary

    node = page
    for _ in range(32):
        if key in node:
            return node[key]
        node = node.get("/Parent")
        if not isinstance(node, Dictionary):
            return None
    return None


def _rect(value, key: str) -> list[float]:
    """A page box as four finite numbers, lower-left corner first."""
    import math

    from pikepdf import Array
    why = f"its {key[1:]} is not four numbers"
    if not isinstance(value, Array) or len(value) != 4:
        raise PdfArtworkError(f"is a PDF whose page has no usable size ({why})", "export the logo again from your design program, on an artboard the size of the logo")
    try:
        nums = [float(v) for v in value]
    except (TypeError, ValueError):
        raise PdfArtworkError(f"is a PDF whose page has no usable size ({why})", "export the logo again from your design program, on an artboard the size of the logo") from None
    if not all(math.isfinite(v) for v in nums):
        raise PdfArtworkError(f"is a PDF whose page has no usable size (its {key[1:]} is not finite)", "export the logo again from your design program, on an artboard the size of the logo")
    return nums


def _page_box(page, warnings: list[str]) -> list[float]:
    """The logo's box: its TrimBox (else CropBox, else MediaBox), which must lie on its MediaBox.

    A page without a MediaBox is not given a default size (a reader would
    take US Letter), and a TrimBox off the page would place nothing.
    """
    media_raw = _inherited(page.obj, "/MediaBox")
    # the PDF library puts a US Letter MediaBox on a page that has none (or an unreadable one)
    if media_raw is None or any("MediaBox is undefined" in w for w in warnings):
        raise PdfArtworkError("is a PDF whose page has no usable size (its MediaBox is missing or is not four numbers)", "export the logo again from your design program, on an artboard the size of the logo")
    media = _rect(media_raw, "/MediaBox")
    key = "/TrimBox" if "/TrimBox" in page.obj else "/CropBox" if _inherited(page.obj, "/CropBox") is not None else None
    if key is None:
        return media
    box = _rect(page.obj[key] if key in page.obj else _inherited(page.obj, key), key)
    lo_x, hi_x = sorted((media[0], media[2]))
    lo_y, hi_y = sorted((media[1], media[3]))
    slack = 0.5  # pt: a writer's rounding
    if box[0] < lo_x - slack or box[2] > hi_x + slack or box[1] < lo_y - slack or box[3] > hi_y + slack:
        raise PdfArtworkError(
            f"is a PDF whose {key[1:]} lies outside its page (MediaBox): what would be placed is not the artwork",
            "export the logo again, on an artboard the size of the logo",
        )
    return box


def _bound_drawing(page, area: float) -> None:
    """What the page draws, counted through its forms: a form that draws itself, or draws so
    often that rendering would take minutes, is refused; so are tags (MCIDs) and layers in it."""
    import pikepdf
    from pikepdf import Dictionary, Name, Stream
    memo: dict = {}
    on_path: set = set()

    def size(stream) -> int:
        try:
            return len(stream.read_bytes())  # bounded: check_safety measured every content stream
        except Exception:  # noqa: BLE001
            return 0

    def props_of(operand, resources) -> object:
        if isinstance(operand, Name) and isinstance(resources, Dictionary):
            props = resources.get("/Properties")
            return props.get(operand) if isinstance(props, Dictionary) else None
        return operand

    def too_much():
        return PdfArtworkError(
            f"is a PDF whose drawings draw other drawings so many times that it would take minutes to print (more than {MAX_DRAWS} drawings or {MAX_DRAWN_BYTES // 2**20} MB of instructions)",
            "export the logo again with its symbols expanded and groups flattened; a logo draws a few hundred shapes",
        )

    def patterns_cost(resources, depth: int) -> tuple[int, int]:
        """A tiling pattern's cell is drawn once per tile: tiny tiles over the logo are refused."""
        from posters.verify.pdf.safety import pattern_tiles

        pats = resources.get("/Pattern") if isinstance(resources, Dictionary) else None
        draws = run = 0
        for pat in pats.values() if isinstance(pats, Dictionary) else ():
            if not isinstance(pat, Stream) or pat.stream_dict.get("/PatternType") != 1:
                continue
            tiles = pattern_tiles(pat, area)
            if tiles > MAX_TILES:
                raise PdfArtworkError(
                    f"is a PDF with a pattern whose tiles are so small that it would take minutes to print (more than {MAX_TILES} tiles)",
                    "export the logo again with its patterns expanded (Illustrator: Object > Expand)",
                )
            d, r = form_cost(pat, resources, depth + 1)
            draws, run = draws + round(tiles * d), run + round(tiles * r)
        return draws, run

    def cost(obj, own: bytes | None, resources, depth: int) -> tuple[int, int]:
        """(drawings drawn, bytes of instructions run) by a content stream, through its forms."""
        if depth > 28:
            raise PdfArtworkError("is a PDF whose drawings are nested more than 28 deep", "export the logo again with its groups flattened (Illustrator: Object > Flatten Transparency, or Ungroup)")
        fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
        for font in fonts.values() if isinstance(fonts, Dictionary) else ():
            if isinstance(font, Dictionary) and font.get("/Subtype") == Name.Type3:
                # its glyphs are drawings of their own, run for every letter and not counted here
                raise PdfArtworkError(
                    "has text in a Type 3 font (letters drawn as little drawings of their own), which is refused",
                    "outline the text in your logo (Illustrator: Type > Create Outlines), then export it again",
                )
        draws, run = patterns_cost(resources, depth)
        run += own if own is not None else size(obj)
        if draws > MAX_DRAWS or run > MAX_DRAWN_BYTES:
            raise too_much()
        for operands, op in pikepdf.parse_content_stream(obj, "Do BDC"):
            if str(op) == "BDC":
                tag = operands[0] if operands else None
                props = props_of(operands[1], resources) if len(operands) > 1 else None
                if tag == Name("/OC"):
                    raise PdfArtworkError(
                        "is a PDF with layers (optional content): a layer hidden in the file would print on the poster",
                        "delete hidden layers and flatten the rest, then export again with 'Create Acrobat Layers' off",
                    )
                if isinstance(props, Dictionary) and "/MCID" in props:
                    raise PdfArtworkError(
                        "is a tagged PDF (its artwork is marked as document content): its tags would break the structure of the accessible screen files",
                        "export the logo again with tagging off (Acrobat, InDesign: untick 'Create Tagged PDF'; Illustrator does not tag)",
                    )
                continue
            xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
            target = xobjects.get(operands[0]) if isinstance(xobjects, Dictionary) and operands else None
            draws += 1
            if isinstance(target, Stream) and target.stream_dict.get("/Subtype") == Name.Form:
                if "/OC" in target.stream_dict:
                    raise PdfArtworkError(
                        "is a PDF with layers (optional content): a layer hidden in the file would print on the poster",
                        "delete hidden layers and flatten the rest, then export again with 'Create Acrobat Layers' off",
                    )
                d, r = form_cost(target, resources, depth + 1)
                draws, run = draws + d, run + r
            if draws > MAX_DRAWS or run > MAX_DRAWN_BYTES:
                raise too_much()
        return draws, run

    def form_cost(form, parent_resources, depth: int) -> tuple[int, int]:
        og = form.objgen
        if og in on_path:
            raise PdfArtworkError("is a PDF with a drawing (form or pattern) that draws itself, which never ends", "export the logo again from your design program; this file is damaged or made to hang a printer")
        if og in memo:
            return memo[og]
        on_path.add(og)
        res = form.get("/Resources", parent_resources)  # a form without resources uses its page's (PDF 1.1)
        memo[og] = cost(form, None, res, depth)
        on_path.discard(og)
        return memo[og]

    contents = page.obj.get("/Contents")
    own = sum(size(s) for s in (contents if isinstance(contents, pikepdf.Array) else [contents]) if isinstance(s, Stream))
    cost(page, own, _inherited(page.obj, "/Resources"), 0)


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
