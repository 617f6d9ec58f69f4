"""`posters check`: files the build made pass; an edited helpline and a QR code
leading to another host fail; modified files are still fully checked; files
with no manifest entry get the checks that need no plan; exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from posters.cli import main

from conftest import ROOT
from test_verify_readback import JOB, edit_helpline_digits, other_host_output

ALL_FILE_CHECKS = {"integrity", "qr", "helpline", "fonts", "boxes", "colour", "pdfx", "images", "safe-zone", "sizes", "contrast"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    args = ["--project", str(ROOT), "build", "-q", "-j", "1", "-o", str(out), "-l", JOB.format, "-m", JOB.message, "-e", JOB.edition, "-e", "regional"]
    assert main(args) == 0
    return out


@pytest.fixture()
def out(built, tmp_path):
    """A private copy of the build, to tamper with."""
    dst = tmp_path / "out"
    shutil.copytree(built, dst)
    return dst


def check(*args) -> int:
    return main(["--project", str(ROOT), "check", *map(str, args)])


def check_json(capsys, *args) -> tuple[int, dict]:
    capsys.readouterr()
    code = check("--json", *args)
    return code, json.loads(capsys.readouterr().out)


def target(out):
    return out / JOB.edition / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf"


def test_every_built_file_passes(out, capsys):
    code, report = check_json(capsys, out)
    assert code == 0, report
    listed = [e for e in json.loads((out / "manifest.json").read_text())["files"] if e["file"].endswith(".pdf")]
    assert len(listed) >= 3  # north-wales and the regional edition, each in its languages
    assert report["passed"] and report["summary"]["files"] == len(listed) and report["summary"]["errors"] == 0
    for f in report["files"]:
        assert f["in_manifest"] and f["modified"] is False
        assert set(f["checks_run"]) == ALL_FILE_CHECKS and f["skipped"] == []
    check(out)
    text = capsys.readouterr().out
    assert "PASS" in text and "FAIL" not in text and "0 error(s)" in text


def test_helpline_digits_edited_after_the_build_fail(out, capsys):
    path = target(out)
    path.write_bytes(edit_helpline_digits(path.read_bytes()))
    code, report = check_json(capsys, path)
    assert code == 1
    [f] = report["files"]
    assert f["modified"] is True and not f["passed"]
    assert set(f["checks_run"]) == ALL_FILE_CHECKS  # a modified file is still checked in full
    failed = {x["check"] for x in f["findings"]}
    assert failed == {"integrity", "helpline"}
    assert any("'0808 1000 901'" in x["message"] for x in f["findings"])
    check(path)
    text = capsys.readouterr().out
    assert "FAIL" in text and "modified since the build" in text and "not the helpline 0808 1000 900" in text


def test_qr_pointing_to_another_host_fails(out, capsys, project, logos):
    path = target(out)
    path.write_bytes(other_host_output(project, logos))
    code, report = check_json(capsys, path)
    assert code == 1
    [f] = report["files"]
    qr = [x["message"] for x in f["findings"] if x["check"] == "qr"]
    assert any("get-help.example.org" in m and "not on the allow-list" in m for m in qr)
    check(path)
    assert "the QR code leads to 'https://get-help.example.org/" in capsys.readouterr().out


def test_a_file_without_a_manifest_gets_the_checks_that_need_no_plan(out, tmp_path, capsys):
    lone = tmp_path / "from-the-printer.pdf"
    shutil.copy(target(out), lone)
    code, report = check_json(capsys, lone)
    assert code == 0
    [f] = report["files"]
    assert f["manifest"] is None and f["modified"] is None
    assert {"qr", "helpline", "fonts", "colour", "pdfx", "images"} <= set(f["checks_run"])
    skipped = {s["check"]: s["reason"] for s in f["skipped"]}
    assert {"integrity", "boxes", "qr-payload", "safe-zone", "sizes", "contrast"} <= set(skipped)
    assert "no manifest.json found" in skipped["integrity"]
    check(lone)
    text = capsys.readouterr().out
    assert "skipped unchanged since the build: no manifest.json found" in text


def test_manifest_option_and_a_file_the_manifest_does_not_list(out, tmp_path, capsys):
    lone = tmp_path / "copy.pdf"
    shutil.copy(target(out), lone)
    code, report = check_json(capsys, "--manifest", out / "manifest.json", lone)
    assert code == 0
    assert any("is not listed in" in s["reason"] for s in report["files"][0]["skipped"])


def test_strict_turns_warnings_into_failures(out, capsys):
    manifest = out / "manifest.json"
    data = json.loads(manifest.read_text())
    rel = target(out).relative_to(out).as_posix()
    entry = next(e for e in data["files"] if e["file"] == rel)
    entry["qr_payload"] += "&utm_term=old"  # the campaign data "changed" since the build
    manifest.write_text(json.dumps(data))
    code, report = check_json(capsys, target(out))
    assert code == 0 and report["summary"]["warnings"] == 1 and report["summary"]["errors"] == 0
    assert "the manifest records the QR link" in report["files"][0]["findings"][0]["message"]
    assert check("--strict", target(out)) == 1


def test_usage_errors_exit_2(tmp_path, capsys):
    assert check(tmp_path / "nope.pdf") == 2
    assert "nope.pdf: no such file or folder" in capsys.readouterr().err
    assert check(tmp_path) == 2  # an empty folder
    assert "holds no PDF files" in capsys.readouterr().err


def test_broken_manifest_is_one_clear_error(out, capsys):
    (out / "manifest.json").write_text("{not json")
    assert check(target(out)) == 1
    err = capsys.readouterr().err
    assert "manifest.json" in err and "is not a readable manifest" in err and "Traceback" not in err


def test_a_file_that_is_not_a_pdf_fails_and_says_so(tmp_path, capsys):
    bad = tmp_path / "poster.pdf"
    bad.write_bytes(b"this is not a PDF")
    code, report = check_json(capsys, bad)
    assert code == 1
    assert any("could not read the file" in f["message"] for f in report["files"][0]["findings"])
