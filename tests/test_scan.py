"""Scan test: every format's QR code, photographed by the camera model
(posters.verify.camera) at its layout's declared scan distance, with every
degradation at once (distance jitter, tilt, rotation, uneven light, contrast
loss, blur, noise, JPEG), decodes to exactly its link at least 95 % of the time.

Fixed seeds: the same shots every run. The README's table comes from
benchmarks/scan_rates.py, which runs the same model with more shots.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from conftest import ROOT

from posters import fonts
from posters.batch import Job, make_output
from posters.inputs.project import load_project
from posters.verify import camera
from posters.verify.qr_readback import plan_regions

SHOTS = 40
SEED = 2026
TARGET = 0.95
OLD_TRACKING = {"utm_source": "{edition}", "utm_medium": "{format}", "utm_campaign": "{campaign}", "utm_content": "{message}"}


def _qr(project, logos, fmt, campaign=None):
    fonts.register_all()
    if campaign is not None:
        project = dataclasses.replace(project, campaign=campaign)
    m = make_output(project, logos, Job("regional", fmt, "cy-en", "family"), verify=False)
    (region,) = plan_regions(m.plan)
    qr = next(p for page in m.plan.pages for p in page.elements if p.kind == "qr")
    return m.files[next(iter(m.files))], region, qr, m.plan


# every layout in the project, so a new format is scanned as soon as it exists
FORMATS = [lay.format for lay in load_project(ROOT).layouts]


def test_every_shipped_format_is_here():
    assert len(FORMATS) >= 12 and {"wallet-card", "6-sheet", "social-story"} <= set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_phone_reads_the_code_at_its_declared_distance(project, logos, fmt):
    pdf, region, qr, plan = _qr(project, logos, fmt)
    ok, n = camera.scan_rate(pdf, region, qr.box.w, plan.layout.scan_distance_m, plan.payload, SHOTS, SEED)
    assert ok >= TARGET * n, f"{fmt}: {ok}/{n} shots decoded"


def test_the_camera_model_can_fail_a_code(project, logos):
    """The old payload (four utm_* parameters, version 7 for this edition) in the wallet card's
    square: same camera, same seed, well under the target."""
    old = dataclasses.replace(project.campaign, attribution=None, tracking=OLD_TRACKING)
    pdf, region, qr, plan = _qr(project, logos, "wallet-card", old)
    assert qr.content.modules >= 45  # version 7 or more
    ok, n = camera.scan_rate(pdf, region, qr.box.w, plan.layout.scan_distance_m, plan.payload, SHOTS, SEED)
    assert ok < 0.8 * n


def test_shots_are_repeatable(project, logos):
    pdf, region, qr, plan = _qr(project, logos, "a4-poster")
    printed = camera.printed_area(pdf, region, qr.box.w)
    images = []
    for _ in range(2):
        rng = random.Random(SEED)
        shot = camera.random_shot(rng, plan.layout.scan_distance_m)
        images.append(camera.Camera(SEED).photograph(printed, qr.box.w, shot, rng).tobytes())
    assert images[0] == images[1]


def test_scale_follows_the_lens_and_distance(project, logos):
    """At the declared distance the code spans what posters.verify.scanning says it should."""
    from posters.verify import scanning

    pdf, region, qr, plan = _qr(project, logos, "a4-poster")
    printed = camera.printed_area(pdf, region, qr.box.w)
    shot = camera.Shot(plan.layout.scan_distance_m, 0, 0, 0, (0, 0), 0.1, 1.0, 0, 0.0, 1.0, 0, 95)
    image = camera.Camera(SEED).photograph(printed, qr.box.w, shot, random.Random(1))
    expected = qr.box.w * scanning.FRAME_PX / scanning.frame_width_mm(shot.distance_m)
    import zxingcpp

    (found,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    pos = found.position
    symbol_px = ((pos.top_right.x - pos.top_left.x) ** 2 + (pos.top_right.y - pos.top_left.y) ** 2) ** 0.5
    modules = qr.content.modules
    assert symbol_px == pytest.approx(expected * modules / (modules + 2 * qr.content.quiet), rel=0.05)
