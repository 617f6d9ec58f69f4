"""The command line as a user runs it: exit codes, filters, names, manifest."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from posters.cli import main


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "posters", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_build_filters_names_and_manifest(root, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["--project", str(root), "build", "-q", "-e", "lancashire", "-e", "regional", "-l", "a4-poster", "-m", "self", "-o", str(out)])
    assert code == 0
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert "lancashire/a4-poster.self.en.pdf" in files
    assert "regional/a4-poster.self.en.pdf" in files and "regional/a4-poster.self.cy-en.pdf" in files
    assert not any(f.startswith(("cumbria/", "north-wales/")) for f in files)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(f for f in manifest["files"] if f["file"] == "lancashire/a4-poster.self.en.pdf")
    assert entry["edition"] == "lancashire" and entry["layout"] == "a4-poster" and entry["language"] == "en"
    assert entry["trim_mm"] == [210, 297] and len(entry["sha256"]) == 64
    assert entry["qr_payload"] == "https://get-help.stopitnow.org.uk/?s=la4se"
    assert manifest["attribution"]["codes"]["la4se"] == {"edition": "lancashire", "format": "a4-poster", "message": "self", "language": "en"}
    assert "la4se,lancashire,a4-poster,self,en," in (out / "attribution.csv").read_text(encoding="utf-8")
    assert manifest["helpline"] == "0808 1000 900"
    summary = capsys.readouterr().out
    assert "Build summary" in summary and "lancashire" in summary


def test_unknown_filter_value_is_a_usage_error(root, tmp_path, capsys):
    assert main(["--project", str(root), "build", "-e", "lancs", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--edition 'lancs' is unknown" in err and "posters list" in err


def test_bad_option_exits_2_without_traceback():
    r = run("build", "--no-such-option")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "hint:" in r.stderr


def test_list_shows_editions_layouts_languages(root):
    r = run("--project", str(root), "list")
    assert r.returncode == 0, r.stderr
    for word in ("north-wales", "regional", "a4-poster", "cy-en", "Cymraeg"):
        assert word in r.stdout


def test_outside_a_project_is_a_clear_error(tmp_path):
    r = run("list", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "not inside a posters project" in r.stderr and "hint:" in r.stderr


def test_a_broken_layout_fails_the_build_but_others_are_built(project_copy, tmp_path, capsys):
    (project_copy / "layouts" / "a3-poster.toml").write_text('name = "broken"\ntrim_mm = [297, "420"]\n', encoding="utf-8")
    out = tmp_path / "out"
    code = main(["--project", str(project_copy), "build", "-q", "-e", "cheshire", "-m", "self", "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "layouts/a3-poster.toml: trim_mm: must be a list of 2 numbers" in err
    assert (out / "cheshire" / "a4-poster.self.en.pdf").is_file()
    assert not (out / "cheshire" / "a3-poster.self.en.pdf").exists()


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"]])
def test_help(argv):
    r = run(*argv)
    assert r.returncode == 0 and "posters" in r.stdout


def test_a_filtered_build_keeps_the_rest_of_the_folder_in_the_manifest(root, tmp_path):
    out = tmp_path / "out"
    base = ["--project", str(root), "build", "-q", "-l", "a4-poster", "-o", str(out)]
    assert main([*base, "-e", "cumbria", "-e", "lancashire"]) == 0
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert main([*base, "-e", "cumbria", "-m", "self"]) == 0
    second = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {e["file"]: e for e in second["files"]}
    # untouched outputs are still listed, rebuilt ones described by the new run
    assert {e["file"] for e in first["files"]} == set(files)
    assert files["lancashire/a4-poster.family.en.pdf"] == next(e for e in first["files"] if e["file"] == "lancashire/a4-poster.family.en.pdf")
    # an entry whose file changed since is not carried over
    (out / "lancashire" / "a4-poster.self.en.pdf").write_bytes(b"%PDF-1.4 edited")
    assert main([*base, "-e", "cumbria", "-m", "self"]) == 0
    third = {e["file"] for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert "lancashire/a4-poster.self.en.pdf" not in third and "lancashire/a4-poster.family.en.pdf" in third


@pytest.mark.parametrize("where", [".", "assets/forces", "layouts/new", ".."])
def test_an_output_folder_in_the_projects_inputs_is_refused(project_copy, capsys, where):
    """-o assets/forces once wrote 40 files beside force.toml, and the next build refused the project."""
    before = sorted(p.relative_to(project_copy.parent) for p in project_copy.parent.rglob("*"))
    out = (project_copy / where).resolve()
    code = main(["--project", str(project_copy), "build", "-q", "-e", "cumbria", "-l", "a4-poster", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{out}: --out: is the project folder or lies in its assets/ or layouts/" in err and "build into a folder of its own" in err
    assert sorted(p.relative_to(project_copy.parent) for p in project_copy.parent.rglob("*")) == before
