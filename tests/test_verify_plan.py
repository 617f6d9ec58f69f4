"""Plan checks (safe zone, sizes for distance, contrast): each passes on a real
plan and fails, with its own message, on a plan broken on purpose."""

from __future__ import annotations

from dataclasses import replace

import pytest

from posters import fonts
from posters.colours import Colour
from posters.elements.base import Box
from posters.plan.place import plan_output
from posters.verify.contrast import check_contrast, is_large, required_ratio
from posters.verify.plan_checks import check_safe_zone, check_sizes
from posters.verify.run import verify_plan


@pytest.fixture()
def plan(project, logos):
    """A fresh plan each test, so breaking it in place touches nothing else."""
    fonts.register_all()
    return plan_output(project.campaign, project.edition("cumbria"), project.layout("a4-poster"), "en", "self", logos)


def _first(plan, kind):
    return next(p for p in plan.pages[0].elements if p.kind == kind)


@pytest.mark.parametrize("fmt", ["a4-poster", "a3-poster", "a2-poster", "a1-poster"])
@pytest.mark.parametrize("edition,lang", [("regional", "cy-en"), ("north-wales", "cy-en"), ("merseyside", "en")])
def test_shipped_plans_pass_every_plan_check(project, logos, fmt, edition, lang):
    fonts.register_all()
    plan = plan_output(project.campaign, project.edition(edition), project.layout(fmt), lang, "family", logos)
    v = verify_plan(plan)
    assert v.ran == ["safe-zone", "sizes", "contrast"]
    assert v.findings == []


def test_qr_in_the_safe_margin_fails(plan):
    qr = _first(plan, "qr")
    qr.box = Box(2.0, qr.box.y, qr.box.w, qr.box.h)
    [f] = check_safe_zone(plan)
    assert f.check == "safe-zone" and f.severity == "error"
    assert "the QR code" in f.message and "2.0 mm from the left edge" in f.message and "may be cut off" in f.message


def test_logo_in_the_safe_margin_fails(plan):
    logo = next(p for p in plan.pages[0].elements if p.role == "logo")
    logo.box = Box(logo.box.x, plan.layout.trim_mm[1] - logo.box.h - 1, logo.box.w, logo.box.h)
    findings = check_safe_zone(plan)
    assert findings and "logo" in findings[0].message and "1.0 mm from the bottom edge" in findings[0].message


def test_text_fitted_below_the_distance_minimum_fails(plan):
    body = next(p for p in plan.pages[0].elements if p.kind == "text")
    body.data["fitted"] = replace(body.data["fitted"], size=9.0)
    [f] = check_sizes(plan)
    assert f.check == "sizes" and "is set at 9 pt" in f.message and "at least 12 pt" in f.message


def test_larger_viewing_distance_raises_the_minimum(project, logos):
    fonts.register_all()
    a1 = project.layout("a1-poster")
    plan = plan_output(project.campaign, project.edition("cumbria"), a1, "en", "self", logos)
    assert a1.min_text_pt > 12
    text = next(p for p in plan.pages[0].elements if p.kind == "text")
    text.data["fitted"] = replace(text.data["fitted"], size=13.0)
    assert any(f"at least {a1.min_text_pt:g} pt" in f.message for f in check_sizes(plan))


def test_small_qr_fails_for_its_scan_distance(plan):
    qr = _first(plan, "qr")
    qr.box = Box(qr.box.x, qr.box.y, 20.0, 20.0)
    [f] = check_sizes(plan)
    assert "the QR code is 20.0 mm wide" in f.message and f"at least {plan.layout.min_qr_mm:g} mm" in f.message


def test_missing_quiet_zone_and_weak_error_correction_fail(plan):
    qr = _first(plan, "qr")
    qr.data["quiet"] = 1
    qr.data["ec"] = "L"
    messages = [f.message for f in check_sizes(plan)]
    assert any("quiet zone) of 1 modules" in m for m in messages)
    assert any("error correction L" in m for m in messages)


def test_pale_text_on_white_fails_contrast(plan):
    # the helpline label sits on the signal band; put pale grey text there instead
    label = next(p for p in plan.pages[0].elements if p.kind == "helpline")
    label.data["colour"] = Colour("pale-grey", (0, 0, 0, 0.2), (210, 210, 210))
    [f] = check_contrast(plan)
    assert f.check == "contrast"
    assert "pale-grey (#d2d2d2)" in f.message and "below the 3:1 needed for large text" in f.message


def test_background_is_worked_out_from_the_shapes_under_the_text(plan):
    # recolour the band under the helpline to the helpline's own ink: unreadable
    els = plan.pages[0].elements
    helpline = next(p for p in els if p.kind == "helpline")
    idx = els.index(helpline)
    band = next(p for p in reversed(els[:idx]) if p.role == "shape" and p.box.y <= helpline.box.y and p.box.bottom >= helpline.box.bottom)
    band.data["colour"] = Colour("dark-band", (0, 0, 0, 0.9), (40, 40, 40))
    findings = check_contrast(plan)
    assert any("on dark-band (#282828)" in f.message and "0808 1000 900" in f.message for f in findings)


def test_wcag_large_text_thresholds():
    assert required_ratio(12, "regular") == 4.5
    assert required_ratio(18, "regular") == 3.0
    assert required_ratio(14, "bold") == 3.0 and required_ratio(14, "semibold") == 4.5
    assert is_large(14, "black") and not is_large(13.5, "black")
