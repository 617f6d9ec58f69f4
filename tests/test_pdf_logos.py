"""Vector PDF logos: a force's one-page PDF is placed as vectors (its own
content stream, in its own CMYK), and refused, naming the logo file, when it
is unsafe, has fonts that are not embedded, or (for print) carries RGB or
transparency."""

from __future__ import annotations

import io

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.errors import InputError
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project
from posters.render.png import rasterise

from pdf_logos import CMYK_ART, RGB_ART, SEE_THROUGH_ART, TEXT_ART, logo_pdf

LOGO = "assets/forces/cheshire/logo.pdf"


def use_pdf_logo(proj, data: bytes):
    (proj / LOGO).write_bytes(data)
    toml = proj / "assets/forces/cheshire/force.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'logo = "logo.svg"' in text
    toml.write_text(text.replace('logo = "logo.svg"', 'logo = "logo.pdf"'), encoding="utf-8")
    return load_project(proj)


def build(project, fmt="a4-poster", edition="cheshire", lang="en"):
    return make_output(project, LogoStore(), Job(edition, fmt, lang, "self"))


def pdf_of(made) -> bytes:
    return next(d for n, d in made.files.items() if n.endswith(".pdf"))


def forms_with(pdf: bytes, needle: str) -> list:
    """(form's BBox, Matrix) of every form XObject whose own content holds `needle`."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for _, x in (page.Resources.get("/XObject") or {}).items():
                if x.get("/Subtype") == "/Form" and needle.encode() in x.read_bytes():
                    found.append(([float(v) for v in x.BBox], [float(v) for v in x.get("/Matrix", [1, 0, 0, 1, 0, 0])]))
            images = [x for _, x in (page.Resources.get("/XObject") or {}).items() if x.get("/Subtype") == "/Image"]
            assert not images, "a logo placed as vectors adds no image"
    return found


def test_a_cmyk_pdf_logo_is_placed_as_vectors_in_its_own_colours(project_copy):
    project = use_pdf_logo(project_copy, logo_pdf())
    made = build(project)
    assert not [f for f in made.findings if f.severity == "error"], [f.message for f in made.findings]
    pdf = pdf_of(made)
    # the logo's own content stream, unchanged, as a form clipped to its TrimBox, moved to the origin
    (bbox, matrix), = forms_with(pdf, CMYK_ART)
    assert bbox == [5, 5, 155, 55] and matrix == [1, 0, 0, 1, -5, -5]
    # and it shows where the plan put the force's logo, as the logo file shows itself
    [logo] = [p for p in made.plan.pages[0].elements if p.kind == "logo_strip" and p.content.owner == "Cheshire Constabulary"]
    g = made.plan.geometry
    dpi = 100
    im = rasterise(pdf, 0, dpi=dpi).convert("RGB")
    own = rasterise(logo_pdf(), 0, dpi=dpi).convert("RGB")
    k = dpi / 25.4
    sx = logo.box.w / 150  # mm per logo point
    seen = set()
    for lx, ly in ((20, 40), (100, 25)):  # points from the logo's trim corner: the blue field, the yellow bar
        x, y = g.from_page_top(logo.box.x + lx * sx, logo.box.bottom - ly * sx, 0, 0)[:2]
        got = im.getpixel((round(x * k), round(y * k)))
        want = own.getpixel((round((5 + lx) * dpi / 72), round((60 - 5 - ly) * dpi / 72)))
        assert all(abs(a - b) <= 6 for a, b in zip(got, want)), (got, want)
        seen.add(want)
    assert len(seen) == 2


def test_the_regional_edition_and_screen_files_place_it_too(project_copy):
    project = use_pdf_logo(project_copy, logo_pdf())
    for fmt, edition in (("a4-poster", "regional"), ("social-square", "cheshire")):
        made = build(project, fmt, edition)
        assert not [f for f in made.findings if f.severity == "error"], (fmt, [f.message for f in made.findings])
        assert len(forms_with(pdf_of(made), CMYK_ART)) == 1


@pytest.mark.parametrize(
    "data, words, hint",
    [
        (dict(content=RGB_ART), "has colours a print file cannot carry (a filled shape is in RGB (DeviceRGB))", "export the logo in CMYK"),
        (dict(content=SEE_THROUGH_ART, alpha=True), "is partly see-through (transparency is used (fill opacity 50 %", "flatten the transparency"),
    ],
)
def test_rgb_and_transparency_are_refused_for_print_and_kept_on_screen(project_copy, data, words, hint):
    project = use_pdf_logo(project_copy, logo_pdf(**data))
    with pytest.raises(InputError) as exc:
        build(project)
    p = exc.value.problems[0]
    assert p.file == LOGO and p.message.startswith("logo of Cheshire Constabulary: ") and words in p.message, p
    assert hint in p.hint and "screen files" in p.hint
    made = build(project, "social-square")
    assert not [f for f in made.findings if f.severity == "error"], [f.message for f in made.findings]
    assert len(forms_with(pdf_of(made), data["content"])) == 1


@pytest.mark.parametrize(
    "data, words, hint",
    [
        (dict(content=TEXT_ART, font=True), "has text in fonts that are not embedded ('Helvetica')", "outline the text in your logo"),
        (dict(open_action=True), "is a PDF that does more than show artwork (the file has an OpenAction", "export the logo again as a plain PDF"),
        (dict(pages=2), "is a PDF of 2 pages; a logo is one page", "only the artboard"),
        (dict(bomb_mb=300), "cannot be read safely (a stream inflates to more than 256 MB (a compression bomb)", "export the logo again"),
    ],
)
def test_an_unsafe_or_unembedded_pdf_logo_is_refused_for_every_file(project_copy, data, words, hint):
    project = use_pdf_logo(project_copy, logo_pdf(**data))
    for fmt in ("a4-poster", "social-square"):
        with pytest.raises(InputError) as exc:
            build(project, fmt)
        p = exc.value.problems[0]
        assert p.file == LOGO and words in p.message and hint in p.hint, p


def test_a_damaged_pdf_logo_is_named_not_a_traceback(project_copy):
    project = use_pdf_logo(project_copy, logo_pdf()[:200])
    with pytest.raises(InputError) as exc:
        build(project)
    p = exc.value.problems[0]
    assert p.file == LOGO and "is not a PDF that can be read" in p.message and "export the logo again" in p.hint, p


def test_a_pdf_logo_that_is_also_a_zip_carries_only_its_page_into_the_poster(project_copy):
    """A PDF with a ZIP archive after it (a polyglot) is a readable PDF; only its page's drawing is
    copied, so the archive's files never reach the poster."""
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.txt", "PAYLOAD-FROM-THE-ARCHIVE " * 20)
    made = build(use_pdf_logo(project_copy, logo_pdf() + archive.getvalue()))
    assert not [f for f in made.findings if f.severity == "error"], [f.message for f in made.findings]
    pdf = pdf_of(made)
    assert forms_with(pdf, "144 44 re"), "the logo's own drawing is placed"
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        every = b"".join(o.read_bytes() for o in doc.objects if isinstance(o, pikepdf.Stream))
    assert b"PAYLOAD-FROM-THE-ARCHIVE" not in pdf + every and b"PK\x03\x04" not in pdf
