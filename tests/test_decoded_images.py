"""A photograph decoded once per build process (posters.verify.decoded_images): the checks
render exactly what PDFium renders from the file, and only byte-identical pictures share."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2 as pdfium
import pytest

from posters.batch import Filters, Job, finishing_order, jobs_for, make_output, together
from posters.verify import decoded_images
from posters.verify.pages import Pages

# the renders the checks make: whole pages, bleed strips, crops at type scale, grey for the QR
RENDERS = [
    dict(scale=1),
    dict(scale=0.3),
    dict(scale=2.1166, crop=(18, 29, 619, 29)),
    dict(scale=6, crop=(100, 100, 300, 500)),
    dict(scale=3, grayscale=True, crop=(200, 50, 200, 600)),
    dict(scale=2, draw_annots=False, may_draw_forms=False),
]


@pytest.fixture(scope="module")
def textured(project, logos) -> dict[str, bytes]:
    """Two outputs on the same photograph (different copy and languages)."""
    out = {}
    for lang, message in (("en", "self"), ("cy-en", "family")):
        made = make_output(project, logos, Job("regional", "a4-textured", lang, message), verify=False)
        out[lang] = made.files[f"a4-textured.{message}.{lang}.pdf"]
    return out


@pytest.fixture()
def kept(monkeypatch):
    monkeypatch.setattr(decoded_images, "_enabled", True)
    decoded_images.clear()
    yield
    decoded_images.clear()


def _pixels(page, **how) -> bytes:
    bitmap = page.render(**how)
    try:
        return bytes(bitmap.buffer)
    finally:
        bitmap.close()


def _as_the_file_shows(pdf: bytes, **how) -> bytes:
    doc = pdfium.PdfDocument(pdf)
    try:
        return _pixels(doc[0], **how)
    finally:
        doc.close()


def _shared_page(pdf: bytes):
    pages = Pages(pdf)
    return pages, pages[0]


def test_given_pixels_render_exactly_as_the_file(textured, kept):
    first, _ = _shared_page(textured["en"])  # decodes the photograph and keeps it
    pages, page = _shared_page(textured["cy-en"])
    try:
        assert len(decoded_images._kept) == 1
        for how in RENDERS:
            assert _pixels(page, **how) == _as_the_file_shows(textured["cy-en"], **how), how
    finally:
        pages.close()
        first.close()


def test_first_page_is_given_its_own_decoding(textured, kept):
    """The page that decodes the picture renders it from the kept pixels too."""
    pages, page = _shared_page(textured["en"])
    try:
        for how in RENDERS[:3]:
            assert _pixels(page, **how) == _as_the_file_shows(textured["en"], **how)
    finally:
        pages.close()


def _edited(pdf: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        xobjects = doc.pages[0].obj.Resources.XObject
        name, image = next((k, v) for k, v in xobjects.items() if v.get("/Subtype") == "/Image")
        change(doc, xobjects, name, image)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def test_same_bytes_other_dictionary_is_decoded_afresh(textured, kept):
    """Same JPEG data, /Decode not inverted: the kept pixels (inverted) must not be given."""

    def plain_decode(doc, xobjects, name, image):
        image.Decode = pikepdf.Array([0, 1, 0, 1, 0, 1, 0, 1])

    other = _edited(textured["en"], plain_decode)
    first, _ = _shared_page(textured["en"])
    pages, page = _shared_page(other)  # its own decoding, kept apart
    try:
        assert len(decoded_images._kept) == 2
        how = dict(scale=0.5)
        assert _pixels(page, **how) == _as_the_file_shows(other, **how)
        assert _pixels(page, **how) != _as_the_file_shows(textured["en"], **how)
    finally:
        pages.close()
        first.close()


@pytest.mark.parametrize("what", ["interpolate", "twin"])
def test_anything_but_a_plain_picture_is_not_shared(textured, kept, what):
    """A dictionary entry that changes how it is drawn, or the same data under two dictionaries
    on one page (which one PDFium shows cannot be told): decoded as before."""

    def change(doc, xobjects, name, image):
        if what == "interpolate":
            image.Interpolate = True
        else:
            twin = pikepdf.Stream(doc, image.read_raw_bytes())
            for k, v in image.stream_dict.items():
                if k != "/Length":
                    twin.stream_dict[k] = v
            twin.stream_dict.Decode = pikepdf.Array([0, 1, 0, 1, 0, 1, 0, 1])
            xobjects[pikepdf.Name("/Twin")] = twin

    other = _edited(textured["en"], change)
    doc = pdfium.PdfDocument(other)
    try:
        assert decoded_images.share(other, doc[0], 0) == 0
        assert not decoded_images._kept
    finally:
        doc.close()


def test_off_unless_enabled(textured, monkeypatch):
    monkeypatch.setattr(decoded_images, "_enabled", False)
    doc = pdfium.PdfDocument(textured["en"])
    try:
        assert decoded_images.share(textured["en"], doc[0], 0) == 0
    finally:
        doc.close()


def test_outputs_on_one_photograph_go_to_one_worker_together(project):
    jobs = finishing_order(project, jobs_for(project, Filters(editions=["regional", "cumbria"])))
    tasks = together(project, jobs)
    assert sorted(i for t in tasks for i in t) == list(range(len(jobs)))
    textured = [t for t in tasks if any(jobs[i].format == "a4-textured" for i in t)]
    assert [len(t) for t in textured] == [4]
    assert all(jobs[i].format == "a4-textured" for i in textured[0])
    assert all(len(t) == 1 for t in tasks if t not in textured)
