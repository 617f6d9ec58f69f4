"""`posters check`: files the build made pass; an edited helpline and a QR code
leading to another host fail; modified files are still fully checked; files
with no manifest entry get the checks that need no plan; exit codes."""

from __future__ import annotations

import io
import json
import re
import os
import shutil
import subprocess
import sys
import zipfile

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.cli import EXIT_BROKEN_PIPE, main
from posters.verify.report import CHECK_NAMES
from posters.verify.file_check import NEEDS_PROJECT_COPY
from posters.verify.run import SKIP_RESOLUTION

from conftest import ROOT
from test_verify_readback import JOB, edit_helpline_digits, other_host_output

ALL_FILE_CHECKS = {"integrity", "safety", "qr", "helpline", "facts", "painted", "fonts", "boxes", "colour", "pdfx", "images", "safe-zone", "sizes", "contrast", "resolution"}


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


def without_facts(data: bytes) -> bytes:
    """The file with the facts the build wrote into its XMP taken out, as another program might leave it."""
    import io

    import pikepdf

    from posters.render.xmp_facts import KEY

    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            del meta[KEY]
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()


def test_a_file_without_a_manifest_or_facts_gets_the_checks_that_need_no_plan(out, tmp_path, capsys):
    lone = tmp_path / "from-the-printer.pdf"
    lone.write_bytes(without_facts(target(out).read_bytes()))
    code, report = check_json(capsys, lone)
    assert code == 0
    [f] = report["files"]
    assert f["manifest"] is None and f["modified"] is None
    assert {"qr", "helpline", "fonts", "colour", "pdfx", "images", "safe-zone", "sizes", "contrast"} <= set(f["checks_run"])
    assert any("records no layout rules" in n for n in f["notes"])  # measured by the tool's minimums for its size
    skipped = {s["check"]: s["reason"] for s in f["skipped"]}
    assert {"integrity", "boxes", "qr-payload"} <= set(skipped) and not PLAN_CHECKS & set(skipped)
    assert "no manifest.json found" in skipped["integrity"]
    check(lone)
    text = capsys.readouterr().out
    assert "skipped unchanged since the build: no manifest.json found" in text


def test_manifest_option_and_a_file_the_manifest_does_not_list(out, tmp_path, capsys):
    lone = tmp_path / "copy.pdf"
    lone.write_bytes(edit_helpline_digits(target(out).read_bytes()))  # changed and renamed: nothing left to match
    code, report = check_json(capsys, "--manifest", out / "manifest.json", lone)
    assert code == 1  # the helpline check still ran, and failed
    [f] = report["files"]
    assert not f["in_manifest"] and f["matched_by"] == "the file's own metadata"  # its XMP still names the output
    assert any("is not listed in" in s["reason"] for s in f["skipped"])


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


# --- files that travel: copies elsewhere, force packs, no project -------------------
PLAN_CHECKS = {"safe-zone", "sizes", "contrast"}


def test_a_byte_identical_copy_elsewhere_is_found_by_its_fingerprint(out, tmp_path, capsys):
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    copy = downloads / "poster.pdf"
    shutil.copy(target(out), copy)
    code, report = check_json(capsys, "--manifest", out / "manifest.json", copy)
    assert code == 0
    [f] = report["files"]
    assert f["in_manifest"] and f["matched_by"] == "fingerprint" and f["modified"] is False
    assert f["manifest_file"] == target(out).relative_to(out).as_posix()
    assert set(f["checks_run"]) == ALL_FILE_CHECKS and f["skipped"] == []
    check("--manifest", out / "manifest.json", copy)
    assert f"by its fingerprint: an exact copy of {f['manifest_file']}" in capsys.readouterr().out


def test_a_moved_and_edited_copy_is_found_by_its_name_and_the_report_says_so(out, tmp_path, capsys):
    name = f"{JOB.format}.{JOB.message}.cy.pdf"  # built for north-wales alone
    moved = tmp_path / "Downloads" / name
    moved.parent.mkdir()
    moved.write_bytes(edit_helpline_digits((out / JOB.edition / name).read_bytes()))
    code, report = check_json(capsys, "--manifest", out / "manifest.json", moved)
    assert code == 1
    [f] = report["files"]
    assert f["matched_by"] == "file name" and f["edition"] == JOB.edition and f["modified"] is True
    assert set(f["checks_run"]) == ALL_FILE_CHECKS
    assert {x["check"] for x in f["findings"]} == {"integrity", "helpline"}
    check("--manifest", out / "manifest.json", moved)
    assert "by its file name only" in capsys.readouterr().out


def test_a_name_shared_by_two_editions_is_told_apart_by_the_edition_folder(out, tmp_path, capsys):
    name = f"{JOB.format}.{JOB.message}.en.pdf"  # built for north-wales and for the regional edition
    listed = [e["file"] for e in json.loads((out / "manifest.json").read_text())["files"]]
    assert f"north-wales/{name}" in listed and f"regional/{name}" in listed
    edited = edit_helpline_digits((out / "regional" / name).read_bytes())
    for folder, want in (("regional", "regional"), ("elsewhere", None)):
        path = tmp_path / "sent" / folder / name
        path.parent.mkdir(parents=True)
        path.write_bytes(edited)
        _, report = check_json(capsys, "--manifest", out / "manifest.json", path)
        [f] = report["files"]
        if want is None:
            # no manifest entry can be told apart; the file's own metadata still names its edition
            assert any("several files" in s["reason"] for s in f["skipped"])
            assert f["matched_by"] == "the file's own metadata" and not f["in_manifest"] and f["edition"] == "regional"
        else:
            assert f["edition"] == want and f["in_manifest"]


def test_a_copy_beside_the_manifest_is_found_without_naming_it(out, capsys):
    """The manifest is looked for in the file's own folder too, not only two folders up."""
    beside = out / "poster-to-print.pdf"
    shutil.copy(target(out), beside)
    _, report = check_json(capsys, beside)
    [f] = report["files"]
    assert f["matched_by"] == "fingerprint" and f["manifest"] == str((out / "manifest.json").resolve())


@pytest.fixture()
def pack(built, project, tmp_path):
    """The north-wales force pack, made by the pack code from the build, unzipped: <tmp>/unzipped/north-wales/."""
    from posters.manifest import load_manifest
    from posters.publish.pack import build_pack

    manifest = load_manifest(built / "manifest.json")
    extra = manifest.sections["proofs"] + manifest.sections["accessible"]
    manifest.sections = {}  # as the build hands it over
    data = build_pack(built, project, manifest, JOB.edition, extra)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / JOB.edition
    assert (folder / "proof" / f"{JOB.edition}.proof.pdf").is_file()
    return folder


def pack_posters(folder) -> list:
    return sorted(p for p in folder.rglob("*.pdf") if p.parent.name in ("print", "digital"))


def test_a_file_in_an_unzipped_pack_is_found_by_its_place_in_the_pack(pack, capsys):
    path = pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf"
    code, report = check_json(capsys, path)
    assert code == 0
    [f] = report["files"]
    assert f["matched_by"] == "path in pack" and f["modified"] is False
    assert set(f["checks_run"]) == ALL_FILE_CHECKS and f["skipped"] == []


def test_a_pack_folder_checks_its_posters_and_never_the_proof_sheet(pack, capsys):
    code, report = check_json(capsys, pack)
    assert code == 0, report
    assert sorted(f["file"] for f in report["files"]) == [str(p) for p in pack_posters(pack)]
    assert all(f["in_manifest"] and f["matched_by"] == "path in pack" for f in report["files"])
    assert report["not_checked"] == [
        {"file": str(pack / "preflight.pdf"), "reason": "not a poster (preflight report), not checked"},
        {"file": str(pack / "proof" / f"{JOB.edition}.proof.a4.pdf"), "reason": "not a poster (proof sheet), not checked"},
        {"file": str(pack / "proof" / f"{JOB.edition}.proof.pdf"), "reason": "not a poster (proof sheet), not checked"},
    ]
    check(pack)
    text = capsys.readouterr().out
    assert "FAIL" not in text and "SKIP" in text and "not a poster (proof sheet), not checked" in text


def test_a_proof_sheet_named_is_reported_as_not_a_poster(pack, built, tmp_path, capsys):
    lone = tmp_path / "a" / "b" / "c" / "d" / "sign-off.pdf"  # no manifest near it: known by its title
    lone.parent.mkdir(parents=True)
    shutil.copy(built / "proofs" / "index.pdf", lone)
    for path in (pack / "proof" / f"{JOB.edition}.proof.pdf", lone):
        code, report = check_json(capsys, path)
        assert code == 0 and report["files"] == []
        assert report["not_checked"][0]["reason"] == "not a poster (proof sheet), not checked"
        assert check(path) == 0
        text = capsys.readouterr().out
        assert "SKIP" in text and "No posters were checked" in text


def test_an_unlisted_pdf_in_a_pack_folder_is_checked_on_its_own(pack, tmp_path, capsys):
    """A PDF dropped beside the posters goes to the printer with them: a poster there with another
    number once passed the folder's check unread."""
    poster = pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf"
    with pikepdf.open(poster) as pdf:
        page = pdf.pages[0]
        page.Contents = pdf.make_stream(page.Contents.read_bytes().replace(b"(0808 1000 900)", b"(0808 1000 901)"))
        pdf.save(pack / "print" / "a3-poster-v2.pdf")
    code, report = check_json(capsys, pack)
    assert code == 1
    [extra] = [f for f in report["files"] if f["file"].endswith("a3-poster-v2.pdf")]
    assert not extra["in_manifest"] and any("not listed in" in n for n in extra["notes"])
    assert any(x["check"] == "helpline" and "'0808 1000 901'" in x["message"] for x in extra["findings"])
    assert not any(n["file"].endswith("a3-poster-v2.pdf") for n in report["not_checked"])


@pytest.mark.parametrize("instead", [None, "folder", "dangling link"])
def test_a_poster_the_pack_lists_but_does_not_hold_fails_the_folder_check(pack, capsys, instead):
    gone = pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf"
    gone.unlink()
    if instead == "folder":
        gone.mkdir()  # a folder of the file's name is not the file
    elif instead == "dangling link":
        gone.symlink_to(pack / "nowhere.pdf")
    code, report = check_json(capsys, pack)
    assert code == 1 and not report["passed"]
    assert [m["file"].rsplit("/", 1)[-1] for m in report["missing"]] == [gone.name]
    assert check(pack) == 1
    text = capsys.readouterr().out
    assert f"listed in {pack / 'manifest.json'} but not in the folder" in text


def outside_project(monkeypatch, tmp_path, *args) -> int:
    """`posters check` run from a folder that is not in a project, without --project."""
    monkeypatch.chdir(tmp_path)
    return main(["check", *map(str, args)])


def test_an_unzipped_pack_is_checked_without_a_project(pack, tmp_path, monkeypatch, capsys):
    capsys.readouterr()
    code = outside_project(monkeypatch, tmp_path, "--json", pack)
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    assert report["project"] is None and report["notes"]
    assert len(report["files"]) == len(pack_posters(pack)) and report["not_checked"]
    for f in report["files"]:
        assert f["campaign_facts_from"] == "the tool"  # never the manifest that travels with the files
        assert {"integrity", "qr", "helpline", "fonts", "boxes", "images"} <= set(f["checks_run"])
        if f["file"].endswith(f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf"):
            assert {"colour", "pdfx"} <= set(f["checks_run"])
        # with no project, safe zone, sizes and contrast are measured from the page; only the facts
        # a format must print (which need the project's copy) and image resolution for the viewing
        # distance (which needs the plan's boxes; the file's own images check ran) are skipped
        assert PLAN_CHECKS <= set(f["checks_run"]) and "images" in f["checks_run"]
        assert f["skipped"] == [{"check": "facts", "reason": NEEDS_PROJECT_COPY}, {"check": "resolution", "reason": SKIP_RESOLUTION}]
        assert [n for n in f["notes"] if not n.startswith("safe zone, sizes and contrast were measured from the page")] == []  # the manifest records the allow-list: no fallback was needed
    assert outside_project(monkeypatch, tmp_path, pack) == 0
    text = capsys.readouterr().out
    assert "No posters project here" in text and "skipped safe zone" not in text and f"skipped facts its format must print: {NEEDS_PROJECT_COPY}" in text


def test_without_a_project_a_wrong_qr_host_or_helpline_still_fails(pack, project, logos, tmp_path, monkeypatch, capsys):
    path = pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf"
    good = path.read_bytes()
    path.write_bytes(other_host_output(project, logos))
    capsys.readouterr()
    assert outside_project(monkeypatch, tmp_path, "--json", path) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert f["matched_by"] == "path in pack"
    assert any("not on the allow-list (stopitnow.org.uk)" in x["message"] for x in f["findings"] if x["check"] == "qr")
    path.write_bytes(edit_helpline_digits(good))
    assert outside_project(monkeypatch, tmp_path, "--json", path) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert {x["check"] for x in f["findings"]} == {"integrity", "helpline"}


def test_a_manifest_without_the_allow_list_is_judged_by_the_tool(pack, tmp_path, monkeypatch, capsys):
    manifest = json.loads((pack / "manifest.json").read_text())
    del manifest["allowed_hosts"]
    (pack / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert outside_project(monkeypatch, tmp_path, "--json", pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf") == 0
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert "qr" in f["checks_run"] and f["campaign_facts_from"] == "the tool"


def test_a_manifest_that_records_other_facts_fails(pack, tmp_path, monkeypatch, capsys):
    manifest = json.loads((pack / "manifest.json").read_text())
    manifest["helpline_tel"] = "tel:+442079460000"
    manifest["allowed_hosts"] = ["stopitnow.org.uk", "example.org"]
    (pack / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert outside_project(monkeypatch, tmp_path, "--json", pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf") == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    messages = " ".join(x["message"] for x in f["findings"])
    assert "tel:+442079460000" in messages and "example.org" in messages


def test_with_neither_project_nor_manifest_the_tool_still_checks_number_and_link(out, tmp_path, monkeypatch, capsys):
    lone = tmp_path / "a" / "b" / "c" / "d" / "from-the-printer.pdf"  # no manifest.json within reach
    lone.parent.mkdir(parents=True)
    shutil.copy(target(out), lone)
    capsys.readouterr()
    assert outside_project(monkeypatch, tmp_path, "--json", lone) == 0
    report = json.loads(capsys.readouterr().out)
    [f] = report["files"]
    assert f["campaign_facts_from"] == "the tool" and f["manifest"] is None
    assert {"qr", "helpline", "fonts", "colour", "pdfx", "images"} | PLAN_CHECKS <= set(f["checks_run"])
    assert f["passed"] and f["verdict"] == "PARTIAL" and report["complete"] is False
    skipped = {s["check"]: s["reason"] for s in f["skipped"]}
    assert {"integrity", "boxes"} <= set(skipped) and not PLAN_CHECKS & set(skipped)
    assert outside_project(monkeypatch, tmp_path, lone) == 0
    text = capsys.readouterr().out
    assert "No posters project here" in text
    # what ran passed, but a report with skipped checks never reads as a plain pass
    assert "PARTIAL" in text and not re.search(r"^PASS ", text, re.M) and "all passed" not in text
    broken = lone.parent / "broken.pdf"
    broken.write_bytes(b"this is not a PDF")
    assert outside_project(monkeypatch, tmp_path, broken) == 1  # a check that ran failed


def test_a_screen_file_with_nothing_known_lists_its_links_check_as_skipped(project, logos, tmp_path, monkeypatch, capsys):
    """Every check is either run or skipped with its reason, whatever is known: one dispatch for all cases."""
    made = make_output(project, logos, Job(JOB.edition, "social-square", "en", "self"), verify=False)
    lone = tmp_path / "a" / "b" / "c" / "d" / "square.pdf"
    lone.parent.mkdir(parents=True)
    lone.write_bytes(next(d for n, d in made.files.items() if n.endswith(".pdf")))
    capsys.readouterr()
    outside_project(monkeypatch, tmp_path, "--json", lone)
    [f] = json.loads(capsys.readouterr().out)["files"]
    skipped = {s["check"]: s["reason"] for s in f["skipped"]}
    assert "links" in f["checks_run"]  # the helpline and hosts are the tool's own: known without project or manifest
    # print colour and PDF/X are for print files only, "impose" for imposed sheets, separations for print files when
    # asked for (--separations); every other check is run or said to be skipped
    assert set(CHECK_NAMES) - {"colour", "pdfx", "impose", "separations"} <= set(f["checks_run"]) | set(skipped)


# --- a reader that goes away ----------------------------------------------------------
def run_into_closed_pipe(*args) -> subprocess.CompletedProcess:
    """Run `posters` with its stdout a pipe whose reading end is already closed, as `| head` leaves it."""
    r, w = os.pipe()
    os.close(r)
    try:
        return subprocess.run([sys.executable, "-m", "posters", "--project", str(ROOT), *map(str, args)], stdout=w, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(w)


def test_a_closed_pipe_ends_quietly(built):
    for args in (("check", target(built)), ("check", "--json", built)):
        done = run_into_closed_pipe(*args)
        assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
        # 141 (128 + SIGPIPE) when the report broke off; the command's own code when only the last flush was lost
        assert done.returncode in (0, EXIT_BROKEN_PIPE)
    assert done.returncode == EXIT_BROKEN_PIPE  # a long report breaks off mid-way


def test_a_file_over_the_size_limit_is_refused_unread(out, tmp_path, monkeypatch, capsys):
    from posters.verify import file_check

    big = tmp_path / "huge.pdf"
    with open(big, "wb") as f:  # sparse: no disk space, and the check must not read it
        f.truncate(file_check.MAX_FILE_BYTES + 1)
    capsys.readouterr()
    assert main(["--project", str(ROOT), "check", "--json", str(big)]) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert f["checks_run"] == ["safety"] and "the limit for a poster is" in f["findings"][0]["message"]
# --- a copy that travelled without its manifest -----------------------------------------
def test_a_lone_copy_is_checked_as_fully_as_one_in_its_build_folder(out, tmp_path, capsys):
    """The facts the build wrote into the file's XMP name its output, so the layout checks run."""
    from posters.render.xmp_facts import read_facts

    lone = tmp_path / "a" / "b" / "c" / "d" / "from-the-printer.pdf"  # no manifest.json within reach
    lone.parent.mkdir(parents=True)
    shutil.copy(target(out), lone)
    facts = read_facts(lone.read_bytes())
    assert facts and (facts["edition"], facts["layout"], facts["language"], facts["message"]) == (JOB.edition, JOB.format, JOB.lang, JOB.message)
    code, report = check_json(capsys, lone)
    assert code == 0, report
    [f] = report["files"]
    assert f["matched_by"] == "the file's own metadata" and f["edition"] == JOB.edition
    assert set(f["checks_run"]) == ALL_FILE_CHECKS - {"integrity"}  # safe zone, sizes and contrast included
    assert [s["check"] for s in f["skipped"]] == ["integrity"]  # no manifest: whether it changed cannot be known
    assert f["verdict"] == "PARTIAL"


def test_a_lone_copy_made_from_an_older_layout_is_not_judged_by_the_new_one(out, tmp_path, capsys, project_copy):
    """The layout digest the file records tells a changed layout from the one it was made with."""
    lone = tmp_path / "sent" / "poster.pdf"
    lone.parent.mkdir()
    shutil.copy(target(out), lone)
    capsys.readouterr()
    assert main(["--project", str(project_copy), "check", "--json", str(lone)]) == 0
    capsys.readouterr()
    # the project's layout changes after the file was made: its recorded digest no longer matches
    lay = project_copy / "layouts" / f"{JOB.format}.toml"
    lay.write_text(lay.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert main(["--project", str(project_copy), "check", "--json", str(lone)]) == 0
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert not {"safe-zone", "sizes", "contrast"} & {s["check"] for s in f["skipped"]}  # measured from the page instead
    assert {"safe-zone", "sizes", "contrast"} <= set(f["checks_run"])
    assert any("changed since this file was made" in n and "measured from the page" in n for n in f["notes"])


def test_a_fault_in_a_check_fails_that_file_by_name_and_the_rest_are_checked(pack, tmp_path, monkeypatch, capsys):
    import posters.verify.measured as measured

    def broken(*a, **k):
        raise AttributeError("'PdfImage' object has no attribute 'get_pos'")

    monkeypatch.setattr(measured, "measure", broken)
    capsys.readouterr()
    code = outside_project(monkeypatch, tmp_path, "--json", pack)
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert len(report["files"]) == len(pack_posters(pack))  # every file reported, none skipped by the fault
    for f in report["files"]:
        [x] = [x for x in f["findings"] if x["severity"] == "error"]
        assert "a fault in posters itself (AttributeError" in x["message"] and "not known to be good" in x["message"]


def test_a_linked_folder_is_named_as_not_looked_into(pack, tmp_path, capsys):
    """A folder linked into the pack is not followed (a link may lead anywhere, or back up to the
    pack itself), and the report says so: its posters were not checked, not passed."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(pack / "print" / f"{JOB.format}.{JOB.message}.{JOB.lang}.pdf", elsewhere / "more.pdf")
    (pack / "more").symlink_to(elsewhere, target_is_directory=True)
    (pack / "loop").symlink_to(pack, target_is_directory=True)
    code, report = check_json(capsys, pack)
    assert code == 0 and report["passed"]
    skipped = {n["file"].rsplit("/", 1)[-1]: n["reason"] for n in report["not_checked"]}
    assert "linked folder" in skipped["more"] and "linked folder" in skipped["loop"]
    assert not any(f["file"].endswith("more.pdf") for f in report["files"])
    assert check(pack) == 0
    text = capsys.readouterr().out
    assert f"SKIP  {pack / 'more'}: a linked folder, not looked into" in text
    assert "linked folder(s) not checked (see SKIP above)" in text
