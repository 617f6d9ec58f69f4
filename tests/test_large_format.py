"""Large format supplied as scaled artwork: the 48-sheet is a 1:10 PDF, and
every size, resolution and QR check is made at full size."""

from __future__ import annotations

import io

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.errors import InputError
from posters.inputs.layout import load_layout
from posters.inputs.project import load_project
from posters.units import PT_PER_MM
from posters.verify.pdf.images import check_images_resolution, ppi_thresholds

from conftest import give_code


def test_48_sheet_is_supplied_at_1_to_10_and_passes_every_check(project, logos):
    lay = project.layout("48-sheet")
    assert lay.trim_mm == (6096, 3048) and lay.artwork_scale == pytest.approx(0.1)
    made = make_output(project, logos, Job("north-wales", "48-sheet", "cy-en", "self"))
    assert not [f for f in made.findings if f.severity == "error"], made.findings
    assert {"qr", "helpline", "sizes", "boxes", "images", "colour"} <= set(made.checks)
    pdf = pikepdf.open(io.BytesIO(next(iter(made.files.values()))))
    page = pdf.pages[0]
    trim = [float(v) / PT_PER_MM for v in page.TrimBox]
    bleed = [float(v) / PT_PER_MM for v in page.BleedBox]
    assert trim[2] - trim[0] == pytest.approx(609.6, abs=0.01) and trim[3] - trim[1] == pytest.approx(304.8, abs=0.01)
    assert trim[0] - bleed[0] == pytest.approx(3, abs=0.01)
    assert "/UserUnit" not in page


def test_qr_size_is_judged_at_full_size(project_copy):
    p = project_copy / "layouts" / "48-sheet.toml"
    p.write_text(p.read_text(encoding="utf-8").replace("box_mm = [150, 2140, 740, 740]", "box_mm = [150, 2140, 450, 450]"), encoding="utf-8")
    project = load_project(project_copy)
    ps = project.layout_problems["layouts/48-sheet.toml"]
    assert [(q.key, "below the minimum 500 mm" in q.message) for q in ps] == [("pages[0].elements[7].box_mm", True)]


def test_type_floor_is_judged_at_full_size(project_copy):
    p = project_copy / "layouts" / "48-sheet.toml"
    p.write_text(p.read_text(encoding="utf-8").replace("min_size_pt = 360\nleading = 1.05\ncolour = \"ink\"", "min_size_pt = 100\nleading = 1.05\ncolour = \"ink\""), encoding="utf-8")
    ps = load_project(project_copy).layout_problems["layouts/48-sheet.toml"]
    assert [q.key for q in ps] == ["styles.label.min_size_pt"] and "below 360 pt" in ps[0].message


def test_a_page_over_200_inches_asks_for_scaled_artwork(project_copy):
    p = project_copy / "layouts" / "48-sheet.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('artwork_scale = "1:10"\nbleed_mm = 30', "bleed_mm = 3"), encoding="utf-8")
    ps = load_project(project_copy).layout_problems["layouts/48-sheet.toml"]
    assert [q.key for q in ps] == ["trim_mm"]
    assert "at most 5080 mm" in ps[0].message and 'artwork_scale = "1:2"' in ps[0].hint


def test_large_sizes_need_no_5_m_limit(project_copy, project):
    p = project_copy / "layouts" / "big.toml"
    text = (project_copy / "layouts" / "48-sheet.toml").read_text(encoding="utf-8")
    p.write_text(text.replace('format = "48-sheet"', 'format = "big"').replace("trim_mm = [6096, 3048]", "trim_mm = [6100, 3050]"), encoding="utf-8")
    give_code(project_copy, "big", "zb", like="48-sheet")
    assert load_layout(p, project_copy, project.campaign).trim_mm == (6100, 3050)


@pytest.mark.parametrize(
    "text, key, words",
    [
        ('artwork_scale = "10:1"', "artwork_scale", "is not a scale"),
        ("artwork_scale = 0.1", "artwork_scale", "must be text"),
    ],
)
def test_artwork_scale_mistakes(project_copy, text, key, words):
    p = project_copy / "layouts" / "48-sheet.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('artwork_scale = "1:10"', text), encoding="utf-8")
    ps = load_project(project_copy).layout_problems["layouts/48-sheet.toml"]
    assert any(q.key == key and words in q.message and q.hint for q in ps), [q.format() for q in ps]


def _pdf_with_image(px: int, inches: float) -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(600, 600))
    c.drawImage(ImageReader(Image.new("CMYK", (px, px), (0, 0, 0, 50))), 10, 10, inches * 72, inches * 72)
    c.save()
    return buf.getvalue()


def test_image_resolution_is_judged_at_full_size_and_for_distance():
    pdf = _pdf_with_image(300, 1.0)  # 300 ppi in the file
    assert check_images_resolution(pdf) == []
    at_full_size = check_images_resolution(pdf, scale=0.1)  # 1:10 artwork: 30 ppi at full size
    assert [f.severity for f in at_full_size] == ["error"] and "prints at 30 ppi" in at_full_size[0].message
    assert check_images_resolution(pdf, scale=0.1, viewing_distance_m=15) == []  # 30 ppi is plenty from 15 m
    assert ppi_thresholds(3.0) == pytest.approx((100.05, 66.55), abs=0.01)
    assert ppi_thresholds(0.5) == (224.0, 149.0)


def test_a_printer_is_told_the_48_sheet_is_1_to_10_artwork(project, logos, tmp_path):
    """On the sheet itself (the slug), in the spec sheet's table, its Scale line and production block, and in quantities.csv."""
    import csv

    from posters.manifest import Entry
    from posters.plan.place import plan_output
    from posters.publish.spec import quantities_csv, spec_text
    from posters.render.slug import slug_text

    lay = project.layout("48-sheet")
    plan = plan_output(project.campaign, project.edition("north-wales"), lay, "en", "self", logos)
    assert slug_text(plan, "0" * 12, "1").endswith("| 1:10 artwork: print at 6096 x 3048 mm")
    entry = Entry(file="north-wales/48-sheet.self.en.pdf", sha256="0" * 64, bytes=1, type="pdf", edition="north-wales", layout="48-sheet", language="en", message="self", profile="print", trim_mm=[609.6, 304.8], bleed_mm=3.0, pages=1, artwork_scale="1:10")
    rows = [("print/48-sheet.self.en.pdf", entry)]
    made = make_output(project, logos, Job("north-wales", "48-sheet", "en", "self"))
    (tmp_path / "north-wales").mkdir()
    (tmp_path / entry.file).write_bytes(next(iter(made.files.values())))
    spec = spec_text("North Wales", project.campaign, rows, tmp_path, {lay.format: lay})
    assert "Scale:         files marked 1:10 below" in spec
    assert next(line for line in spec.splitlines() if line.startswith("print/48-sheet")).split()[1:5] == ["609.6", "x", "304.8", "at"]
    assert "    scale:    supplied as 1:10 artwork (609.6 x 304.8 mm trim, 3 mm bleed): enlarge 10 times" in spec
    [row] = list(csv.DictReader(quantities_csv(rows, {lay.format: lay}).splitlines()))
    assert row["trim_mm"] == "6096x3048" and row["notes"] == "file is 1:10 artwork (609.6x304.8 mm): print at full size"
