"""`posters check` on one PDF with no project and no manifest (a print team's
laptop): safe zone, sizes and contrast are measured from the page itself and
run, and a file that breaks them fails, also when its XMP claims lenient rules."""

from __future__ import annotations

import io
import json
import shutil

import pikepdf
import pytest

from posters.cli import main
from posters.render.xmp_facts import read_facts, with_facts
from posters.verify.measured import rules_for

from conftest import ROOT
from test_verify_readback import JOB

MEASURED = {"safe-zone", "sizes", "contrast"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    args = ["--project", str(ROOT), "build", "-q", "-j", "1", "-o", str(out), "-l", JOB.format, "-l", "social-square", "-m", JOB.message, "-e", JOB.edition]
    assert main(args) == 0
    return out


def lone_check(monkeypatch, tmp_path, capsys, data: bytes, name: str = "poster.pdf") -> tuple[int, dict]:
    """The file alone in an empty folder, checked from there with no project and no manifest."""
    folder = tmp_path / "laptop"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(["check", "--json", name])
    report = json.loads(capsys.readouterr().out)
    assert report["project"] is None
    [f] = report["files"]
    assert f["manifest"] is None
    return code, f


def poster(built, fmt=JOB.format) -> bytes:
    return (built / JOB.edition / f"{fmt}.{JOB.message}.{JOB.lang}.pdf").read_bytes()


@pytest.mark.parametrize("fmt", [JOB.format, "social-square"])
def test_a_lone_built_file_runs_and_passes_safe_zone_sizes_and_contrast(built, fmt, tmp_path, monkeypatch, capsys):
    code, f = lone_check(monkeypatch, tmp_path, capsys, poster(built, fmt))
    assert code == 0, f
    assert MEASURED <= set(f["checks_run"])
    assert not MEASURED & {s["check"] for s in f["skipped"]}
    assert not [x for x in f["findings"] if x["check"] in MEASURED]
    assert any("measured from the page" in n for n in f["notes"])


def _font_and_string(pdf) -> tuple[str, bytes]:
    """A font the page uses and a string shown in it, to set text as an editor pasting it in would."""
    font = None
    for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
        if str(op) == "Tf":
            font = str(operands[0])
        elif str(op) == "Tj" and font:
            return font, bytes(operands[0])
    raise AssertionError("no text on the page")


def with_added_text(data: bytes, *, size: float, x_mm: float, y_mm: float, ink: str, paper: str) -> bytes:
    """The file with a word of its own text added on a patch of `paper`, at (x, y) mm from the trim's bottom left
    (the A4 poster's paper margin beside its logos: nothing else is drawn there)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        font, text = _font_and_string(pdf)
        page = pdf.pages[0]
        tx, ty = (float(v) for v in (page.obj.get("/TrimBox") or page.obj.MediaBox)[:2])
        x, y = tx + x_mm * 72 / 25.4, ty + y_mm * 72 / 25.4
        literal = pikepdf.String(text[:4]).unparse()  # a short word, to fit beside the logos
        extra = (
            f"q {paper} {x - 2:.2f} {y - size / 2:.2f} {size * 3:.2f} {size * 1.5:.2f} re f "
            f"BT {font} {size:g} Tf {ink} 1 0 0 1 {x:.2f} {y:.2f} Tm "
        ).encode() + literal + b" Tj ET Q"
        page.contents_add(pdf.make_stream(extra))
        buf = io.BytesIO()
        pdf.save(buf)
    return buf.getvalue()


CMYK_WHITE, CMYK_BLACK = "0 0 0 0 k", "0 0 0 1 k"


def test_low_contrast_text_fails_with_no_project(built, tmp_path, monkeypatch, capsys):
    # pale grey (10% black) on paper white: about 1.2:1
    bad = with_added_text(poster(built), size=20, x_mm=15, y_mm=35, ink="0 0 0 0.1 k", paper=CMYK_WHITE)
    code, f = lone_check(monkeypatch, tmp_path, capsys, bad)
    assert code == 1
    assert {x["check"] for x in f["findings"] if x["severity"] == "error"} == {"contrast"}, f["findings"]
    [finding] = [x for x in f["findings"] if x["check"] == "contrast"]
    assert "CMYK 0/0/0/10" in finding["message"] and "unprinted paper" in finding["message"]


def test_text_inside_the_safe_margin_fails_with_no_project(built, tmp_path, monkeypatch, capsys):
    bad = with_added_text(poster(built), size=24, x_mm=3, y_mm=35, ink=CMYK_BLACK, paper=CMYK_WHITE)
    code, f = lone_check(monkeypatch, tmp_path, capsys, bad)
    assert code == 1
    [finding] = [x for x in f["findings"] if x["severity"] == "error"]
    assert finding["check"] == "safe-zone" and "from the left edge" in finding["message"], finding


def test_undersized_text_fails_with_no_project(built, tmp_path, monkeypatch, capsys):
    bad = with_added_text(poster(built), size=7, x_mm=15, y_mm=35, ink=CMYK_BLACK, paper=CMYK_WHITE)
    code, f = lone_check(monkeypatch, tmp_path, capsys, bad)
    assert code == 1
    [finding] = [x for x in f["findings"] if x["severity"] == "error"]
    assert finding["check"] == "sizes" and "set at 7.0 pt" in finding["message"], finding


def test_an_xmp_claiming_lenient_rules_does_not_make_a_bad_file_pass(built, tmp_path, monkeypatch, capsys):
    bad = with_added_text(poster(built), size=7, x_mm=3, y_mm=35, ink=CMYK_BLACK, paper=CMYK_WHITE)
    facts = read_facts(bad)
    assert facts["rules"]["viewing_distance_m"] > 0.1  # the build recorded the layout's own rules
    facts["rules"] = {"safe_mm": 0, "viewing_distance_m": 0.1, "scan_distance_m": 0.05, "min_text_pt": 4}
    forged = with_facts(bad, facts)
    code, f = lone_check(monkeypatch, tmp_path, capsys, forged)
    assert code == 1
    assert {x["check"] for x in f["findings"] if x["severity"] == "error"} == {"safe-zone", "sizes"}, f["findings"]
    assert any("less than the 0.5 m the tool allows" in n for n in f["notes"])


def test_rules_are_the_files_when_stricter_and_the_floor_when_laxer():
    a4 = (210.0, 297.0)
    strict = rules_for("print", a4, {"rules": {"safe_mm": 12, "viewing_distance_m": 2.0, "scan_distance_m": 1.0}})
    assert (strict.safe_mm, strict.viewing_distance_m, strict.scan_distance_m) == (12, 2.0, 1.0) and strict.min_text_pt == 48
    lax = rules_for("print", a4, {"rules": {"safe_mm": 0, "viewing_distance_m": 0.1, "scan_distance_m": 0.01}})
    assert (lax.safe_mm, lax.viewing_distance_m, lax.scan_distance_m) == (5.0, 0.5, 0.4) and len(lax.notes) == 3
    none = rules_for("print", (1200.0, 1800.0), None)
    assert (none.safe_mm, none.viewing_distance_m) == (50.0, 3.0)


def test_a_qr_code_whose_quiet_zone_is_drawn_into_fails_with_no_project(built, tmp_path, monkeypatch, capsys):
    import pypdfium2

    from posters.verify.qr_readback import find_regions

    data = poster(built)
    [c] = find_regions(pypdfium2.PdfDocument(data))
    module = (c.x1 - c.x0) / c.modules
    with pikepdf.open(io.BytesIO(data)) as pdf:
        # a dark bar two modules wide, one module left of the symbol, down its middle third
        bar = f"q 0 0 0 1 k {c.x0 + module:.2f} {c.y0 + (c.y1 - c.y0) / 3:.2f} {2 * module:.2f} {(c.y1 - c.y0) / 3:.2f} re f Q"
        pdf.pages[0].contents_add(pdf.make_stream(bar.encode()))
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert code == 1
    sizes = [x["message"] for x in f["findings"] if x["check"] == "sizes"]
    assert any("quiet zone) is not clear" in m for m in sizes), f["findings"]


def test_a_file_with_no_qr_code_fails_sizes_with_no_project(built, tmp_path, monkeypatch, capsys):
    import pypdfium2

    from posters.verify.qr_readback import find_regions

    data = poster(built)
    [c] = find_regions(pypdfium2.PdfDocument(data))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        cover = f"q 0 0 0 0 k {c.x0:.2f} {c.y0:.2f} {c.x1 - c.x0:.2f} {c.y1 - c.y0:.2f} re f Q"  # painted out in paper white
        pdf.pages[0].contents_add(pdf.make_stream(cover.encode()))
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert code == 1
    assert any("no QR code could be found on any page" in x["message"] for x in f["findings"] if x["check"] == "sizes"), f["findings"]


def test_low_contrast_text_in_a_screen_file_fails_with_no_project(built, tmp_path, monkeypatch, capsys):
    # mid grey on the slate grey panel beside the QR code, judged by the sRGB painted
    bad = with_added_text(poster(built, "social-square"), size=34, x_mm=100, y_mm=90, ink="0.45 0.45 0.5 rg", paper="0.3 0.3 0.35 rg")
    code, f = lone_check(monkeypatch, tmp_path, capsys, bad)
    assert code == 1
    # the added text is also outside the file's tags: a screen file's accessibility check says so
    untagged = [x["message"] for x in f["findings"] if x["check"] == "pdfua"]
    assert untagged and all(m.startswith("Matterhorn 01-005") for m in untagged), untagged
    [finding] = [x for x in f["findings"] if x["severity"] == "error" and x["check"] != "pdfua"]
    assert finding["check"] == "contrast" and "#737380 on #4d4d59" in finding["message"], finding


def test_an_a0_is_held_to_an_a0s_floors_not_a_six_sheets():
    a0 = rules_for("print", (841.0, 1189.0), None)
    assert (a0.safe_mm, a0.viewing_distance_m, a0.scan_distance_m) == (10.0, 2.0, 1.6)


def test_scaled_artwork_is_judged_at_its_full_size_only_when_it_could_be_nothing_else():
    from posters.verify.measured import artwork_scale

    rules = {"safe_mm": 150, "viewing_distance_m": 15, "scan_distance_m": 5}
    billboard = {"artwork_scale": "1:10", "trim_mm": [6096, 3048], "rules": rules}
    page = (609.6, 304.8)
    assert artwork_scale("print", page, billboard) == 10
    r = rules_for("print", page, billboard)
    assert (r.safe_mm, r.viewing_distance_m, r.scan_distance_m) == pytest.approx((15.0, 1.5, 0.5)) and r.min_text_pt == pytest.approx(36.0)
    assert r.notes[0].startswith("checked as 1:10 artwork: it prints at 6096 x 3048 mm")
    # an A3 that says it is a tenth of a 2970 x 4200 mm sheet could have been supplied at full size: not taken
    a3 = (297.0, 420.0)
    assert artwork_scale("print", a3, {"artwork_scale": "1:10", "trim_mm": [2970, 4200], "rules": rules}) == 1
    assert rules_for("print", a3, {"artwork_scale": "1:10", "trim_mm": [2970, 4200], "rules": rules}).safe_mm == 150
    # a full-size trim that is not the page's times the scale, a screen file, or no scale: not taken
    assert artwork_scale("print", page, {**billboard, "trim_mm": [6096, 4000]}) == 1
    assert artwork_scale("screen", page, billboard) == 1
    assert artwork_scale("print", page, {**billboard, "artwork_scale": "1:3.5"}) == 1
    assert artwork_scale("print", page, {"trim_mm": [6096, 3048], "rules": rules}) == 1


def _fanned_out(data: bytes, levels: int) -> bytes:
    """The poster with a form that draws the form below it 30 times, `levels` deep (30^(levels-1) squares)."""
    from pikepdf import Array, Dictionary, Name, Stream

    with pikepdf.open(io.BytesIO(data)) as pdf:
        prev = None
        for _ in range(levels):
            body = b"0 0 1 1 re f" if prev is None else b" ".join([b"q /F Do Q"] * 30)
            form = pdf.make_indirect(Stream(pdf, body))
            form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 10, 10])
            form.Resources = Dictionary() if prev is None else Dictionary(XObject=Dictionary(F=prev))
            prev = form
        page = pdf.pages[0]
        page.obj.Resources.XObject = page.obj.Resources.get("/XObject", Dictionary())
        page.obj.Resources.XObject.FBOMB = prev
        page.contents_add(Stream(pdf, b"q /FBOMB Do Q"), prepend=False)
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()


def test_forms_drawing_forms_millions_of_times_are_refused_before_any_renderer(built, tmp_path, monkeypatch, capsys):
    """A few kB of forms 7 deep, each drawing the one below 30 times, took PDFium 24 GB; refused unread, the page is never rendered."""
    import posters.verify.measured as measured

    def never(*a, **k):
        raise AssertionError("a refused file was rendered")

    monkeypatch.setattr(measured, "measure", never)
    code, f = lone_check(monkeypatch, tmp_path, capsys, _fanned_out(poster(built), 7))
    assert code == 1
    [x] = [x for x in f["findings"] if x["severity"] == "error"]
    assert x["check"] == "safety" and "the file's drawing is too much to render" in x["message"]
    assert {"safe-zone", "sizes", "contrast"} <= {s["check"] for s in f["skipped"]}


def test_a_stream_listed_many_times_counts_each_time_and_many_pages_are_refused(built, tmp_path, monkeypatch, capsys):
    from posters.verify.pdf.safety import MAX_PAGES, check_safety

    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        chunk = pdf.make_stream(b"q 0 0 1 1 re f Q\n" * 60)  # 1 kB
        page = pdf.pages[0]
        page.obj.Contents = pikepdf.Array([page.obj.Contents, *([chunk] * 20_000)])  # 20 MB to read, 1 kB stored
        buf = io.BytesIO()
        pdf.save(buf)
    assert any("inflate to more than 16 MB" in x.message for x in check_safety(buf.getvalue()))
    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        for _ in range(MAX_PAGES):
            pdf.pages.append(pdf.pages[0])
        buf = io.BytesIO()
        pdf.save(buf)
    assert any(x.message.startswith(f"the file has more than {MAX_PAGES} pages") for x in check_safety(buf.getvalue()))


def test_a_pattern_of_tiny_tiles_is_refused_before_any_renderer(built):
    """A tiling pattern's cell is run once per tile: a 0.01 pt tile over an A4 is 8.7 billion runs."""
    from pikepdf import Array, Dictionary, Name, Stream

    from posters.verify.pdf.safety import check_safety

    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        pat = pdf.make_indirect(Stream(pdf, b"0 0 0.005 0.005 re f"))
        pat.Type, pat.PatternType, pat.PaintType, pat.TilingType = Name.Pattern, 1, 1, 1
        pat.BBox, pat.XStep, pat.YStep, pat.Resources = Array([0, 0, 0.01, 0.01]), 0.01, 0.01, Dictionary()
        page = pdf.pages[0]
        page.obj.Resources.Pattern = Dictionary(P0=pat)
        page.contents_add(Stream(pdf, b"q /Pattern cs /P0 scn 0 0 100 100 re f Q"), prepend=False)
        buf = io.BytesIO()
        pdf.save(buf)
    assert any(x.message.startswith("the file's drawing is too much to render (a pattern of more than") for x in check_safety(buf.getvalue()))


def _fan(pdf, depth: int, fan: int = 30):
    """Forms `depth` deep, each drawing the one below `fan` times (30^depth runs of a square)."""
    from pikepdf import Array, Dictionary, Name, Stream

    form = pdf.make_indirect(Stream(pdf, b"0 0 1 1 re f"))
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 1, 1])
    for _ in range(depth):
        up = pdf.make_indirect(Stream(pdf, b"/X Do\n" * fan))
        up.Type, up.Subtype, up.BBox = Name.XObject, Name.Form, Array([0, 0, 1, 1])
        up.Resources = Dictionary(XObject=Dictionary(X=form))
        form = up
    return form


def _with(built, how: str) -> bytes:
    from pikepdf import Array, Dictionary, Name, Stream

    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        top = _fan(pdf, 5)
        if how == "annotation":
            annot = Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=Array([100, 100, 200, 200]), AP=Dictionary(N=top))
            page.obj.Annots = Array([*page.obj.get("/Annots", Array()), pdf.make_indirect(annot)])
        elif how == "soft mask":
            top.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceGray)
            page.obj.Resources.ExtGState = page.obj.Resources.get("/ExtGState", Dictionary())
            page.obj.Resources.ExtGState.GSBOMB = Dictionary(Type=Name.ExtGState, SMask=Dictionary(S=Name.Luminosity, G=top))
            page.contents_add(Stream(pdf, b"q /GSBOMB gs 0 0 10 10 re f Q"), prepend=False)
        else:  # a Type 3 font whose one letter draws the forms
            proc = pdf.make_indirect(Stream(pdf, b"1000 0 0 0 1000 1000 d1\n/X Do"))
            font = Dictionary(
                Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 1000, 1000]), FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]),
                CharProcs=Dictionary(a=proc), Encoding=Dictionary(Type=Name.Encoding, Differences=Array([97, Name.a])),
                FirstChar=97, LastChar=97, Widths=Array([1000]), Resources=Dictionary(XObject=Dictionary(X=top)),
            )
            page.obj.Resources.Font = page.obj.Resources.get("/Font", Dictionary())
            page.obj.Resources.Font.FT3 = pdf.make_indirect(font)
            page.contents_add(Stream(pdf, b"BT /FT3 10 Tf 100 100 Td (aaaaaaaaaaaaaaaaaaaa) Tj ET"), prepend=False)
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()


@pytest.mark.parametrize("how, words", [
    ("annotation", "the file's drawing is too much to render"),
    ("soft mask", "the file's drawing is too much to render"),
    ("Type 3 font", "the file's drawing uses a Type 3 font"),
])
def test_forms_run_by_an_annotation_a_soft_mask_or_a_type3_letter_are_refused_before_any_renderer(built, tmp_path, monkeypatch, capsys, how, words):
    """Forms run other than by the page's own `Do`: a 2 kB file of these took `posters check` to 12 GB."""
    import posters.verify.measured as measured

    def never(*a, **k):
        raise AssertionError("a refused file was rendered")

    monkeypatch.setattr(measured, "measure", never)
    code, f = lone_check(monkeypatch, tmp_path, capsys, _with(built, how))
    assert code == 1
    [x] = [x for x in f["findings"] if x["severity"] == "error"]
    assert x["check"] == "safety" and words in x["message"], x["message"]
    assert {"safe-zone", "sizes", "contrast"} <= {s["check"] for s in f["skipped"]}


def _cut_to(data: bytes, keep_mm: float) -> bytes:
    """The poster with every rectangle that reaches the bleed cut back to `keep_mm` beyond the trim (boxes untouched)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        t = [float(v) for v in page.TrimBox]
        k = keep_mm * 72 / 25.4
        out = []
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "re":
                x, y, w, h = (float(v) for v in operands)
                x0, y0, x1, y1 = max(x, t[0] - k), max(y, t[1] - k), min(x + w, t[2] + k), min(y + h, t[3] + k)
                if (x0, y0, x1, y1) != (x, y, x + w, y + h):
                    operands = [x0, y0, x1 - x0, y1 - y0]
            out.append((operands, op))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()


@pytest.mark.parametrize("keep_mm", [0.0, 1.5])
def test_artwork_cut_back_from_the_bleed_fails_though_the_boxes_are_right(built, tmp_path, monkeypatch, capsys, keep_mm):
    """The boxes said 3 mm of bleed; the background stopped at the trim (or half-way): a white sliver when trimmed."""
    code, f = lone_check(monkeypatch, tmp_path, capsys, _cut_to(poster(built), keep_mm))
    assert code == 1
    stops = [x for x in f["findings"] if x["check"] == "boxes" and "stops short of the bleed" in x["message"]]
    # the poster's foot is white paper (the logo strip): nothing there needs to reach the bleed
    assert {x["message"].split(" edge")[0].rsplit(" ", 1)[-1] for x in stops} == {"left", "right", "top"}, stops
    # the file as built passes that
    code, f = lone_check(monkeypatch, tmp_path, capsys, poster(built))
    assert not [x for x in f["findings"] if "stops short of the bleed" in x["message"]]


@pytest.mark.parametrize("how", [b"0.05 w", b"0 w", b"/LWTHIN gs"])
def test_a_line_thinner_than_a_hairline_fails_the_print_colour_check(built, tmp_path, monkeypatch, capsys, how):
    from pikepdf import Dictionary, Name, Stream

    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        page.obj.Resources.ExtGState = page.obj.Resources.get("/ExtGState", Dictionary())
        page.obj.Resources.ExtGState.LWTHIN = Dictionary(Type=Name.ExtGState, LW=0.1)
        page.contents_add(Stream(pdf, b"q " + how + b" 0 0 0 1 K 100 100 m 300 100 l S Q"), prepend=False)
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert code == 1
    assert any(x["check"] == "colour" and "thinner than a hairline (0.25 pt)" in x["message"] for x in f["findings"]), f["findings"]


def test_a_page_whose_corner_is_not_at_0_0_is_measured_where_its_text_is(built, tmp_path, monkeypatch, capsys):
    """The page cut to its bleed (MediaBox = BleedBox, so the page starts at 9.5 mm, 9.5 mm): the contrast
    check sampled the render 9.5 mm off and found white type on yellow."""
    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        page.MediaBox = page.BleedBox
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert not [x for x in f["findings"] if x["check"] == "contrast"], f["findings"]


@pytest.mark.parametrize("shift_mm", [None, 3.0])
def test_crop_marks_taken_off_or_moved_fail_the_plain_check(built, tmp_path, monkeypatch, capsys, shift_mm):
    """Without --separations the marks were not looked at: a file without them, or with them 3 mm off, passed."""
    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        d = page.Contents.read_bytes()
        i = d.find(b"/All CS")  # the marks: one path stroked in registration colour
        k = d.find(b"\nS", i)
        assert i > 0 and k > i
        marks = d[i:k]
        d = d[:i] + d[k + 2:]
        if shift_mm is not None:
            d += b"\nq 1 0 0 1 %f %f cm\n" % (shift_mm * 72 / 25.4, shift_mm * 72 / 25.4) + marks + b"\nS\nQ\n"
        page.Contents = pdf.make_stream(d)
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert code == 1
    assert any("the crop marks are missing or not on the trim lines at 8 of 8 places" in x["message"] for x in f["findings"]), f["findings"]
    code, f = lone_check(monkeypatch, tmp_path, capsys, poster(built))
    assert not [x for x in f["findings"] if "crop marks" in x["message"]]


def test_black_type_set_to_knock_out_is_warned_of(built, tmp_path, monkeypatch, capsys):
    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        d = page.Contents.read_bytes()
        names = [bytes(n) for n in set(__import__("re").findall(rb"/gRLs\d+ gs", d))]
        assert names  # ReportLab's graphics states carry the overprint of black type
        for n in names:
            d = d.replace(n, b"")
        page.Contents = pdf.make_stream(d)
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert any(x["severity"] == "warning" and "Black type (100 % K) is set to knock out" in x["message"] for x in f["findings"]), f["findings"]
    code, f = lone_check(monkeypatch, tmp_path, capsys, poster(built))
    assert not [x for x in f["findings"] if "knock out" in x["message"]]


@pytest.mark.parametrize("side", ["left", "top", "right"])
def test_each_edge_of_the_bleed_is_looked_at(built, tmp_path, monkeypatch, capsys, side):
    """Paper-white over one edge's bleed, up to the trim: the left and top edges once read their
    "at the trim" sample from inside the bleed and passed."""
    from pikepdf import Stream

    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        t, m = [float(v) for v in page.TrimBox], [float(v) for v in page.MediaBox]
        x0, y0, x1, y1 = {"left": (m[0], m[1], t[0], m[3]), "top": (m[0], t[3], m[2], m[3]), "right": (t[2], m[1], m[2], m[3])}[side]
        page.contents_add(Stream(pdf, b"q 0 0 0 0 k %f %f %f %f re f Q" % (x0, y0, x1 - x0, y1 - y0)), prepend=False)
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert any(f"stops short of the bleed along the {side} edge" in x["message"] for x in f["findings"]), f["findings"]


def test_a_pale_tint_cut_at_the_trim_is_seen(built, tmp_path, monkeypatch, capsys):
    """A 20 % yellow that stops at the trim renders nearly white in grey, but prints."""
    from pikepdf import Stream

    with pikepdf.open(io.BytesIO(poster(built))) as pdf:
        page = pdf.pages[0]
        t, m = [float(v) for v in page.TrimBox], [float(v) for v in page.MediaBox]
        # the right bleed made paper, then a pale tint drawn up to the trim beside it
        page.contents_add(Stream(pdf, b"q 0 0 0 0 k %f %f %f %f re f 0 0 0.2 0 k %f %f %f %f re f Q" % (t[2], m[1], m[2] - t[2], m[3] - m[1], t[2] - 30, t[1], 30, t[3] - t[1])), prepend=False)
        buf = io.BytesIO()
        pdf.save(buf)
    code, f = lone_check(monkeypatch, tmp_path, capsys, buf.getvalue())
    assert any("stops short of the bleed along the right edge" in x["message"] for x in f["findings"]), f["findings"]
