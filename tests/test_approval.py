"""Sign-off: `posters approve` records who approved which files; `posters build --release` packs
only approved files and refuses, naming the file, when an output changed since approval;
`posters status` shows approved, changed and new."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

import pytest

from posters.cli import main

EDITION = "cumbria"


def run(project: Path, *args: str) -> int:
    return main(["--project", str(project), *args])


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A project copy built, approved, released; then one layout changed and released again."""
    import shutil

    root = Path(__file__).resolve().parents[1]
    proj = tmp_path_factory.mktemp("proj")
    shutil.copytree(root / "assets", proj / "assets")
    shutil.copytree(root / "layouts", proj / "layouts")
    # a release also needs the helpline's facts confirmed on the live site: this copy plays that re-check
    campaign = proj / "assets" / "campaign" / "campaign.toml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace('checked_from = "campaign brief"\nconfirmed = false', 'checked_from = "live site"\nconfirmed = true'), encoding="utf-8")
    out = proj / "out"
    assert run(proj, "build", "-q", "-e", EDITION, "-o", str(out)) == 0
    return proj, out


def test_release_without_approval_is_refused(released, capsys):
    proj, out = released
    capsys.readouterr()
    assert run(proj, "build", "-q", "-e", EDITION, "-o", str(out), "--release") == 1
    err = capsys.readouterr().err
    assert f"approvals/{EDITION}.toml" in err and "has not been approved" in err
    assert not list(out.glob(f"{EDITION}*.zip"))


def test_approve_release_then_a_changed_output_is_refused_by_name(released, capsys):
    proj, out = released
    assert run(proj, "approve", EDITION, "--by", "Jane Smith, Cumbria comms", "--note", "proof signed 30 Nov", "-o", str(out)) == 0
    record = tomllib.loads((proj / "approvals" / f"{EDITION}.toml").read_text(encoding="utf-8"))
    assert record["approved_by"] == "Jane Smith, Cumbria comms" and record["note"] == "proof signed 30 Nov"
    assert record["approved_at"].endswith("Z") and record["campaign_version"] == "1"
    import json

    manifest = json.loads((out / "manifest.json").read_text())
    mine = {e["file"]: e["sha256"] for e in manifest["files"] if e["edition"] == EDITION}
    assert record["files"] == mine  # every output, by sha256
    # every print file's artwork fingerprint, as its slug prints it (tests/test_slug_fingerprint.py) and the manifest records it
    artwork = {e["file"]: e["artwork"] for e in manifest["files"] if e["edition"] == EDITION and e.get("profile") == "print" and e["file"].endswith(".pdf")}
    assert artwork and record["artwork"] == artwork
    card = f"{EDITION}/wallet-card.self.en.pdf"
    capsys.readouterr()
    assert run(proj, "status", "--artwork", artwork[card]) == 0  # read off a printed sheet: which approved file it is
    said = capsys.readouterr().out
    assert card in said and "Jane Smith, Cumbria comms" in said
    assert run(proj, "status", "--artwork", "0123456789ab") == 1

    # the proof carries the same fingerprint the approval records
    import pypdfium2 as pdfium

    for name in (f"{EDITION}.proof.pdf", f"{EDITION}.proof.a4.pdf"):
        proof = pdfium.PdfDocument(out / "proofs" / name)
        assert all(record["proof_fingerprint"] in proof[i].get_textpage().get_text_range() for i in range(len(proof)))

    # approved and unchanged: a release pack, versioned, with the approval inside
    assert run(proj, "build", "-q", "-e", EDITION, "-o", str(out), "--release") == 0
    name = f"{EDITION}-v1-{record['proof_fingerprint']}.zip"
    assert [p.name for p in out.glob(f"{EDITION}*.zip")] == [name]
    tag = f"v1-{record['proof_fingerprint']}"
    with zipfile.ZipFile(out / name) as z:
        assert z.read(f"{EDITION}/approval.toml") == (proj / "approvals" / f"{EDITION}.toml").read_bytes()
        packed = [n for n in z.namelist() if n.startswith((f"{EDITION}/print/", f"{EDITION}/digital/"))]
        assert packed and all(f".{tag}." in n for n in packed)  # every file's name carries version and fingerprint
        spec = z.read(f"{EDITION}/printer-spec.txt").decode()
        assert f"print/wallet-card.self.en.{tag}.pdf" in spec
        assert "DRAFT" not in spec and "DRAFT" not in z.read(f"{EDITION}/README.txt").decode()  # approved: no draft warning
        assert f"{artwork[card]}  print/wallet-card.self.en.{tag}.pdf" in spec  # the fingerprint its slug prints
        sums = z.read(f"{EDITION}/SHA256SUMS").decode()
        assert all(f"  {n.split('/', 1)[1]}" in sums for n in packed)
    capsys.readouterr()
    assert run(proj, "status", "-o", str(out)) == 0
    assert "44 approved, 0 changed, 0 new" in capsys.readouterr().out  # every file of the edition's outputs, the A0, 48-sheet, feed portrait and link preview included

    # one output changes (its layout's copy box moves): the release is refused, naming the file
    lay = proj / "layouts" / "wallet-card.toml"
    text = lay.read_text(encoding="utf-8")
    lay.write_text(text.replace("box_mm = [34, 24, 46, 26]", "box_mm = [34, 25, 46, 25]", 1), encoding="utf-8")
    capsys.readouterr()
    assert run(proj, "build", "-q", "-e", EDITION, "-o", str(out), "--release") == 1
    err = capsys.readouterr().err
    assert f"error: {EDITION}/wallet-card.self.en.pdf: changed since it was approved by Jane Smith" in err
    assert f"{EDITION}/a4-poster.self.en.pdf" not in err
    assert not list(out.glob(f"{EDITION}*.zip"))
    assert run(proj, "status", "-o", str(out)) == 1
    report = capsys.readouterr().out
    assert f"changed  {EDITION}/wallet-card.self.en.pdf" in report and "NOT ready to release" in report
    # the changed card prints another artwork fingerprint, which no approval knows
    now = {e["file"]: e.get("artwork") for e in json.loads((out / "manifest.json").read_text())["files"]}
    assert now[card] != artwork[card] and now[f"{EDITION}/a4-poster.self.en.pdf"] == artwork[f"{EDITION}/a4-poster.self.en.pdf"]
    assert run(proj, "status", "--artwork", now[card]) == 1


def test_approving_a_file_edited_after_the_build_is_refused(tmp_path, project_copy, capsys):
    out = tmp_path / "out"
    assert run(project_copy, "build", "-q", "-e", EDITION, "-l", "wallet-card", "-o", str(out)) == 0
    (out / EDITION / "wallet-card.self.en.pdf").write_bytes(b"%PDF-1.4 edited")
    capsys.readouterr()
    assert run(project_copy, "approve", EDITION, "--by", "Someone", "-o", str(out)) == 1
    assert f"{EDITION}/wallet-card.self.en.pdf" in capsys.readouterr().err
    assert not (project_copy / "approvals").exists()
