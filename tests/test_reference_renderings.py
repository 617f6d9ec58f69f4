"""Reference renderings: a handful of real outputs rasterised small and
compared with stored pictures, so a layout regression that every rule-based
check accepts (type set at its smallest fitting size, `valign` or `align`
ignored, bands that stop at the trim, paragraph or logo gaps dropped) fails.

One output per family of formats (A-series poster, small two-sided print,
6-sheet, screen), a bilingual one, a two-sided one and the regional edition.
Each page is drawn with PDFium at LONG_SIDE_PX on its long side.

Update after an intended change, then LOOK at every picture before committing:

    POSTERS_UPDATE_REFERENCES=1 .venv/bin/python -m pytest -q tests/test_reference_renderings.py

On a failure the actual, expected and difference pictures are written to
tests/_artifacts/references/ (ignored by git).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from posters import fonts
from posters.batch import Job, make_output
from posters.render.png import rasterise

from conftest import ROOT

REFERENCES = Path(__file__).parent / "references"
ARTIFACTS = Path(__file__).parent / "_artifacts" / "references"
UPDATE = os.environ.get("POSTERS_UPDATE_REFERENCES") == "1"
LONG_SIDE_PX = 240
# a pixel counts as different when a channel moves by more than this (anti-aliasing noise is far below)
PIXEL_TOLERANCE = 48
# and a page fails when more than this share of its pixels differ; moving one 14 pt line by
# its own height changes about 1 % of an A4 page at this size
MAX_DIFFERING = 0.002

CASES = [
    Job("cumbria", "a4-poster", "en", "self"),  # A-series posters, a force edition
    Job("north-wales", "dl-leaflet", "cy-en", "family"),  # small print, two-sided, bilingual (Welsh first)
    Job("lancashire", "wallet-card", "en", "self"),  # the smallest print item, two-sided
    Job("regional", "6-sheet", "en", "self"),  # the large format; the regional edition with every partner
    Job("merseyside", "social-square", "en", "family"),  # screen formats
    Job("regional", "social-story", "cy-en", "self"),  # screen, tall, bilingual, regional
]


def _name(job: Job, page: int) -> str:
    return f"{job.edition}.{job.format}.{job.message}.{job.lang}.p{page + 1}.png"


def render_pages(project, logos, job: Job) -> list[Image.Image]:
    fonts.register_all()
    made = make_output(project, logos, job, verify=False)
    pdf = next(iter(made.files.values()))
    return [_small(pdf, i) for i in range(len(made.plan.pages))]


def _small(pdf: bytes, index: int) -> Image.Image:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        w, h = doc[index].get_size()
    finally:
        doc.close()
    k = LONG_SIDE_PX / max(w, h)
    return rasterise(pdf, index, size_px=(max(1, round(w * k)), max(1, round(h * k))))


def differing_share(actual: Image.Image, expected: Image.Image) -> float:
    if actual.size != expected.size:
        return 1.0
    diff = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB")).convert("L")
    return diff.point(lambda v: 255 if v > PIXEL_TOLERANCE else 0).histogram()[255] / (actual.width * actual.height)


def _write_failure(name: str, actual: Image.Image, expected: Image.Image | None) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = name.removesuffix(".png")
    actual.save(ARTIFACTS / f"{stem}.actual.png")
    if expected is not None:
        expected.save(ARTIFACTS / f"{stem}.expected.png")
        if expected.size == actual.size:
            diff = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB")).convert("L")
            diff.point(lambda v: 255 if v > PIXEL_TOLERANCE else v // 4).save(ARTIFACTS / f"{stem}.diff.png")
    return ARTIFACTS / f"{stem}.actual.png"


def compare_with_reference(name: str, actual: Image.Image) -> str:
    """'' when `actual` matches the stored reference; else why (and the pictures are written)."""
    ref = REFERENCES / name
    if not ref.is_file():
        _write_failure(name, actual, None)
        return f"no reference {ref.name}; run with POSTERS_UPDATE_REFERENCES=1 and look at it before committing"
    with Image.open(ref) as im:
        expected = im.convert("RGB")
    share = differing_share(actual, expected)
    if share > MAX_DIFFERING:
        where = _write_failure(name, actual, expected)
        return f"{name}: {100 * share:.2f}% of pixels differ (more than {100 * MAX_DIFFERING:g}%); see {where.parent}"
    return ""


@pytest.mark.parametrize("job", CASES, ids=[f"{j.edition}-{j.format}-{j.lang}-{j.message}" for j in CASES])
def test_output_matches_its_reference_rendering(project, logos, job):
    pages = render_pages(project, logos, job)
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        for i, im in enumerate(pages):
            im.save(REFERENCES / _name(job, i), optimize=True)
    problems = [p for i, im in enumerate(pages) if (p := compare_with_reference(_name(job, i), im))]
    assert not problems, "\n".join(problems)
    assert len(list(REFERENCES.glob(f"{job.edition}.{job.format}.{job.message}.{job.lang}.p*.png"))) == len(pages)


def test_the_references_cover_what_they_claim(project):
    """At least one per format family, one bilingual, one two-sided, the regional edition."""
    layouts = {lay.format: lay for lay in project.layouts}
    assert any(layouts[j.format].profile == "screen" for j in CASES)
    assert any(layouts[j.format].profile == "print" and len(layouts[j.format].pages) == 2 for j in CASES)
    assert any("-" in j.lang for j in CASES) and any(j.edition == "regional" for j in CASES)
    assert {j.format for j in CASES} >= {"a4-poster", "6-sheet", "dl-leaflet", "social-square"}


# --- the comparison catches the regressions it is there for -------------------------------
def _patched_pages(tmp_path, fmt: str, job: Job, find: str, replace: str) -> list[Image.Image]:
    import shutil

    from posters.inputs.logos import LogoStore
    from posters.inputs.project import load_project

    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "assets", proj / "assets")
    shutil.copytree(ROOT / "layouts", proj / "layouts")
    lay = proj / "layouts" / f"{fmt}.toml"
    text = lay.read_text(encoding="utf-8")
    assert find in text, find
    lay.write_text(text.replace(find, replace, 1), encoding="utf-8")
    return render_pages(load_project(proj), LogoStore(), job)


@pytest.mark.parametrize(
    "what,find,replace",
    [
        ("headline at its smallest fitting size", "size_pt = 60\nmin_size_pt = 22", "size_pt = 22\nmin_size_pt = 22"),
        ("valign ignored (top instead of bottom)", 'box_mm = [12, 119, 186, 24]\nvalign = "bottom"', 'box_mm = [12, 119, 186, 24]\nvalign = "top"'),
        ("align ignored (centre instead of left)", 'style = "number"\nbox_mm = [12, 160, 186, 27]', 'style = "number"\nalign = "center"\nbox_mm = [12, 160, 186, 27]'),
        # (a band stopped at the trim, without its bleed, is refused when the layout is read)
        ("band in the wrong colour", 'colour = "signal"\nbleed = true', 'colour = "mist"\nbleed = true'),
        ("logo gap dropped", "gap_mm = 8", "gap_mm = 0"),
    ],
)
def test_a_layout_regression_fails_the_reference(tmp_path, what, find, replace):
    job = CASES[0]
    assert job.format == "a4-poster"
    [page] = _patched_pages(tmp_path, "a4-poster", job, find, replace)
    with Image.open(REFERENCES / _name(job, 0)) as im:
        share = differing_share(page, im.convert("RGB"))
    assert share > MAX_DIFFERING, f"{what}: only {100 * share:.3f}% of pixels differ; the reference would not catch it"
