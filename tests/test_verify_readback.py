"""Read-back checks on finished PDF bytes: the QR code decoded from the
rendered page, the helpline read from the text, links; and the file checks
wired in through verify_pdf. Each passes on a real output and fails, with its
own message, on a broken one."""

from __future__ import annotations

import dataclasses
import io

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from posters import fonts
from posters.elements.logo import Artwork
from posters.batch import Job, make_output
from posters.plan.place import OutputPlan, PagePlan
from posters.render.pdf import render_pdf
from posters.verify.qr_readback import Region, check_qr, judge_payload, plan_regions
from posters.verify.run import PDFX1A, expect_from_plan, verify_output, verify_pdf
from posters.verify.text_readback import check_addresses, check_helpline, check_links, page_texts

JOB = Job("north-wales", "a4-poster", "cy-en", "self")


@pytest.fixture(scope="module")
def made(project, logos):
    fonts.register_all()
    return make_output(project, logos, JOB)


@pytest.fixture(scope="module")
def pdf(made):
    return next(iter(made.files.values()))


def edit_helpline_digits(data: bytes) -> bytes:
    """Change the last digit of the printed helpline, 0808 1000 900 -> 0808 1000 901,
    by rewriting the text in the page's content stream, as an editor would."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        hits = 0
        for page in pdf.pages:
            out = []
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "Tj":
                    b = bytes(operands[0])
                    # the shape of "0808 1000 900" in the subset font's codes
                    if len(b) == 13 and b[4] == b[9] and len({b[0], b[2], b[6], b[7], b[8], b[11], b[12]}) == 1 and b[1] == b[3]:
                        operands = [pikepdf.String(b[:12] + b[5:6])]
                        hits += 1
                out.append((operands, op))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        assert hits, "the helpline was not found in the content stream"
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()


def other_host_output(project, logos) -> bytes:
    """The same output, finished as the build would, but with a QR code leading to another host.

    The campaign loader refuses such a host, so the campaign is swapped in memory:
    this stands for a file made or edited outside the tool.
    """
    from dataclasses import replace

    from posters.batch import print_ready
    from posters.plan.place import plan_output

    fonts.register_all()
    from unittest import mock

    rogue = replace(project.campaign, url="https://get-help.example.org", allowed_hosts=["example.org"])
    with mock.patch("posters.anchors.ALLOWED_HOSTS", ("example.org",)):  # a tool built with other anchors
        plan = plan_output(rogue, project.edition(JOB.edition), project.layout(JOB.format), JOB.lang, JOB.message, logos)
    assert plan.payload.startswith("https://get-help.example.org/")
    return print_ready(render_pdf(plan), plan, None)[0]


# --- the real output passes --------------------------------------------------------------------
def test_real_output_passes_every_check(made):
    assert made.findings == []
    assert made.checks == ["safe-zone", "sizes", "contrast", "resolution", "safety", "qr", "helpline", "facts", "painted", "fonts", "boxes", "colour", "pdfx", "images"]
    assert made.pdfx == PDFX1A


def test_qr_is_decoded_at_phone_resolution_to_the_expected_payload(made, pdf, project):
    regions = plan_regions(made.plan)
    assert len(regions) == 1
    assert check_qr(pdf, expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=regions) == []
    # found without the plan too (as `posters check` does for a file with no manifest entry)
    assert check_qr(pdf, expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=None) == []


# --- QR ------------------------------------------------------------------------------------------
def test_qr_pointing_to_another_host_fails(logos, project, made):
    bad = other_host_output(project, logos)
    findings = check_qr(bad, expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=plan_regions(made.plan))
    messages = [f.message for f in findings]
    assert all(f.check == "qr" and f.severity == "error" for f in findings)
    assert any("get-help.example.org" in m and "not on the allow-list" in m for m in messages)
    assert any("but this edition and format should lead to" in m for m in messages)


@pytest.mark.parametrize(
    "url,reason",
    [
        ("http://get-help.stopitnow.org.uk/", "must use https"),
        ("https://get-help.stopitnow.org.uk@evil.example/", "user name before the host"),
        ("https://get-help.stopitnow.org.uk:8443/", "names a port"),
        ("https://stopitnow.org.uk.evil.example/", "not on the allow-list"),
    ],
)
def test_payload_tricks_are_refused(url, reason):
    [f] = judge_payload(url, None, ["stopitnow.org.uk"], 1)
    assert reason in f.message and f.check == "qr"


def test_qr_that_cannot_be_read_where_the_layout_puts_it_fails(made, pdf, project):
    r = plan_regions(made.plan)[0]
    moved = Region(r.page, r.x0 + 200, r.y0 + 200, r.x1 + 200, r.y1 + 200, r.modules)  # over the headline instead
    [f] = check_qr(pdf, expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=[moved])
    assert "could not be read at phone resolution" in f.message


def test_page_without_a_qr_code_fails(made, project):
    pages = tuple(PagePlan(p.name, tuple(e for e in p.elements if e.kind != "qr")) for p in made.plan.pages)
    plan = OutputPlan(**{**made.plan.__dict__, "pages": pages})
    [f] = check_qr(render_pdf(plan), expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=None)
    assert f.message == "no QR code could be found on the page"


# --- helpline -----------------------------------------------------------------------------------
def test_helpline_read_back_from_the_text(pdf, project):
    c = project.campaign
    texts = page_texts(pdf)
    assert "0808 1000 900" in texts[0]
    assert check_helpline(texts, c.helpline_display, c.helpline_e164) == []


def test_helpline_digits_edited_after_the_build_fail(pdf, project):
    c = project.campaign
    edited = edit_helpline_digits(pdf)
    messages = [f.message for f in check_helpline(page_texts(edited), c.helpline_display, c.helpline_e164)]
    assert "the helpline 0808 1000 900 is not in the poster's text; the text has '0808 1000 901' instead" in messages
    assert "the poster shows the number '0808 1000 901', which is not the helpline 0808 1000 900" in messages


def test_a_second_different_number_fails_even_beside_the_right_one(project):
    c = project.campaign
    [f] = check_helpline(["Call 0808 1000 900 or 0161 496 0000 today"], c.helpline_display, c.helpline_e164)
    assert "'0161 496 0000'" in f.message
    # the 999 line and the helpline in international form are fine
    assert check_helpline(["0808 1000 900 (+44 808 1000 900). If a child is in danger, call 999."], c.helpline_display, c.helpline_e164) == []


def test_web_addresses_in_the_text_are_read_back_against_the_allow_list(pdf, project):
    allowed = project.campaign.allowed_hosts
    texts = page_texts(pdf)
    assert "stopitnow.org.uk" in texts[0] and check_addresses(texts, allowed) == []  # the poster's own addresses pass
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(400, 300))
    c.drawString(20, 200, "Get help at www.stopitnow-help.example.com or get-help.stopitnow.org.uk")
    c.drawString(20, 150, "Write to help@stopitnow.org.uk.evil.example; file a3-poster.self.en.pdf")
    c.save()
    messages = [f.message for f in check_addresses(page_texts(buf.getvalue()), allowed)]
    assert messages == [
        f"the poster shows the web address 'www.stopitnow-help.example.com', which is not on the charity's own site ({', '.join(allowed)})",
        f"the poster shows the web address 'stopitnow.org.uk.evil.example', which is not on the charity's own site ({', '.join(allowed)})",
    ]


# --- links (screen editions) --------------------------------------------------------------------
def _linked_pdf(*uris: str) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(200, 200), invariant=1)
    for i, uri in enumerate(uris):
        c.linkURL(uri, (10, 10 + 30 * i, 150, 30 + 30 * i), relative=0, thickness=0)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_screen_links_pass_when_they_dial_the_helpline(project):
    c = project.campaign
    good = _linked_pdf(c.helpline_tel, "https://get-help.stopitnow.org.uk/?utm_source=x")
    assert check_links(good, tel=c.helpline_tel, allowed=c.allowed_hosts) == []


def test_screen_links_fail_on_a_wrong_or_missing_tel_link_and_foreign_hosts(project):
    c = project.campaign
    wrong = [f.message for f in check_links(_linked_pdf("tel:+448081000901", "https://evil.example/"), tel=c.helpline_tel, allowed=c.allowed_hosts)]
    assert any("dials 'tel:+448081000901', not the helpline 'tel:+448081000900'" in m for m in wrong)
    assert any("'https://evil.example/'" in m and "not on the allow-list" in m for m in wrong)
    [missing] = check_links(_linked_pdf(), tel=c.helpline_tel, allowed=c.allowed_hosts)
    assert "no tap-to-call link" in missing.message


# --- file checks wired in -----------------------------------------------------------------------
def test_file_checks_run_through_verify_pdf_and_fail_on_broken_files(made, project):
    plain = render_pdf(made.plan)  # straight from ReportLab: not yet PDF/X
    expect = expect_from_plan(made.plan, project.campaign, pdfx=PDFX1A)
    v = verify_pdf(plain, expect)
    assert {f.check for f in v.errors} == {"pdfx"}
    a3 = dataclasses.replace(expect.geometry, trim_w=297.0, trim_h=420.0)
    wrong_size = verify_pdf(plain, dataclasses.replace(expect, geometry=a3, pdfx=None))
    assert {f.check for f in wrong_size.errors} == {"boxes"}


def test_a_file_no_check_can_read_fails_every_check(made, project):
    v = verify_pdf(b"%PDF-1.4 this is not a pdf", expect_from_plan(made.plan, project.campaign, pdfx=PDFX1A))
    assert set(v.ran) <= {f.check for f in v.errors}


def test_verify_output_reports_a_broken_plan_and_a_broken_file_together(project, logos):
    fresh = make_output(project, logos, JOB, verify=False)  # its own plan: this test breaks it
    logo = next(p for p in fresh.plan.pages[0].elements if isinstance(p.content, Artwork))
    logo.box = logo.box.__class__(0.5, 0.5, logo.box.w, logo.box.h)
    pdf = next(iter(fresh.files.values()))
    v = verify_output(fresh.plan, edit_helpline_digits(pdf), project.campaign, pdfx=PDFX1A)
    assert {"safe-zone", "helpline"} <= {f.check for f in v.errors}


# --- glyphs -------------------------------------------------------------------------------------
def _text_pdf(text: str) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 100), invariant=1, initialFontName=fonts.register("regular"))
    c.setFont(fonts.register("bold"), 20)
    c.drawString(10, 40, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_welsh_letters_have_glyphs_in_the_embedded_font(pdf):
    from posters.verify.glyphs import check_glyphs

    fonts.register_all()
    assert check_glyphs(_text_pdf("Dŵr a thŷ")) == []
    assert check_glyphs(pdf) == []  # a bilingual poster


def test_a_character_the_font_lacks_fails_as_a_missing_glyph():
    from posters.verify.glyphs import check_glyphs

    fonts.register_all()
    [f] = check_glyphs(_text_pdf("Dŵr \u4e2d\u2603"))
    assert f.check == "fonts" and "2 character(s) set in SourceSansPro-Bold have no glyph" in f.message


def test_a_printed_code_above_the_version_limit_fails(project, logos):
    """The read-back reads the version of the code as printed: the old utm_* link
    (version 7-8) fails against the campaign's limit of 4; the shipped one passes."""
    import dataclasses

    fonts.register_all()
    made = make_output(project, logos, Job("cumbria", "a4-poster", "en", "self"), verify=False)
    pdf = made.files["a4-poster.self.en.pdf"]
    assert check_qr(pdf, expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=plan_regions(made.plan), max_version=4) == []
    old = dataclasses.replace(project.campaign, attribution=None, tracking={"utm_source": "{edition}", "utm_medium": "{format}", "utm_campaign": "{campaign}", "utm_content": "{message}"})
    made = make_output(dataclasses.replace(project, campaign=old), logos, Job("cumbria", "a4-poster", "en", "self"), verify=False)
    [f] = check_qr(made.files["a4-poster.self.en.pdf"], expected=made.plan.payload, allowed=project.campaign.allowed_hosts, regions=plan_regions(made.plan), max_version=4)
    assert "the QR code is version 7; the campaign allows version 4 at most" in f.message


def test_posters_check_in_the_project_holds_files_to_the_version_limit(project):
    from posters.verify.file_check import Facts

    assert Facts.expect_of(Facts.from_tool(project)).max_qr_version == 4
