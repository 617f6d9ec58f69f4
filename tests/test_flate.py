"""Streams compressed before saving (render/flate.py) give the file qpdf itself
gives: compressed by qpdf, read back and saved again, byte for byte."""

from __future__ import annotations

import io
import zlib

import pikepdf
from PIL import Image
from pikepdf import Array, Name
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from posters.fonts import font_file
from posters.render import flate

FONT = "FlateTestSans"
pdfmetrics.registerFont(TTFont(FONT, str(font_file("semibold"))))
OPTIONS = dict(deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)


def reportlab_pdf(text: str) -> bytes:
    """Uncompressed ReportLab output, as the renderer writes it: a font program, its cmap, a page, an image."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 200), invariant=1, pageCompression=0)
    c.setFont(FONT, 20)
    c.drawString(20, 150, text)
    c.drawImage(ImageReader(Image.new("RGB", (40, 30), (200, 30, 90))), 20, 20, 40, 30)
    c.showPage()
    c.save()
    return buf.getvalue()


def with_odd_streams(data: bytes) -> bytes:
    """More streams of the kinds qpdf decodes and compresses anew: Flate in an array, ASCIIHex,
    and an empty one, on the page as form XObjects."""
    doc = pikepdf.open(io.BytesIO(data))
    page = doc.pages[0]
    forms = {
        "/Arr": doc.make_stream(zlib.compress(b"0 0 m 10 10 l S", 9)),
        "/Hex": doc.make_stream(b"0 0 m 20 20 l S".hex().encode() + b">"),
        "/Empty": doc.make_stream(b""),
    }
    forms["/Arr"].Filter = Array([Name.FlateDecode])
    forms["/Hex"].Filter = Name.ASCIIHexDecode
    for name, form in forms.items():
        form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 20, 20])
        page.Resources.XObject[name] = form
    page.contents_add(doc.make_stream(b" ".join(f"{n} Do".encode() for n in forms)), prepend=False)
    buf = io.BytesIO()
    doc.save(buf, compress_streams=False, **OPTIONS)
    return buf.getvalue()


def by_qpdf(data: bytes) -> bytes:
    """Saved by qpdf, which compresses, then read back and saved again."""
    first = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as doc:
        doc.save(first, **OPTIONS)
    again = io.BytesIO()
    with pikepdf.open(io.BytesIO(first.getvalue())) as doc:
        doc.save(again, **OPTIONS)
    return again.getvalue()


def compressed_here(data: bytes) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as doc:
        flate.save(doc, out, **OPTIONS)
    return out.getvalue()


def test_compressed_here_is_what_qpdf_writes():
    for text in ("Stop it Now! 0808 1000 900", "Stop it Now! 0808 1000 900", "Llinell gymorth ŵ ŷ"):  # the font program again: from the cache
        data = reportlab_pdf(text)
        with pikepdf.open(io.BytesIO(data)) as doc:  # the font program and the page not compressed before the save
            assert sum(1 for s in doc.objects if isinstance(s, pikepdf.Stream) and "/Filter" not in s and "/Length1" in s) == 1
        ours = compressed_here(data)
        assert ours == by_qpdf(data)
        with pikepdf.open(io.BytesIO(ours)) as doc:
            assert all(s.get("/Filter") == Name.FlateDecode for s in doc.objects if isinstance(s, pikepdf.Stream))


def test_streams_qpdf_decodes_are_decoded_and_compressed_anew_as_it_does():
    data = with_odd_streams(reportlab_pdf("Stop it Now!"))
    ours = compressed_here(data)
    assert ours == by_qpdf(data)
    with pikepdf.open(io.BytesIO(ours)) as doc:
        xobjects = doc.pages[0].Resources.XObject
        assert xobjects.Hex.read_bytes() == b"0 0 m 20 20 l S"
        assert xobjects.Arr.Filter == Name.FlateDecode and xobjects.Arr.read_bytes() == b"0 0 m 10 10 l S"
        assert "/Filter" not in xobjects.Empty


def test_the_documents_xmp_stays_uncompressed():
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(reportlab_pdf("Stop it Now!"))) as doc:
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = "Stop it Now!"
        flate.save(doc, out, **OPTIONS)
    with pikepdf.open(io.BytesIO(out.getvalue())) as doc:
        assert "/Filter" not in doc.Root.Metadata and b"Stop it Now!" in doc.Root.Metadata.read_raw_bytes()
