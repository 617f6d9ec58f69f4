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


@pytest.fixture(scope="module")
def pdf(project, logos) -> bytes:
    fonts.register_all()
    made = make_output(project, logos, JOB)
    assert made.findings == [] and "painted" in made.checks
    return made.files["a4-poster.self.en.pdf"]


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
