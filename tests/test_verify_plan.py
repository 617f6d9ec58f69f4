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
    assert v.ran == ["safe-zone", "sizes", "contrast", "resolution"]
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
    assert "pale-grey (CMYK 0/0/0/20, prints as about #d9d9d8)" in f.message and "below the 3:1 needed for large text" in f.message


def test_background_is_worked_out_from_the_shapes_under_the_text(plan):
    # recolour the band under the helpline to the helpline's own ink: unreadable
    els = plan.pages[0].elements
    helpline = next(p for p in els if p.kind == "helpline")
    idx = els.index(helpline)
    band = next(p for p in reversed(els[:idx]) if isinstance(p.content, Fill) and p.box.y <= helpline.box.y and p.box.bottom >= helpline.box.bottom)
    band.content.colour = Colour("dark-band", (0, 0, 0, 0.9), (40, 40, 40))
    findings = check_contrast(plan)
    assert any("on dark-band (CMYK 0/0/0/90, prints as about" in f.message and "0808 1000 900" in f.message for f in findings)


def _with_primary(project, colour):
    """The cumbria edition with its primary colour replaced (as a loader that skipped the match check would give it)."""
    edition = project.edition("cumbria")
    force = edition.forces[0]
    return replace(edition, forces=(replace(force, colours={**force.colours, "force.primary": colour}),))


# cmyk yellow, srgb blue: a colour the loader now refuses, given straight to the plan to
# show what the contrast check judges by
YELLOW_THAT_CLAIMS_BLUE = Colour("force.primary", (0.0, 0.0, 1.0, 0.0), (0x00, 0x57, 0xB8))


def test_print_contrast_is_judged_from_the_cmyk_painted(project, logos):
    fonts.register_all()
    plan = plan_output(project.campaign, _with_primary(project, YELLOW_THAT_CLAIMS_BLUE), project.layout("a4-poster"), "en", "self", logos)
    findings = check_contrast(plan)
    assert findings, "white text on a band printed yellow must fail, whatever its sRGB says"
    assert any("on force.primary (CMYK 0/0/100/0, prints as about #ffee00)" in f.message for f in findings)


def test_screen_contrast_is_judged_from_the_srgb_painted(project, logos):
    fonts.register_all()
    plan = plan_output(project.campaign, _with_primary(project, YELLOW_THAT_CLAIMS_BLUE), project.layout("social-square"), "en", "self", logos)
    assert not [f for f in check_contrast(plan) if "force.primary" in f.message]


def test_print_contrast_goes_through_the_printers_profile(plan):
    """A press that prints every colour dark: black on the yellow band is unreadable there, though fine by the default."""
    from icc_profiles import cmyk_profile, naive_lab

    from posters.appearance import PrinterProfile

    def muddy(c, m, y, k):
        L, a, b = naive_lab(c, m, y, k)
        return (L, a, b) if (c, m, y, k) == (0, 0, 0, 0) else (L * 0.35, a * 0.3, b * 0.3)

    assert check_contrast(plan) == []
    findings = check_contrast(plan, PrinterProfile(cmyk_profile(muddy)))
    assert any("0808 1000 900" in f.message and "on signal (CMYK 0/20/100/0" in f.message for f in findings)


def test_printed_appearance_of_process_colours():
    """The stated default method gives the press colours it claims (ISO 12647-2 aims, relative to paper)."""
    from posters.appearance import delta_e2000, matching_cmyk, model_lab, printed_srgb, srgb_to_lab

    assert printed_srgb((0, 0, 0, 0)) == (255, 255, 255)
    # in gamut, the sRGB shown is the predicted print colour (process cyan lies outside sRGB, so not it)
    assert delta_e2000(model_lab((0.2, 0.1, 0.3, 0.1)), srgb_to_lab(printed_srgb((0.2, 0.1, 0.3, 0.1)))) < 1
    r, g, b = printed_srgb((0, 0, 1, 0))
    assert r > 240 and g > 220 and b < 40  # process yellow
    assert max(printed_srgb((0, 0, 0, 1))) < 60  # solid black
    # the suggestion for a colour prints within a small difference of it
    assert delta_e2000(model_lab(tuple(v / 100 for v in matching_cmyk((0x00, 0x57, 0xB8)))), srgb_to_lab((0x00, 0x57, 0xB8))) < 2


def test_ciede2000_reference_pairs():
    """Pairs from Sharma, Wu and Dalal's CIEDE2000 test data."""
    from posters.appearance import delta_e2000

    assert delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert delta_e2000((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514)) == pytest.approx(0.9082, abs=1e-4)


def test_wcag_large_text_thresholds():
    assert required_ratio(12, "regular") == 4.5
    assert required_ratio(18, "regular") == 3.0
    assert required_ratio(14, "bold") == 3.0 and required_ratio(14, "semibold") == 4.5
    assert is_large(14, "black") and not is_large(13.5, "black")


def test_a_finding_written_out_has_every_field():
    # written field by field for speed; a field added to Finding must reach the manifest too
    from dataclasses import asdict

    from posters.verify.findings import Finding

    f = Finding("qr", "error", "the code cannot be read", "enlarge it", page=2)
    assert f.as_dict() == asdict(f)
