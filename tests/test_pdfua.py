"""Accessible screen PDFs (PDF/UA-1): every screen PDF is tagged and passes the
project's Matterhorn checks; a file missing each property fails its rule; a
screen reader's reading order (text read back by structure) is headline,
message, number, link, partners, in the output's languages; print PDFs stay
untagged PDF/X."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from conftest import ROOT
from posters.batch import Job, make_output
from posters.verify.pdf.pdfua import RULES, check_pdfua
from posters.verify.pdf.structure import reading_order


def made(project, logos, edition, fmt, lang, message="self"):
    return make_output(project, logos, Job(edition, fmt, lang, message))


def pdf_of(m) -> bytes:
    return next(v for k, v in m.files.items() if k.endswith(".pdf"))


@pytest.fixture(scope="module")
def outputs(project, logos):
    return {lang: made(project, logos, "north-wales", "social-landscape", lang) for lang in ("en", "cy", "cy-en")}


@pytest.fixture(scope="module")
def good(outputs) -> bytes:
    return pdf_of(outputs["cy-en"])


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def rules_failed(data: bytes) -> set[str]:
    return {f.message.split(":")[0].removeprefix("Matterhorn ") for f in check_pdfua(data)}


# ---------------------------------------------------------------- every screen PDF passes


def screen_layouts(project) -> list[str]:
    """Every format with the screen profile, as the project has them (a new screen format is included)."""
    return sorted(lay.format for lay in project.layouts if lay.profile == "screen")


def test_every_screen_format_is_tagged_and_passes_in_the_build(project, logos):
    formats = screen_layouts(project)
    assert {"social-landscape", "social-square", "social-story", "digital-screen"} <= set(formats)
    for fmt in formats:
        m = made(project, logos, "regional", fmt, "cy-en", "family")
        assert "pdfua" in m.checks, fmt
        assert [f for f in m.findings if f.check == "pdfua"] == [], fmt
        with open_pdf(pdf_of(m)) as doc:
            assert doc.Root.MarkInfo.Marked is True
            assert "/StructTreeRoot" in doc.Root
            assert str(doc.Root.Lang) == "cy"
            assert doc.pdf_version == "1.7"


@pytest.mark.parametrize("lang", ["en", "cy", "cy-en"])
def test_languages_pass(outputs, lang):
    assert check_pdfua(pdf_of(outputs[lang])) == []


def test_print_pdfs_stay_untagged_pdfx(project, logos):
    m = made(project, logos, "north-wales", "a4-poster", "cy-en")
    assert "pdfx" in m.checks and "pdfua" not in m.checks
    assert [f for f in m.findings if f.severity == "error"] == []
    with open_pdf(pdf_of(m)) as doc:
        assert "/StructTreeRoot" not in doc.Root and "/MarkInfo" not in doc.Root
        assert b"BDC" not in doc.pages[0].obj.Contents.read_bytes()
    # the same checks fail it as a screen file: it is not tagged
    assert {"01-005", "ISO 14289-1 6.2", "ISO 14289-1 7.1"} <= rules_failed(pdf_of(m))


# ---------------------------------------------------------------- reading order


def words(project, lang, key, message="self"):
    return " ".join(project.edition("north-wales").copy(project.campaign, lang).get(message, key).split())


@pytest.mark.parametrize("lang", ["en", "cy", "cy-en"])
def test_reading_order_by_structure(project, outputs, lang):
    """Read back from the file alone: each element's text from the marked content its MCIDs name."""
    with open_pdf(pdf_of(outputs[lang])) as doc:
        read = reading_order(doc)
    texts = [t for _, _, t in read]
    langs = lang.split("-")

    def where(fragment, in_lang=None):
        hits = [i for i, (_, la, t) in enumerate(read) if fragment in t and (in_lang is None or la == in_lang)]
        assert hits, f"{fragment!r} ({in_lang}) is not read: {texts}"
        return hits[0]

    for la in langs:
        headline = where(words(project, la, "headline"), la)
        message = where(words(project, la, "helpline_short"), la)
        number = where("0808 1000 900")
        link = where("get-help.stopitnow.org.uk", langs[0])
        force = where(project.edition("north-wales").forces[0].names[la])
        charity = where("Stop it Now!", langs[0])
        assert headline < message < number < link < force < charity, texts
    assert read[0][0] in ("H1", "Span") and read[0][1] == langs[0]  # the headline is read first, in the first language
    roles = [r for r, _, _ in read]
    assert roles.count("Figure") == 3  # the QR code and two logos
    # the QR code and logos are described in the document's language (both, first first, when bilingual)
    qr = next(t for r, _, t in read if r == "Figure" and "QR" in t)
    expected = " / ".join(f"{words(project, la, 'alt_qr')}: get-help.stopitnow.org.uk" for la in langs)
    assert qr == expected


def test_heading_is_h1_and_spans_carry_each_language(good):
    with open_pdf(good) as doc:
        from posters.verify.pdf.structure import read_structure

        tree = read_structure(doc)
        doc_el = tree.kids[0]
        assert doc_el.role == "Document"
        h1 = doc_el.kids[0]
        assert h1.role == "H1"
        assert [(k.role, str(k.obj.Lang)) for k in h1.kids] == [("Span", "cy"), ("Span", "en")]
        assert str(doc.docinfo.Title).startswith("Yn edrych")  # the title in the document's language
        assert doc.open_metadata()["dc:title"] == str(doc.docinfo.Title)


def test_links_are_link_elements_with_descriptions(good):
    with open_pdf(good) as doc:
        annots = list(doc.pages[0].obj.Annots)
        uris = sorted(str(a.A.URI).split(":")[0] for a in annots)
        assert uris == ["https", "https", "tel"]  # the QR code and the address, the number
        tel = next(a for a in annots if str(a.A.URI).startswith("tel:"))
        assert str(tel.Contents) == "Ffoniwch y llinell gymorth: 0808 1000 900 / Call the helpline: 0808 1000 900"
        assert doc.pages[0].obj.Tabs == Name.S


# ---------------------------------------------------------------- each rule fails a file without its property


def mutate(data: bytes, change) -> bytes:
    with open_pdf(data) as doc:
        change(doc)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def _annots(doc):
    return list(doc.pages[0].obj.Annots)


def _elements(doc, role):
    from posters.verify.pdf.structure import read_structure

    return [n.obj for n in read_structure(doc).walk() if n.role == role]


def _untag_first_text(doc):
    page = doc.pages[0]
    ops = pikepdf.parse_content_stream(page)
    # drop the first tagged sequence's BDC and its EMC: its text is then outside marked content
    out, depth, dropping = [], 0, None
    for operands, op in ops:
        name = str(op)
        if dropping is None and name == "BDC" and "/MCID" in operands[1]:
            dropping = depth
            continue
        if name in ("BDC", "BMC"):
            depth += 1
        if name == "EMC":
            if dropping is not None and depth == dropping:
                dropping = -1
                continue
            depth -= 1
        out.append((operands, op))
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(out))


def _artifact_inside_tagged(doc):
    page = doc.pages[0]
    ops = list(pikepdf.parse_content_stream(page))
    i = next(i for i, (o, op) in enumerate(ops) if str(op) == "BDC" and "/MCID" in o[1])
    ops[i + 1 : i + 1] = [([Name.Artifact], pikepdf.Operator("BMC")), ([], pikepdf.Operator("EMC"))]
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(ops))


def _tagged_inside_artifact(doc):
    page = doc.pages[0]
    ops = list(pikepdf.parse_content_stream(page))
    i = next(i for i, (o, op) in enumerate(ops) if str(op) == "BMC" and o[0] == Name.Artifact)
    ops[i + 1 : i + 1] = [([Name.P, Dictionary(MCID=99)], pikepdf.Operator("BDC")), ([], pikepdf.Operator("EMC"))]
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(ops))


def _metadata_without(key):
    def change(doc):
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            del meta[key]

    return change


def _set(path_fn, key, value):
    def change(doc):
        path_fn(doc)[key] = value

    return change


def _delete(path_fn, key):
    def change(doc):
        del path_fn(doc)[key]

    return change


def _first_figure_alt_removed(doc):
    del _elements(doc, "Figure")[0].Alt


def _h1_to(level):
    def change(doc):
        _elements(doc, "H1")[0].S = Name("/" + level)

    return change


def _second_heading(doc):
    p = _elements(doc, "P")[0]
    p.S = Name.H3


def _link_from_link_element(doc):
    link = _elements(doc, "Link")[0]
    link.S = Name.Span


def _font_unembedded(doc):
    for f in doc.pages[0].obj.Resources.Font.values():
        del f.FontDescriptor.FontFile2
        break


def _font_without_unicode(doc):
    for f in doc.pages[0].obj.Resources.Font.values():
        del f.ToUnicode
        break


def _no_lang_anywhere(doc):
    del doc.Root.Lang
    for e in _elements(doc, "Span"):
        del e.Lang


def _form_with_mcid_drawn_twice(doc):
    page = doc.pages[0]
    form = doc.make_stream(b"/P <</MCID 50>> BDC 0 0 1 1 re f EMC", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 1, 1])
    page.obj.Resources.XObject = page.obj.Resources.get("/XObject", Dictionary())
    page.obj.Resources.XObject.Twice = form
    page.contents_add(doc.make_stream(b"/Artifact BMC /Twice Do /Twice Do EMC"))


CASES = [
    ("01-003", _artifact_inside_tagged),
    ("01-004", _tagged_inside_artifact),
    ("01-005", _untag_first_text),
    ("01-005", lambda doc: doc.Root.StructTreeRoot.ParentTree.Nums.__setitem__(1, Array([]))),  # marked, but held by no element
    ("01-007", lambda doc: doc.Root.MarkInfo.__setitem__("/Suspects", True)),
    ("02-001", _h1_to("Headline")),
    ("06-001", _delete(lambda d: d.Root, "/Metadata")),
    ("06-002", _metadata_without("pdfuaid:part")),
    ("06-003", _metadata_without("dc:title")),
    ("07-001", _delete(lambda d: d.Root.ViewerPreferences, "/DisplayDocTitle")),
    ("07-002", _set(lambda d: d.Root.ViewerPreferences, "/DisplayDocTitle", False)),
    ("10-001", _font_without_unicode),
    ("11-001", _no_lang_anywhere),
    ("11-001", _set(lambda d: d.Root, "/Lang", String("Welsh please"))),
    ("11-002", _no_lang_anywhere),
    ("11-004", _no_lang_anywhere),
    ("11-006", _delete(lambda d: d.Root, "/Lang")),
    ("13-004", _first_figure_alt_removed),
    ("14-002", _h1_to("H2")),
    ("14-003", _second_heading),
    ("28-008", _delete(lambda d: d.pages[0].obj, "/Tabs")),
    ("28-009", _set(lambda d: d.pages[0].obj, "/Tabs", Name.R)),
    ("28-011", _link_from_link_element),
    ("28-011", lambda doc: _annots(doc)[0].__delitem__("/StructParent")),
    ("28-012", lambda doc: _annots(doc)[0].__delitem__("/Contents")),
    ("28-004", lambda doc: doc.pages[0].obj.Annots.append(doc.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=[0, 0, 10, 10])))),
    ("30-002", _form_with_mcid_drawn_twice),
    ("31-009", _font_unembedded),
    ("ISO 14289-1 6.2", _delete(lambda d: d.Root, "/MarkInfo")),
    ("ISO 14289-1 7.1", _delete(lambda d: d.Root, "/StructTreeRoot")),
]


@pytest.mark.parametrize("rule,change", CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(CASES)])
def test_each_rule_fails_a_file_without_its_property(good, rule, change):
    assert check_pdfua(good) == []
    bad = mutate(good, change)
    assert rule in rules_failed(bad)


def test_every_rule_has_a_failing_test():
    assert set(RULES) <= {r for r, _ in CASES}


def test_findings_name_the_rule_and_say_how_to_fix(good):
    found = check_pdfua(mutate(good, _first_figure_alt_removed))
    assert [f.message for f in found] == ["Matterhorn 13-004: a Figure has no alternative text"]
    assert "posters build" in found[0].hint


def test_posters_check_runs_it_on_a_screen_file(tmp_path, good):
    from posters.verify.run import Expect, verify_pdf

    v = verify_pdf(mutate(good, _delete(lambda d: d.Root, "/Lang")), Expect(profile="screen"))
    assert "pdfua" in v.ran
    assert any(f.check == "pdfua" and "11-006" in f.message for f in v.errors)
    unknown = verify_pdf(good, Expect())
    assert "pdfua" in dict(unknown.skipped)


# ---------------------------------------------------------------- structure roles of element kinds


def test_a_kind_that_does_not_say_is_decoration():
    from posters.elements.base import ARTIFACT, Kind, Placed

    k = Kind("test-line", None, None, None, lambda p: "a line", ())
    assert k.role(Placed("test-line", "k", None, None)) == ARTIFACT


def test_every_registered_kind_has_a_known_role(project, logos):
    from posters.elements.base import REGISTRY, ROLES

    m = made(project, logos, "north-wales", "social-story", "en")
    seen = {}
    for page in m.plan.pages:
        for p in page.elements:
            seen[p.kind] = REGISTRY[p.kind].role(p)
    assert set(seen.values()) <= set(ROLES)
    assert seen["background"] == seen["rect"] == "Artifact"
    assert seen["qr"] == seen["logo_strip"] == "Figure"


def test_a_copy_file_without_the_words_is_one_clear_error(project_copy, logos):
    from posters.errors import InputError
    from posters.inputs.project import load_project

    cy = project_copy / "assets" / "campaign" / "copy" / "cy.toml"
    text = cy.read_text(encoding="utf-8")
    cy.write_text("\n".join(line for line in text.splitlines() if not line.startswith("alt_logo =")) + "\n", encoding="utf-8")
    proj = load_project(project_copy)
    with pytest.raises(InputError) as exc:
        made(proj, logos, "north-wales", "social-square", "cy")
    (problem,) = exc.value.problems
    assert problem.file.endswith("cy.toml") and problem.key == "common.alt_logo"
    assert "alt_logo =" in problem.hint


# ---------------------------------------------------------------- same bytes


def test_tagged_screen_pdf_is_byte_identical_across_processes(tmp_path):
    code = (
        "import hashlib, pathlib, sys\n"
        "from posters.inputs.project import load_project\n"
        "from posters.inputs.logos import LogoStore\n"
        "from posters.batch import Job, make_output\n"
        f"p = load_project(pathlib.Path({str(ROOT)!r}))\n"
        "m = make_output(p, LogoStore(), Job('north-wales', 'social-square', 'cy-en', 'family'), verify=False)\n"
        "print(hashlib.sha256(next(v for k, v in m.files.items() if k.endswith('.pdf'))).hexdigest())\n"
    )
    digests = set()
    for seed, tz in (("1", "UTC"), ("2", "Pacific/Auckland")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1 and len(next(iter(digests))) == 64


def test_posters_check_fails_a_built_screen_file_whose_tags_were_stripped(tmp_path, capsys):
    import json

    from posters.cli import main

    out = tmp_path / "out"
    assert main(["--project", str(ROOT), "build", "-q", "-j", "1", "-o", str(out), "-l", "social-square", "-m", "self", "-e", "cumbria"]) == 0
    path = out / "cumbria" / "social-square.self.en.pdf"
    assert main(["--project", str(ROOT), "check", str(path)]) == 0
    path.write_bytes(mutate(path.read_bytes(), _delete(lambda d: d.Root, "/StructTreeRoot")))
    capsys.readouterr()
    assert main(["--project", str(ROOT), "check", "--json", str(path)]) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert "pdfua" in f["checks_run"]
    failed = {x["message"].split(":")[0] for x in f["findings"] if x["check"] == "pdfua"}
    assert {"ISO 14289-1 7.1", "Matterhorn 01-005", "Matterhorn 28-011"} <= failed


def _drawn_with(draw) -> tuple[list, list[tuple[str, object]]]:
    """Draw one element on a tagged page of its own; its marks, and the page's marked-content operators."""
    from posters.elements.base import Placed
    from posters.render.marked import PageMarks
    from posters.render.painter import Painter
    from posters.render.pdf import new_canvas

    buf = io.BytesIO()
    c = new_canvas(buf, pagesize=(100, 100), invariant=1)
    painter = Painter(c, None, "screen", {})
    painter.marks = marks = PageMarks(c)
    with painter.element(Placed("toy", "k", None, None), "P"):
        draw(painter)
    c.showPage()
    c.save()
    with open_pdf(buf.getvalue()) as doc:
        ops = [(str(op), int(o[1].MCID) if str(op) == "BDC" else None) for o, op in pikepdf.parse_content_stream(doc.pages[0]) if str(op) in ("BDC", "EMC", "re", "f*", "Tj")]
    return marks.elements, ops


def test_a_kind_that_draws_on_the_canvas_itself_is_still_inside_its_marked_content():
    elements, ops = _drawn_with(lambda painter: painter.c.rect(10, 10, 20, 20, stroke=0, fill=1))
    assert ops == [("BDC", 0), ("re", None), ("f*", None), ("EMC", None)]
    assert [(s.mcid, s.lang) for s in elements[0].sequences] == [(0, None)]


def test_each_language_after_a_drawing_gets_its_own_sequence():
    def draw(painter):
        painter.c.setFont("Helvetica", 10)
        painter._marked()
        painter.c.rect(0, 0, 5, 5, stroke=0, fill=1)  # drawn before any language is named: the element's own
        for lang in ("cy", "en"):
            with painter.span(lang):
                painter._marked()
                painter.c.drawString(10, 10, lang)

    elements, ops = _drawn_with(draw)
    assert [(s.mcid, s.lang) for s in elements[0].sequences] == [(0, None), (1, "cy"), (2, "en")]
    assert [o for o, _ in ops] == ["BDC", "re", "f*", "EMC", "BDC", "Tj", "EMC", "BDC", "Tj", "EMC"]


def test_pdf_string_delimiters_in_a_description_are_read_back_as_written(project_copy, logos):
    """Parentheses, backslashes and non-Latin-1 letters in a description are escaped in the PDF, not cut
    short or run together: a screen reader gets the line as written, and the file still passes."""
    from posters.inputs.project import load_project

    en = project_copy / "assets" / "campaign" / "copy" / "en.toml"
    alt = r"QR code (to the self-help) website \\ ) ( \\\\n ŵŷ"
    en.write_text(en.read_text(encoding="utf-8").replace('alt_qr = "QR code to the self-help website"', f'alt_qr = "{alt}"'), encoding="utf-8")
    proj = load_project(project_copy)
    written = proj.campaign.copies["en"].common["alt_qr"]
    assert written == "QR code (to the self-help) website \\ ) ( \\\\n ŵŷ"
    data = pdf_of(made(proj, logos, "cheshire", "social-square", "en"))
    with open_pdf(data) as doc:
        read = reading_order(doc)
    qr = next(t for r, _, t in read if r == "Figure" and "QR" in t)
    assert qr == f"{written}: get-help.stopitnow.org.uk"
    assert not rules_failed(data)


# ---------------------------------------------------------------- a hostile character map


def _hostile_unicode_map(doc):
    """Every font's ToUnicode replaced by one range claiming four billion codes, and one past Unicode."""
    cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n2 beginbfrange\n<0000> <FFFFFFFF> <0041>\n<0100> <01FF> <10FFF0>\nendbfrange endcmap end end\n"
    for page in doc.pages:
        for font in page.obj.Resources.Font.values():
            font.ToUnicode = pikepdf.Stream(doc, cmap)


def test_a_character_map_claiming_billions_of_codes_is_read_as_the_range_rule_allows():
    from posters.verify.pdf.structure import MAX_MAP_CODES, _read_unicode_map

    table, width = _read_unicode_map(b"1 beginbfrange\n<0000> <FFFFFFFF> <0041>\nendbfrange\n1 beginbfrange\n<0100> <01FF> <10FFF0>\nendbfrange")
    assert width == 2
    assert len(table) == 512  # a range differs only in its last byte: 256 codes each
    assert table[b"\x00\x41"] == chr(0x41 + 0x41) and table[b"\x01\x0f"] == "\U0010ffff" and table[b"\x01\x10"] == "\ufffd"
    assert MAX_MAP_CODES >= 65536


def test_the_pdfua_check_reads_a_file_with_a_hostile_character_map(good):
    # before, the range was expanded in full: the check ran out of memory instead of answering
    findings = check_pdfua(mutate(good, _hostile_unicode_map))
    assert all(f.severity in ("error", "warning") for f in findings)
    assert not any("could not read" in f.message for f in findings)
