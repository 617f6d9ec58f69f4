"""Same inputs, same bytes: two real builds, under different time zones,
locales, working folders, project locations, worker counts and directory
listing orders, write byte-identical files (PDFs, PNGs, packs, manifest...).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

ARGS = ["-q", "-l", "a4-poster", "-m", "self"]

# Loaded through PYTHONPATH into the build and its workers: every directory
# listing comes back in reverse name order, unlike the filesystem's own order.
REVERSED_LISTING = '''
import os

_listdir, _scandir = os.listdir, os.scandir


class _Scan:
    def __init__(self, path):
        with _scandir(path) as it:
            self._items = sorted(it, key=lambda e: e.name, reverse=True)
        self._iter = iter(self._items)

    def __iter__(self):
        return self._iter

    def __next__(self):
        return next(self._iter)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def listdir(path="."):
    return sorted(_listdir(path), reverse=True)


def scandir(path="."):
    return _Scan(path)


os.listdir, os.scandir = listdir, scandir
'''


def copy_project(dst: Path, reverse: bool) -> Path:
    dst.mkdir(parents=True)
    for part in ("layouts", "assets") if reverse else ("assets", "layouts"):
        shutil.copytree(ROOT / part, dst / part, symlinks=True)
    return dst


def build(project: Path, out: Path, cwd: Path, env: dict, jobs: str) -> None:
    cwd.mkdir(parents=True, exist_ok=True)
    full_env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LC_ALL", "LANG", "SOURCE_DATE_EPOCH", "PYTHONPATH")}
    full_env.update(env)
    p = subprocess.run(
        [sys.executable, "-m", "posters", "--project", str(project), "build", "-o", str(out), "-j", jobs, *ARGS],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(REVERSED_LISTING)
    check = subprocess.run([sys.executable, "-c", "import os; print(os.listdir.__module__)"], env=dict(os.environ, PYTHONPATH=str(shim)), capture_output=True, text=True)
    assert check.stdout.strip() == "sitecustomize", "the listing shim did not load"

    a_out, b_out = tmp_path / "a-out", tmp_path / "b-out"
    build(
        copy_project(tmp_path / "a" / "project", reverse=False),
        a_out,
        cwd=tmp_path / "a",
        env={"TZ": "UTC", "LC_ALL": "C.UTF-8"},
        jobs="2",
    )
    build(
        copy_project(tmp_path / "b" / "somewhere" / "else" / "project", reverse=True),
        b_out,
        cwd=tmp_path,
        env={"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "cy_GB.UTF-8", "SOURCE_DATE_EPOCH": "86400", "PYTHONPATH": str(shim)},
        jobs="1",
    )
    a, b = tree(a_out), tree(b_out)
    assert sorted(a) == sorted(b)
    assert any(name.endswith(".pdf") for name in a)
    assert "manifest.json" in a
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"files differ between the two builds: {differ}"
    # nothing of where or when the build ran leaks into the files
    for name, data in a.items():
        assert str(tmp_path).encode() not in data, f"{name} contains the build's folder"
