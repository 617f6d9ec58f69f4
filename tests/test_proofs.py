"""Proof sheets: one thumbnail per asset page, readable labels, an index, and
kept apart from the print files."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from posters.cli import main

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ["cumbria", "regional"]  # one single-language edition, one bilingual


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("proofs")
    args = ["--project", str(ROOT), "build", "-q", "-j", "2", "-o", str(out)]
    for e in EDITIONS:
        args += ["-e", e]
    assert main(args) == 0
    return out, json.loads((out / "manifest.json").read_text())


def pdf_assets(manifest, slug):
    return [f for f in manifest["files"] if f["edition"] == slug and f["file"].endswith(".pdf")]


def page_text(path: Path) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        tp = doc[0].get_textpage()
        return tp.get_text_range()
    finally:
        doc.close()


def drawn_images(path: Path) -> int:
    """Raster thumbnails (the index) drawn on the sheet."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        images = {str(k) for k, x in page.Resources.XObject.items() if x.get("/Subtype") == "/Image"}
        return sum(1 for operands, op in pikepdf.parse_content_stream(page) if str(op) == "Do" and str(operands[0]) in images)


def placed_forms(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        names = [str(k) for k in page.Resources.XObject.keys() if str(k).startswith("/Asset")]
        # each form is drawn, not just listed
        ops = [op for _, op in pikepdf.parse_content_stream(page) if str(op) == "Do"]
        assert len(ops) >= len(names)
        return names


@pytest.mark.parametrize("slug", EDITIONS)
def test_one_thumbnail_per_asset_page(built, slug):
    out, manifest = built
    assets = pdf_assets(manifest, slug)
    assert assets
    forms = placed_forms(out / "proofs" / f"{slug}.proof.pdf")
    assert len(forms) == sum(f["pages"] for f in assets)


@pytest.mark.parametrize("slug", EDITIONS)
def test_labels_and_title_are_in_the_text(built, slug, project):
    out, manifest = built
    text = page_text(out / "proofs" / f"{slug}.proof.pdf")
    assert project.edition(slug).name in text
    for f in pdf_assets(manifest, slug):
        lay = project.layout(f["layout"])
        assert lay.name in text
        assert f"{f['message']} · {f['language']} ·" in text
        if f.get("size_px"):
            assert f"{f['size_px'][0]:g} × {f['size_px'][1]:g} px" in text
        else:
            assert f"{f['trim_mm'][0]:g} × {f['trim_mm'][1]:g} mm" in text


def test_index_has_every_edition_and_format(built, project):
    out, manifest = built
    path = out / "proofs" / "index.pdf"
    text = page_text(path)
    formats = {f["layout"] for s in EDITIONS for f in pdf_assets(manifest, s)}
    for slug in EDITIONS:
        assert slug in text
    for fmt in formats:
        assert project.layout(fmt).name in text
    # one picture per page of each edition's representative asset (two-sided items show both sides)
    expected = sum(
        max(int(e.get("pages", 1)) for e in pdf_assets(manifest, s) if e["layout"] == fmt)
        for s in EDITIONS
        for fmt in {f["layout"] for f in pdf_assets(manifest, s)}
    )
    assert drawn_images(path) == expected


def test_png_matches_the_pdf_and_is_readable_size(built):
    out, _ = built
    for stem in [f"{s}.proof" for s in EDITIONS] + ["index"]:
        with pikepdf.open(out / "proofs" / f"{stem}.pdf") as pdf:
            w_pt = float(pdf.pages[0].mediabox[2])
        with Image.open(out / "proofs" / f"{stem}.png") as im:
            assert im.mode == "RGB"
            # about 1.5 px per point, so 8.5 pt labels are about 13 px tall
            assert im.width >= 1.4 * w_pt or im.width >= 3900


def test_proofs_are_listed_apart_from_the_print_files(built):
    out, manifest = built
    files = {f["file"] for f in manifest["files"]}
    proofs = manifest["proofs"]
    assert {p["file"] for p in proofs} == {p.relative_to(out).as_posix() for p in (out / "proofs").iterdir()}
    assert not files & {p["file"] for p in proofs}
    for p in proofs:
        assert p["file"].startswith("proofs/")
        assert ".proof." in p["file"] or p["kind"] == "proof-index"


def test_printable_proof_is_a4_pages_with_every_asset_its_scale_and_the_fingerprint(tmp_path, project):
    """proofs/<edition>.proof.a4.pdf: A4 landscape pages an office printer can print, a cover with the
    sign-off box, one page per asset page with its scale against real size noted, the build fingerprint
    on every page."""
    import json

    import pikepdf
    import pypdfium2 as pdfium

    from posters.cli import main
    from posters.manifest import Entry, fingerprint

    out = tmp_path / "out"
    assert main(["--project", str(project.root), "build", "-q", "-e", "cumbria", "-l", "wallet-card", "-l", "a1-poster", "-l", "social-square", "-o", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    mine = [e for e in manifest["files"] if e["edition"] == "cumbria"]
    fp = fingerprint([Entry.from_dict(e) for e in mine])
    pdfs = [e for e in mine if e["file"].endswith(".pdf")]
    path = out / "proofs" / "cumbria.proof.a4.pdf"
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1 + sum(e["pages"] for e in pdfs)
        for page in pdf.pages:
            w, h = (float(v) / 72 * 25.4 for v in page.mediabox[2:])
            assert (round(w), round(h)) == (297, 210)
    doc = pdfium.PdfDocument(path)
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    assert all(f"Build fingerprint {fp}" in t for t in texts)
    assert "Signature" in texts[0]
    a1 = next(t for t in texts[1:] if "A1 poster" in t)
    assert "of real size (594 x 841 mm)" in a1
    wallet = [t for t in texts[1:] if "Wallet card" in t]
    assert len(wallet) == 4 and all("shown at 200 % of real size (85 x 55 mm)" in t for t in wallet)
    assert "0808 1000 900" in "".join(texts[1:])  # the artwork itself is on the pages, as text a reader can find


def _sheet_images(path: Path) -> list[tuple[int, int, int]]:
    """(objgen number, width, height) of every image a sheet's placed forms draw, each object once."""
    out = {}
    with pikepdf.open(path) as pdf:
        def visit(resources):
            for x in (resources.get("/XObject") or {}).values():
                if x.get("/Subtype") == "/Image":
                    out[x.objgen] = (x.objgen[0], int(x.Width), int(x.Height))
                elif x.get("/Subtype") == "/Form" and "/Resources" in x:
                    visit(x.Resources)

        visit(pdf.pages[0].Resources)
    return sorted(out.values())


def test_a_photograph_is_on_the_sheet_once_at_the_sheets_resolution(built, monkeypatch):
    """The regional sheet shows four textured A4s: their photograph (1944 x 2727 in the
    print files) is one shared copy of at most MAX_SIDE pixels, and the cells look as
    they would with the full photograph, to within two levels of 255."""
    import io

    from PIL import ImageChops

    from posters.inputs.project import load_project
    from posters.manifest import read_previous
    from posters.publish import proof, proof_images

    out, manifest = built
    textured = [f for f in pdf_assets(manifest, "regional") if f["layout"] == "a4-textured"]
    assert len(textured) == 4
    with pikepdf.open(out / textured[0]["file"]) as asset:
        assert any(int(x.Width) > proof_images.MAX_SIDE for x in asset.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Image")  # the print file keeps its photograph
    images = _sheet_images(out / "proofs" / "regional.proof.pdf")
    big = [i for i in images if max(i[1], i[2]) > proof_images.MAX_SIDE]
    assert not big, big
    assert sum(1 for i in images if max(i[1], i[2]) == proof_images.MAX_SIDE) == 1
    # drawn again with the photograph as it is in the print files: the same picture
    project = load_project(ROOT)
    stem, sheet, _kind, _slug = next(j for j in proof.sheet_jobs(project, read_previous(out), ["regional"], []) if j[0] == "regional.proof")
    reduced = Image.open(out / "proofs" / "regional.proof.png").convert("RGB")
    monkeypatch.setattr(proof_images, "reduce_photographs", lambda doc, page: 0)
    _pdf, png = proof._render(sheet, out)
    full = Image.open(io.BytesIO(png)).convert("RGB")
    diff = ImageChops.difference(reduced, full)
    assert diff.getbbox() is not None  # the test compares two different drawings
    assert max(hi for _lo, hi in diff.getextrema()) <= 2
