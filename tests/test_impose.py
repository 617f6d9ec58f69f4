"""Imposition: wallet cards and DL leaflets n-up on SRA3 with their backs
registered to their fronts, read back from the sheet as a printer and a phone
meet it (every copy's QR decoded, the helpline read from every copy)."""

from __future__ import annotations

import dataclasses

import pikepdf
import pypdfium2 as pdfium
import pytest

from posters.batch import Job, make_output
from posters.publish.imposition import SheetJob, Slot, impose_pdf, plan_sheet, slot_box_pt, verify_sheet
from posters.units import PT_PER_MM
from posters.verify.qr_readback import find_regions

HELPLINE = "0808 1000 900"


@pytest.fixture(scope="module", params=["wallet-card", "dl-leaflet"])
def item(request, project, logos):
    made = make_output(project, logos, Job("cumbria", request.param, "en", "self"), verify=False)
    return request.param, next(iter(made.files.values())), made.plan


def _sheet(item, duplex="head-to-head", method="sheetwise"):
    fmt, one_up, plan = item
    imp = plan_sheet("SRA3", tuple(plan.layout.trim_mm), plan.layout.bleed_mm, 2, method=method, duplex=duplex)
    return imp, impose_pdf(one_up, imp, SheetJob(fmt, "cumbria", "1", "0123456789ab"))


def _text_boxes(page, needle: str) -> list[tuple[float, float, float, float]]:
    """Where `needle` is painted on a sheet side, as pdfium reads it (points)."""
    tp = page.get_textpage()
    text = tp.get_text_range()
    out, start = [], 0
    while (i := text.find(needle, start)) >= 0:
        boxes = [tp.get_charbox(j) for j in range(i, i + len(needle))]
        out.append((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)))
        start = i + 1
    tp.close()
    return out


@pytest.mark.parametrize("duplex", ["head-to-head", "head-to-tail"])
def test_sheet_verifies_every_copy(item, project, duplex):
    imp, sheet = _sheet(item, duplex)
    fmt, one_up, plan = item
    assert imp.copies == {"wallet-card": 18, "dl-leaflet": 3}[fmt]
    assert verify_sheet(sheet, one_up, imp, qr_payload=plan.payload, helpline=HELPLINE, allowed_hosts=["stopitnow.org.uk"]) == []
    doc = pdfium.PdfDocument(sheet)
    codes = find_regions(doc)
    assert len([r for r in codes if r.page == 0]) == imp.copies  # every front's code is found on the sheet
    assert len(_text_boxes(doc[0], HELPLINE)) == imp.copies


@pytest.mark.parametrize("duplex", ["head-to-head", "head-to-tail"])
def test_backs_are_registered_to_their_fronts(item, duplex):
    """Turn side 2 over the sheet's side edge: each back's 999 line lands inside one front's trim, one back per front,
    the right way up for the duplex orientation."""
    imp, sheet = _sheet(item, duplex)
    fmt, one_up, plan = item
    doc = pdfium.PdfDocument(sheet)
    w_pt = imp.sheet_mm[0] * PT_PER_MM
    fronts = [slot_box_pt(imp, s) for s in imp.sides[0]]
    up = pdfium.PdfDocument(one_up)
    (ux0, uy0, ux1, uy1), = _text_boxes(up[1], "999")
    ut = [float(v) for v in up[1].get_trimbox()]
    from_top = ut[3] - uy1  # the 999 line's top, from the back's head in the one-up file
    hits = {}
    for x0, y0, x1, y1 in _text_boxes(doc[1], "999"):
        mx0, mx1 = w_pt - x1, w_pt - x0  # seen from side 1 after the turn
        owner = [i for i, (a, b, c, d) in enumerate(fronts) if a <= mx0 and mx1 <= c and b <= y0 and y1 <= d]
        assert len(owner) == 1, "a back is not behind exactly one front"
        top = fronts[owner[0]][3]
        if duplex == "head-to-head":
            assert abs((top - y1) - from_top) < 0.5  # upright, same distance from the head
        else:
            bottom = fronts[owner[0]][1]
            assert abs((y0 - bottom) - from_top) < 0.5  # turned: the line stands as far from the foot
        hits[owner[0]] = hits.get(owner[0], 0) + 1
    assert sorted(hits) == list(range(imp.copies)) and set(hits.values()) == {1}


def test_work_and_turn_one_plate_holds_fronts_and_mirrored_backs(item):
    imp, sheet = _sheet(item, method="work-and-turn")
    fmt, one_up, plan = item
    if imp.cols < 2:
        pytest.skip("not applicable: fewer than two columns")  # noqa: the DL on SRA3 has 3 columns, so work and turn uses 2
    assert len(imp.sides) == 1
    plate = imp.sides[0]
    fronts = [s for s in plate if s.page == 0]
    backs = {s.copy: s for s in plate if s.page == 1}
    for f in fronts:
        assert backs[f.copy].x == pytest.approx(imp.sheet_mm[0] - f.x - imp.trim_mm[0]) and backs[f.copy].y == f.y
    assert verify_sheet(sheet, one_up, imp, qr_payload=plan.payload, helpline=HELPLINE, allowed_hosts=["stopitnow.org.uk"]) == []


def test_a_misplaced_back_or_wrong_link_is_caught(item):
    imp, sheet = _sheet(item)
    fmt, one_up, plan = item
    moved = dataclasses.replace(imp, sides=[imp.sides[0], [dataclasses.replace(imp.sides[1][0], y=imp.sides[1][0].y + 12), *imp.sides[1][1:]]])
    bad = impose_pdf(one_up, moved, SheetJob(fmt, "cumbria", "1", "x"))
    assert any(f.check == "impose" for f in verify_sheet(bad, one_up, imp, qr_payload=plan.payload, helpline=HELPLINE, allowed_hosts=["stopitnow.org.uk"]))
    wrong = verify_sheet(sheet, one_up, imp, qr_payload=plan.payload + "x", helpline=HELPLINE, allowed_hosts=["stopitnow.org.uk"])
    assert len([f for f in wrong if f.check == "qr"]) == imp.copies


def test_copies_are_the_one_up_artwork_as_form_xobjects(item):
    imp, sheet = _sheet(item)
    fmt, one_up, plan = item
    with pikepdf.open(__import__("io").BytesIO(sheet)) as pdf, pikepdf.open(__import__("io").BytesIO(one_up)) as up:
        for side, page in enumerate(pdf.pages):
            (form,) = {v.objgen: v for v in page.Resources.XObject.values()}.values()
            assert form.Subtype == "/Form"
            assert form.read_bytes() == up.pages[side].as_form_xobject().read_bytes()  # the verified page's own drawing
        assert str(pdf.trailer.Info.GTS_PDFXVersion) == "PDF/X-1a:2003"


def test_slug_names_job_edition_version_side_and_fingerprint(item):
    imp, sheet = _sheet(item, "head-to-tail")
    doc = pdfium.PdfDocument(sheet)
    for side, words in enumerate([("side 1 of 2 (fronts)",), ("side 2 of 2 (backs)",)]):
        text = doc[side].get_textpage().get_text_range()
        for w in (item[0], "cumbria", "version 1", "fingerprint 0123456789ab", "head-to-tail", *words):
            assert w in text


def test_too_large_for_the_sheet_is_refused():
    from posters.publish.imposition import ImposeError, fits

    with pytest.raises(ImposeError, match="does not fit SRA3"):
        plan_sheet("SRA3", (420, 594), 3, 1)


def test_posters_impose_writes_verified_sheets_listed_in_the_manifest(tmp_path, project, capsys):
    import json

    from posters.cli import main

    out = tmp_path / "out"
    assert main(["--project", str(project.root), "build", "-q", "-e", "cumbria", "-l", "wallet-card", "-l", "a3-poster", "-m", "self", "-o", str(out)]) == 0
    assert main(["--project", str(project.root), "impose", "-e", "cumbria", "-s", "SRA3", "-s", "A3", "--duplex", "head-to-tail", "-o", str(out)]) == 0
    sheets = sorted(p.name for p in (out / "cumbria" / "imposed").glob("*.pdf"))
    assert sheets == ["wallet-card.self.en.a3.pdf", "wallet-card.self.en.sra3.pdf"]  # the A3 poster is too large to impose
    listed = json.loads((out / "manifest.json").read_text())["imposed"]
    assert sorted(e["file"] for e in listed) == [f"cumbria/imposed/{s}" for s in sheets]
    assert all("head-to-tail" in e["imposition"] and e["checks"]["qr"] == "passed" for e in listed)
    # a rebuild rewrites the one-up files: the sheets made of the old ones go
    assert main(["--project", str(project.root), "build", "-q", "-e", "cumbria", "-l", "wallet-card", "-m", "self", "-o", str(out)]) == 0
    assert not list((out / "cumbria" / "imposed").glob("*.pdf"))
    assert "imposed" not in json.loads((out / "manifest.json").read_text())


@pytest.mark.parametrize("sheet", ["SRA3", "A3", "SRA2"])
@pytest.mark.parametrize("trim", [(85, 55), (99, 210), (148, 210)])
def test_marks_stay_inside_the_edge_and_clear_of_the_slug(sheet, trim):
    from posters.publish.imposition import EDGE_MM, MARK_LENGTH_MM, MARK_OFFSET_MM, SLUG_BAND_MM

    imp = plan_sheet(sheet, trim, 3, 2)
    reach = 3 + MARK_OFFSET_MM + MARK_LENGTH_MM  # from a trim edge to a mark's far end
    w, h = imp.sheet_mm
    for side in imp.sides:
        for s in side:
            assert s.x - reach >= EDGE_MM - 1e-6 and s.x + trim[0] + reach <= w - EDGE_MM + 1e-6
            assert s.y - reach >= EDGE_MM + SLUG_BAND_MM - 1e-6 and s.y + trim[1] + reach <= h - EDGE_MM + 1e-6


def test_a_build_of_another_edition_keeps_the_imposed_sheets_listed(tmp_path, project):
    import json

    from posters.cli import main

    out = tmp_path / "out"
    args = ["--project", str(project.root)]
    assert main([*args, "build", "-q", "-e", "cumbria", "-e", "merseyside", "-l", "wallet-card", "-m", "self", "-o", str(out)]) == 0
    assert main([*args, "impose", "-o", str(out)]) == 0
    assert main([*args, "build", "-q", "-e", "merseyside", "-l", "wallet-card", "-m", "self", "-o", str(out)]) == 0
    listed = [e["file"] for e in json.loads((out / "manifest.json").read_text()).get("imposed", [])]
    assert listed == ["cumbria/imposed/wallet-card.self.en.sra3.pdf"]  # merseyside's went with its rebuild
    assert (out / listed[0]).is_file()
    assert not list((out / "merseyside" / "imposed").glob("*.pdf"))


def _blank_first_copy(sheet: bytes) -> bytes:
    """The sheet with its first copy on side 1 taken off (its form no longer drawn), all else as it was."""
    import io

    doc = pikepdf.open(io.BytesIO(sheet))
    page = doc.pages[0]
    streams = page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]
    placing = streams[0]  # the copies are placed by the stream put in front of the sheet's own furniture
    data = placing.read_bytes()
    assert b"/Item0 Do" in data
    placing.write(data.replace(b"/Item0 Do", b"", 1))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_posters_check_reads_back_every_copy_of_an_imposed_sheet(tmp_path, project, capsys):
    """`posters check` knows an imposed sheet by the facts it carries, re-plans it and reads every copy back:
    with the one-up file beside it, without it (moved away), and tampered (a copy taken off)."""
    import json
    import shutil

    from posters.cli import main

    out = tmp_path / "out"
    assert main(["--project", str(project.root), "build", "-q", "-e", "cumbria", "-l", "wallet-card", "-m", "self", "-o", str(out)]) == 0
    assert main(["--project", str(project.root), "impose", "-e", "cumbria", "-o", str(out)]) == 0
    sheet = out / "cumbria" / "imposed" / "wallet-card.self.en.sra3.pdf"
    capsys.readouterr()

    def check(path) -> dict:
        main(["--project", str(project.root), "check", "--json", str(path)])
        [f] = json.loads(capsys.readouterr().out)["files"]
        return f

    f = check(sheet)
    assert f["verdict"] == "PASS", f["findings"]
    assert {"qr", "helpline", "impose", "pdfx", "integrity"} <= set(f["checks_run"])
    assert any("against the one-up file it was made of" in n for n in f["notes"])
    # the whole folder: the imposed sheet is checked with the posters, not left out
    main(["--project", str(project.root), "check", "--json", str(out)])
    assert str(sheet) in {x["file"] for x in json.loads(capsys.readouterr().out)["files"]}

    alone = tmp_path / "sent" / sheet.name
    alone.parent.mkdir()
    shutil.copy(sheet, alone)
    f = check(alone)
    assert f["verdict"] == "PARTIAL" and {"qr", "helpline"} <= set(f["checks_run"]), f
    assert [s["check"] for s in f["skipped"]] == ["integrity", "impose"]

    for tampered in (sheet, alone):
        tampered.write_bytes(_blank_first_copy(tampered.read_bytes()))
        f = check(tampered)
        assert f["verdict"] == "FAIL"
        wrong = [x for x in f["findings"] if x["check"] in ("qr", "helpline", "impose")]
        assert any(x["check"] == "qr" and "copy 1 (front)" in x["message"] for x in wrong), f["findings"]
        assert any(x["check"] == "helpline" and "copy 1 (front)" in x["message"] for x in wrong), f["findings"]
        assert not any("copy 2 " in x["message"] for x in wrong)  # the other copies still read back
