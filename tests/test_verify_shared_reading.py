"""A verified file is read once and its drawings parsed once, shared by the checks
(verify/pdf/content.py, colour_and_images.py), and the safety check's quick number
test: none of it may change what any check finds."""

from __future__ import annotations

import contextlib
import io
import random
import zlib

import pikepdf
import pytest

from posters import fonts
from posters.batch import Job, make_output
from posters.verify.pdf import colour_and_images, content, images, safety
from posters.verify.pdf.colour import check_colour_print
from posters.verify.pdf.images import check_images_resolution
from posters.verify.pdf.safety import check_safety
from posters.verify.run import expect_from_plan, verify_pdf

PRINT = Job("cheshire", "a4-poster", "en", "self")
SCREEN = Job("cheshire", "social-square", "en", "self")


def page_with(ops: bytes, *, flate: bool = True, hex_encoded: bool = False) -> bytes:
    """A one-page PDF whose content is `ops` (compressed as the build writes it, unless told)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    if hex_encoded:
        stream = pikepdf.Stream(pdf, ops.hex().encode() + b">")
        stream.Filter = pikepdf.Name.ASCIIHexDecode
    elif flate:
        stream = pikepdf.Stream(pdf, zlib.compress(ops))
        stream.Filter = pikepdf.Name.FlateDecode
    else:
        stream = pikepdf.Stream(pdf, ops)
    pdf.pages[0].Contents = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def quick_test_clears(data: bytes) -> bool:
    """What the safety check's quick number test says of the page's content stream."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return safety._no_long_number(pdf.pages[0].obj.Contents)


def number_findings(findings) -> list[str]:
    return [f.message for f in findings if "no printer can use" in f.message]


# ----------------------------------------------------------------- the quick number test


@pytest.mark.parametrize(
    "ops",
    [
        b"0.000000001 w 0 0 m 10 10 l S",  # a long fraction: tiny, not huge
        b"0 0 m 10000000 -10000000.0 l S",  # the limit itself is allowed
        b"BT (0808 123456789012) Tj ET",  # digits in text
        b"/Im1234567890123 Do",  # digits in a name
        b"[(nullable)] TJ",  # the word null inside a string
    ],
)
def test_long_digit_runs_that_are_not_big_numbers_pass_by_the_exact_reading(ops):
    data = page_with(ops)
    assert not quick_test_clears(data)  # the quick test cannot clear it ...
    assert check_safety(data) == []  # ... and reading each operand finds nothing wrong


@pytest.mark.parametrize(
    ("ops", "shown"),
    [
        (b"0 0 m 100000000 0 l S", "100000000"),
        (b"0 0 m -10000000.5 0 l S", "-10000000.5"),
        (b"[3 200000000] 0 d", "200000000"),
        (b"0 0 m 100000000000000000000000 0 l S", "(a number beyond the 64-bit range)"),
        (b"0 null m 1 1 l S", "(a number beyond the 64-bit range)"),
    ],
)
def test_a_number_over_the_limit_is_caught(ops, shown):
    data = page_with(ops)
    assert not quick_test_clears(data)
    assert number_findings(check_safety(data)) == [f"the content of page 1 has the number {shown}, which no printer can use"]


def test_numbers_of_seven_digits_pass_the_quick_test_and_the_check():
    data = page_with(b"0 0 m 9999999.99 -9999999 l 0 0 l S")
    assert quick_test_clears(data)
    assert check_safety(data) == []


@pytest.mark.parametrize("kind", ["plain", "hex"])
def test_streams_the_quick_test_cannot_read_are_read_operand_by_operand(kind):
    data = page_with(b"0 0 m 100000000 0 l S", flate=False, hex_encoded=kind == "hex")
    if kind == "hex":  # another filter: the quick test does not guess what the parser read
        assert not quick_test_clears(data)
    assert number_findings(check_safety(data)) == ["the content of page 1 has the number 100000000, which no printer can use"]


def test_the_quick_test_never_changes_a_finding(monkeypatch):
    """Random streams of numbers (some long, some huge, some null), strings and names: the
    findings with the quick test are those of reading every operand."""
    rng = random.Random(19)

    def digits(long: bool) -> str:
        return "".join(rng.choice("0123456789") for _ in range(rng.choice([8, 9, 12, 20, 25] if long else [1, 2, 3, 5, 7])))

    def number() -> str:
        frac = "." + digits(rng.random() < 0.1) if rng.random() < 0.4 else ""
        return rng.choice(["", "-", "+"]) + digits(rng.random() < 0.02) + frac

    def operand() -> str:
        r = rng.random()
        if r < 0.85:
            return number()
        if r < 0.9:
            return "null" if rng.random() < 0.2 else "/N" + digits(rng.random() < 0.5)
        if r < 0.95:
            return f"({digits(True)} null)"
        return "[" + " ".join(number() for _ in range(3)) + "]"

    cases = []
    for _ in range(200):
        ops = "\n".join(" ".join(operand() for _ in range(rng.choice([1, 2, 4]))) + " " + rng.choice(["m", "l", "w", "Tj", "d", "re", "Do"]) for _ in range(6))
        cases.append(page_with(ops.encode()))
    quick = [check_safety(c) for c in cases]
    cleared = [quick_test_clears(c) for c in cases]
    monkeypatch.setattr(safety, "_no_long_number", lambda stream: False)
    exact = [check_safety(c) for c in cases]
    assert quick == exact
    # every kind of case was met: caught, cleared by the quick test, and left to the exact reading but fine
    assert sum(1 for f in exact if number_findings(f)) >= 10
    assert sum(1 for f, c in zip(exact, cleared) if c and not f) >= 10
    assert sum(1 for f, c in zip(exact, cleared) if not c and not f) >= 10


# ----------------------------------------------------------------- one reading, shared


@pytest.fixture(scope="module")
def outputs(project, logos):
    fonts.register_all()
    made = {job.format: make_output(project, logos, job, verify=False) for job in (PRINT, SCREEN)}
    return {fmt: (m.files[next(n for n in m.files if n.endswith(".pdf"))], expect_from_plan(m.plan, project.campaign, pdfx=m.pdfx)) for fmt, m in made.items()}


@pytest.mark.parametrize("fmt", [PRINT.format, SCREEN.format])
def test_each_drawing_is_parsed_once_per_verification(outputs, monkeypatch, fmt):
    data, expect = outputs[fmt]
    parse = pikepdf.parse_content_stream
    counts: dict = {}

    def counting(source, operators=""):
        obj = source.obj if isinstance(source, pikepdf.Page) else source
        key = (isinstance(source, pikepdf.Page), tuple(obj.objgen), operators)
        counts[key] = counts.get(key, 0) + 1
        return parse(source, operators)

    monkeypatch.setattr(pikepdf, "parse_content_stream", counting)
    v = verify_pdf(data, expect)
    assert v.ran and not v.errors
    assert counts and set(counts.values()) == {1}, counts
    assert not any(page for page, _, _ in counts)  # a page's one stream is the stream the safety check read


def _broken(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _append(ops: bytes):
    return lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(ops), prepend=False)


def _transparent(pdf):
    page = pdf.pages[0]
    page.Resources.ExtGState = pikepdf.Dictionary(GSx=pikepdf.Dictionary(ca=0.5))
    page.contents_add(pdf.make_stream(b"q /GSx gs 0 0 10 10 re f Q"), prepend=False)


BREAKAGES = {
    "huge number": _append(b"q 0 0 m 100000000000 0 l S Q"),
    "nan": _append(b"q nan 0 0 RG 0 0 m 1 1 l S Q"),
    "unreadable drawing": _append(b"[1e10] 0 d"),
    "rgb and transparency": _transparent,
    "rgb fill": _append(b"q 1 0 0 rg 0 0 50 50 re f Q"),
}


@pytest.mark.parametrize("fmt", [PRINT.format, SCREEN.format])
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_sharing_finds_what_each_check_finds_alone(outputs, monkeypatch, fmt, breakage):
    data, expect = outputs[fmt]
    bad = _broken(data, BREAKAGES[breakage])
    together = verify_pdf(bad, expect)
    with monkeypatch.context() as m:
        m.setattr(content, "shared", lambda doc: contextlib.nullcontext())
        m.setattr(colour_and_images.ColourAndImages, "_pass", lambda self: None)
        alone = verify_pdf(bad, expect)
    assert together.errors  # each breakage is found
    assert (together.ran, together.skipped, together.findings) == (alone.ran, alone.skipped, alone.findings)


def test_colour_and_images_fall_back_to_each_check_when_a_visitor_fails(outputs, monkeypatch):
    data, _ = outputs[PRINT.format]
    bad = _broken(data, BREAKAGES["rgb fill"])

    def failing(self, ctx, gs, *, stroke, what):
        raise ValueError("something this visitor cannot take")

    monkeypatch.setattr(images._ResolutionVisitor, "paint", failing, raising=False)
    both = colour_and_images.ColourAndImages(bad)
    assert both.colour() == check_colour_print(bad)
    assert both.colour()  # the RGB fill is still found
    assert both.images() == check_images_resolution(bad)
    assert both._pass() is None  # the shared pass was not used


# ----------------------------------------------------------------- font programs read once


def _text_pdf(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 100), invariant=1)
    c.setFont(fonts.register("bold"), 20)
    c.drawString(10, 40, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _saved(data: bytes, extra: bool) -> bytes:
    """The file as the build finishes it (saved again by pikepdf), with `extra`: showing one more
    character in the same font, code 0, the font's empty box (as ReportLab writes a character the
    font lacks); either way the embedded program is the same."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        if extra:
            name = next(n for n, f in sorted(page.Resources.Font.items()) if "/FontDescriptor" in f)  # the embedded one
            page.contents_add(pdf.make_stream(b"BT " + name.encode() + b" 20 Tf 10 10 Td (\\000) Tj ET"), prepend=False)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_a_font_program_read_before_still_finds_what_this_file_lacks(monkeypatch):
    """The glyph check reads each embedded program once and keeps it: a later file with the same
    program and a character it lacks fails, and one without passes, whatever came before."""
    from posters.verify import glyphs

    fonts.register_all()
    good = _saved(_text_pdf("Dŵr a thŷ"), extra=False)
    bad = _saved(good, extra=True)
    monkeypatch.setattr(glyphs._programs, "answers", {})
    assert glyphs.check_glyphs(good) == []
    kept = dict(glyphs._programs.answers)
    assert len(kept) == 1
    [f] = glyphs.check_glyphs(bad)
    assert "1 character(s) set in SourceSansPro-Bold have no glyph" in f.message
    assert glyphs._programs.answers == kept  # answered from the program read for the first file
    assert glyphs.check_glyphs(good) == []
    monkeypatch.setattr(glyphs._programs, "answers", {})
    assert glyphs.check_glyphs(bad) == [f]  # the same answer from a fresh reading


def test_a_text_map_read_before_does_not_stand_for_a_changed_one(outputs):
    """ToUnicode maps are read once for every file carrying the same bytes: a file whose map says
    otherwise is read by its own map (here every 'e' is mapped to 'x')."""
    from posters.verify.pdf.structure import read_structure

    data, _ = outputs[SCREEN.format]

    def text(data: bytes) -> str:  # what the content shows, by structure (not alternative texts)
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return " ".join(node.text for node in read_structure(pdf).walk() if node.text)

    def remap(pdf):
        for font in pdf.pages[0].Resources.Font.values():
            tu = font.get("/ToUnicode")
            if tu is not None:
                tu.write(tu.read_bytes().replace(b"<65> <0065>", b"<65> <0078>"))

    before, after, again = text(data), text(_broken(data, remap)), text(data)
    assert "e" in before and before == again
    assert after == before.replace("e", "x")


# ----------------------------------------------------------------- bounds, without inflating what cannot be a bomb


def _with_streams(count: int) -> bytes:
    """A file carrying `count` Flate streams of text that compresses well, but nowhere near Flate's limit."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    rng = random.Random(11)
    streams = []
    for n in range(count):
        text = b"".join(b"%d %d m %d %d l S\n" % (rng.randrange(99), rng.randrange(99), n, rng.randrange(99)) for _ in range(20000))
        s = pikepdf.Stream(pdf, zlib.compress(text, 9))
        s.Filter = pikepdf.Name.FlateDecode
        streams.append(pdf.make_indirect(s))
    pdf.Root.Extra = pikepdf.Array(streams)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def _totals(data: bytes) -> tuple[int, int]:
    """(what the file's streams inflate to, the most Flate's ratio allows them), as the walk counts."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        w = safety._Walk(doc=pdf)
        safety._walk_document(pdf, w)
        most = w.inflated + w.bounded
        safety._measure(w)
        return w.inflated, most


def test_streams_are_measured_whenever_their_bound_could_pass_the_limit(monkeypatch):
    data = _with_streams(6)
    actual, most = _totals(data)
    assert most > actual * 5  # the bound alone cannot tell a limit between the two
    over = f"the file's streams inflate to more than {{}} MB; the file was not read further"
    for limit, refused in (((actual + most) // 2, False), (actual, False), (actual - 1, True)):
        monkeypatch.setattr(safety, "MAX_TOTAL_INFLATED", limit)
        found = check_safety(data)
        with monkeypatch.context() as m:
            m.setattr(safety, "_FLATE_MOST", 10**12)  # every stream inflated, as the check always did
            assert check_safety(data) == found
        assert [f.message for f in found] == ([over.format(limit // 2**20)] if refused else [])


def test_streams_within_the_bound_are_not_inflated(monkeypatch):
    data = _with_streams(3)
    inflated: list[int] = []
    original = safety._inflated_size
    monkeypatch.setattr(safety, "_inflated_size", lambda raw, limit: inflated.append(len(raw)) or original(raw, limit))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        w = safety._Walk(doc=pdf)
        safety._walk_document(pdf, w)
    assert inflated == [] and len(w.unmeasured) >= 3 and not w.findings
