"""Languages: English everywhere; North Wales bilingual (Welsh first, equal
prominence), Welsh-only and English-only; copy for both messages in both
languages; Welsh glyphs present; the unreviewed-translation warning.

The bilingual checks read the finished PDF back (pypdfium2): where each
language's first line sits on the page, and the size, weight and colour the
PDF gives its characters.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from posters import fonts
from posters.batch import Job, make_output
from posters.cli import main

# every new format, print and screen, in the North Wales default language
BILINGUAL_FORMATS = ["a5-flyer", "dl-leaflet", "wallet-card", "6-sheet", "social-square", "social-landscape", "social-story", "digital-screen", "social-portrait", "link-preview"]
WELSH_LETTERS = "âêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿÂÊÎÔÛŴŶÁÉÍÓÚẂÝÀÈÌÒÙẀỲÄËÏÖÜẄŸ"


@pytest.fixture(scope="module")
def bilingual(project, logos):
    fonts.register_all()
    return {fmt: make_output(project, logos, Job("north-wales", fmt, "cy-en", "self"), verify=False) for fmt in BILINGUAL_FORMATS}


def pdf_of(m) -> bytes:
    return next(data for name, data in m.files.items() if name.endswith(".pdf"))


def copy_keys(layout) -> set[str]:
    return {e.spec.copy for page in layout.pages for e in page.elements if e.kind == "text"}


# --- editions and copy ----------------------------------------------------------
def test_languages_per_edition(project):
    for e in project.editions:
        assert "en" in e.languages or "cy-en" in e.languages, e.slug
    nw = project.edition("north-wales")
    assert nw.languages == ["cy-en", "cy", "en"]  # bilingual is the default (first)
    assert "cy-en" in project.edition("regional").languages


def test_copy_exists_for_every_message_and_language(project):
    campaign = project.campaign
    assert set(campaign.copies) == {"en", "cy"}
    for layout in project.layouts:
        for key in copy_keys(layout):
            for message in layout.messages:
                for code, copy in campaign.copies.items():
                    assert copy.get(message, key), f"{copy.file}: {key!r} missing for message {message!r} (used by {layout.file})"
    for message in campaign.messages:
        en, cy = (campaign.copies[c].get(message, "headline") for c in ("en", "cy"))
        assert en and cy and en != cy


def test_every_welsh_glyph_is_in_every_weight(project):
    welsh_copy = "".join(project.campaign.copies["cy"].common.values()) + "".join(
        v for m in project.campaign.copies["cy"].messages.values() for v in m.values()
    )
    for weight in fonts.WEIGHTS:
        assert fonts.missing_glyphs(WELSH_LETTERS + welsh_copy, weight) == set(), weight


# --- the bilingual output, read back --------------------------------------------
def char_props(tp, index: int) -> tuple[float, int, tuple[int, int, int], str]:
    """Font size, weight, fill colour and font name of one character, from the PDF."""
    size = raw.FPDFText_GetFontSize(tp, index)
    weight = raw.FPDFText_GetFontWeight(tp, index)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFText_GetFillColor(tp, index, r, g, b, a)
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(tp, index, buf, 128, flags)
    name = buf.value.decode("latin-1").split("+")[-1]
    return round(size, 2), weight, (r.value, g.value, b.value), name


def find_line(doc, page_index: int, line: str):
    """(top y in points, char index, textpage) of `line` on the page, or None."""
    page = doc[page_index]
    tp = page.get_textpage()
    hit = tp.search(line, match_case=True, match_whole_word=False).get_next()
    if not hit:
        return None
    start, count = hit
    top = max(tp.get_charbox(i)[3] for i in range(start, start + count))
    left = min(tp.get_charbox(i)[0] for i in range(start, start + count))
    return top, left, start, tp


@pytest.mark.parametrize("fmt", BILINGUAL_FORMATS)
def test_welsh_first_and_equal_in_the_pdf(bilingual, fmt):
    m = bilingual[fmt]
    doc = pdfium.PdfDocument(pdf_of(m))
    try:
        checked = 0
        for page_index, page in enumerate(m.plan.pages):
            for p in page.elements:
                if p.kind != "text":
                    continue
                assert p.content.langs == ["cy", "en"], p.key
                first_cy, first_en = (lines[0] for lines in p.content.fitted.paragraphs)
                cy = find_line(doc, page_index, first_cy)
                en = find_line(doc, page_index, first_en)
                assert cy and en, (p.key, first_cy, first_en)
                # Welsh reads first: above the English (PDF y grows upwards), or level and to its left
                assert cy[0] > en[0] + 0.5 or (abs(cy[0] - en[0]) <= 0.5 and cy[1] < en[1]), (p.key, cy[:2], en[:2])
                # equal prominence: same size, weight, colour and font, as the PDF draws them
                assert char_props(cy[3], cy[2]) == char_props(en[3], en[2]), p.key
                checked += 1
        assert checked >= 3
    finally:
        doc.close()


@pytest.mark.parametrize("fmt", BILINGUAL_FORMATS)
def test_welsh_text_reads_back_exactly(bilingual, fmt):
    """No glyph went missing: every Welsh line comes back from the PDF as written."""
    m = bilingual[fmt]
    doc = pdfium.PdfDocument(pdf_of(m))
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    for page_index, page in enumerate(m.plan.pages):
        for p in page.elements:
            if p.kind == "text":
                for line in p.content.fitted.paragraphs[0]:
                    assert line in texts[page_index], (p.key, line)
    assert "\ufffd" not in "".join(texts)


@pytest.mark.parametrize("lang, want, absent", [("cy", "headline_cy", "headline_en"), ("en", "headline_en", "headline_cy")])
def test_single_language_variants(project, logos, lang, want, absent):
    m = make_output(project, logos, Job("north-wales", "a5-flyer", lang, "family"), verify=False)
    doc = pdfium.PdfDocument(pdf_of(m))
    try:
        text = doc[0].get_textpage().get_text_range().replace("\r\n", " ").replace("\n", " ")
    finally:
        doc.close()
    head = {f"headline_{c}": project.campaign.copies[c].get("family", "headline") for c in ("cy", "en")}
    assert head[want].split()[0] in text and head[absent] not in " ".join(text.split())
    assert all(p.content.langs == [lang] for page in m.plan.pages for p in page.elements if p.kind == "text")


def test_unreviewed_translation_warns_naming_the_file(project, root, tmp_path, capsys):
    assert not project.campaign.copies["cy"].reviewed
    (w,) = [w for w in project.warnings if "cy.toml" in w.file]
    assert w.file == "assets/campaign/copy/cy.toml" and w.key == "translated_from"
    code = main(["--project", str(root), "build", "-q", "-e", "north-wales", "-l", "wallet-card", "-L", "cy-en", "-m", "self", "-o", str(tmp_path / "out")])
    assert code == 0
    err = capsys.readouterr().err
    assert "assets/campaign/copy/cy.toml" in err and "not been reviewed" in " ".join(err.split())
