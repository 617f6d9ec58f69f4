"""Verification inside `posters build`: an output that fails a check is never
written (an old copy is removed) and the build exits 1; the report ends the
build; `--icc` makes PDF/X-4 and refuses a profile that is not CMYK; output
is deterministic."""

from __future__ import annotations

import hashlib
import json

import pikepdf
import pytest

from posters import fonts
from posters.batch import Job, make_output
from posters.cli import main

from conftest import ROOT
from icc_profiles import cmyk_profile


def build(project_root, out, *extra) -> int:
    return main(["--project", str(project_root), "build", "-q", "-j", "1", "-o", str(out), "-l", "a4-poster", "-m", "self", "-e", "cumbria", *map(str, extra)])


def _cmyk_icc() -> bytes:
    """A small, valid CMYK output (printer) profile that LittleCMS can convert through."""
    return cmyk_profile()


def _header_only_icc() -> bytes:
    """A well-formed ICC header for a CMYK printer profile, with no tags: opens, but converts nothing."""
    header = bytearray(128)
    header[0:4] = (132).to_bytes(4, "big")
    header[8:12] = bytes([2, 0x10, 0, 0])
    header[12:16] = b"prtr"
    header[16:20] = b"CMYK"
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header) + (0).to_bytes(4, "big")


def test_a_build_ends_with_the_verification_report(tmp_path, capsys):
    assert build(ROOT, tmp_path / "out") == 0
    out = capsys.readouterr().out
    assert "Verification:" in out and "0 error(s), 0 warning(s) - all passed" in out


def test_an_output_that_fails_a_check_is_not_written(project_copy, tmp_path, capsys):
    # white label text on the yellow helpline band: fails contrast, which only the plan check sees
    lay = project_copy / "layouts" / "a4-poster.toml"
    text = lay.read_text(encoding="utf-8")
    assert '[styles.label]\nfont = "semibold"\nsize_pt = 16\nmin_size_pt = 12\ncolour = "ink"' in text
    lay.write_text(text.replace('[styles.label]\nfont = "semibold"\nsize_pt = 16\nmin_size_pt = 12\ncolour = "ink"', '[styles.label]\nfont = "semibold"\nsize_pt = 16\nmin_size_pt = 12\ncolour = "paper"'), encoding="utf-8")
    out = tmp_path / "out"
    stale = out / "cumbria" / "a4-poster.self.en.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an older build of this poster")
    assert build(project_copy, out) == 1
    captured = capsys.readouterr()
    assert not stale.exists(), "a file that failed must not be left for a print team"
    assert "[contrast]" in captured.err and "was not written" in captured.err
    assert "FAILED" in captured.out
    manifest = json.loads((out / "manifest.json").read_text())
    assert not any(e["file"] == "cumbria/a4-poster.self.en.pdf" for e in manifest["files"])


def test_last_line_says_failed_when_an_output_could_not_be_made(project_copy, tmp_path, capsys):
    """An output that fails before any check runs (its text cannot fit) is still a failure of the build."""
    lay = project_copy / "layouts" / "a4-poster.toml"
    text = lay.read_text(encoding="utf-8")
    assert "box_mm = [12, 88, 186, 28.5]" in text
    lay.write_text(text.replace("box_mm = [12, 88, 186, 28.5]", "box_mm = [12, 88, 186, 6]"), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["--project", str(project_copy), "build", "-q", "-j", "1", "-o", str(out), "-l", "a4-poster", "-l", "a5-flyer", "-m", "self", "-e", "cumbria"])
    assert code == 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "all passed" not in last
    assert "FAILED" in last and "1 of 2 output(s) not written" in last


def test_icc_makes_pdfx4_with_the_profile_embedded(tmp_path, capsys):
    icc = tmp_path / "PrinterCoated.icc"
    icc.write_bytes(_cmyk_icc())
    out = tmp_path / "out"
    assert build(ROOT, out, "--icc", icc) == 0
    assert "all passed" in capsys.readouterr().out
    pdf_path = out / "cumbria" / "a4-poster.self.en.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.trailer.Info.GTS_PDFXVersion) == "PDF/X-4"
        [intent] = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "PrinterCoated"
        assert intent.DestOutputProfile.read_bytes() == _cmyk_icc()
    entry = next(e for e in json.loads((out / "manifest.json").read_text())["files"] if e["file"].endswith("a4-poster.self.en.pdf"))
    assert entry["pdfx"] == "PDF/X-4"
    # `posters check` knows from the manifest that this file is X-4 for that condition
    assert main(["--project", str(ROOT), "check", str(pdf_path)]) == 0


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "is not an ICC profile"),  # filled below with an sRGB profile
        (b"not a profile at all", "is not an ICC profile that LittleCMS can open"),
        ("header-only", "is a CMYK printer profile that LittleCMS cannot convert colours with"),
    ],
)
def test_icc_that_is_not_cmyk_is_refused_before_building(tmp_path, capsys, content, message):
    icc = tmp_path / "profile.icc"
    if content is None:
        from PIL import ImageCms

        icc.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        message = "is a RGB profile, not CMYK"
    elif content == "header-only":
        icc.write_bytes(_header_only_icc())
    else:
        icc.write_bytes(content)
    out = tmp_path / "out"
    assert build(ROOT, out, "--icc", icc) == 2
    err = capsys.readouterr().err
    assert f"--icc {icc}: {message}" in err and "hint:" in err and "Traceback" not in err
    assert not out.exists()


def test_icc_that_the_colour_engine_cannot_use_is_refused(tmp_path, capsys):
    """A CMYK printer-profile header with no colour tables: print colours could not be judged through it."""
    header = bytearray(cmyk_profile()[:128])
    header[0:4] = (132).to_bytes(4, "big")
    icc = tmp_path / "Hollow.icc"
    icc.write_bytes(bytes(header) + (0).to_bytes(4, "big"))
    out = tmp_path / "out"
    assert build(ROOT, out, "--icc", icc) == 2
    err = capsys.readouterr().err
    assert "LittleCMS" in err and "hint:" in err and "Traceback" not in err
    assert not out.exists()


def test_missing_icc_file_is_a_usage_error(tmp_path, capsys):
    assert build(ROOT, tmp_path / "out", "--icc", tmp_path / "none.icc") == 2
    assert "cannot be read" in capsys.readouterr().err


def test_output_is_deterministic(project, logos):
    fonts.register_all()
    job = Job("lancashire", "a4-poster", "en", "family")
    a = make_output(project, logos, job, verify=False).files
    b = make_output(project, logos, job, verify=False).files
    digest = {n: hashlib.sha256(d).hexdigest() for n, d in a.items()}
    assert digest == {n: hashlib.sha256(d).hexdigest() for n, d in b.items()}


def test_every_layout_passes_verification_and_check(tmp_path, capsys, project):
    """A representative subset of what ships: every layout (print and screen), bilingual."""
    out = tmp_path / "out"
    args = ["--project", str(ROOT), "build", "-q", "-j", "2", "-o", str(out), "-e", "regional", "-L", "cy-en", "-m", "self"]
    assert main(args) == 0
    assert "0 error(s), 0 warning(s) - all passed" in capsys.readouterr().out
    assert main(["--project", str(ROOT), "check", "--json", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    by_layout = {f["layout"]: f for f in report["files"]}
    assert set(by_layout) == {lay.format for lay in project.layouts}
    for lay in project.layouts:
        ran = set(by_layout[lay.format]["checks_run"])
        if lay.profile == "screen":
            assert {"qr", "helpline", "links", "fonts", "boxes"} <= ran and "pdfx" not in ran
        else:
            assert {"qr", "helpline", "colour", "pdfx", "boxes"} <= ran and "links" not in ran
