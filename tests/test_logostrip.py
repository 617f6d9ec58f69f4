"""Partner logos at equal visual weight: equal area, not equal height."""

from __future__ import annotations

import math

import pytest

from posters.elements.base import Box
from posters.elements.logostrip import equal_area_layout
from posters.plan.place import plan_output


@pytest.mark.parametrize("aspects", [[3.0, 1.0], [3, 2.4, 1.2, 2, 1.6, 1.4, 2.1], [1.0], [5.0, 0.5, 1.0]])
def test_equal_area_inside_the_box(aspects):
    box = Box(10, 200, 180, 30)
    boxes = equal_area_layout([float(a) for a in aspects], box, gap=5, max_rows=2)
    areas = [b.w * b.h for b in boxes]
    assert max(areas) == pytest.approx(min(areas), rel=1e-9)
    for b, a in zip(boxes, aspects):
        assert b.w / b.h == pytest.approx(a, rel=1e-9)  # never distorted
        assert b.x >= box.x - 1e-9 and b.right <= box.right + 1e-9
        assert b.y >= box.y - 1e-9 and b.bottom <= box.bottom + 1e-9


def test_wide_logo_is_not_heavier_than_square_one():
    wide, square = equal_area_layout([3.0, 1.0], Box(0, 0, 200, 40), gap=10, max_rows=1)
    assert wide.h < square.h  # equal height would have made the wide one 3x the area
    assert wide.w * wide.h == pytest.approx(square.w * square.h)


def test_regional_strip_carries_all_seven_partners(project, logos):
    plan = plan_output(project.campaign, project.edition("regional"), project.layout("a4-poster"), "en", "self", logos)
    placed = [p for p in plan.pages[0].elements if p.kind == "logo_strip"]
    owners = [p.content.owner for p in placed]
    assert len(placed) == 7 and owners[-1] == "The Lucy Faithfull Foundation"
    # equal area, except a logo lifted to its partner's minimum width
    areas = [p.box.w * p.box.h for p in placed if p.box.w > p.content.rule.min_width_mm + 1e-6]
    assert len(areas) >= 5 and max(areas) / min(areas) == pytest.approx(1.0, abs=1e-6)
    assert not any(math.isclose(placed[0].box.h, p.box.h) for p in placed[1:] if abs(p.content.logo.aspect - placed[0].content.logo.aspect) > 0.1)


@pytest.mark.parametrize("fmt", ["wallet-card", "a5-flyer", "dl-leaflet", "a4-poster", "social-landscape", "digital-screen"])
@pytest.mark.parametrize("edition,lang", [("regional", "cy-en"), ("north-wales", "cy-en"), ("merseyside", "en")])
def test_no_logo_prints_below_its_partners_minimum(project, logos, fmt, edition, lang):
    from posters import fonts
    from posters.verify.plan_checks import check_sizes

    fonts.register_all()
    plan = plan_output(project.campaign, project.edition(edition), project.layout(fmt), lang, "family", logos)
    placed = [p for page in plan.pages for p in page.elements if p.kind in ("logo", "logo_strip")]
    assert len(placed) == len(project.edition(edition).forces) + 1
    for p in placed:
        assert p.box.w >= p.content.rule.min_width_mm - 1e-9, (p.content.owner, p.box.w)
    assert check_sizes(plan) == []


def test_minimums_and_clear_space_are_kept_in_a_strip():
    from posters.elements.logostrip import Item, strip_layout

    items = [Item(3.0, 25, 1.5), Item(1.2, 10, 1.5), Item(2.0, 18, 3.0)]
    boxes = strip_layout(items, Box(0, 0, 80, 12), gap=1, max_rows=1)
    assert [round(b.w, 6) >= it.min_w for b, it in zip(boxes, items)] == [True] * 3
    assert boxes[1].x - boxes[0].right >= 1.5 - 1e-9 and boxes[2].x - boxes[1].right >= 3.0 - 1e-9
    assert strip_layout(items, Box(0, 0, 50, 12), gap=1, max_rows=1) is None  # 53 mm of minimums and gaps


def test_a_strip_that_cannot_keep_the_minimums_fails_with_the_ways_out(project, logos):
    import dataclasses

    lay = project.layout("wallet-card")
    back = lay.pages[1]
    entry = next(e for e in back.elements if e.kind == "logo_strip")
    squeezed = dataclasses.replace(entry, spec=dataclasses.replace(entry.spec, box=Box(5, 39, 75, 11)))  # the old strip under the number
    elements = tuple(squeezed if e is entry else e for e in back.elements)
    lay = dataclasses.replace(lay, pages=(lay.pages[0], dataclasses.replace(back, elements=elements)))
    with pytest.raises(Exception) as exc:
        plan_output(project.campaign, project.edition("regional"), lay, "en", "self", logos)
    (problem,) = exc.value.problems
    assert "the 7 logos cannot all print at their minimum widths in a 75 x 11 mm strip" in problem.message
    assert "North Wales Police alone needs 25 mm" in problem.message
    assert 'partners = "forces"' in problem.hint and "max_rows = 3" in problem.hint and "other side of the card" in problem.hint


def test_plan_check_catches_a_shrunk_logo_and_a_crowded_one(project, logos):
    from posters import fonts
    from posters.verify.plan_checks import check_sizes

    fonts.register_all()
    plan = plan_output(project.campaign, project.edition("cumbria"), project.layout("a4-poster"), "en", "self", logos)
    logo = next(p for p in plan.pages[0].elements if p.kind == "logo_strip")
    logo.box = Box(logo.box.x, logo.box.y, 8.0, 8.0 / logo.content.logo.aspect)
    found = [f.message for f in check_sizes(plan)]
    assert any("prints 8.0 mm wide; Cumbria Constabulary asks for at least 11 mm [logo]" in m for m in found)
    other = next(p for p in plan.pages[0].elements if p.kind == "logo_strip" and p is not logo)
    logo.box = Box(other.box.x - 9.0, other.box.y, 8.5, 4)  # 0.5 mm from the charity's logo
    found = [f.message for f in check_sizes(plan)]
    assert any("is 0.5 mm from the logo of" in m and "inside its 1.5 mm clear space" in m for m in found)
