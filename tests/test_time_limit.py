"""The wall-clock limit on one output and on checking one file: work that runs
past it is stopped, reported as that output's or file's failure naming the
limit, and nothing half-made is written."""

from __future__ import annotations

import shutil
import time

import pytest

from posters import time_limit
from posters.batch import Filters, Job, Worker, jobs_for
from posters.inputs.logos import LogoStore


# An alarm that lands in a finalizer (a file object closing, say) is printed and
# dropped by Python, and the limit fires again until it lands in the work: that
# dropped one is expected here, so pytest's warning about it is not an error.
DROPPED_IN_FINALIZER = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def test_the_limit_stops_work_that_runs_past_it():
    started = time.monotonic()
    with pytest.raises(time_limit.TimeLimitExceeded):
        with time_limit.limit(0.05):
            while time.monotonic() - started < 5:
                pass
    assert time.monotonic() - started < 2


def test_the_limit_is_cleared_after_the_block():
    with time_limit.limit(0.05):
        pass
    time.sleep(0.1)  # no alarm may arrive after the block has ended


@DROPPED_IN_FINALIZER
def test_an_output_past_the_limit_fails_naming_it_and_writes_nothing(project, tmp_path, monkeypatch):
    monkeypatch.setattr(time_limit, "OUTPUT_SECONDS", 0.001)
    job = Job("cumbria", "a4-poster", "en", "self")
    result = Worker(project, LogoStore()).run(job, tmp_path)
    assert not result.ok
    [p] = result.problems
    assert "took longer than 0.001 s, the limit for one output" in p.message and "Traceback" not in p.message
    assert not any(tmp_path.rglob("*.pdf")) and not any(tmp_path.rglob("*.part"))


def test_the_same_output_within_the_limit_is_made(project, tmp_path):
    job = Job("cumbria", "a4-poster", "en", "self")
    assert Worker(project, LogoStore()).run(job, tmp_path).ok


@DROPPED_IN_FINALIZER
def test_checking_a_file_past_the_limit_fails_it(project, tmp_path, monkeypatch):
    from posters.verify.file_check import Manifests, verify_file

    job = Job("cumbria", "a4-poster", "en", "self")
    assert Worker(project, LogoStore()).run(job, tmp_path).ok
    [pdf] = list(tmp_path.rglob("*.pdf"))
    monkeypatch.setattr(time_limit, "OUTPUT_SECONDS", 0.001)
    report = verify_file(pdf, project, LogoStore(), Manifests(None))
    assert [f.check for f in report.verification.errors] == ["safety"]
    assert "the limit for one file" in report.verification.errors[0].message
