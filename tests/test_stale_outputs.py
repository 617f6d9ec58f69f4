"""Nothing stale reaches a user: after a layout is deleted (or an edition
removed), the next build leaves nothing of it in the output folder, the
manifest, the force pack, its printer-spec.txt or the proof sheet."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

from posters.cli import main

EDITION = "cumbria"


def build(project: Path, out: Path, *extra: str) -> int:
    return main(["--project", str(project), "build", "-q", "-j", "2", "-o", str(out), "-e", EDITION, *extra])


def proof_text(path: Path) -> str:
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_a_deleted_layout_leaves_nothing_in_folder_manifest_pack_spec_or_proof(project_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(project_copy, out) == 0
    assert list((out / EDITION).glob("a5-flyer.*"))
    (project_copy / "layouts" / "a5-flyer.toml").unlink()
    assert build(project_copy, out) == 0
    captured = capsys.readouterr()
    assert not list((out / EDITION).glob("a5-flyer.*")), "files of a layout the project no longer has are still in the folder"
    assert "a5-flyer" in captured.err + captured.out and "removed" in captured.err + captured.out  # and the user is told
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not [e for section in manifest.values() if isinstance(section, list) for e in section if "a5-flyer" in json.dumps(e)]
    with zipfile.ZipFile(out / f"{EDITION}.zip") as zf:
        names = zf.namelist()
        spec = zf.read(f"{EDITION}/printer-spec.txt").decode()
    assert not [n for n in names if "a5-flyer" in n]
    assert "a5-flyer" not in spec and "?" not in spec
    assert "A5" not in proof_text(out / "proofs" / f"{EDITION}.proof.pdf")


def test_a_filtered_build_keeps_what_the_project_still_makes(project_copy, tmp_path):
    out = tmp_path / "out"
    assert main(["--project", str(project_copy), "build", "-q", "-j", "2", "-o", str(out), "-e", EDITION, "-e", "lancashire", "-l", "a4-poster", "-m", "self"]) == 0
    assert main(["--project", str(project_copy), "build", "-q", "-j", "2", "-o", str(out), "-e", EDITION, "-l", "a4-poster", "-m", "self"]) == 0
    assert (out / "lancashire" / "a4-poster.self.en.pdf").is_file()
    files = {e["file"] for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert "lancashire/a4-poster.self.en.pdf" in files


def test_a_removed_edition_leaves_nothing(project_copy, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["-l", "a4-poster", "-m", "self"]
    assert main(["--project", str(project_copy), "build", "-q", "-j", "2", "-o", str(out), *args]) == 0
    assert (out / "cheshire" / "a4-poster.self.en.pdf").is_file()
    shutil.rmtree(project_copy / "assets" / "forces" / "cheshire")
    assert main(["--project", str(project_copy), "build", "-q", "-j", "2", "-o", str(out), *args]) == 0
    assert not (out / "cheshire" / "a4-poster.self.en.pdf").exists()
    assert not (out / "proofs" / "cheshire.proof.pdf").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not [e for section in manifest.values() if isinstance(section, list) for e in section if isinstance(e, dict) and e.get("edition") == "cheshire"]
