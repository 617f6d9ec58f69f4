"""Page geometry is a fact of the plan: the PDF's boxes, the preview's guides
and the QR regions the checks read are all the plan's geometry."""

from __future__ import annotations

import io

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.plan.geometry import SLUG_MM, PageGeometry
from posters.units import PT_PER_MM
from posters.web.app import guides


def test_flip_puts_the_trim_top_at_the_page_top():
    g = PageGeometry(trim_w=100, trim_h=200, bleed=3, slug=SLUG_MM)
    assert g.media == (100 + 2 * (3 + SLUG_MM), 200 + 2 * (3 + SLUG_MM))
    x0, y0, x1, y1 = g.on_page(0, 0, 10, 20)
    assert (x0, x1) == (g.margin, g.margin + 10)
    assert y1 == pytest.approx(g.media[1] - g.margin)  # the trim's top edge, measured from the page's bottom
    assert y1 - y0 == pytest.approx(20)
    assert g.from_page_top(0, 0, 10, 20) == (g.margin, g.margin, 10, 20)


def test_screen_and_unmarked_pages_have_no_slug(project):
    for lay in project.layouts:
        g = PageGeometry.of(lay)
        assert g.slug == (SLUG_MM if lay.profile == "print" and lay.crop_marks else 0.0)


@pytest.mark.parametrize("fmt", ["a3-poster", "social-square"])
def test_pdf_boxes_and_preview_guides_are_the_plans_geometry(project, logos, fmt):
    m = make_output(project, logos, Job("cumbria", fmt, "en", "self"), verify=False)
    g = m.plan.geometry
    pdf = next(data for name, data in m.files.items() if name.endswith(".pdf"))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0].obj
        media = [float(v) for v in page.MediaBox]
        assert media[2:] == pytest.approx(list(g.media_pt), abs=0.01)
        if g.bleed:
            assert [float(v) for v in page.TrimBox] == pytest.approx(list(g.trim_box_pt), abs=0.01)
            assert [float(v) for v in page.BleedBox] == pytest.approx(list(g.bleed_box_pt), abs=0.01)
    gd = guides(m.plan.layout)
    assert gd["media"] == pytest.approx(list(g.media))
    trim_x, trim_top, tw, th = gd["trim"]
    # the browser's top edge of the trim is the PDF's trim top, measured down from the page top
    assert (g.media[1] - trim_top) * PT_PER_MM == pytest.approx(g.trim_box_pt[3] if g.bleed else g.media_pt[1], abs=0.01)
    assert (tw, th) == pytest.approx(g.trim)


def test_elements_are_placed_in_the_geometrys_full_size_terms(project, logos):
    """The plan hands elements its page geometry; scaled artwork (the 48-sheet at 1:10) is placed
    at full size: a band set to bleed runs to the layout's own trim plus its own bleed, exactly."""
    lay = project.layout("48-sheet")
    m = make_output(project, logos, Job("cumbria", "48-sheet", "en", "self"), verify=False)
    g = m.plan.geometry
    assert g.layout_trim == tuple(lay.trim_mm) and g.layout_bleed == lay.bleed_mm
    assert g.trim == pytest.approx(tuple(v * lay.artwork_scale for v in lay.trim_mm))
    tw, th = lay.trim_mm
    bled = [p.box for page in m.plan.pages for p in page.elements if p.box.x < 0]
    assert bled, "the 48-sheet has a background that runs into the bleed"
    for b in bled:
        assert b.x == -lay.bleed_mm
        assert b.right <= tw + lay.bleed_mm


@pytest.mark.parametrize("geometry", [PageGeometry.from_sizes((297.0, 420.0), 3.0, True), PageGeometry.from_sizes((3048.0, 1016.0), 0.5, True, 0.1)])
def test_rectangles_converted_together_are_each_point_converted_alone(geometry):
    boxes = [(0.0, 0.0, 10.0, 5.0), (12.345, 67.891, 0.7, 0.7), (-3.0, 410.5, 303.0, 12.5)]
    each = [
        (geometry.page_x(x) * PT_PER_MM, geometry.page_y(y + h) * PT_PER_MM, geometry.length(w) * PT_PER_MM, geometry.length(h) * PT_PER_MM)
        for x, y, w, h in boxes
    ]
    assert geometry.rects_pt(boxes) == each  # exactly: the same numbers reach the page
