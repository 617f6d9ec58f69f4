"""Every format the project makes passes `posters check` on a print team's laptop: the file alone,
no project and no manifest, so safe zone, sizes and contrast are measured from the page by the rules
the file records and the tool's floors for its size. A file the build passed must pass there too.

Welsh only (its lines start with the letters whose ink hangs furthest past the margin), the
textured A4 (a photograph printed to the edge), A0 (its own size class) and the 48-sheet (1:10
artwork of a format too large to be a PDF page) are all in it."""

from __future__ import annotations

import json
import shutil

import pytest

from posters.cli import main

from conftest import ROOT


@pytest.fixture(scope="module")
def every_format(tmp_path_factory):
    out = tmp_path_factory.mktemp("every-format")
    assert main(["--project", str(ROOT), "build", "-q", "-o", str(out / "cy"), "-e", "north-wales", "-L", "cy", "-m", "self"]) == 0
    assert main(["--project", str(ROOT), "build", "-q", "-o", str(out / "textured"), "-e", "regional", "-l", "a4-textured", "-L", "en", "-m", "self"]) == 0
    files = sorted(out.glob("cy/north-wales/*.pdf")) + sorted(out.glob("textured/regional/*.pdf"))
    laptop = tmp_path_factory.mktemp("laptop")
    for f in files:
        shutil.copy(f, laptop / f"{f.parent.parent.name}-{f.name}")
    return laptop


def test_every_format_passes_alone(every_format, monkeypatch, capsys):
    names = sorted(p.name for p in every_format.glob("*.pdf"))
    assert len(names) >= 17 and any("48-sheet" in n for n in names) and any("a0-poster" in n for n in names) and any("a4-textured" in n for n in names)
    monkeypatch.chdir(every_format)
    capsys.readouterr()
    code = main(["check", "--json", *names])
    report = json.loads(capsys.readouterr().out)
    assert report["project"] is None
    failed = {f["file"]: [x["message"] for x in f["findings"] if x["severity"] == "error"] for f in report["files"] if f["findings"]}
    assert code == 0 and not failed, failed
    assert {"safe-zone", "sizes", "contrast"} <= set.intersection(*(set(f["checks_run"]) for f in report["files"]))
    # the tool's floors never sit above what its own layouts record (an A3 once got a note that it asked for too little)
    below = {f["file"]: n for f in report["files"] for n in f["notes"] if "less than the" in n}
    assert not below, below


def test_the_48_sheet_is_judged_as_the_billboard_it_prints_as(every_format, monkeypatch, capsys):
    [name] = [p.name for p in every_format.glob("*48-sheet*.pdf")]
    monkeypatch.chdir(every_format)
    capsys.readouterr()
    assert main(["check", "--json", name]) == 0
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert any(n.startswith("checked as 1:10 artwork: it prints at 6096 x 3048 mm") for n in f["notes"]), f["notes"]
