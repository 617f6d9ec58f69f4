"""Incremental builds: a build into a folder that holds an earlier build makes
again only the outputs whose inputs changed, and what it leaves is byte for
byte what a clean build of the same project writes."""

from __future__ import annotations

import json
from pathlib import Path

from posters.cli import main

EDITIONS = ("cumbria", "lancashire")


def build(project: Path, out: Path, *extra: str) -> int:
    args = ["--project", str(project), "build", "-q", "-j", "2", "-o", str(out)]
    for e in EDITIONS:
        args += ["-e", e]
    return main([*args, *extra])


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def same_as_clean(project: Path, out: Path, tmp_path: Path, step: str) -> None:
    clean = tmp_path / f"clean-{step}"
    assert build(project, clean) == 0
    got, want = files(out), files(clean)
    assert sorted(got) == sorted(want), f"after {step}: the incremental build's folder holds other files than a clean build's"
    differ = [name for name in want if got[name] != want[name]]
    assert not differ, f"after {step}: these files differ from a clean build's: {differ}"


def explained(capsys) -> dict[str, str]:
    """`--explain`'s lines: 'made: LABEL: why' / 'kept: LABEL: why', by label."""
    out = capsys.readouterr().out
    lines = [line.split(": ", 2) for line in out.splitlines() if line.startswith(("made: ", "kept: "))]
    return {label: f"{verb}: {why}" for verb, label, *rest in lines for why in [rest[0] if rest else ""]}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}; pick another edit"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_then_revert_give_the_files_of_a_clean_build(small_project, tmp_path, capsys):
    out = tmp_path / "out"
    originals = {p: p.read_bytes() for p in small_project.rglob("*") if p.is_file()}
    assert build(small_project, out) == 0
    first = files(out)

    # nothing changed: everything kept, nothing rewritten
    capsys.readouterr()
    assert build(small_project, out, "--explain") == 0
    why = explained(capsys)
    assert why and all(v.startswith("kept") for v in why.values()), why
    assert files(out) == first

    # one force's logo: that force's outputs only
    logo = small_project / "assets" / "forces" / "cumbria" / "logo.svg"
    replace_in(logo, 'fill="#4b4e59"', 'fill="#2b5e39"')
    assert build(small_project, out, "--explain") == 0
    why = explained(capsys)
    assert why["cumbria/a4-poster.self.en"].startswith("made") and "logo assets/forces/cumbria/logo.svg changed" in why["cumbria/a4-poster.self.en"]
    assert why["lancashire/a4-poster.self.en"].startswith("kept")
    assert why["lancashire"].startswith("kept") and why["cumbria"].startswith("made")  # the editions' pages, proofs and packs
    assert files(out)["cumbria/a4-poster.self.en.pdf"] != first["cumbria/a4-poster.self.en.pdf"]
    same_as_clean(small_project, out, tmp_path, "the logo change")

    # the master the square image is made from: its outputs in every edition, not the poster's
    master = next((small_project / "layouts" / "masters").glob("*.toml"))
    text = master.read_text(encoding="utf-8")
    master.write_text(text + "\n# a designer's note\n", encoding="utf-8")
    assert build(small_project, out, "--explain") == 0
    why = explained(capsys)
    square = [k for k in why if "/social-square." in k]
    assert square and all(why[k].startswith("made") and f"master layouts/masters/{master.name} changed" in why[k] for k in square)
    assert all(why[k].startswith("kept") for k in why if "/a4-poster." in k)

    # a line of copy in one message: that message's outputs only
    replace_in(small_project / "assets" / "campaign" / "copy" / "en.toml", 'headline = "Looking at sexual images of under-18s online?"', 'headline = "Viewing sexual images of under-18s online?"')
    assert build(small_project, out, "--explain") == 0
    why = explained(capsys)
    assert all(why[k].startswith("made") and "copy en, message self" in why[k] for k in why if ".self." in k)
    assert all(why[k].startswith("kept") for k in why if ".family." in k)
    same_as_clean(small_project, out, tmp_path, "the copy change")

    # everything back as it was: the first build's files again
    for p, data in originals.items():
        p.write_bytes(data)
    assert build(small_project, out) == 0
    same_as_clean(small_project, out, tmp_path, "the revert")
    assert files(out) == first


def test_a_changed_output_file_is_made_again(small_project, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(small_project, out) == 0
    first = files(out)
    victim = out / "lancashire" / "a4-poster.family.en.pdf"
    victim.write_bytes(victim.read_bytes() + b"%tampered\n")
    (out / "cumbria.zip").unlink()
    capsys.readouterr()
    assert build(small_project, out, "--explain") == 0
    why = explained(capsys)
    assert why["lancashire/a4-poster.family.en"].startswith("made") and "lancashire/a4-poster.family.en.pdf was changed or removed" in why["lancashire/a4-poster.family.en"]
    assert why["lancashire/a4-poster.self.en"].startswith("kept")
    assert why["cumbria"].startswith("made")  # its pack was missing
    assert files(out) == first


def test_force_makes_everything_again(small_project, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(small_project, out) == 0
    first = files(out)
    capsys.readouterr()
    assert build(small_project, out, "--force", "--explain") == 0
    why = explained(capsys)
    assert why and all(v.startswith("made: --force") for v in why.values()), why
    assert files(out) == first


def test_a_removed_layout_is_removed_from_an_incremental_build(small_project, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(small_project, out) == 0
    (small_project / "layouts" / "social-square.toml").unlink()
    capsys.readouterr()
    assert build(small_project, out, "--explain") == 0
    why = explained(capsys)
    assert all(v.startswith("kept") for k, v in why.items() if "/a4-poster." in k)
    assert not list(out.rglob("social-square.*"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "social-square" not in json.dumps(manifest["files"]) and "social-square" not in json.dumps(manifest["inputs"]["outputs"])
    same_as_clean(small_project, out, tmp_path, "the removed layout")


def test_an_image_a_layout_names_and_the_welsh_copy_are_inputs_of_the_outputs_that_use_them(project_copy):
    from posters.batch import Filters, jobs_for
    from posters.incremental import Digests
    from posters.inputs.project import load_project

    def digests() -> dict[str, str]:
        project = load_project(project_copy)
        d = Digests(project)
        return {j.label: d.job_digest(j)[0] for j in jobs_for(project, Filters())}

    before = digests()
    image = project_copy / "assets" / "images" / "texture.jpg"
    image.write_bytes(image.read_bytes() + b"\0")  # trailing bytes: the same picture, another file
    after_image = digests()
    changed = {k for k in before if before[k] != after_image[k]}
    assert changed and all("/a4-textured." in k for k in changed), changed
    assert {k for k in before if "/a4-textured." in k} == changed

    replace_in(project_copy / "assets" / "campaign" / "copy" / "cy.toml", "[common]\n", "[common]\n# a translator's note\nextra_line = \"Llinell\"\n")
    after_welsh = digests()
    changed = {k for k in before if after_image[k] != after_welsh[k]}
    assert changed and all(k.rsplit(".", 1)[1] in ("cy", "cy-en") for k in changed), changed
    assert all(after_image[k] == after_welsh[k] for k in before if k.endswith(".en"))


def test_the_libraries_in_the_tool_digest_are_named_as_importlib_reads_them():
    import importlib.metadata as md

    from posters.incremental import _name_and_version

    dists = list(md.distributions())
    assert len(dists) > 10
    for d in dists:
        assert _name_and_version(d) == f"{(d.metadata['Name'] or '').lower()}=={d.version}"
