"""Each kind of layout mistake gives its own message with file, key path and hint,
and all of a file's mistakes are reported in one pass."""

from __future__ import annotations

import pytest

from posters.errors import InputError
from posters.inputs.layout import load_layout
from posters.plan.place import plan_output

GOOD = """
name = "Test"
format = "test-poster"
trim_mm = [210, 297]
bleed_mm = 3
safe_mm = 10
viewing_distance_m = 0.5
scan_distance_m = 0.4

[styles.body]
font = "regular"
size_pt = 14
min_size_pt = 12
colour = "paper"

[[pages]]
[[pages.elements]]
type = "background"
colour = "force.primary"
[[pages.elements]]
type = "text"
copy = "headline"
style = "body"
box_mm = [12, 14, 186, 40]
[[pages.elements]]
type = "qr"
box_mm = [12, 200, 44, 44]
"""


def load(tmp_path, project, text):
    p = tmp_path / "layouts" / "test.toml"
    p.parent.mkdir(exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return load_layout(p, tmp_path, project.campaign)


def problems(tmp_path, project, text):
    with pytest.raises(InputError) as exc:
        load(tmp_path, project, text)
    return exc.value.problems


def one(tmp_path, project, text):
    ps = problems(tmp_path, project, text)
    assert len(ps) == 1, [p.format() for p in ps]
    p = ps[0]
    assert p.file == "layouts/test.toml"
    assert p.hint, p.format()
    return p


def test_good_layout_loads(tmp_path, project):
    lay = load(tmp_path, project, GOOD)
    assert lay.format == "test-poster" and len(lay.pages[0].elements) == 3


CASES = [
    ("unknown top-level key", GOOD.replace('bleed_mm = 3', 'bleed_mm = 3\nbled_mm = 3'), "bled_mm", "not a known key", "did you mean 'bleed_mm'"),
    ("unknown element key", GOOD.replace('copy = "headline"', 'copy = "headline"\nalgin = "left"'), "pages[0].elements[1].algin", "not a known key", "did you mean 'align'"),
    ("unknown element type", GOOD.replace('type = "qr"', 'type = "qrcode"'), "pages[0].elements[2].type", "not an element type", "did you mean 'qr'"),
    ("box outside the trim", GOOD.replace("[12, 200, 44, 44]", "[180, 200, 44, 44]"), "pages[0].elements[2].box_mm", "outside the trim", "within the trim size"),
    ("content in the safe margin", GOOD.replace("[12, 14, 186, 40]", "[6, 14, 186, 40]"), "pages[0].elements[1].box_mm", "safe margin", "keep content between 10"),
    ("box with wrong arity", GOOD.replace("[12, 200, 44, 44]", "[12, 200, 44]"), "pages[0].elements[2].box_mm", "list of 4 numbers", "box_mm = [x, y, width, height]"),
    ("text where a number belongs", GOOD.replace("size_pt = 14", 'size_pt = "14pt"'), "styles.body.size_pt", "must be a number", ""),
    ("unknown style", GOOD.replace('style = "body"', 'style = "bdy"'), "pages[0].elements[1].style", "not a style", "did you mean 'body'"),
    ("unknown colour", GOOD.replace('colour = "force.primary"', 'colour = "force.primry"'), "pages[0].elements[0].colour", "not a known colour", "did you mean 'force.primary'"),
    ("min above size", GOOD.replace("min_size_pt = 12", "min_size_pt = 16"), "styles.body.min_size_pt", "larger than size_pt", "at most size_pt"),
    ("type too small for the distance", GOOD.replace("viewing_distance_m = 0.5", "viewing_distance_m = 1.0"), "styles.body.min_size_pt", "smallest legible size at 1 m", "raise min_size_pt to 24"),
    ("QR too small for the scan distance", GOOD.replace("scan_distance_m = 0.4", "scan_distance_m = 0.6"), "pages[0].elements[2].box_mm", "below the minimum 60 mm", "at least 60 mm"),
    ("bleed under 3 mm", GOOD.replace("bleed_mm = 3", "bleed_mm = 1"), "bleed_mm", "less than the 3 mm", "bleed_mm = 3"),
    ("missing trim", GOOD.replace("trim_mm = [210, 297]\n", ""), "trim_mm", "is missing", "trim_mm = [width, height]"),
    ("bad font", GOOD.replace('font = "regular"', 'font = "bolder"'), "styles.body.font", "not allowed", "did you mean 'bold'"),
    ("bad profile", GOOD.replace('format = "test-poster"', 'format = "test-poster"\nprofile = "web"'), "profile", "not allowed", "print, screen"),
    ("malformed TOML", GOOD.replace('name = "Test"', 'name = "Test'), "", "not valid TOML", "check quotes"),
]


@pytest.mark.parametrize("case, text, key, message, hint", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_has_its_message(tmp_path, project, case, text, key, message, hint):
    p = one(tmp_path, project, text)
    assert p.key == key
    assert message in p.message
    assert hint in p.hint
    assert p.format().startswith(f"error: layouts/test.toml{': ' + key if key else ''}: ")


def test_all_mistakes_in_one_pass(tmp_path, project):
    text = (
        GOOD.replace('type = "qr"', 'type = "qrcode"')
        .replace('style = "body"', 'style = "bdy"')
        .replace("bleed_mm = 3", "bleed_mm = 3\nbled = 1")
        .replace("[12, 14, 186, 40]", "[12, 14, 500, 40]")
    )
    keys = {p.key for p in problems(tmp_path, project, text)}
    assert keys == {"pages[0].elements[2].type", "pages[0].elements[1].style", "bled", "pages[0].elements[1].box_mm"}


def _with_code(campaign):
    """The campaign with a QR attribution code for this file's test layout format."""
    import dataclasses

    return dataclasses.replace(campaign, attribution=campaign.attribution.with_codes("format", {"test-poster": "x"}))


def test_a_format_without_an_attribution_code_is_an_error_not_a_traceback(tmp_path, project, logos):
    lay = load(tmp_path, project, GOOD)
    with pytest.raises(InputError) as exc:
        plan_output(project.campaign, project.edition("cheshire"), lay, "en", "self", logos)
    (p,) = exc.value.problems
    assert p.file == "assets/campaign/campaign.toml" and p.key == "qr.attribution.format.test-poster"


def test_text_that_cannot_fit_is_an_error_not_clipped(tmp_path, project, logos):
    lay = load(tmp_path, project, GOOD.replace("[12, 14, 186, 40]", "[12, 14, 60, 8]"))
    with pytest.raises(InputError) as exc:
        plan_output(_with_code(project.campaign), project.edition("cheshire"), lay, "en", "self", logos)
    (p,) = exc.value.problems
    assert p.key == "pages[0].elements[1]"
    assert "does not fit its 60 x 8 mm box even at the minimum 12 pt" in p.message
    assert "make the box larger" in p.hint


def test_missing_copy_key_names_the_copy_file(tmp_path, project, logos):
    lay = load(tmp_path, project, GOOD.replace('copy = "headline"', 'copy = "headlines"'))
    with pytest.raises(InputError) as exc:
        plan_output(_with_code(project.campaign), project.edition("cheshire"), lay, "en", "self", logos)
    (p,) = exc.value.problems
    assert "'headlines' is not in assets/campaign/copy/en.toml" in p.message
