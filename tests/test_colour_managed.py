"""RGB pictures and raster logos in print files go through the printer's
profile when one is given (--icc), else the stated default with a warning;
a raster logo's brand colour is judged as printed against its force's
colours.

The printer's profile here is made in the test and is unmistakable: it puts
every RGB colour on the cyan plate alone, which neither the default formula
nor any real press would do, so cyan-only pixels prove the profile was used.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image, ImageCms, ImageDraw

from posters.batch import Job, OutputProfile, make_output
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project

from conftest import give_code
from icc_profiles import cmyk_profile

CYAN_ONLY = cmyk_profile(name="Cyan-only test press", inks_of=lambda L, a, b: (1 - L, 0, 0, 0))


def printer():
    return OutputProfile(CYAN_ONLY, "CyanOnlyTest")


def cmyk_images(pdf: bytes) -> list[Image.Image]:
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for _, x in (page.Resources.get("/XObject") or {}).items():
                if x.get("/Subtype") == "/Image":
                    out.append(pikepdf.PdfImage(x).as_pil_image())
    return out


def pdf_of(made) -> bytes:
    return next(d for n, d in made.files.items() if n.endswith(".pdf"))


def errors(made):
    return [f for f in made.findings if f.severity == "error"]


# --- photographs (the image element) -------------------------------------------------------

def image_layout(proj):
    im = Image.new("RGB", (1000, 1000), (150, 20, 20))
    ImageDraw.Draw(im).rectangle((0, 500, 1000, 1000), fill=(20, 60, 150))
    (proj / "assets" / "images").mkdir(parents=True, exist_ok=True)
    im.save(proj / "assets/images/rgb.png")
    text = 'extends = "a4-poster"\nformat = "icc-test"\neditions = ["cheshire"]\nlanguages = ["en"]\n[set]\n"pages[0].elements[14]" = { type = "image", file = "assets/images/rgb.png", box_mm = [80, 262, 24, 24], fit = "fit" }\n'
    (proj / "layouts" / "icc-test.toml").write_text(text, encoding="utf-8")
    give_code(proj, "icc-test", "zi")
    return im


def test_an_rgb_image_goes_through_the_given_printer_profile(project_copy):
    source = image_layout(project_copy)
    project = load_project(project_copy)
    made = make_output(project, LogoStore(), Job("cheshire", "icc-test", "en", "self"), profile=printer())
    assert not errors(made), [f.message for f in errors(made)]
    assert not [f for f in made.findings if f.check == "images"]  # nothing to warn of: the printer's own conversion
    (placed,) = cmyk_images(pdf_of(made))
    assert placed.mode == "CMYK" and placed.size == source.size
    # exactly what LittleCMS makes of the picture through that profile (sRGB to it, perceptual)
    want = ImageCms.applyTransform(source, ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(CYAN_ONLY)), "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL))
    for xy in ((10, 10), (10, 900)):
        assert placed.getpixel(xy) == want.getpixel(xy)
        c, m, y, k = placed.getpixel(xy)
        assert c > 60 and (m, y, k) == (0, 0, 0)  # the cyan-only press, not the default's red and blue inks


def test_without_a_profile_the_default_converts_and_says_so(project_copy):
    image_layout(project_copy)
    made = make_output(load_project(project_copy), LogoStore(), Job("cheshire", "icc-test", "en", "self"))
    (placed,) = cmyk_images(pdf_of(made))
    c, m, y, k = placed.getpixel((10, 10))  # the red half: magenta and yellow, grey on black
    assert m > 150 and y > 150 and c == 0 and k > 0
    (w,) = [f for f in made.findings if f.check == "images" and f.severity == "warning"]
    assert "converted to CMYK by a simple formula" in w.message and "--icc" in w.hint


# --- raster logos ---------------------------------------------------------------------------

def raster_logo(proj, rgb, *, name="logo.png"):
    im = Image.new("RGB", (600, 240), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rectangle((20, 20, 580, 220), fill=rgb)
    d.rectangle((60, 100, 540, 140), fill=(255, 255, 255))
    im.save(proj / "assets/forces/cheshire" / name)
    toml = proj / "assets/forces/cheshire/force.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'logo = "logo.svg"' in text
    toml.write_text(text.replace('logo = "logo.svg"', f'logo = "{name}"'), encoding="utf-8")
    return load_project(proj)


def logo_warnings(made):
    return [f for f in made.findings if f.check == "logos"]


def test_a_raster_logo_goes_through_the_given_printer_profile(project_copy):
    project = raster_logo(project_copy, (0, 128, 128))
    made = make_output(project, LogoStore(), Job("cheshire", "a4-poster", "en", "self"), profile=printer())
    assert not errors(made), [f.message for f in errors(made)]
    (logo,) = [im for im in cmyk_images(pdf_of(made)) if im.size == (600, 240)]
    c, m, y, k = logo.getpixel((300, 50))
    assert c > 60 and (m, y, k) == (0, 0, 0)
    assert not [w for w in logo_warnings(made) if "simple formula" in w.message]


def test_without_a_profile_a_raster_logo_is_converted_by_the_default_with_a_warning(project_copy):
    project = raster_logo(project_copy, (0, 128, 128))
    made = make_output(project, LogoStore(), Job("cheshire", "a4-poster", "en", "self"))
    (logo,) = [im for im in cmyk_images(pdf_of(made)) if im.size == (600, 240)]
    assert logo.getpixel((300, 50)) == (255, 0, 0, 127)  # teal: all cyan, grey on black, no magenta or yellow
    (w,) = [f for f in logo_warnings(made) if "simple formula" in f.message]
    assert w.message.startswith("the logo of Cheshire Constabulary (assets/forces/cheshire/logo.png) is RGB") and "--icc" in w.hint


def test_a_logo_far_from_the_force_colours_is_warned_of_with_both_colours(project_copy):
    # Cheshire declares a green (85/35/90/40) and a light green; a teal logo prints far from both
    project = raster_logo(project_copy, (0, 128, 128))
    made = make_output(project, LogoStore(), Job("cheshire", "a4-poster", "en", "self"))
    (w,) = [f for f in logo_warnings(made) if "ΔE2000" in f.message]
    assert "the logo of Cheshire Constabulary (assets/forces/cheshire/logo.png) prints mostly as #" in w.message
    assert "from the nearest colour assets/forces/cheshire/force.toml declares (force.primary, CMYK 85/35/90/40" in w.message
    d = float(w.message.split("ΔE2000 ")[1].split()[0])
    assert d > 10
    assert "SVG or PDF" in w.hint and "correct the colours in assets/forces/cheshire/force.toml" in w.hint


def test_a_logo_in_the_force_colour_prints_that_colour_exactly_and_is_not_warned_of(project_copy, project):
    primary = project.edition("cheshire").forces[0].colours["force.primary"]
    proj = raster_logo(project_copy, primary.srgb)
    made = make_output(proj, LogoStore(), Job("cheshire", "a4-poster", "en", "self"))
    assert not [f for f in logo_warnings(made) if "ΔE2000" in f.message]
    (logo,) = [im for im in cmyk_images(pdf_of(made)) if im.size == (600, 240)]
    # the brand colour's own CMYK (as an SVG logo's brand colour gets), not a formula's guess
    assert logo.getpixel((300, 50)) == tuple(round(v * 255) for v in primary.cmyk)
    assert logo.getpixel((300, 120)) == (0, 0, 0, 0)  # the white bar: no ink


@pytest.mark.parametrize("rgb", [(70, 100, 45)])
def test_a_logo_near_but_not_the_brand_colour_is_judged_as_printed(project_copy, rgb):
    # close on screen, but the default conversion prints it well off the declared green
    made = make_output(raster_logo(project_copy, rgb), LogoStore(), Job("cheshire", "a4-poster", "en", "self"))
    assert [f for f in logo_warnings(made) if "ΔE2000" in f.message]
