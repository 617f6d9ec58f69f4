"""The batch works from the project it is handed: loaded once by the caller,
never read again from disk by the workers."""

from __future__ import annotations

import shutil

from posters.batch import Filters, jobs_for, run_batch
from posters.inputs.project import load_project


def test_workers_use_the_project_they_are_handed(project_copy, tmp_path):
    project = load_project(project_copy)
    jobs = jobs_for(project, Filters(["cumbria"], ["a4-poster", "social-square"], ["en"], ["self"]))
    assert len(jobs) == 2
    # the layouts and the campaign file are gone from disk: a worker that read the project again would fail
    shutil.rmtree(project_copy / "layouts")
    (project_copy / "assets" / "campaign" / "campaign.toml").unlink()
    results = run_batch(project, tmp_path / "out", jobs, workers=2, verify=True)
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    assert {r.job for r in results} == set(jobs)
