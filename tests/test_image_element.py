"""The `image` element: fit and fill with a focal point, colour for print and
screen, resolution for the viewing distance, contrast over the pixels, and
errors that name the image file."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from posters.batch import Job, make_output
from posters.elements.image import Picture
from posters.errors import InputError
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project
from posters.plan.place import plan_output

from conftest import give_code


def images_in(pdf: bytes) -> list:
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for _, x in (page.Resources.get("/XObject") or {}).items():
                if x.get("/Subtype") == "/Image":
                    # ReportLab wraps streams in ASCII85: undo that, keep the JPEG as stored
                    flt = x.get("/Filter")
                    names = [str(f) for f in flt] if isinstance(flt, pikepdf.Array) else [str(flt)]
                    raw = x.read_raw_bytes()
                    if names[0] == "/ASCII85Decode":
                        import base64

                        raw = base64.a85decode(raw.strip().removesuffix(b"~>"))
                    out.append((str(x.get("/ColorSpace")), names[-1], int(x.Width), int(x.Height), raw))
    return out


def layout(proj, element: str, name="img-test", base="a4-poster", extra=""):
    text = f'extends = "{base}"\nformat = "{name}"\neditions = ["cheshire"]\nlanguages = ["en"]\n{extra}[set]\n"pages[0].elements[0]" = {element}\n'
    (proj / "layouts" / f"{name}.toml").write_text(text, encoding="utf-8")
    if f'{name} = "' not in (proj / "assets" / "campaign" / "campaign.toml").read_text(encoding="utf-8"):
        give_code(proj, name, "zz", like=base)


def picture(proj, name, im: Image.Image, **save):
    p = proj / "assets" / "images" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    im.save(p, **save)
    return p


def make(proj, fmt="img-test"):
    return make_output(load_project(proj), LogoStore(), Job("cheshire", fmt, "en", "self"))


def errors(made):
    return [f for f in made.findings if f.severity == "error"]


def test_the_example_layout_places_the_project_texture_converted_and_checked(project, logos):
    made = make_output(project, logos, Job("regional", "a4-textured", "cy-en", "self"))
    assert not errors(made), errors(made)
    assert {"resolution", "images", "contrast", "qr"} <= set(made.checks)
    found = images_in(made.files["a4-textured.self.cy-en.pdf"])
    # a CMYK JPEG: carried as it is, nothing converted, nothing to warn of
    assert [(cs, f, raw) for cs, f, _, _, raw in found] == [("/DeviceCMYK", "/DCTDecode", (project.root / "assets/images/texture.jpg").read_bytes())]
    assert not [f for f in made.findings if f.severity == "warning"]


def test_an_rgb_image_is_converted_for_print_with_a_stated_default_and_a_warning(project_copy):
    rgb = Image.open(project_copy / "assets/images/texture.jpg").convert("RGB")
    picture(project_copy, "rgb.jpg", rgb, quality=90)
    layout(project_copy, '{ type = "image", file = "assets/images/rgb.jpg", box_mm = [0, 0, 210, 297], bleed = true }')
    made = make(project_copy)
    assert not errors(made), errors(made)
    assert [(cs, f) for cs, f, *_ in images_in(made.files["img-test.self.en.pdf"])] == [("/DeviceCMYK", "/DCTDecode")]
    warn = [f for f in made.findings if f.check == "images" and f.severity == "warning"]
    assert len(warn) == 1 and "assets/images/rgb.jpg is RGB: it was converted to CMYK by a simple formula" in warn[0].message
    assert "--icc" in warn[0].hint


def test_rgb_stays_rgb_on_screen(project_copy):
    picture(project_copy, "t.jpg", Image.new("RGB", (1400, 1400), (20, 30, 80)), quality=90)
    layout(project_copy, '{ type = "image", file = "assets/images/t.jpg", box_mm = [0, 0, 270, 270] }', base="social-square")
    made = make(project_copy)
    assert not errors(made)
    assert [cs for cs, *_ in images_in(made.files["img-test.self.en.pdf"])] == ["/DeviceRGB"]


def test_a_cmyk_jpeg_passes_through_unchanged(project_copy):
    p = picture(project_copy, "c.jpg", Image.new("CMYK", (2000, 2800), (200, 150, 0, 100)), quality=90)
    layout(project_copy, '{ type = "image", file = "assets/images/c.jpg", box_mm = [0, 0, 210, 297], fit = "fit", bleed = true }')
    made = make(project_copy)
    assert not errors(made), errors(made)
    (cs, flt, w, h, raw), = images_in(made.files["img-test.self.en.pdf"])
    assert (cs, flt, w, h) == ("/DeviceCMYK", "/DCTDecode", 2000, 2800)
    assert raw == p.read_bytes()
    assert not [f for f in made.findings if f.check == "images"]  # nothing converted, nothing to warn of


@pytest.mark.parametrize("fx", [0.0, 1.0, 0.5])
def test_fill_crops_around_the_focal_point(project_copy, logos, fx):
    picture(project_copy, "wide.png", Image.new("RGB", (3000, 1000), (20, 30, 80)))
    layout(project_copy, f'{{ type = "image", file = "assets/images/wide.png", box_mm = [0, 0, 210, 210], fit = "fill", focal = [{fx}, 0.5], bleed = true }}')
    project = load_project(project_copy)
    plan = plan_output(project.campaign, project.edition("cheshire"), project.layout("img-test"), "en", "self", logos)
    pic = plan.pages[0].elements[0]
    assert isinstance(pic.content, Picture)
    # the box runs into the bleed on three sides: 216 x 213 mm of a 3:1 image, its full height shown
    assert (pic.box.x, pic.box.y, pic.box.w, pic.box.h) == (-3, -3, 216, 213)
    l, t, r, b = pic.content.crop
    shown = round(216 / (213 / 1000))
    assert (t, b, r - l) == (0, 1000, shown)
    assert l == {0.0: 0, 1.0: 3000 - shown, 0.5: round(1500 - shown / 2)}[fx]


def test_fit_keeps_the_whole_image_inside_its_box(project_copy, logos):
    picture(project_copy, "wide.png", Image.new("RGB", (3000, 1000), (20, 30, 80)))
    layout(project_copy, '{ type = "image", file = "assets/images/wide.png", box_mm = [20, 20, 170, 100], fit = "fit", align = "left", valign = "top" }', extra="")
    project = load_project(project_copy)
    plan = plan_output(project.campaign, project.edition("cheshire"), project.layout("img-test"), "en", "self", logos)
    pic = plan.pages[0].elements[0]
    assert (pic.box.x, pic.box.y, pic.box.w) == (20, 20, 170) and pic.box.h == pytest.approx(170 / 3)
    assert pic.content.whole


def test_low_resolution_is_an_error_naming_the_file_and_key(project_copy):
    picture(project_copy, "small.png", Image.new("RGB", (400, 560), (20, 30, 80)))
    layout(project_copy, '{ type = "image", file = "assets/images/small.png", box_mm = [0, 0, 210, 297], bleed = true }')
    made = make(project_copy)
    (e,) = [f for f in errors(made) if f.check == "resolution" and "small.png" in f.message]
    assert "(pages[0].elements[0]) prints at 47 ppi" in e.message and "from 0.5 m it needs 224 ppi" in e.message
    assert e.hint.startswith("supply at least 1905 x 2672 pixels")  # the page and its bleed


def test_resolution_thresholds_fall_with_viewing_distance(project_copy):
    picture(project_copy, "six.jpg", Image.new("RGB", (600, 900), (20, 30, 80)), quality=80)
    layout(project_copy, '{ type = "image", file = "assets/images/six.jpg", box_mm = [0, 0, 1200, 1800], bleed = true }', base="6-sheet")
    made = make(project_copy)
    (e,) = [f for f in errors(made) if f.check == "resolution" and "six.jpg" in f.message]
    assert "seen from 3 m it needs 100 ppi and looks pixelated below 67" in e.message


def test_text_over_an_image_is_checked_against_its_pixels(project_copy):
    # a light image under the poster's white headline: unreadable, and said so
    picture(project_copy, "light.png", Image.new("RGB", (1910, 2680), (235, 235, 225)))
    layout(project_copy, '{ type = "image", file = "assets/images/light.png", box_mm = [0, 0, 210, 297], bleed = true }')
    made = make(project_copy)
    bad = [f for f in errors(made) if f.check == "contrast"]
    assert bad and "on the image assets/images/light.png at" in bad[0].message


@pytest.mark.parametrize(
    "setup, file, words",
    [
        (lambda d: (d / "assets/images/x.png").write_bytes(b"not an image"), "assets/images/x.png", "is not a JPEG, PNG or TIFF image"),
        (lambda d: Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(d / "assets/images/x.png"), "assets/images/x.png", "has transparent areas"),
    ],
)
def test_a_bad_image_is_reported_against_the_image_file(project_copy, setup, file, words):
    (project_copy / "assets" / "images").mkdir(parents=True, exist_ok=True)
    setup(project_copy)
    layout(project_copy, '{ type = "image", file = "assets/images/x.png", box_mm = [0, 0, 210, 297], bleed = true }')
    project = load_project(project_copy)
    with pytest.raises(InputError) as exc:
        make_output(project, LogoStore(), Job("cheshire", "img-test", "en", "self"))
    p = exc.value.problems[0]
    assert (p.file, p.key) == (file, "") and words in p.message and "placed by layouts/img-test.toml" in p.hint


@pytest.mark.parametrize(
    "element, key, words",
    [
        ('{ type = "image", file = "../outside.jpg", box_mm = [0, 0, 210, 297], bleed = true }', 'set."pages[0].elements[0]".file', "leaves its folder"),
        ('{ type = "image", file = "assets/images/nope.jpg", box_mm = [0, 0, 210, 297], bleed = true }', 'set."pages[0].elements[0]".file', "not found"),
        ('{ type = "image", file = "layouts/a4-poster.toml", box_mm = [0, 0, 210, 297], bleed = true }', 'set."pages[0].elements[0]".file', "is not a JPEG, PNG or TIFF file"),
        ('{ type = "image", file = "assets/images/texture.jpg", box_mm = [0, 0, 210, 297], focal = [2, 0], bleed = true }', 'set."pages[0].elements[0]".focal', "outside the image"),
        ('{ type = "image", file = "assets/images/texture.jpg", box_mm = [0, 0, 209, 297] }', 'set."pages[0].elements[0]".box_mm', "short of the trim"),
    ],
)
def test_image_element_mistakes(project_copy, element, key, words):
    layout(project_copy, element)
    ps = load_project(project_copy).layout_problems["layouts/img-test.toml"]
    assert any(p.key == key and words in p.message and p.hint for p in ps), [p.format() for p in ps]


def test_a_16_bit_grey_photo_is_scaled_not_clipped_to_white(tmp_path):
    """The photo opener shares the logos' scaling of deep greys (Pillow alone clips them white)."""
    from PIL import Image

    from posters.inputs.images import open_photo

    path = tmp_path / "grey16.png"
    Image.new("I;16", (40, 30), 32768).save(path)
    photo = open_photo(path)
    assert photo.image.mode == "L" and photo.image.getpixel((5, 5)) in (127, 128)
