"""Print conventions, read from the separations a RIP would make: crop marks in
registration colour (Separation /All, on every plate) and 100 % K type and
rules set to overprint (ExtGState /op true, /OPM 1), while type in any other
colour knocks out as usual. Read from the content stream of real outputs, the
way a RIP meets them, not from a setting."""

from __future__ import annotations

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.verify.pdf import check_colour_print, check_pdfx

BLACK = (0.0, 0.0, 0.0, 1.0)


def painted(page: pikepdf.Page, resources=None, state=None):
    """Every text show, fill and stroke with the state a RIP would use: (op, what, fill, stroke cs, stroke, overprint, opm)."""
    resources = resources if resources is not None else page.Resources
    st = dict(state or {"fill": (0.0,), "fill_cs": "/DeviceGray", "stroke": (0.0,), "stroke_cs": "/DeviceGray", "op": False, "OP": False, "OPM": 0})
    stack = []
    out = []
    for operands, op in pikepdf.parse_content_stream(page if state is None else resources["__stream__"]):
        op = str(op)
        if op == "q":
            stack.append(dict(st))
        elif op == "Q":
            st = stack.pop()
        elif op == "k":
            st["fill"], st["fill_cs"] = tuple(float(v) for v in operands), "/DeviceCMYK"
        elif op == "K":
            st["stroke"], st["stroke_cs"] = tuple(float(v) for v in operands), "/DeviceCMYK"
        elif op == "CS":
            st["stroke_cs"] = str(operands[0])
        elif op == "cs":
            st["fill_cs"] = str(operands[0])
        elif op in ("SCN", "SC"):
            st["stroke"] = tuple(float(v) for v in operands)
        elif op in ("scn", "sc"):
            st["fill"] = tuple(float(v) for v in operands)
        elif op == "gs":
            egs = resources.ExtGState[operands[0]]
            for key in ("op", "OP", "OPM"):
                if f"/{key}" in egs:
                    st[key] = egs[f"/{key}"]
        elif op in ("Tj", "TJ"):
            text = str(operands[0]) if op == "Tj" else "".join(str(x) for x in operands[0] if isinstance(x, pikepdf.String))
            out.append(("text", text, dict(st)))
        elif op in ("f", "F", "f*", "B", "b"):
            out.append(("fill", "", dict(st)))
        elif op in ("S", "s"):
            out.append(("stroke", "", dict(st)))
    return out


@pytest.fixture(scope="module")
def wallet(project, logos):
    made = make_output(project, logos, Job("cumbria", "wallet-card", "en", "self"), verify=False)
    return next(iter(made.files.values()))


def test_crop_marks_are_registration_colour_on_every_page(wallet):
    with pikepdf.open(__import__("io").BytesIO(wallet)) as pdf:
        for page in pdf.pages:
            strokes = [s for kind, _, s in painted(page) if kind == "stroke"]
            assert strokes, "the page draws no crop marks"
            for s in strokes:
                cs = page.Resources.ColorSpace[s["stroke_cs"]]
                assert str(cs[0]) == "/Separation" and str(cs[1]) == "/All", cs  # registration: every plate
                assert s["stroke"] == (1.0,)


def test_black_type_overprints_and_coloured_type_knocks_out(wallet):
    blacks = others = 0
    with pikepdf.open(__import__("io").BytesIO(wallet)) as pdf:
        for page in pdf.pages:
            for kind, text, s in painted(page):
                if kind != "text":
                    continue
                if s["fill"] == BLACK:
                    blacks += 1
                    assert s["op"] is True and s["OPM"] == 1, f"100 % K text {text!r} does not overprint"
                else:
                    others += 1
                    assert not s["op"], f"coloured text {text!r} must knock out, not mix with what is under it"
    assert blacks and others  # the card has both: the number on the yellow band, and paper-white type


def test_black_rules_overprint(project, logos):
    """A layout rect in 100 % K (a rule) overprints; the QR code's black does not (it stands on its own white)."""
    import dataclasses

    from posters.colours import Colour
    from posters.plan.place import plan_output
    from posters.render.pdf import render_pdf

    layout = project.layout("a4-poster")
    plan = plan_output(project.campaign, project.edition("cumbria"), layout, "en", "self", logos)
    page = plan.pages[0]
    ink = Colour("ink", BLACK, (0, 0, 0))
    blacked = tuple(dataclasses.replace(p, content=dataclasses.replace(p.content, colour=ink)) if p.kind == "rect" else p for p in page.elements)
    assert blacked != page.elements
    pdf = render_pdf(dataclasses.replace(plan, pages=[dataclasses.replace(page, elements=blacked)]))
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        fills = [s for kind, _, s in painted(doc.pages[0]) if kind == "fill" and s["fill"] == BLACK]
    assert any(s["op"] and s["OPM"] == 1 for s in fills), "the 100 % K rule does not overprint"
    assert any(not s["op"] for s in fills), "the QR modules should not overprint"


def test_marks_and_overprint_keep_the_file_pdfx1a_and_print_clean(wallet):
    assert check_pdfx(wallet, "PDF/X-1a:2003") == []
    assert check_colour_print(wallet) == []
