"""Screen formats name their platforms, and what a platform's own controls
cover (a story's top bar and reply bar) is layout data, kept free like the
safe margin: when the layout is read, on the plan in the build and in
`posters check`, and on the picture itself."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys

import pytest
from PIL import Image

from conftest import ROOT
from posters import fonts
from posters.batch import Job, make_output
from posters.elements.base import REGISTRY
from posters.errors import InputError
from posters.inputs.layout import load_layout
from posters.inputs.platform_ui import Covered
from posters.plan.place import plan_output
from posters.verify.plan_checks import check_safe_zone


@pytest.fixture(scope="module")
def story(project, logos):
    fonts.register_all()
    return make_output(project, logos, Job("regional", "social-story", "cy-en", "self"))


def test_story_bars_are_the_published_figures(project):
    lay = project.layout("social-story")
    assert lay.platforms == ("instagram", "facebook")
    bands = {c.side: c for c in lay.covered}
    assert (bands["top"].px, bands["bottom"].px) == (250, 340)  # 14 % and about 18 % of 1920
    assert (bands["top"].mm, bands["bottom"].mm) == (62.5, 85.0)  # at 4 px per mm


def test_story_keeps_message_number_qr_and_logos_clear_of_the_bars(story, project):
    assert story.findings == [] or all(f.severity != "error" for f in story.findings)
    placed = [p for page in story.plan.pages for p in page.elements if REGISTRY[p.kind].in_safe_zone]
    kinds = {p.kind for p in placed}
    assert {"text", "helpline", "qr", "url", "logo_strip"} <= kinds
    for p in placed:
        assert p.box.y >= 62.5 - 1e-6 and p.box.bottom <= 480 - 85 + 1e-6, (p.key, p.box)
    logos = [p for p in placed if p.kind == "logo_strip"]
    assert len(logos) == 7  # the regional edition: six forces and the charity


def test_the_picture_under_the_bars_is_plain_colour(story):
    """Looked at on the PNG: the rows the apps cover hold one flat colour each, no type or logo."""
    png = next(d for n, d in story.files.items() if n.endswith(".png"))
    im = Image.open(io.BytesIO(png)).convert("RGB")
    assert im.size == (1080, 1920)
    top = im.crop((0, 0, 1080, 250))
    bottom = im.crop((0, 1920 - 340, 1080, 1920))
    assert len(top.getcolors(4)) == 1  # the edition's colour only
    assert bottom.getcolors(4) == [(1080 * 340, (255, 255, 255))]  # the partners' white band runs under the reply bar
    # and something is drawn right next to each bar: the bars are what limits the layout
    assert len(im.crop((0, 250, 1080, 330)).getcolors(1 << 16)) > 2
    assert len(im.crop((0, 1920 - 420, 1080, 1920 - 340)).getcolors(1 << 16)) > 2


def test_plan_check_catches_content_under_a_bar(project, logos):
    """The plan check on its own: a deeper reply bar (say Reels', 35 %) puts the story's logos and 999 line under it."""
    lay = project.layout("social-story")
    reels = Covered("bottom", 672, 168.0, lay.trim_mm, "Instagram and Facebook")
    deeper = dataclasses.replace(lay, covered=(*lay.covered[:1], reels))
    plan = plan_output(project.campaign, project.edition("cumbria"), deeper, "en", "self", logos)
    found = check_safe_zone(plan)
    assert found and all(f.check == "safe-zone" and f.severity == "error" for f in found)
    assert any("logo" in f.message and "bottom 168 mm (672 px)" in f.message and "Instagram and Facebook cover" in f.message for f in found)
    assert any("pages[0].elements[9]" in f.message for f in found)  # the 999 line
    assert all("above y = 312 mm" in f.hint for f in found)
    assert check_safe_zone(plan_output(project.campaign, project.edition("cumbria"), lay, "en", "self", logos)) == []


def _layout(tmp_path, body: str):
    (tmp_path / "layouts").mkdir(exist_ok=True)
    f = tmp_path / "layouts" / "t.toml"
    f.write_text('name = "t"\nformat = "t"\nprofile = "screen"\nsize_px = [1080, 1920]\ntrim_mm = [270, 480]\nsafe_mm = 14\n' + body + '[styles.s]\nsize_pt = 40\ncolour = "ink"\n[[pages]]\n[[pages.elements]]\ntype = "text"\ncopy = "headline"\nstyle = "s"\nbox_mm = [14, 20, 242, 60]\n', encoding="utf-8")
    return f


def test_layout_is_refused_with_content_under_a_bar_and_unknown_platforms(tmp_path, project):
    f = _layout(tmp_path, 'platforms = ["instagram"]\n[platform_ui]\ntop_px = 250\n')
    with pytest.raises(InputError) as exc:
        load_layout(f, tmp_path, project.campaign)
    (p,) = exc.value.problems
    assert p.key == "pages[0].elements[0].box_mm" and "top 62.5 mm (250 px)" in p.message and "which Instagram cover" in p.message
    assert "below y = 62.5 mm" in p.hint
    f = _layout(tmp_path, 'platforms = ["instagran"]\n')
    with pytest.raises(InputError) as exc:
        load_layout(f, tmp_path, project.campaign)
    (p,) = exc.value.problems
    assert p.key == "platforms[0]" and "instagram" in p.hint
    f = _layout(tmp_path, "")
    with pytest.raises(InputError) as exc:
        load_layout(f, tmp_path, project.campaign)
    (p,) = exc.value.problems
    assert p.key == "platforms" and "names the platforms it is made for" in p.message


def test_listing_names_the_platforms(project):
    r = subprocess.run([sys.executable, "-m", "posters", "--project", str(ROOT), "list"], capture_output=True, text=True, env={"COLUMNS": "160", "PATH": ""})
    assert r.returncode == 0, r.stderr
    rows = {line.split("│")[1].strip(): line for line in r.stdout.splitlines() if line.count("│") > 3}
    assert "Instagram, Facebook" in rows["social-story"] and "Instagram, Facebook" in rows["social-portrait"]
    assert "X, LinkedIn, Facebook" in rows["social-landscape"] and "Link previews" in rows["link-preview"]
    assert "Information screens" in rows["digital-screen"] and "print" in rows["a4-poster"]


def test_a_lone_story_is_held_to_its_bars_with_no_project(tmp_path, monkeypatch, capsys):
    """`posters check` on a story sent on by itself: the file records its bars (XMP), and text
    pasted under the reply bar fails, measured from the page."""
    from posters.cli import main
    from test_lone_file import lone_check, with_added_text

    out = tmp_path / "out"
    assert main(["--project", str(ROOT), "build", "-q", "-j", "1", "-o", str(out), "-l", "social-story", "-m", "self", "-e", "cumbria"]) == 0
    story = (out / "cumbria" / "social-story.self.en.pdf").read_bytes()
    code, f = lone_check(monkeypatch, tmp_path, capsys, story)
    assert code == 0 and "safe-zone" in f["checks_run"], f
    # a word in dark type on the white band, 20 mm up from the bottom: under the reply bar, inside the safe margin's limits
    bad = with_added_text(story, size=34, x_mm=40, y_mm=20, ink="0.1 0.1 0.1 rg", paper="1 1 1 rg")
    code, f = lone_check(monkeypatch, tmp_path, capsys, bad, "story.pdf")
    assert code == 1
    found = [x for x in f["findings"] if x["check"] == "safe-zone"]
    assert any("of the image, which Instagram and Facebook cover with their own controls" in x["message"] and "bottom 85 mm" in x["message"] for x in found), found
