"""The helpline, web address and 999 line checked as painted, not as the text
layer says: a file where any of them is covered, overprinted (in the file's
own embedded font) or painted invisibly fails, in the build and in
`posters check`, although the original string is still in the content stream.
"""

from __future__ import annotations

import io
import json
import re

import pikepdf
import pypdfium2 as pdfium
import pytest

from posters import fonts
from posters.batch import Job, make_output
from posters.cli import main
from posters.verify.painted import check_painted
from posters.verify.text_readback import check_helpline, page_texts

from conftest import ROOT

HELPLINE = "0808 1000 900"
URL = "get-help.stopitnow.org.uk"
JOB = Job("cumbria", "a4-poster", "en", "self")


def _clean_pdf(project, logos, job: Job) -> bytes:
    """The job's PDF as the build makes it, which passes every check, the painted one included."""
    fonts.register_all()
    made = make_output(project, logos, job)
    assert made.findings == [] and "painted" in made.checks
    return made.files[f"{job.format}.{job.message}.{job.lang}.pdf"]


@pytest.fixture(scope="module")
def pdf(project, logos) -> bytes:
    return _clean_pdf(project, logos, JOB)


def char_boxes(data: bytes, text: str, page: int = 0) -> list[tuple[float, float, float, float]]:
    """Boxes (l, b, r, t, in points) of each non-space character of `text` where the text layer has it."""
    doc = pdfium.PdfDocument(data)
    try:
        tp = doc[page].get_textpage()
        chars = [tp.get_text_range(i, 1) for i in range(tp.count_chars())]
        keep = [i for i, c in enumerate(chars) if c.strip()]
        compact = "".join(chars[i] for i in keep)
        start = compact.index(text.replace(" ", ""))
        return [tuple(tp.get_charbox(i)) for i in keep[start : start + len(text.replace(" ", ""))]]
    finally:
        doc.close()


def append_to_page(data: bytes, ops: bytes, page: int = 0) -> bytes:
    """Paint `ops` after everything else on the page, as an editor adding a layer would."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        p = doc.pages[page]
        p.contents_add(doc.make_stream(b"q " + ops + b" Q"), prepend=False)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def rect_over(boxes, cmyk: str = "0 0 0 0") -> bytes:
    l, b = min(x[0] for x in boxes) - 1, min(x[1] for x in boxes) - 1
    r, t = max(x[2] for x in boxes) + 1, max(x[3] for x in boxes) + 1
    return f"{cmyk} k {l:.2f} {b:.2f} {r - l:.2f} {t - b:.2f} re f".encode()


def own_font_code(data: bytes, char: str, page: int = 0) -> tuple[str, bytes]:
    """(font resource name, byte code) that draws `char` in the file's own embedded subset font."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        for name, font in doc.pages[page].Resources.Font.items():
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            m = re.search(r"<([0-9A-Fa-f]{2})> <%04X>" % ord(char), cmap)
            if m and "Black" in str(font.BaseFont):
                return name, bytes.fromhex(m.group(1))
    raise AssertionError(f"no embedded font draws {char!r}")


def verdict(data: bytes) -> list[str]:
    return [f.message for f in check_painted(data, helpline=HELPLINE, url=URL)]


def test_the_real_output_passes(pdf):
    assert verdict(pdf) == []


def test_a_rectangle_drawn_over_the_helpline_fails(pdf):
    covered = append_to_page(pdf, rect_over(char_boxes(pdf, HELPLINE), "0 0.2 1 0"))
    assert check_helpline(page_texts(covered), HELPLINE, "+448081000900") == [], "the text layer still says the number"
    [msg] = verdict(covered)
    assert f"the helpline {HELPLINE!r} is covered by a shape drawn after it" in msg


def test_the_last_three_digits_hidden_fails(pdf):
    boxes = char_boxes(pdf, HELPLINE)[-3:]
    [msg] = verdict(append_to_page(pdf, rect_over(boxes, "0 0.2 1 0")))  # in the band's own yellow: invisible join
    assert "the helpline" in msg and "covered" in msg


def test_the_web_address_and_the_999_line_are_checked_too(pdf):
    [msg] = verdict(append_to_page(pdf, rect_over(char_boxes(pdf, URL)[:4])))
    assert f"the web address {URL!r} is covered" in msg
    texts = page_texts(pdf)[0]
    line = next(ln for ln in texts.splitlines() if "999" in ln)
    [msg] = verdict(append_to_page(pdf, rect_over(char_boxes(pdf, "999"))))
    assert "the 999 line" in msg and "covered" in msg and line.strip()[-6:] in msg


def test_other_digits_overprinted_in_the_files_own_font_fail(pdf):
    """A '1' drawn over the last '0' in the embedded subset font, black on the number's black."""
    font, code = own_font_code(pdf, "1")
    last = char_boxes(pdf, HELPLINE)[-1]
    size = (last[3] - last[1]) / 0.66
    ops = b"BT " + font.encode() + b" %.1f Tf 0 0 0 1 k %.2f %.2f Td <%s> Tj ET" % (size, last[0] + 2, last[1], code.hex().encode())
    over = append_to_page(pdf, ops)
    messages = verdict(over)
    assert messages and "the helpline" in messages[0] and "covered by text drawn after it" in messages[0]


def test_a_number_painted_invisibly_fails(pdf, project, logos):
    """The text layer keeps the number, but it is painted in the colour behind it."""
    made = make_output(project, logos, JOB, verify=False)
    (number,) = [p for page in made.plan.pages for p in page.elements if p.kind == "helpline"]
    size = number.content.fitted.size  # the helpline is the one line set at this size
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        ops = pikepdf.parse_content_stream(page)
        font, _ = own_font_code(pdf, "0")
        font = str(font)
        out, last_fill = [], None
        for operands, op in ops:
            if str(op) == "k":
                last_fill = len(out)
            # the helpline's fill becomes the band's yellow
            if str(op) == "Tf" and str(operands[0]) == font and abs(float(operands[1]) - size) < 0.01:
                out[last_fill] = ([0, 0.2, 1, 0], pikepdf.Operator("k"))
            out.append((operands, op))
        page.Contents = doc.make_stream(pikepdf.unparse_content_stream(out))
        buf = io.BytesIO()
        doc.save(buf)
    messages = verdict(buf.getvalue())
    assert any("the helpline" in m and "cannot be told apart" in m for m in messages), messages


def test_posters_check_fails_a_file_painted_over_after_the_build(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--project", str(ROOT), "build", "-q", "-j", "1", "-o", str(out), "-e", "cumbria", "-l", "a4-poster", "-m", "self"]) == 0
    capsys.readouterr()
    path = out / "cumbria" / "a4-poster.self.en.pdf"
    path.write_bytes(append_to_page(path.read_bytes(), rect_over(char_boxes(path.read_bytes(), HELPLINE))))
    assert main(["--project", str(ROOT), "check", "--json", str(path)]) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    failed = {x["check"] for x in f["findings"]}
    assert "painted" in failed and "helpline" not in failed  # the text layer alone would have passed it
    # and outside the project, from the manifest's facts alone
    lone = tmp_path / "sent" / "poster.pdf"
    lone.parent.mkdir()
    lone.write_bytes(path.read_bytes())
    assert main(["check", "--json", "--manifest", str(out / "manifest.json"), str(lone)]) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert "painted" in {x["check"] for x in f["findings"]}


# --- work shared between outputs: it must never let one output's picture stand for another's ---


def _helpline_line(data: bytes):
    """The helpline as the check sees it: glyphs from the text layer, rendered region, and its digest."""
    from posters.verify import painted

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        tp = page.get_textpage()
        try:
            [run] = painted._find(painted._chars(tp), 0, HELPLINE)
            ln = painted._line("the helpline", run, painted._glyphs(tp, run))
        finally:
            tp.close()
        ln.rendered, ln.seen = painted._render_seen(page, ln.region, ln.scale)
        return ln
    finally:
        doc.close()


def test_expected_text_pictures_are_shared_only_by_identical_text(pdf):
    from dataclasses import replace

    from posters.verify import expected_text

    ln = _helpline_line(pdf)
    origin, weight = (ln.region[0], ln.region[3]), ln.glyphs[0].weight
    here = expected_text.placements(ln.glyphs, origin, ln.scale)
    other = [replace(g, char="1") if i == len(ln.glyphs) - 1 else g for i, g in enumerate(ln.glyphs)]  # ...901
    there = expected_text.placements(other, origin, ln.scale)
    a = expected_text.CACHE.get(weight, ln.rendered.size, here)
    b = expected_text.CACHE.get(weight, ln.rendered.size, there)
    assert a is not b and a.mask.tobytes() != b.mask.tobytes()
    assert expected_text.CACHE.get(weight, ln.rendered.size, here) is a  # the same text, placed the same: shared
    assert a.mask.tobytes() == expected_text.draw(weight, ln.rendered.size, here).tobytes()  # and as drawn afresh
    assert expected_text.judge(ln.rendered, a.at(0, 0)) == ""
    assert expected_text.judge(ln.rendered, b.at(0, 0)) != ""  # a picture of other digits does not pass the real ones


def test_the_picture_cache_stays_within_its_budget():
    from posters.verify import expected_text

    cache = expected_text._Cache(budget=3 * 200 * 100)
    for digit in "0123456789":
        cache.get("bold", (200, 100), (("0", 10.0, 80.0, 60), (digit, 50.0, 80.0, 60))).at(0, 0)
        cache.trim()
    assert cache.total <= cache.budget and len(cache.entries) == 1  # mask and one nudge: 3 pictures each
    [(key, kept)] = cache.entries.items()
    assert key[2][1][0] == "9" and kept.pixels == cache.total  # the newest stays


def test_a_verdict_is_reused_only_for_the_same_pixels(pdf):
    from posters.verify import painted

    clean = _helpline_line(pdf)
    assert painted._pixels_differ(clean) == ""
    covered = _helpline_line(append_to_page(pdf, rect_over(char_boxes(pdf, HELPLINE)[-3:], "0 0.2 1 0")))
    placed = lambda ln: [(g.char, g.x, g.y, g.size, g.weight) for g in ln.glyphs]  # noqa: E731
    assert covered.seen != clean.seen and placed(covered) == placed(clean) and covered.region == clean.region
    assert painted._pixels_differ(covered) != ""  # judged, not taken from the clean picture's verdict
    again = _helpline_line(pdf)
    assert again.seen == clean.seen  # renders are repeatable, so the same line in another output can share
    assert painted._pixels_differ(again) == ""


def test_a_single_stroke_through_the_helpline_is_still_found(pdf):
    """One straight stroked segment is what the cover check may rule out without rendering; through the number it must not be."""
    l, b, r, t = char_boxes(pdf, HELPLINE)[4]
    mid = (b + t) / 2
    [msg] = verdict(append_to_page(pdf, f"1.5 w 0 0 0 1 K {l - 40:.2f} {mid:.2f} m {r + 40:.2f} {mid:.2f} l S".encode()))
    assert "the helpline" in msg and "covered by a shape" in msg


def test_strokes_near_but_clear_of_the_lines_pass(pdf):
    """Crop-mark-like strokes drawn last, a few points from the number, change none of its pixels."""
    boxes = char_boxes(pdf, HELPLINE)
    l, b = min(x[0] for x in boxes), min(x[1] for x in boxes)
    ops = f"0.25 w 0 0 0 1 K {l - 30:.2f} {b - 30:.2f} m {l - 30:.2f} {b - 60:.2f} l {l - 60:.2f} {b - 30:.2f} m {l - 90:.2f} {b - 30:.2f} l S"
    assert verdict(append_to_page(pdf, ops.encode())) == []


def test_what_a_later_object_can_paint(pdf):
    from posters.verify import paint_reach

    data = append_to_page(
        pdf,
        b"0.25 w 0 0 0 1 K 10 10 m 10 40 l 300 10 m 330 10 l S"  # crop marks: one-segment strokes, far apart
        b" 2 w 0 j 10 M 100 100 m 110 140 l 120 100 l S"  # a sharp miter join: its tip reaches 4 pt above the point
        b" 0 0 0 1 k 200 200 m 260 200 l 230 250 l h f",  # a filled triangle
    )
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        import pypdfium2.raw as raw

        objs = [raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))]
        marks, miter, triangle = (paint_reach.Reach(o) for o in objs[-3:])
        assert not marks.may_paint((100, 100, 250, 300))  # between the marks: bounds meet, strokes do not
        assert marks.may_paint((9, 39, 12, 45)) and marks.may_paint((329.9, 9, 340, 11))  # at a mark's end
        tip = (109.5, 142.5, 110.5, 143.5)  # beyond the points and the line width, inside the miter's tip
        assert miter.may_paint(tip)  # how far a join reaches is not known here: left to the render
        inked = page.render(scale=8, crop=(tip[0], tip[1], page.get_width() - tip[2], page.get_height() - tip[3])).to_pil().convert("L")
        assert inked.getextrema()[0] < 128  # and PDFium does paint there
        assert not triangle.may_paint((0, 0, 150, 150)) and triangle.may_paint((225, 240, 235, 260))
        assert not paint_reach.Reach(objs[0]).may_paint((-50, -50, -40, -40))  # off the page: PDFium skips it
    finally:
        doc.close()


# --- type larger than the judging scale: billboards and posters are judged at MAX_PX_PER_EM ---

BIG = Job("cumbria", "48-sheet", "en", "self")


@pytest.fixture(scope="module")
def big_pdf(project, logos) -> bytes:
    return _clean_pdf(project, logos, BIG)


def test_large_type_is_judged_at_most_max_px_per_em(big_pdf):
    from posters.verify import painted

    ln = _helpline_line(big_pdf)
    size = max(g.size for g in ln.glyphs)
    assert size > 1.5 * painted.MAX_PX_PER_EM  # a 48-sheet's number, drawn at its artwork scale
    assert size * ln.scale == pytest.approx(painted.MAX_PX_PER_EM)
    assert ln.rendered.size[1] < 2 * painted.MAX_PX_PER_EM
    assert painted.line_scale(12.0) * 12.0 == pytest.approx(painted.MIN_PX_PER_EM)  # small type still at 48 an em
    assert verdict(big_pdf) == []


def test_large_type_overprinted_or_partly_hidden_still_fails(big_pdf):
    font, code = own_font_code(big_pdf, "1")
    last = char_boxes(big_pdf, HELPLINE)[-1]
    size = (last[3] - last[1]) / 0.66
    ops = b"BT " + font.encode() + b" %.1f Tf 0 0 0 1 k %.2f %.2f Td <%s> Tj ET" % (size, last[0] + size * 0.05, last[1], code.hex().encode())
    [msg] = verdict(append_to_page(big_pdf, ops))
    assert "the helpline" in msg and "covered by text drawn after it" in msg
    [msg] = verdict(append_to_page(big_pdf, rect_over(char_boxes(big_pdf, HELPLINE)[-1:], "0 0 0 0")))
    assert "the helpline" in msg and "covered" in msg
