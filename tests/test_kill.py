"""Faults: a real `posters build` killed part way leaves only complete files;
the next build cleans up and completes; two builds into one folder at once
do not corrupt each other.

The kills are timed by progress (after the first file appears, after a few
more), not by the clock, so they land mid-run on a slow machine as on a fast one.
Each kill is proved to have landed mid-build: the build was still running
when it was killed, it died of the kill (not of finishing), and it had
written fewer files than a complete build makes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import ROOT

# one layout and message, every edition and language: enough outputs (and proofs,
# packs, manifest) to kill mid-run, small enough to stay quick
ARGS = ["-j", "2", "-q", "-l", "a4-poster", "-m", "self"]


def start_build(out: Path, *extra: str) -> subprocess.Popen:
    # a process group of its own, so the build and its workers can be killed at once
    return subprocess.Popen(
        [sys.executable, "-m", "posters", "--project", str(ROOT), "build", "-o", str(out), *ARGS, *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        process_group=0,
    )


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=60)
    proc.stderr.close()  # nobody reads what a killed build said


def wait_for_files(proc: subprocess.Popen, out: Path, count: int) -> None:
    """Until `count` finished outputs exist, or the build has ended."""
    while proc.poll() is None:
        if out.exists() and sum(1 for p in out.rglob("*") if p.is_file() and not p.name.endswith(".part")) >= count:
            return
        time.sleep(0.005)


def finished_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.endswith(".part")} if out.exists() else set()


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> set[str]:
    """Every file a whole build with ARGS makes."""
    out = tmp_path_factory.mktemp("complete") / "out"
    proc = start_build(out)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return finished_files(out)


def kill_mid_build(proc: subprocess.Popen, out: Path, count: int, complete: set[str]) -> None:
    """Kill the build once `count` files exist, and prove the kill landed while it was still building."""
    wait_for_files(proc, out, count)
    assert proc.poll() is None, f"the build ended before {count} files were written: the kill would not land mid-build"
    kill_group(proc)
    assert proc.returncode == -signal.SIGKILL, f"the build exited with {proc.returncode} before the kill reached it"
    written = finished_files(out)
    assert written < complete, f"the build had written all {len(complete)} files: the kill landed after the build, not during it"


def assert_all_complete(out: Path) -> None:
    """Every file that exists under its final name is whole."""
    for pdf in out.rglob("*.pdf"):
        data = pdf.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), f"{pdf} is truncated"
        with pikepdf.open(pdf) as doc:
            assert len(doc.pages) >= 1
    for png in out.rglob("*.png"):
        with Image.open(png) as im:
            im.load()
    for z in out.rglob("*.zip"):
        import zipfile

        with zipfile.ZipFile(z) as zf:
            assert zf.testzip() is None, f"{z} is corrupt"
    for j in out.rglob("*.json"):
        json.loads(j.read_text(encoding="utf-8"))
    for h in out.rglob("*.html"):
        assert h.read_text(encoding="utf-8").rstrip().lower().endswith("</html>"), f"{h} is truncated"


def temp_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.part")) if out.exists() else []


@pytest.mark.parametrize("files_before_kill", [1, 8, 20])
def test_killed_build_leaves_only_complete_files(tmp_path, files_before_kill, complete):
    out = tmp_path / "out"
    assert files_before_kill < len(complete)
    proc = start_build(out)
    kill_mid_build(proc, out, files_before_kill, complete)
    assert len(finished_files(out)) >= files_before_kill
    assert_all_complete(out)


def test_build_after_kills_cleans_up_and_completes(tmp_path, complete):
    out = tmp_path / "out"
    for count in (3, 12):
        proc = start_build(out)
        kill_mid_build(proc, out, count, complete)
    # what a kill mid-write leaves behind: a temporary file of a process that is gone
    (out / "cheshire").mkdir(parents=True, exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = out / "cheshire" / f".a4-poster.self.en.pdf.{dead.pid}.zz9x.part"
    leftover.write_bytes(b"%PDF-1.4 half a file")

    done = subprocess.run(
        [sys.executable, "-m", "posters", "--project", str(ROOT), "build", "-o", str(out), *ARGS],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert temp_files(out) == []
    assert_all_complete(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert (out / entry["file"]).is_file(), entry["file"]
    pdfs = {e["file"] for e in manifest["files"] if e["file"].endswith(".pdf")}
    assert pdfs and pdfs <= {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}


def test_two_builds_into_one_folder_at_once(tmp_path):
    out = tmp_path / "out"
    a = start_build(out)
    b = start_build(out)
    _, err_a = a.communicate(timeout=300)
    _, err_b = b.communicate(timeout=300)
    assert a.returncode == 0, err_a.decode()
    assert b.returncode == 0, err_b.decode()
    assert temp_files(out) == []
    assert_all_complete(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    import hashlib

    for entry in manifest["files"]:
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
