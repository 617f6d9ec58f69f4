"""The force registry: seven editions from six folders, and an eighth force
is one new folder with no code change."""

from __future__ import annotations

import shutil

import pytest

from posters.batch import Filters, jobs_for, run_batch
from posters.errors import InputError
from posters.inputs.project import load_project


def test_six_forces_and_the_regional_edition(project):
    slugs = [e.slug for e in project.editions]
    assert slugs == ["north-wales", "lancashire", "merseyside", "greater-manchester", "cheshire", "cumbria", "regional"]
    nw = project.edition("north-wales")
    assert nw.languages[0] == "cy-en" and set(nw.languages) == {"cy-en", "cy", "en"}
    assert nw.forces[0].names["cy"] == "Heddlu Gogledd Cymru"
    regional = project.edition("regional")
    assert regional.regional and len(regional.forces) == 6
    for e in project.editions[:-1]:
        c = e.forces[0].colours
        assert set(c) >= {"force.primary", "force.accent"}
        assert c["force.primary"].total_ink <= 320


def test_an_eighth_force_is_one_folder(project_copy, tmp_path):
    src = project_copy / "assets" / "forces" / "cheshire"
    dst = project_copy / "assets" / "forces" / "dyfed-powys"
    shutil.copytree(src, dst)
    toml = (dst / "force.toml").read_text(encoding="utf-8")
    toml = toml.replace('slug = "cheshire"', 'slug = "dyfed-powys"').replace("Cheshire Constabulary", "Dyfed-Powys Police")
    toml = toml.replace('attribution = "ch"', 'attribution = "dp"')  # its own code on the QR link, in the same file
    (dst / "force.toml").write_text(toml, encoding="utf-8")
    logo = (dst / "logo.svg").read_text(encoding="utf-8").replace("CHESHIRE", "DYFED-POWYS").replace("Cheshire Constabulary", "Dyfed-Powys Police")
    (dst / "logo.svg").write_text(logo, encoding="utf-8")

    project = load_project(project_copy)
    slugs = [e.slug for e in project.editions]
    assert "dyfed-powys" in slugs and len(slugs) == 8
    assert len(project.edition("regional").forces) == 7

    jobs = jobs_for(project, Filters(editions=["dyfed-powys", "regional"], layouts=["a4-poster"], langs=["en"], messages=["self"]))
    results = run_batch(project, tmp_path / "out", jobs, workers=1, verify=True)
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    assert (tmp_path / "out" / "dyfed-powys" / "a4-poster.self.en.pdf").is_file()
    regional = next(r for r in results if r.job.edition == "regional")
    assert regional.files[0].qr_payload == "https://get-help.stopitnow.org.uk/?s=rg4se"
    assert next(r for r in results if r.job.edition == "dyfed-powys").files[0].qr_payload == "https://get-help.stopitnow.org.uk/?s=dp4se"


def test_a_force_folder_whose_slug_differs_is_refused(project_copy):
    p = project_copy / "assets" / "forces" / "cumbria" / "force.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('slug = "cumbria"', 'slug = "cumbria-police"'), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    (problem,) = exc.value.problems
    assert problem.file == "assets/forces/cumbria/force.toml" and problem.key == "slug"
    assert "differs from the folder name" in problem.message


def test_a_copied_folder_with_the_old_logo_is_refused(project_copy):
    import shutil as sh

    dst = project_copy / "assets" / "forces" / "dyfed-powys"
    sh.copytree(project_copy / "assets" / "forces" / "cheshire", dst)
    toml = (dst / "force.toml").read_text(encoding="utf-8").replace('slug = "cheshire"', 'slug = "dyfed-powys"').replace("order = 5", "order = 7").replace('attribution = "ch"', 'attribution = "dp"')
    (dst / "force.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    (problem,) = exc.value.problems
    assert problem.file == "assets/forces/dyfed-powys/force.toml" and problem.key == "logo"
    assert "same artwork as the logo of cheshire (assets/forces/cheshire/logo.svg)" in problem.message
    assert "own logo" in problem.hint
