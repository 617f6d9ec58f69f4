"""Force packs: exactly the edition's print files, checksums that match, a spec
sheet naming every file, and the same bytes from two builds."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from posters.cli import main

ROOT = Path(__file__).resolve().parents[1]
EDITION = "cumbria"  # a small edition keeps the two builds quick


def build(out: Path, *extra: str) -> int:
    return main(["--project", str(ROOT), "build", "-q", "-j", "2", "-o", str(out), *extra])


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    a, b = tmp_path_factory.mktemp("build_a"), tmp_path_factory.mktemp("build_b")
    assert build(a, "-e", EDITION) == 0
    assert build(b, "-e", EDITION) == 0
    return a, b


def members(zpath: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zpath) as zf:
        assert zf.testzip() is None
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_pack_holds_exactly_the_print_files_with_matching_checksums(two_builds):
    out, _ = two_builds
    manifest = json.loads((out / "manifest.json").read_text())
    prints = {Path(f["file"]).name: f for f in manifest["files"] if f["edition"] == EDITION and f["profile"] == "print" and f["file"].endswith(".pdf")}
    assert prints, "the edition built no print files"
    got = members(out / f"{EDITION}.zip")
    in_print = {n.split("/")[-1]: d for n, d in got.items() if n.startswith(f"{EDITION}/print/")}
    assert set(in_print) == set(prints)
    for name, data in in_print.items():
        on_disk = (out / prints[name]["file"]).read_bytes()
        assert data == on_disk
        assert hashlib.sha256(data).hexdigest() == prints[name]["sha256"]


def test_every_member_is_in_its_folder_and_sha256sums_checks_out(two_builds):
    out, _ = two_builds
    got = members(out / f"{EDITION}.zip")
    assert all(n.startswith(f"{EDITION}/") for n in got)
    sums = got[f"{EDITION}/SHA256SUMS"].decode().splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    inside = {n.removeprefix(f"{EDITION}/"): d for n, d in got.items() if not n.endswith("/SHA256SUMS")}
    assert set(listed) == set(inside)
    for name, data in inside.items():
        assert hashlib.sha256(data).hexdigest() == listed[name], name
    pack_manifest = json.loads(got[f"{EDITION}/manifest.json"])
    assert pack_manifest["edition"] == EDITION
    for f in pack_manifest["files"]:
        assert hashlib.sha256(inside[f["in_pack"]]).hexdigest() == f["sha256"]
    folders = {f["in_pack"].split("/")[0] for f in pack_manifest["files"]}
    assert {"print", "web", "proof"} <= folders
    for f in pack_manifest["files"]:
        if f["in_pack"].startswith("digital/"):
            assert f.get("profile") == "screen"


def test_spec_sheet_lists_every_print_file(two_builds):
    out, _ = two_builds
    got = members(out / f"{EDITION}.zip")
    spec = got[f"{EDITION}/printer-spec.txt"].decode()
    manifest = json.loads((out / "manifest.json").read_text())
    prints = [f for f in manifest["files"] if f["edition"] == EDITION and f["profile"] == "print" and f["file"].endswith(".pdf")]
    rows = {line.split()[0]: line for line in spec.splitlines() if line.startswith("print/")}
    assert len(rows) == len(prints)
    for f in prints:
        row = rows[f"print/{Path(f['file']).name}"]
        w, h = f["trim_mm"]
        assert f"{w:g} x {h:g}" in row
        assert f"{f['bleed_mm']:g} mm" in row
        assert f"{f['sha256']}  print/{Path(f['file']).name}" in spec
    assert "CMYK" in spec
    quantities = list(csv.DictReader(io.StringIO(got[f"{EDITION}/quantities.csv"].decode())))
    assert sorted(r["file"] for r in quantities) == sorted(rows), "one row per print file in the quantities sheet"
    assert all(r["quantity"] == "" for r in quantities), "quantity is left blank for the print team"
    standard = next(line for line in spec.splitlines() if line.startswith("PDF standard:"))
    declared = {f.get("pdfx") for f in prints}
    if declared and None not in declared:
        for d in declared:
            assert d in spec
    assert standard.split(":", 1)[1].strip()


def test_pack_is_byte_identical_across_builds(two_builds):
    a, b = two_builds
    za, zb = (a / f"{EDITION}.zip").read_bytes(), (b / f"{EDITION}.zip").read_bytes()
    assert za == zb
    with zipfile.ZipFile(io.BytesIO(za)) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def test_build_manifest_lists_the_pack(two_builds):
    out, _ = two_builds
    manifest = json.loads((out / "manifest.json").read_text())
    (pack,) = manifest["packs"]
    assert pack["file"] == f"{EDITION}.zip"
    assert hashlib.sha256((out / pack["file"]).read_bytes()).hexdigest() == pack["sha256"]


def test_a_file_changed_after_the_build_stops_its_pack(two_builds, project, tmp_path):
    from posters.manifest import load_manifest
    from posters.publish.pack import write_packs

    src, _ = two_builds
    out = tmp_path / "out"
    import shutil

    shutil.copytree(src, out)
    manifest = load_manifest(out / "manifest.json")
    victim = next(f for f in manifest.files if f.edition == EDITION and f.profile == "print")
    with open(out / victim.file, "ab") as fh:
        fh.write(b"%tampered\n")
    entries, problems = write_packs(out, project, manifest, [EDITION], [])
    assert entries == []
    assert len(problems) == 1 and victim.file in problems[0].file and "checksum" in problems[0].message
    assert not (out / f"{EDITION}.zip").exists()


def test_partial_build_writes_no_pack(tmp_path, project):
    fmt = project.layouts[0].format
    assert build(tmp_path, "-e", EDITION, "-l", fmt) == 0
    assert not (tmp_path / f"{EDITION}.zip").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["packs"] == []
    assert manifest["accessible"], "the accessible pages do not depend on the layouts built"


def test_build_and_pack_manifests_read_back_as_the_same_entries(two_builds):
    """One entry shape for the build, the packs and `posters check`: every entry
    written reads back through manifest.Entry unchanged, the pack's included."""
    from posters.manifest import Entry, Manifest

    out, _ = two_builds
    written = json.loads((out / "manifest.json").read_text())
    m = Manifest.from_dict(written)
    assert m.as_dict() == written
    for section in ("files", "accessible", "proofs", "packs"):
        assert written[section], section
        for e in written[section]:
            assert Entry.from_dict(e).as_dict() == e
    in_pack = json.loads(members(out / f"{EDITION}.zip")[f"{EDITION}/manifest.json"])
    pack = Manifest.from_dict(in_pack)
    assert pack.as_dict() == in_pack and pack.extra["edition"] == EDITION
    assert all(e.in_pack and e.edition == EDITION for e in pack.files)


def test_pack_and_build_carry_the_attribution_table(two_builds, project):
    """The charity's analytics team reads each code on a QR link back to its
    edition, format, message and language; the force's pack holds its rows."""
    import csv

    out, _ = two_builds
    rows = list(csv.DictReader(members(out / f"{EDITION}.zip")[f"{EDITION}/attribution.csv"].decode().splitlines()))
    assert rows and {r["edition"] for r in rows} == {EDITION}
    built = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    links = {f["qr_payload"] for f in built["files"] if f["edition"] == EDITION}
    assert links <= {r["link"] for r in rows}  # every printed link is in the table
    for r in rows:
        assert r["link"] == f"https://get-help.stopitnow.org.uk/?s={r['code (s=)']}"
        want = {k: r[k] for k in ("edition", "format", "message", "language")}
        if r["channel"]:  # a caption's link: the platform it is posted on
            want["channel"] = r["channel"]
        assert built["attribution"]["codes"][r["code (s=)"]] == want
    # the pack's manifest carries the same rows as its CSV, none of another edition's
    in_pack = json.loads(members(out / f"{EDITION}.zip")[f"{EDITION}/manifest.json"])["attribution"]["codes"]
    assert set(in_pack) == {r["code (s=)"] for r in rows}
    # every caption's link in the pack's social kit is in the table, with its platform
    kit = members(out / f"{EDITION}.zip")
    captioned = [json.loads(d) for n, d in kit.items() if n.startswith(f"{EDITION}/social/") and n.endswith(".json")]
    table = {(r["link"], r["channel"]) for r in rows}
    posted = {(p["link"], p["id"]) for k in captioned for p in k["platforms"] if "link" in p}
    assert posted and posted <= table
    whole = list(csv.DictReader((out / "attribution.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["edition"] for r in whole} == {e.slug for e in project.editions}  # the whole table, even for a filtered build


def test_spec_answers_what_a_printer_asks(two_builds, project):
    """Stock and weight, finish, sides (4/4), duplex orientation, flat or folded, the 6-sheet's visible area,
    registration marks and overprint: each stated for each item, from the layouts' production facts."""
    out, _ = two_builds
    spec = members(out / f"{EDITION}.zip")[f"{EDITION}/printer-spec.txt"].decode()
    assert "version 1" in spec and "build fingerprint" in spec
    assert "registration colour" in spec and "overprint" in spec and "quantities.csv" in spec
    for lay in project.layouts:
        if lay.profile != "print" or not lay.builds(EDITION, "en"):  # a scoped layout is not in this pack
            continue
        after = spec.split(f"\n{lay.name} ({lay.format}):", 1)[1].splitlines()[1:]
        block = "\n".join(line for line in __import__("itertools").takewhile(lambda x: x.startswith("    "), after))
        p = lay.production
        assert p is not None, f"{lay.file} has no [production] facts"
        assert f"stock:    {p.stock}, {p.weight_gsm:g} gsm" in block
        assert f"finish:   {p.finish}" in block and f"fold:     {p.fold}" in block
        assert f"sides:    {lay.sides}" in block
        if len(lay.pages) == 2:
            assert lay.sides == "4/4" and f"duplex:   {p.duplex}" in block
    assert "visible:  1160 x 1760 mm" in spec  # the 6-sheet's frame


def test_pack_has_a_preflight_report_of_every_file_and_check(two_builds):
    """preflight.html and preflight.pdf: every file of the pack, every check that ran on it, its result."""
    import pypdfium2 as pdfium

    from posters.publish.preflight import CHECK_NAMES, PACKED

    out, _ = two_builds
    got = members(out / f"{EDITION}.zip")
    page = got[f"{EDITION}/preflight.html"].decode()
    doc = pdfium.PdfDocument(got[f"{EDITION}/preflight.pdf"])
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    manifest = json.loads(got[f"{EDITION}/manifest.json"])
    for e in manifest["files"]:
        assert f"<td rowspan" in page and e["in_pack"] in page and e["in_pack"] in text
        for check in e.get("checks", {}):
            name = CHECK_NAMES.get(check, check)  # an id without a plain name is shown as its id
            assert name in page and f"{name}: passed" in text
    prints = [e for e in manifest["files"] if e.get("profile") == "print" and e["file"].endswith(".pdf")]
    assert prints and all({"qr", "helpline", "painted", "pdfx", "colour", "boxes"} <= set(e["checks"]) for e in prints)
    assert page.count(PACKED) == len(manifest["files"])


def test_preflight_html_escapes_what_it_shows(project):
    from posters.manifest import Entry
    from posters.publish.preflight import html

    e = Entry("x/<script>alert(1)</script>.pdf", "0" * 64, 1, "pdf", checks={"qr": "warning: <b>soft</b>"})
    page = html("T & <i>", project.campaign, "f", [e])
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;soft" in page and "T &amp; &lt;i&gt;" in page


def test_a_pack_made_without_release_says_it_is_a_draft_and_what_is_open(two_builds, project):
    """Its README and spec sheet say first that no one approved the files, and list what a release
    would refuse (the project's helpline facts are not yet confirmed from the live site)."""
    out, _ = two_builds
    got = members(out / f"{EDITION}.zip")
    open_items = project.copy_problems(editions=[EDITION])
    assert open_items, "the project has facts still to confirm"
    for name in ("README.txt", "printer-spec.txt"):
        text = got[f"{EDITION}/{name}"].decode()
        assert "DRAFT, NOT APPROVED FOR PRINT" in text.split("print/")[0], name
        assert f"Still to settle before a release ({len(open_items)}):" in text
        assert all(p.message in text for p in open_items[:12])


def test_the_printers_sheet_names_any_spot_colour_a_file_brings(tmp_path):
    """It said "no spot colours" whatever the files held; a partner's PDF logo can bring one in."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    from posters.publish.spec import spot_colours

    plain, spot = tmp_path / "plain.pdf", tmp_path / "spot.pdf"
    for path, with_spot in ((plain, False), (spot, True)):
        pdf = pikepdf.new()
        pdf.add_blank_page()
        form = pdf.make_stream(b"/CS0 cs 1 scn 0 0 10 10 re f", Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 10, 10]))
        tint = pdf.make_stream(b"{0 exch 0 exch 0 exch 0.5 mul}", FunctionType=4, Domain=Array([0, 1]), Range=Array([0, 1, 0, 1, 0, 1, 0, 1]))
        registration = Array([Name.Separation, Name.All, Name.DeviceCMYK, tint])
        ink = Array([Name.Separation, Name("/PANTONE 287 C"), Name.DeviceCMYK, tint]) if with_spot else registration
        form.Resources = Dictionary(ColorSpace=Dictionary(CS0=ink))  # inside a form, as a logo's would be
        pdf.pages[0].Resources = Dictionary(XObject=Dictionary(L=form), ColorSpace=Dictionary(REG=registration))
        pdf.save(path)
    assert spot_colours(plain) == []  # registration colour is not a spot ink
    assert spot_colours(spot) == ["PANTONE 287 C"]
