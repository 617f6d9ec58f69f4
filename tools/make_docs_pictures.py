"""Make the authoring guide's pictures under docs/: each element kind cut
from a real output, and the layout families side by side.

    python tools/make_docs_pictures.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from posters.batch import Job, make_output
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project
from posters.render.png import rasterise

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "authoring"
DPI = 60


def page(project, job: Job, dpi: float = DPI):
    made = make_output(project, LogoStore(), job, verify=False)
    pdf = made.files[next(iter(made.files))]
    return made.plan, rasterise(pdf, 0, dpi=dpi).convert("RGB")


def cut(plan, im: Image.Image, kind: str, dpi: float = DPI, index: int = 0, pad: float = 3.0) -> Image.Image:
    g = plan.geometry
    boxes = [p.box for p in plan.pages[0].elements if p.kind == kind]
    b = boxes[index]
    k = dpi / 25.4
    x0, y0, w, h = g.from_page_top(b.x - pad, b.y - pad, b.w + 2 * pad, b.h + 2 * pad)
    return im.crop((round(x0 * k), round(y0 * k), round((x0 + w) * k), round((y0 + h) * k)))


def shapes(project) -> None:
    """`line`, `panel` and `icon`, drawn by the build's own painter and kinds on a small print page."""
    import io

    from posters.elements.base import REGISTRY, Box, PlaceCtx
    from posters.elements.icon import IconSpec
    from posters.elements.line import LineSpec
    from posters.elements.panel import PanelSpec
    from posters.plan.geometry import PageGeometry
    from posters.plan.place import palette_for
    from posters.render.pdf import new_canvas
    from posters.render.painter import Painter

    edition = project.edition("merseyside")
    pal = palette_for(project.campaign, edition)
    icons = ROOT / "assets" / "icons"
    pictures = {
        "line": [LineSpec(Box(4, 5, 52, 2), "ink", 0.5, False, "across"), LineSpec(Box(4, 11, 52, 2), "force.primary", 2.0, False, "across"), LineSpec(Box(4, 17, 52, 2), "signal", 4.0, False, "across")],
        "panel": [PanelSpec(Box(3, 3, 26, 16), "mist", None, 0.5, 3.0), PanelSpec(Box(33, 3, 26, 16), None, "force.primary", 1.0, 4.0)],
        "icon": [IconSpec(Box(6, 3, 16, 16), icons / "lock.svg", None, "center", "middle"), IconSpec(Box(38, 3, 16, 16), icons / "phone.svg", "force.primary", "center", "middle")],
    }
    for kind, specs in pictures.items():
        w, h = (60, 22)
        g = PageGeometry.from_sizes((w, h), 0, False)
        buf = io.BytesIO()
        c = new_canvas(buf, pagesize=g.media_pt, invariant=1)
        ctx = PlaceCtx(project.campaign, edition, ["en"], "self", "", pal, "print", "", g, LogoStore())
        painter = Painter(c, g, "print", pal)
        for spec in specs:
            for placed in REGISTRY[kind].place(spec, ctx, kind):
                REGISTRY[kind].draw(placed, painter)
        c.showPage()
        c.save()
        rasterise(buf.getvalue(), 0, dpi=150).save(DOCS / f"{kind}.png", optimize=True)


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    project = load_project(ROOT)
    plan, im = page(project, Job("merseyside", "a4-poster", "en", "self"), 100)
    for kind in ("text", "helpline", "qr", "url", "logo_strip", "rect"):
        cut(plan, im, kind, 100).save(DOCS / f"{kind}.png", optimize=True)
    plan, im = page(project, Job("merseyside", "a4-poster", "en", "self"), 100)
    big = [page(project, Job("merseyside", f, "en", "self"), d)[1] for f, d in (("a4-poster", 48), ("a3-poster", 34), ("a0-poster", 12))]
    sheet = Image.new("RGB", (sum(i.width for i in big) + 20 * (len(big) - 1), max(i.height for i in big)), "white")
    x = 0
    for i in big:
        sheet.paste(i, (x, sheet.height - i.height))
        x += i.width + 20
    sheet.save(DOCS / "family.png", optimize=True)
    page(project, Job("regional", "48-sheet", "en", "self"), 25)[1].save(DOCS / "48-sheet.png", optimize=True)
    plan, im = page(project, Job("regional", "a4-textured", "en", "self"), 40)
    im.save(DOCS / "image.png", optimize=True)
    shapes(project)
    for p in sorted(DOCS.glob("*.png")):
        print(p.relative_to(ROOT), Image.open(p).size, p.stat().st_size)


if __name__ == "__main__":
    main()
