"""A drawing's operators recorded once and replayed (render/drawings.py) give the file
ReportLab gives drawing it every time; a drawing whose operators name resources of the
document is drawn every time."""

from __future__ import annotations

import io

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Group, Path, Rect, String
from reportlab.lib.colors import CMYKColor, Color

from posters import fonts
from posters.render import drawings
from posters.render.pdf import new_canvas


def drawing(font: str | None = None, opacity: float | None = None) -> Drawing:
    d = Drawing(120, 60)
    g = Group(Rect(0, 0, 120, 60, fillColor=CMYKColor(0.9, 0.3, 0, 0.1), strokeColor=None))
    p = Path(fillColor=Color(0.2, 0.4, 0.6), strokeColor=CMYKColor(0, 0, 0, 1), strokeWidth=1.5, fillOpacity=opacity)
    p.moveTo(10, 10)
    p.curveTo(30, 50, 60, 0, 110, 40)
    p.closePath()
    g.add(p)
    g.add(Circle(60, 30, 12, fillColor=None, strokeColor=Color(1, 0, 0), strokeDashArray=[2, 1]))
    if font:
        g.add(String(10, 45, "HEDDLU GOGLEDD CYMRU ŵ", fontName=font, fontSize=9))
        g.add(String(110, 5, "POLICE", fontName=font, fontSize=6, textAnchor="end"))
    d.add(g)
    return d


def two_documents(d: Drawing, replay: bool) -> list[bytes]:
    """The drawing drawn twice in each of two documents; with `replay` False, never from a record.
    The second document has set other text first, in the drawing's font among others, so its
    fonts' names and codes are not the first's."""
    out = []
    for text_first in (False, True):
        buf = io.BytesIO()
        c = new_canvas(buf, pagesize=(300, 200), invariant=1, pageCompression=0)
        if text_first:
            for name in ("Courier", fonts.register("bold"), fonts.register("semibold")):
                c.setFont(name, 8)
                c.drawString(5, 5, "zyx ŵ")
        for at in ((10, 10), (150, 100)):
            if not replay:
                drawings._OPS.clear()
            c.saveState()
            c.translate(*at)
            drawings.draw(c, d, "screen")
            c.restoreState()
        c.showPage()
        c.save()
        out.append(buf.getvalue())
    return out


def recorded(d: Drawing) -> bool:
    return any(hit[0] is d for hit in drawings._OPS.values())


@pytest.mark.parametrize("font", [None, "Helvetica", "semibold"])
def test_replayed_operators_are_reportlabs(font):
    d = drawing(fonts.register(font) if font == "semibold" else font)
    drawings._OPS.clear()
    replayed = two_documents(d, replay=True)
    assert recorded(d)  # so drawn three times of four from the record
    assert replayed == two_documents(d, replay=False)


def test_a_drawing_naming_a_graphics_state_is_drawn_every_time():
    d = drawing(opacity=0.5)  # transparency: a graphics state of the document's, by name
    drawings._OPS.clear()
    drawn = two_documents(d, replay=True)
    assert not recorded(d)
    assert drawn == two_documents(d, replay=False) and b"/ca .5" in drawn[0]
