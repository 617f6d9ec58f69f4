"""The `line`, `panel` and `icon` elements: refused with the file and key when
wrong, drawn as vectors in the right CMYK (100 % K strokes overprinting),
kept clear of the trim as their kind needs, and movable in the studio."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from starlette.testclient import TestClient

from posters.batch import Job, make_output
from posters.errors import InputError
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project
from posters.plan.place import plan_output
from posters.render.pdf import render_pdf
from posters.render.png import rasterise
from posters.verify.contrast import check_contrast
from posters.verify.plan_checks import check_safe_zone

from conftest import give_code

FMT = "shape-test"
# drawn after everything else, in the space under the A4 poster's body copy
SHAPES = '''
[[pages.elements]]
type = "panel"
box_mm = [12, 100, 60, 16]
fill = "mist"
stroke = "ink"
stroke_width_pt = 2
radius_mm = 5

[[pages.elements]]
type = "line"
box_mm = [80, 107, 100, 2]
colour = "ink"
width_pt = 1.5

[[pages.elements]]
type = "icon"
file = "assets/icons/lock.svg"
box_mm = [184, 100, 14, 14]

[[pages.elements]]
type = "icon"
file = "assets/icons/phone.svg"
box_mm = [184, 120, 14, 14]
colour = "night"
'''
PANEL, LINE, LOCK, PHONE = (f"pages[0].elements[{i}]" for i in range(16, 20))


def shape_layout(proj, extra: str = SHAPES, base: str = "a4-poster", scope: str = 'editions = ["cheshire"]\nlanguages = ["en"]\n') -> None:
    text = (proj / "layouts" / f"{base}.toml").read_text(encoding="utf-8")
    text = text.replace(f'format = "{base}"', f'format = "{FMT}"\n{scope}', 1)
    (proj / "layouts" / f"{FMT}.toml").write_text(text + extra, encoding="utf-8")
    give_code(proj, FMT, "zs", like=base)


def problems_of(proj) -> list:
    project = load_project(proj)
    return [p for f, ps in project.layout_problems.items() if f.endswith(f"{FMT}.toml") for p in ps]


def plan_of(proj, edition="cheshire", lang="en"):
    project = load_project(proj)
    assert not project.layout_problems, project.layout_problems
    return plan_output(project.campaign, project.edition(edition), project.layout(FMT), lang, "self", LogoStore())


def ops(pdf: bytes) -> list[tuple[str, list]]:
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for operands, op in pikepdf.parse_content_stream(doc.pages[0]):
            out.append((str(op), [float(v) if isinstance(v, (int, float)) or type(v).__name__ == "Decimal" else v for v in operands]))
    return out


def test_the_three_kinds_build_with_every_check_passing(project_copy):
    shape_layout(project_copy)
    made = make_output(load_project(project_copy), LogoStore(), Job("cheshire", FMT, "en", "self"))
    assert not [f for f in made.findings if f.severity == "error"], [f.message for f in made.findings]
    kinds = [(p.key, p.kind) for p in made.plan.pages[0].elements if p.key in (PANEL, LINE, LOCK, PHONE)]
    assert kinds == [(PANEL, "panel"), (LINE, "line"), (LOCK, "icon"), (PHONE, "icon")]


def test_drawn_where_planned_in_the_palette_colours(project_copy):
    shape_layout(project_copy)
    plan = plan_of(project_copy)
    pdf = render_pdf(plan)
    dpi = 150
    im = rasterise(pdf, 0, dpi=dpi).convert("RGB")
    g = plan.geometry
    k = dpi / 25.4

    def at(x, y):
        px, py = g.from_page_top(x, y, 0, 0)[:2]
        return im.getpixel((round(px * k), round(py * k)))

    def near(a, b, tol=40):
        return all(abs(u - v) <= tol for u, v in zip(a, b))

    force = at(6, 96)  # the page's background, as printed (from its CMYK)
    # the panel: mist inside, an ink outline along its edge, the page's colour beyond its rounded corner
    assert near(at(42, 108), (230, 235, 240), 25), at(42, 108)
    assert sum(at(42, 100.2)) < 150  # the 2 pt outline, inside the box's top edge
    assert near(at(12.3, 100.3), force), (at(12.3, 100.3), force)  # cut off by the 5 mm corner
    assert not near(at(42, 108), force)
    # the 1.5 pt line through the middle of its box, and nothing a millimetre off it
    assert sum(at(130, 108)) < 150 and near(at(130, 106.8), force)
    # the one-colour icon is night, not the ink it was drawn in
    night = plan.palette["night"].srgb
    assert near(at(191, 132.4), night, 45), at(191, 132.4)  # the phone's round button
    assert not near(night, force, 45)


def test_print_file_holds_vectors_in_cmyk_and_black_strokes_overprint(project_copy):
    shape_layout(project_copy)
    plan = plan_of(project_copy)
    pdf = render_pdf(plan)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        images = [x for _, x in (page.Resources.get("/XObject") or {}).items() if x.get("/Subtype") == "/Image"]
        states = {str(n): dict(v.items()) for n, v in (page.Resources.get("/ExtGState") or {}).items()}
    assert len(images) == 0  # panel, line and icons are paths, not pictures
    seq = ops(pdf)
    names = [o for o, _ in seq]
    assert "RG" not in names and "rg" not in names  # no RGB anywhere in a print file
    # the 1.5 pt line: 100 % K stroke, with overprint on (OP and OPM 1) before it is stroked
    i = next(i for i, (o, a) in enumerate(seq) if o == "w" and a == [1.5])
    j = next(j for j in range(i, len(seq)) if seq[j][0] == "S")
    between = seq[i:j]
    assert ("K", [0.0, 0.0, 0.0, 1.0]) in between
    gs = [states["/" + str(a[0]).lstrip("/")] for o, a in between if o == "gs"]
    assert any(d.get("/OP") is True for d in gs) and any(int(d.get("/OPM", 0)) == 1 for d in gs)
    # the panel's mist fill in its own CMYK (8/3/0/6), and the phone in night's (90/70/20/70)
    assert ("k", [0.08, 0.03, 0.0, 0.06]) in seq
    assert ("k", [0.9, 0.7, 0.2, 0.7]) in seq and ("K", [0.9, 0.7, 0.2, 0.7]) in seq
    # the lock is drawn in #1a1a1a, the palette's ink, so it prints as ink's own 100 % K
    assert seq.count(("k", [0.0, 0.0, 0.0, 1.0])) >= 1


def test_screen_files_draw_them_in_srgb(project_copy):
    shape_layout(project_copy, base="social-square", scope='editions = ["cheshire"]\nlanguages = ["en"]\n', extra=SHAPES.replace("[184, 120, 14, 14]", "[150, 120, 14, 14]").replace("[184, 100, 14, 14]", "[150, 100, 14, 14]").replace("[80, 107, 100, 2]", "[80, 107, 60, 2]"))
    plan = plan_of(project_copy)
    seq = ops(render_pdf(plan))
    names = [o for o, _ in seq]
    assert "K" not in names and "k" not in names and "RG" in names
    night = [v / 255 for v in plan.palette["night"].srgb]
    assert any(o == "rg" and all(abs(a - b) < 1e-3 for a, b in zip(args, night)) for o, args in seq)


@pytest.mark.parametrize(
    "element, key, words, hint",
    [
        ('type = "line"\nbox_mm = [20, 100, 100, 2]\ncolour = "ink"\nwidth_pt = 0.1', "width_pt", "thinner than a hairline (0.25 pt)", "0.25 pt or more"),
        ('type = "line"\nbox_mm = [20, 100, 100, 0.2]\ncolour = "ink"\nwidth_pt = 2', "box_mm", "less than the 2 pt", "at least 0.71 mm high"),
        ('type = "line"\nbox_mm = [1, 100, 100, 2]\ncolour = "ink"', "box_mm", "left edge stops 1.00 mm short of the trim", "set bleed = true"),
        ('type = "line"\nbox_mm = [20, 100, 100, 2]\ncolour = "inky"', "colour", "'inky' is not a known colour", "did you mean 'ink'?"),
        ('type = "line"\nbox_mm = [20, 100, 100, 2]\ncolour = "ink"\ndirection = "sideways"', "direction", "'sideways' is not allowed", "across, down"),
        ('type = "panel"\nbox_mm = [20, 100, 100, 20]', "", "a panel needs a fill, an outline, or both", 'fill = "mist"'),
        ('type = "panel"\nbox_mm = [20, 100, 100, 20]\nfill = "mist"\nradius_mm = 12', "radius_mm", "more than half the panel's 20 mm side", "at most 10 mm"),
        ('type = "panel"\nbox_mm = [1, 100, 100, 20]\nfill = "mist"', "box_mm", "left edge is 1.00 mm from the trim", "use a rect with bleed = true"),
        ('type = "panel"\nbox_mm = [20, 100, 100, 20]\nfill = "mist"\nstroke_width_pt = 2', "stroke_width_pt", "no outline", 'add stroke = "ink"'),
        ('type = "panel"\nbox_mm = [20, 100, 100, 20]\nstroke = "ink"\nstroke_width_pt = 0.2', "stroke_width_pt", "thinner than a hairline", "0.25 pt or more"),
        ('type = "icon"\nbox_mm = [20, 100, 14, 14]\nfile = "assets/images/texture.jpg"', "file", "is not an SVG file", "export it as SVG"),
        ('type = "icon"\nbox_mm = [20, 100, 14, 14]\nfile = "assets/icons/nope.svg"', "file", "not found", ""),
        ('type = "icon"\nbox_mm = [20, 100, 14, 14]\nfile = "../outside.svg"', "file", "leaves its folder", ""),
        ('type = "icon"\nbox_mm = [3, 100, 14, 14]\nfile = "assets/icons/lock.svg"', "box_mm", "within the 10 mm safe margin", "keep content between 10"),
    ],
)
def test_a_wrong_element_names_the_file_and_key(project_copy, element, key, words, hint):
    shape_layout(project_copy, extra=f"\n[[pages.elements]]\n{element}\n")
    probs = problems_of(project_copy)
    want = "pages[0].elements[16]" + (f".{key}" if key else "")
    found = [p for p in probs if p.key == want and words in p.message]
    assert found, [(p.key, p.message) for p in probs]
    assert found[0].file == f"layouts/{FMT}.toml" and hint in found[0].hint


def test_line_and_panel_may_sit_in_the_safe_margin_an_icon_may_not(project_copy):
    extra = SHAPES.replace("[12, 100, 60, 16]", "[3, 100, 60, 16]").replace("[80, 107, 100, 2]", "[3, 118, 204, 2]")
    shape_layout(project_copy, extra=extra)
    plan = plan_of(project_copy)
    assert not check_safe_zone(plan)
    icon = next(p for p in plan.pages[0].elements if p.key == LOCK)
    icon.box = type(icon.box)(200, icon.box.y, icon.box.w, icon.box.h)  # as if placed into the margin
    (f,) = check_safe_zone(plan)
    assert f.message.startswith("the icon assets/icons/lock.svg (pages[0].elements[18])") and "from the right edge" in f.message


def test_a_line_with_bleed_runs_on_into_the_bleed_at_its_ends_only(project_copy):
    shape_layout(project_copy, extra='\n[[pages.elements]]\ntype = "line"\nbox_mm = [0, 118, 210, 2]\ncolour = "ink"\nbleed = true\n')
    plan = plan_of(project_copy)
    (line,) = [p for p in plan.pages[0].elements if p.key == PANEL]
    assert (line.box.x, line.box.right, line.box.y, line.box.h) == (-3, 213, 118, 2)


def test_text_on_a_panel_is_judged_against_the_panel(project_copy):
    # the helpline band (ink label on signal) as a night panel: the ink label becomes unreadable, and is reported on night
    text = (project_copy / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    band = 'type = "rect"\ncolour = "signal"\nbleed = true\nbox_mm = [0, 146, 210, 56]'
    assert band in text
    shape_layout(project_copy, extra="")
    p = project_copy / "layouts" / f"{FMT}.toml"
    p.write_text(p.read_text(encoding="utf-8").replace(band, 'type = "panel"\nfill = "night"\nbox_mm = [4, 146, 202, 56]\nradius_mm = 4'), encoding="utf-8")
    found = check_contrast(plan_of(project_copy))
    assert any("(pages[0].elements[6])" in f.message and "on night" in f.message for f in found), [f.message for f in found]
    p.write_text(p.read_text(encoding="utf-8").replace('fill = "night"', 'fill = "signal"'), encoding="utf-8")
    assert not check_contrast(plan_of(project_copy))


def _icon_file(proj, svg: str):
    (proj / "assets" / "icons" / "bad.svg").write_text(svg, encoding="utf-8")
    shape_layout(proj, extra='\n[[pages.elements]]\ntype = "icon"\nfile = "assets/icons/bad.svg"\nbox_mm = [184, 100, 14, 14]\n')


@pytest.mark.parametrize(
    "svg, words, hint",
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>', "has a <script> element", "vector shapes only"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" opacity="0.5"/></svg>', "partly see-through (opacity 0.5", "use solid colours"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text font-family="Arial">A</text></svg>', "live text set in 'Arial'", "outline the text"),
        ('<!DOCTYPE svg [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"/>', "entity bomb", "without a DOCTYPE"),
    ],
)
def test_an_unsafe_or_unprintable_icon_is_refused_naming_the_icon_file(project_copy, svg, words, hint):
    _icon_file(project_copy, svg)
    with pytest.raises(InputError) as exc:
        make_output(load_project(project_copy), LogoStore(), Job("cheshire", FMT, "en", "self"))
    p = exc.value.problems[0]
    assert p.file == "assets/icons/bad.svg" and p.message.startswith("the icon ") and words in p.message, p
    assert hint in p.hint


def test_the_studio_lists_and_moves_each_kind(project_copy):
    from posters.web.app import create_app

    shape_layout(project_copy)
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    job = {"edition": "cheshire", "layout": FMT, "lang": "en", "message": "self"}
    els = {e["key"]: e for e in client.get("/api/plan", params=job).json()["pages"][0]}
    for key, kind, what in ((PANEL, "panel", "the panel"), (LINE, "line", "the 1.5 pt line"), (LOCK, "icon", "the icon assets/icons/lock.svg")):
        e = els[key]
        assert (e["kind"], e["what"], e["movable"]) == (kind, what, True) and "box_mm" in e["editable"]
    r = client.post("/api/edit", json={**job, "op": "box", "key": LINE, "box_mm": [80, 111, 100, 2]})
    assert r.status_code == 200, r.text
    text = (project_copy / "layouts" / f"{FMT}.toml").read_text(encoding="utf-8")
    assert re.search(r'type = "line"\nbox_mm = \[80, 111, 100, 2\]', text)
