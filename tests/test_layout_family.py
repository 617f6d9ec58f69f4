"""Layout families: a layout that extends a master, scaled, with overrides;
validated written out in full, errors placed where the value really is."""

from __future__ import annotations

import pytest

from posters.errors import InputError
from posters.inputs.layout import load_layout
from posters.inputs.layout_family import expand
from posters.plan.place import plan_output

from conftest import give_code
from posters.inputs.project import load_project


def write(proj, name, text):
    p = proj / "layouts" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    fmt = p.stem
    if fmt != "a4-poster" and f'{fmt} = "' not in (proj / "assets" / "campaign" / "campaign.toml").read_text(encoding="utf-8"):
        give_code(proj, fmt, "z" + str(len(fmt)))
    return p


def problems_of(proj, name):
    project = load_project(proj)
    with pytest.raises(InputError) as exc:
        load_layout(proj / "layouts" / name, proj, project.campaign)
    return exc.value.problems


def boxes(layout):
    return [e.spec.box for p in layout.pages for e in p.elements if getattr(e.spec, "box", None) is not None]


def test_derived_sizes_are_the_master_scaled_to_their_trim(project):
    a4, a3, a0 = (project.layout(f) for f in ("a4-poster", "a3-poster", "a0-poster"))
    assert a0.trim_mm == (841, 1189)
    sx, sy = 297 / 210, 420 / 297
    for m, d in zip(boxes(a4), boxes(a3)):
        assert d.x == pytest.approx(m.x * sx) and d.w == pytest.approx(m.w * sx)
        assert d.y == pytest.approx(m.y * sy) and d.h == pytest.approx(m.h * sy)
    # type sizes and distances scale; bleed and safe margin do not
    k = (sx * sy) ** 0.5
    assert a3.styles["headline"].size == pytest.approx(a4.styles["headline"].size * k)
    assert a3.viewing_distance_m == pytest.approx(a4.viewing_distance_m * k)
    assert (a3.bleed_mm, a3.safe_mm) == (a4.bleed_mm, a4.safe_mm)
    assert a3.styles["headline"].leading == a4.styles["headline"].leading


def test_an_edge_on_the_trim_stays_on_the_trim(project):
    for fmt in ("a3-poster", "a2-poster", "a1-poster", "a0-poster"):
        lay = project.layout(fmt)
        full_width = [b for b in boxes(lay) if b.x == 0]
        assert full_width and all(b.right == lay.trim_mm[0] for b in full_width), fmt
        assert max(b.bottom for b in boxes(lay)) == lay.trim_mm[1]


def test_social_formats_share_a_master_and_the_screen_extends_the_landscape(project):
    square, story, screen, land = (project.layout(f) for f in ("social-square", "social-story", "digital-screen", "social-landscape"))
    assert square.styles["number"] == story.styles["number"]
    assert story.styles["headline"].size == 66 and square.styles["headline"].size == 50
    assert screen.trim_mm == pytest.approx((480, 270)) and screen.size_px == (1920, 1080)
    assert screen.styles["number"].size == pytest.approx(land.styles["number"].size * 1.6)
    copies = [e.spec.copy for p in screen.pages for e in p.elements if e.kind == "text"]
    assert "helpline_label" in copies and "helpline_short" not in copies


def test_table_overrides_and_set_by_index_and_by_id(project_copy):
    write(
        project_copy,
        "a3-test.toml",
        'extends = "a4-poster"\nname = "T"\nformat = "a3-test"\ntrim_mm = [297, 420]\n'
        "[styles.headline]\nsize_pt = 70\n"
        '[set]\n"pages[0].elements[9].box_mm" = [20, 300, 60, 60]\n"pages[front].elements[1].valign" = "top"\n',
    )
    project = load_project(project_copy)
    lay = project.layout("a3-test")
    assert lay.styles["headline"].size == 70
    assert lay.styles["headline"].min_size == pytest.approx(22 * (297 / 210 * 420 / 297) ** 0.5)  # still inherited
    qr = lay.pages[0].elements[9]
    assert qr.kind == "qr" and (qr.spec.box.x, qr.spec.box.w) == (20, 60)
    assert lay.pages[0].elements[1].spec.valign == "top"


def test_set_by_element_id(project_copy):
    text = (project_copy / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    text = text.replace('type = "qr"\n', 'id = "qr"\ntype = "qr"\n')
    write(project_copy, "a4-poster.toml", text)
    write(project_copy, "a3-test.toml", 'extends = "a4-poster"\nformat = "a3-test"\nscale = 1.5\n[set]\n"pages[0].elements[qr].box_mm" = [20, 300, 70, 70]\n')
    lay = load_project(project_copy).layout("a3-test")
    assert lay.trim_mm == (315, 445.5)
    assert [e.spec.box.w for e in lay.pages[0].elements if e.kind == "qr"] == [70]


def test_an_inherited_value_is_reported_in_the_master_file(project_copy):
    # the derived layout is read from 3 m: the master's body style (scaled) is too small for that
    write(project_copy, "far.toml", 'extends = "a4-poster"\nformat = "far"\ntrim_mm = [420, 594]\nviewing_distance_m = 3\n')
    ps = problems_of(project_copy, "far.toml")
    p = next(p for p in ps if p.key == "styles.body.min_size_pt")
    assert p.file == "layouts/a4-poster.toml"
    assert "layouts/far.toml, which extends this file, scaled x2" in p.message
    assert "override it in layouts/far.toml" in p.hint


def test_an_overridden_value_is_reported_in_the_derived_file(project_copy):
    write(project_copy, "a3-test.toml", 'extends = "a4-poster"\nformat = "a3-test"\ntrim_mm = [297, 420]\n[set]\n"pages[0].elements[9].box_mm" = [20, 300, 30, 30]\n')
    ps = problems_of(project_copy, "a3-test.toml")
    assert [(p.file, p.key) for p in ps] == [("layouts/a3-test.toml", 'set."pages[0].elements[9].box_mm"')]
    assert "below the minimum" in ps[0].message


def test_a_fit_error_in_an_inherited_box_names_the_master(project_copy, logos):
    a4 = project_copy / "layouts" / "a4-poster.toml"
    a4.write_text(a4.read_text(encoding="utf-8").replace("box_mm = [12, 88, 186, 28.5]", "box_mm = [12, 88, 186, 6]"), encoding="utf-8")
    project = load_project(project_copy)
    with pytest.raises(InputError) as exc:
        plan_output(project.campaign, project.edition("cheshire"), project.layout("a3-poster"), "en", "self", logos)
    p = exc.value.problems[0]
    assert (p.file, p.key) == ("layouts/a4-poster.toml", "pages[0].elements[3]")
    assert "layouts/a3-poster.toml" in p.message


@pytest.mark.parametrize(
    "text, key, words",
    [
        ('extends = "a4-postr"\nformat = "x"\n', "extends", "did you mean 'a4-poster'"),
        ('extends = "x"\nformat = "x"\n', "extends", "loop"),
        ('extends = "a4-poster"\nformat = "x"\nscale = "big"\n', "scale", "must be a number"),
        ('extends = "a4-poster"\nformat = "x"\ntrim_mm = [297, 297]\n', "trim_mm", "not the shape of layouts/a4-poster.toml"),
        ('extends = "a4-poster"\nformat = "x"\n[set]\n"pages[0].elements[40].box_mm" = [1, 2, 3, 4]\n', 'set."pages[0].elements[40].box_mm"', "no entry '40'"),
        ('extends = "a4-poster"\nformat = "x"\n[set]\n"styles.headlne.size_pt" = 9\n', 'set."styles.headlne.size_pt"', "did you mean 'headline'"),
    ],
)
def test_family_mistakes_name_the_derived_file_and_key(project_copy, text, key, words):
    write(project_copy, "x.toml", text)
    ps = problems_of(project_copy, "x.toml")
    assert len(ps) == 1, [p.format() for p in ps]
    assert (ps[0].file, ps[0].key) == ("layouts/x.toml", key)
    assert words in ps[0].message + ps[0].hint
    assert ps[0].hint


def test_masters_folder_is_not_built_but_can_be_extended(project):
    assert "social" not in {lay.format for lay in project.layouts}
    full, origins = expand(project.root / "layouts" / "social-square.toml", project.root)
    assert full["styles"]["url"]["size_pt"] == 40
    assert origins.locate("styles.url.size_pt").file == "layouts/masters/social.toml"
    assert origins.locate("pages[0].elements[3].box_mm").file == "layouts/social-square.toml"


def test_sliver_at_the_trim_is_an_error_with_a_hint(project_copy):
    text = (project_copy / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    write(project_copy, "a4-poster.toml", text.replace("box_mm = [0, 146, 210, 56]", "box_mm = [0, 146, 209, 56]"))
    ps = problems_of(project_copy, "a4-poster.toml")
    assert len(ps) == 1 and ps[0].key == "pages[0].elements[5].box_mm"
    assert "right edge stops 1.00 mm short of the trim" in ps[0].message
    assert "bleed = true" in ps[0].hint


def test_an_edge_on_the_trim_without_bleed_is_an_error(project_copy):
    text = (project_copy / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    write(project_copy, "a4-poster.toml", text.replace('bleed = true\nbox_mm = [0, 258, 210, 39]', 'box_mm = [0, 258, 210, 39]'))
    ps = problems_of(project_copy, "a4-poster.toml")
    assert {p.key for p in ps} == {"pages[0].elements[14].box_mm"}
    assert any("does not run into the 3 mm bleed" in p.message and p.hint == "set bleed = true" for p in ps)


def test_a_scaled_master_slip_is_caught_in_the_derived_size(project_copy):
    # a derived layout is validated as written in full: 0.4 mm short at A4 is
    # 1.6 mm at A0, reported for every size at the master's key
    text = (project_copy / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    write(project_copy, "a4-poster.toml", text.replace("box_mm = [0, 146, 210, 56]", "box_mm = [0, 146, 209.6, 56]"))
    project = load_project(project_copy)
    files = {p.file for ps in project.layout_problems.values() for p in ps}
    assert files == {"layouts/a4-poster.toml"}
    assert set(project.layout_problems) >= {"layouts/a4-poster.toml", "layouts/a3-poster.toml", "layouts/a0-poster.toml"}
    a0 = project.layout_problems["layouts/a0-poster.toml"][0]
    assert "1.60 mm short" in a0.message and "layouts/a0-poster.toml, which extends this file" in a0.message
