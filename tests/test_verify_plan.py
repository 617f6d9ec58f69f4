"""Plan checks (safe zone, sizes for distance, contrast): each passes on a real
plan and fails, with its own message, on a plan broken on purpose."""

from __future__ import annotations

from dataclasses import replace

import pytest

from posters import fonts
from posters.colours import Colour
from posters.elements.base import Box
from posters.elements.logo import Artwork
from posters.elements.shape import Fill
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
    logo = next(p for p in plan.pages[0].elements if isinstance(p.content, Artwork))
    logo.box = Box(logo.box.x, plan.layout.trim_mm[1] - logo.box.h - 1, logo.box.w, logo.box.h)
    findings = check_safe_zone(plan)
    assert findings and "logo" in findings[0].message and "1.0 mm from the bottom edge" in findings[0].message


def test_text_fitted_below_the_distance_minimum_fails(plan):
    body = next(p for p in plan.pages[0].elements if p.kind == "text")
    body.content.fitted = replace(body.content.fitted, size=9.0)
    [f] = check_sizes(plan)
    assert f.check == "sizes" and "is set at 9 pt" in f.message and "at least 12 pt" in f.message


def test_larger_viewing_distance_raises_the_minimum(project, logos):
    fonts.register_all()
    a1 = project.layout("a1-poster")
    plan = plan_output(project.campaign, project.edition("cumbria"), a1, "en", "self", logos)
    assert a1.min_text_pt > 12
    text = next(p for p in plan.pages[0].elements if p.kind == "text")
    text.content.fitted = replace(text.content.fitted, size=13.0)
    assert any(f"at least {a1.min_text_pt:g} pt" in f.message for f in check_sizes(plan))


def test_small_qr_fails_for_its_scan_distance(plan):
    qr = _first(plan, "qr")
    qr.box = Box(qr.box.x, qr.box.y, 20.0, 20.0)
    rules = {f.message.rsplit("[", 1)[1].rstrip("]"): f for f in check_sizes(plan)}
    assert set(rules) == {"symbol", "camera"}  # 0.54 mm modules are still above the 0.4 mm hand-held floor
    assert "the QR symbol is 15.7 mm wide without its quiet zone; scanned from 0.4 m it must be at least 40 mm" in rules["symbol"].message
    assert "gets 1.25 px per module; phones need 2.5" in rules["camera"].message


@pytest.mark.parametrize(
    "modules,module_mm,distance,failed",
    [
        (29, 1.4, 0.4, set()),  # the A4 poster as shipped
        (29, 1.2, 0.4, {"symbol"}),  # 34.8 mm symbol, still 2.8 px a module
        (57, 0.75, 0.4, {"camera"}),  # a version-10 code: symbol 42.8 mm but 1.7 px a module
        (21, 0.38, 0.07, {"module"}),  # a tiny code read from very close
        (29, 0.9, 1.0, {"module", "symbol", "camera"}),  # scanned from a metre: 1 mm modules
        (29, 10.54, 3.0, set()),  # the 6-sheet from 3 m
    ],
)
def test_each_qr_rule_is_reported_on_its_own(modules, module_mm, distance, failed):
    from posters.verify import scanning

    assert {f.rule for f in scanning.check(modules, module_mm, distance)} == failed


def test_camera_assumption_is_a_26mm_lens():
    from posters.verify import scanning

    assert round(scanning.FOV_DEG, 1) == 69.4
    assert round(scanning.frame_width_mm(1.0)) == 1385
    assert round(scanning.px_per_module(1.0, 0.4), 2) == 2.31


def test_six_sheet_is_read_from_three_metres(project, logos):
    fonts.register_all()
    six = project.layout("6-sheet")
    assert six.scan_distance_m == six.viewing_distance_m == 3.0
    plan = plan_output(project.campaign, project.edition("regional"), six, "en", "self", logos)
    qr = _first(plan, "qr")
    assert qr.content.modules * qr.content.module_mm >= 300
    assert check_sizes(plan) == []


def test_missing_quiet_zone_and_weak_error_correction_fail(plan):
    qr = _first(plan, "qr")
    qr.content.quiet = 1
    qr.content.ec = "L"
    messages = [f.message for f in check_sizes(plan)]
    assert any("quiet zone) of 1 modules" in m for m in messages)
    assert any("error correction L" in m for m in messages)


def test_pale_text_on_white_fails_contrast(plan):
    # the helpline label sits on the signal band; put pale grey text there instead
    label = next(p for p in plan.pages[0].elements if p.kind == "helpline")
    label.content.colour = Colour("pale-grey", (0, 0, 0, 0.2), (210, 210, 210))
    [f] = check_contrast(plan)
    assert f.check == "contrast"
    assert "pale-grey (#d2d2d2)" in f.message and "below the 3:1 needed for large text" in f.message


def test_background_is_worked_out_from_the_shapes_under_the_text(plan):
    # recolour the band under the helpline to the helpline's own ink: unreadable
    els = plan.pages[0].elements
    helpline = next(p for p in els if p.kind == "helpline")
    idx = els.index(helpline)
    band = next(p for p in reversed(els[:idx]) if isinstance(p.content, Fill) and p.box.y <= helpline.box.y and p.box.bottom >= helpline.box.bottom)
    band.content.colour = Colour("dark-band", (0, 0, 0, 0.9), (40, 40, 40))
    findings = check_contrast(plan)
    assert any("on dark-band (#282828)" in f.message and "0808 1000 900" in f.message for f in findings)


def test_wcag_large_text_thresholds():
    assert required_ratio(12, "regular") == 4.5
    assert required_ratio(18, "regular") == 3.0
    assert required_ratio(14, "bold") == 3.0 and required_ratio(14, "semibold") == 4.5
    assert is_large(14, "black") and not is_large(13.5, "black")
