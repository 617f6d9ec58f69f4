"""One element registry: a kind is one module, and every stage (layout
validation, planning, drawing, links on screen, the checks' messages, what the
studio may edit) goes through its registry entry.

The toy kind below is defined here and nowhere else; the build handles it
from layout file to checked PDF without any other change.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.colours import Colour
from posters.elements.base import REGISTRY, Box, Kind, Placed, check_safe, read_box, read_colour
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project
from posters.render.png import rasterise

TOY_CMYK = (72, 0, 87, 0)  # percent, as campaign.toml writes it; prints close to TOY_RGB
TOY_RGB = (20, 200, 90)


@dataclass(frozen=True)
class BadgeSpec:
    box: Box | None
    colour: str


@dataclass
class Badge:
    colour: Colour
    link: str


def _parse(t, ctx) -> BadgeSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    return BadgeSpec(box, read_colour(t, ctx))


def _place(spec: BadgeSpec, ctx, key: str) -> list[Placed]:
    return [Placed("badge", key, spec.box, Badge(ctx.palette[spec.colour], ctx.payload))]


def _draw(placed: Placed, painter) -> None:
    painter.fill(placed.content.colour)
    painter.rect(placed.box)


TOY = Kind("badge", _parse, _place, _draw, lambda p: "the toy badge", ("box_mm", "colour"), lambda p: (p.box, p.content.link))

BADGE = '''
[[pages.elements]]
type = "badge"
box_mm = [{x}, 40, 30, 30]
colour = "toy"
'''


@pytest.fixture()
def toy(monkeypatch):
    monkeypatch.setitem(REGISTRY, "badge", TOY)


def _project_with_badge(project_copy, fmt: str, x: float):
    with (project_copy / "assets" / "campaign" / "campaign.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[colours.toy]\ncmyk = {list(TOY_CMYK)}\nsrgb = "#{"".join(f"{v:02x}" for v in TOY_RGB)}"\n')
    layout = project_copy / "layouts" / f"{fmt}.toml"
    text = layout.read_text(encoding="utf-8")
    first_page_end = text.find("[[pages]]", text.find("[[pages]]") + 1)
    badge = BADGE.format(x=x)
    text = text + badge if first_page_end < 0 else text[:first_page_end] + badge + "\n" + text[first_page_end:]
    layout.write_text(text, encoding="utf-8")
    return load_project(project_copy)


def test_a_kind_added_in_one_module_is_planned_drawn_linked_and_checked(toy, project_copy):
    project = _project_with_badge(project_copy, "social-square", x=200)
    assert not project.layout_problems, project.layout_problems
    m = make_output(project, LogoStore(), Job("cumbria", "social-square", "en", "self"))
    assert not [f for f in m.findings if f.severity == "error"], [f.message for f in m.findings]
    [badge] = [p for p in m.plan.pages[0].elements if p.kind == "badge"]
    pdf = next(d for n, d in m.files.items() if n.endswith(".pdf"))
    # drawn: the badge's colour is on the page where the plan put it
    g = m.plan.geometry
    image = rasterise(pdf, 0, dpi=50)
    px_per_mm = image.width / g.media[0]
    cx, cy = g.from_page_top(badge.box.x + 15, badge.box.y + 15, 0, 0)[:2]
    assert image.convert("RGB").getpixel((int(cx * px_per_mm), int(cy * px_per_mm))) == TOY_RGB
    # linked on screen: a link annotation over the badge, to the self-help page
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        uris = [str(a.A.URI) for a in doc.pages[0].obj.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert m.plan.payload in uris


def test_checks_name_a_new_kind_in_its_own_words(toy, project_copy):
    project = _project_with_badge(project_copy, "a4-poster", x=20)
    lay = project.layout("a4-poster")
    from posters.plan.place import plan_output
    from posters.verify.plan_checks import check_safe_zone

    plan = plan_output(project.campaign, project.edition("cumbria"), lay, "en", "self", LogoStore())
    [badge] = [p for page in plan.pages for p in page.elements if p.kind == "badge"]
    badge.box = Box(1.0, badge.box.y, badge.box.w, badge.box.h)  # into the safe margin
    messages = [f.message for f in check_safe_zone(plan)]
    assert any(msg.startswith("the toy badge") for msg in messages), messages


def test_an_unknown_kind_is_refused_with_did_you_mean(toy, project_copy):
    layout = project_copy / "layouts" / "a4-poster.toml"
    layout.write_text(layout.read_text(encoding="utf-8").replace('type = "qr"', 'type = "badgee"', 1), encoding="utf-8")
    project = load_project(project_copy)
    [problems] = [p for f, p in project.layout_problems.items() if f.endswith("a4-poster.toml")]
    assert any("'badgee' is not an element type" in p.message and "badge" in p.hint for p in problems)


def test_every_registered_kind_says_what_it_is_and_what_may_be_edited():
    """What the studio may edit is a set of the layout keys the kind really reads: none made up."""
    from posters.errors import Problems
    from posters.elements.base import ParseCtx
    from posters.inputs.schema import Table

    for name, kind in REGISTRY.items():
        assert kind.name == name
        t = Table({}, Problems("layout.toml"), "pages[0].elements[0]")
        kind.parse(t, ParseCtx(Problems("layout.toml"), {}, set(), 100, 100, 3, 5))
        assert kind.editable and set(kind.editable) <= t.seen, (name, set(kind.editable) - t.seen)
