"""One-page PDF logos made in the tests, the way a design program exports
them (a TrimBox inside a slightly larger MediaBox, paths in CMYK), and
broken in the ways real files are: RGB, live text in a font that is not
embedded, transparency, scripts, more pages, a compression bomb."""

from __future__ import annotations

import io
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name

# a blue field with a yellow bar, as C M Y K 0-1: the colours the tests look for
BLUE = (1.0, 0.6, 0.0, 0.2)
YELLOW = (0.0, 0.3, 1.0, 0.0)
CMYK_ART = f"{' '.join(map(str, BLUE))} k 8 8 144 44 re f {' '.join(map(str, YELLOW))} k 50 20 90 20 re f"
RGB_ART = "0 0.4 0.8 rg 8 8 144 44 re f"
TEXT_ART = CMYK_ART + " BT /F1 12 Tf 0 0 0 1 k 20 24 Td (LOGO) Tj ET"
SEE_THROUGH_ART = "/GS1 gs " + CMYK_ART


def logo_pdf(content: str = CMYK_ART, *, pages: int = 1, font: bool = False, alpha: bool = False, open_action: bool = False, bomb_mb: int = 0) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        res = Dictionary()
        if font:
            res.Font = Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
        if alpha:
            res.ExtGState = Dictionary(GS1=Dictionary(Type=Name.ExtGState, ca=0.5))
        page = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 160, 60]), TrimBox=Array([5, 5, 155, 55]), Resources=res))
        page.obj.Contents = pdf.make_stream(content.encode())
        pdf.pages.append(page)
    if open_action:
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))
    if bomb_mb:
        z = zlib.compressobj(9)
        chunk = b"\0" * (1024 * 1024)
        data = b"".join(z.compress(chunk) for _ in range(bomb_mb)) + z.flush()
        form = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 1, 1]))
        form.write(data, filter=Name.FlateDecode)
        pdf.pages[0].Resources.XObject = Dictionary(Z=form)
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()
