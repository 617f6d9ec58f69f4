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
    placed = [p for p in plan.pages[0].elements if p.role == "logo"]
    owners = [p.data["owner"] for p in placed]
    assert len(placed) == 7 and owners[-1] == "The Lucy Faithfull Foundation"
    areas = [p.box.w * p.box.h for p in placed]
    assert max(areas) / min(areas) == pytest.approx(1.0, abs=1e-6)
    assert not any(math.isclose(placed[0].box.h, p.box.h) for p in placed[1:] if abs(p.data["logo"].aspect - placed[0].data["logo"].aspect) > 0.1)
