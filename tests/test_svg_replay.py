"""A drawing's operators recorded once and replayed (render/painter.py) give the file
ReportLab gives drawing it every time; a drawing whose operators name fonts or other
resources of the document is drawn every time."""

from __future__ import annotations

import io

from reportlab.graphics.shapes import Circle, Drawing, Group, Path, Rect, String
from reportlab.lib.colors import CMYKColor, Color

from posters.render import painter
from posters.render.pdf import new_canvas


def drawing(text: bool) -> Drawing:
    d = Drawing(120, 60)
    g = Group(Rect(0, 0, 120, 60, fillColor=CMYKColor(0.9, 0.3, 0, 0.1), strokeColor=None))
    p = Path(fillColor=Color(0.2, 0.4, 0.6), strokeColor=CMYKColor(0, 0, 0, 1), strokeWidth=1.5)
    p.moveTo(10, 10)
    p.curveTo(30, 50, 60, 0, 110, 40)
    p.closePath()
    g.add(p)
    g.add(Circle(60, 30, 12, fillColor=None, strokeColor=Color(1, 0, 0), strokeDashArray=[2, 1]))
    if text:
        g.add(String(10, 45, "POLICE", fontName="Helvetica", fontSize=9))
    d.add(g)
    return d


def two_documents(d: Drawing, replay: bool) -> list[bytes]:
    """The drawing drawn twice in each of two documents; with `replay` False, never from a record."""
    out = []
    for extra_font in (False, True):  # the second document has a font in use before the logo
        buf = io.BytesIO()
        c = new_canvas(buf, pagesize=(300, 200), invariant=1, pageCompression=0)
        if extra_font:
            c.setFont("Courier", 8)
            c.drawString(5, 5, "x")
        for at in ((10, 10), (150, 100)):
            if not replay:
                painter._SVG_OPS.clear()
            c.saveState()
            c.translate(*at)
            painter._svg(c, d, "screen")
            c.restoreState()
        c.showPage()
        c.save()
        out.append(buf.getvalue())
    return out


def test_replayed_operators_are_reportlabs():
    d = drawing(text=False)
    painter._SVG_OPS.clear()
    replayed = two_documents(d, replay=True)
    assert any(hit[0] is d for hit in painter._SVG_OPS.values())  # recorded, so drawn three times from the record
    assert replayed == two_documents(d, replay=False)


def test_a_drawing_with_text_is_drawn_every_time():
    d = drawing(text=True)
    painter._SVG_OPS.clear()
    with_cache = two_documents(d, replay=True)
    assert not any(hit[0] is d for hit in painter._SVG_OPS.values())
    assert with_cache == two_documents(d, replay=False)
    assert b"POLICE" in with_cache[1]
