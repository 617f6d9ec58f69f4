"""Separations: every print output rendered plate by plate (cyan, magenta,
yellow, black), and the print conventions judged on the pictures: crop marks
on every plate, 100 % K type overprinting what is under it, the helpline
legible on the plate it prints on, and total ink. Files tampered in each of
those ways fail."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.verify.plates import INK_LIMIT_PERCENT, MARK_INK, check_separations, separate_and_judge
from posters.verify.separation import PLATES, plate_pdf

HELPLINE = "0808 1000 900"


def _pdf(made) -> bytes:
    return next(data for name, data in made.files.items() if name.endswith(".pdf"))


@pytest.fixture(scope="module")
def a3(project, logos) -> bytes:
    return _pdf(make_output(project, logos, Job("cumbria", "a3-poster", "en", "self"), verify=False))


def _print_jobs(project):
    jobs = [Job("cumbria", lay.format, "en", "self") for lay in project.layouts if lay.profile == "print" and lay.builds("cumbria", "en")]
    jobs.append(Job("regional", "a4-textured", "en", "self"))  # a photograph under the type
    jobs.append(Job("north-wales", "wallet-card", "cy-en", "family"))  # two sides, two languages
    return jobs


def test_every_print_format_passes_on_its_plates(project, logos):
    jobs = _print_jobs(project)
    assert len(jobs) >= 10
    for job in jobs:
        r = separate_and_judge(_pdf(make_output(project, logos, job, verify=False)), helpline=HELPLINE)
        assert not r.findings, (job.label, [f.message for f in r.findings])
        for page, marks in enumerate(r.mark_ink):
            assert set(marks) == set(PLATES), (job.label, page)  # every layout here asks for crop marks
            assert all(v >= MARK_INK for v in marks.values()), (job.label, page, marks)
        assert any(r.black_text_px), job.label  # black type is there, on the black plate
        assert all(not any(k.values()) for k in r.knocked_px), job.label
        assert "black" in {p for plates in r.helpline_plates for p in plates}, job.label
        assert 0 < max(r.max_ink_percent) <= INK_LIMIT_PERCENT, job.label


def test_the_plates_are_the_colours_the_file_paints(a3):
    """The page's background band is C 70 M 45 Y 30 K 60 (Cumbria's primary); on each plate it is that
    channel's ink, read from the rendered plate."""
    import pypdfium2 as pdfium

    with pikepdf.open(io.BytesIO(a3)) as doc:
        ops = pikepdf.parse_content_stream(doc.pages[0])
        first = next([float(v) for v in o.operands] for o in ops if str(o.operator) == "k" and any(float(v) for v in o.operands))
        trim = [float(v) for v in doc.pages[0].obj.TrimBox]
    for p in range(4):
        page = pdfium.PdfDocument(plate_pdf(a3, p))[0]
        img = page.render(scale=0.5, grayscale=True).to_pil().convert("L")
        x, y = int((trim[0] + 20) * 0.5), int((page.get_height() - trim[3] + 20) * 0.5)  # inside the band's top-left corner
        ink = 1 - img.getpixel((x, y)) / 255
        assert ink == pytest.approx(first[p], abs=0.01), PLATES[p]


def _retouched(pdf: bytes, edit) -> bytes:
    doc = pikepdf.open(io.BytesIO(pdf))
    for page in doc.pages:
        edit(doc, page)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _no_overprint(doc, page):
    for egs in page.Resources.get("/ExtGState", {}).values():
        for key in ("/op", "/OP"):
            if key in egs:
                egs[key] = False


def test_black_type_that_knocks_out_fails(a3):
    """Overprint taken off: the black helpline punches a hole in the yellow band beneath it."""
    findings = check_separations(_retouched(a3, _no_overprint), helpline=HELPLINE)
    knocked = [f for f in findings if "knocks out" in f.message]
    assert knocked, [f.message for f in findings]
    assert any("yellow plate" in f.message for f in knocked)
    assert any("0808 1000 900" in f.message or "helpline" in f.message.lower() for f in knocked)
    assert not any("cyan plate" in f.message for f in knocked)  # no cyan under that band: nothing to knock out
    assert check_separations(a3, helpline=HELPLINE) == []


def _marks_on_black_only(doc, page):
    for name, cs in page.Resources.ColorSpace.items():
        if str(cs[0]) == "/Separation" and str(cs[1]) == "/All":
            page.Resources.ColorSpace[name] = pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.Black, cs[2], cs[3]])


def test_crop_marks_on_the_black_plate_only_fail(a3):
    findings = check_separations(_retouched(a3, _marks_on_black_only), helpline=HELPLINE)
    marks = [f.message for f in findings if "crop marks" in f.message]
    assert len(marks) == 3, marks
    for plate in ("cyan", "magenta", "yellow"):
        assert any(f"{plate} plate" in m and "8 of 8 missing" in m for m in marks), marks
    assert not any("black plate" in m for m in marks)


def _rewrite_first_colour(to: str):
    def edit(doc, page):
        data = page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, pikepdf.Stream) else b"".join(s.read_bytes() for s in page.obj.Contents)
        page.obj.Contents = doc.make_stream(re.sub(rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ k", to.encode(), data, count=1))

    return edit


def test_total_ink_over_the_limit_fails(a3):
    """The background band made 100 % of every ink: 400 % inside the bleed."""
    r = separate_and_judge(_retouched(a3, _rewrite_first_colour("1 1 1 1 k")), helpline=HELPLINE)
    assert max(r.max_ink_percent) == pytest.approx(400, abs=1)
    assert any("400 % ink" in f.message and "320 % limit" in f.message for f in r.findings), [f.message for f in r.findings]


def test_a_helpline_printed_on_no_plate_fails(a3):
    """The helpline's black made 0 % of every ink and set to overprint: it prints on no plate at all."""

    def edit(doc, page):
        page.contents_coalesce()
        data = page.obj.Contents.read_bytes()
        # the helpline is the largest type in 100 % K: paint it (and only it) in no ink
        out, n = re.subn(rb"0 0 0 1 k((?:\s+/gRLs\d gs)+\s+BT\s+1 0 0 1 [\d.]+ [\d.]+ Tm\s+/F\d\+0 [\d.]+ Tf\s+[\d.]+ TL\s+\(0808 1000 900\))", rb"0 0 0 0 k\1", data)
        assert n == 1
        page.obj.Contents = doc.make_stream(out)

    findings = check_separations(_retouched(a3, edit), helpline=HELPLINE)
    assert any("printed on no plate" in f.message for f in findings), [f.message for f in findings]


def test_posters_check_runs_separations_when_asked(tmp_path, a3, capsys):
    from posters.cli import main

    bad = tmp_path / "a3-poster.self.en.pdf"
    bad.write_bytes(_retouched(a3, _no_overprint))
    assert main(["check", str(bad)]) == 0  # the file checks do not render plates ...
    assert main(["check", "--separations", str(bad)]) == 1  # ... the separations do
    out = capsys.readouterr().out
    assert "knocks out the yellow plate" in out


def test_an_imposed_sheet_is_separated_with_every_copys_marks(project, logos):
    """A sheet of 18 wallet cards: the 144 crop marks around the copies on every plate of both sides, ink judged
    on the copies (the marks' own 400 % stands in the gutters); marks on the black plate only fail, per side."""
    from posters.publish.imposition import SheetJob, impose_pdf, plan_sheet
    from posters.verify.imposed import copy_bleeds, copy_marks

    made = make_output(project, logos, Job("cumbria", "wallet-card", "en", "self"), verify=False)
    imp = plan_sheet("SRA3", tuple(made.plan.layout.trim_mm), made.plan.layout.bleed_mm, 2)
    sheet = impose_pdf(_pdf(made), imp, SheetJob("wallet-card", "cumbria", "1", "0123456789ab"))
    marks = copy_marks(imp)
    assert [len(side) for side in marks] == [8 * imp.copies] * 2
    r = separate_and_judge(sheet, helpline=HELPLINE, marks=marks, ink_areas=copy_bleeds(imp))
    assert not r.findings, [f.message for f in r.findings]
    assert all(v >= MARK_INK for side in r.mark_ink for v in side.values()) and len(r.mark_ink) == 2
    assert max(r.max_ink_percent) <= INK_LIMIT_PERCENT
    bad = check_separations(_retouched(sheet, _marks_on_black_only), helpline=HELPLINE, marks=marks, ink_areas=copy_bleeds(imp))
    assert sorted((f.page, m) for f in bad for m in ("cyan", "magenta", "yellow", "black") if f"on the {m} plate" in f.message) == [
        (side, m) for side in (1, 2) for m in ("cyan", "magenta", "yellow")
    ]


def _helpline_boxes(pdf: bytes, page_index: int) -> list[tuple[tuple[float, float, float, float], bool]]:
    """Each place page `page_index` prints the helpline: its characters' box (l, b, r, t) and whether they stand upside down."""
    import pypdfium2 as pdfium

    from posters.verify import painted

    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[page_index].get_textpage()
        runs = painted._find(painted._chars(tp), page_index, HELPLINE)
        out = []
        for run in runs:
            boxes = [g.box for g in painted._glyphs(tp, run)]
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            out.append((box, painted.turned_over(tp, run)))
        tp.close()
        return out
    finally:
        doc.close()


@pytest.mark.parametrize("method", ["sheetwise", "work-and-turn"])
def test_a_head_to_tail_back_is_read_the_right_way_up(project, logos, method):
    """DL leaflets imposed head-to-tail: each back stands upside down on its sheet. Its helpline is read
    on the black plate turned the right way up (a good sheet passes), and a bar struck through the turned
    numbers still fails."""
    from posters.publish.imposition import SheetJob, impose_pdf, plan_sheet
    from posters.verify.imposed import copy_bleeds, copy_marks

    made = make_output(project, logos, Job("cumbria", "dl-leaflet", "en", "self"), verify=False)
    imp = plan_sheet("SRA3", tuple(made.plan.layout.trim_mm), made.plan.layout.bleed_mm, 2, method=method, duplex="head-to-tail")
    assert any(s.rotate == 180 for side in imp.sides for s in side)
    sheet = impose_pdf(_pdf(made), imp, SheetJob("dl-leaflet", "cumbria", "1", "0123456789ab"))
    where = dict(helpline=HELPLINE, marks=copy_marks(imp), ink_areas=copy_bleeds(imp))
    r = separate_and_judge(sheet, **where)
    assert not r.findings, [f.message for f in r.findings]
    assert all("black" in plates for plates in r.helpline_plates)

    back = len(imp.sides) - 1  # the side holding the turned backs (work-and-turn: the one side)
    turned = [s for s in imp.sides[back] if s.rotate == 180]
    upside_down = [box for box, is_turned in _helpline_boxes(sheet, back) if is_turned]
    assert len(upside_down) == len(turned)

    def strike(doc, page):
        if doc.pages.index(page) != back:
            return
        l, b, r_, t = upside_down[0]
        bar = f"q 0 0 0 1 k {l:.2f} {(b + t) / 2 - 0.6:.2f} {r_ - l:.2f} 1.2 re f Q\n".encode()
        page.contents_add(doc.make_stream(bar), prepend=False)

    bad = check_separations(_retouched(sheet, strike), **where)
    assert any("cannot be read on the black plate" in f.message and f.page == back + 1 for f in bad), [f.message for f in bad]
