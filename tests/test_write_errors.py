"""A disk that fills up or a folder that turns read-only mid-build: one clear
error naming the file, a hint, exit 1, and never a traceback."""

from __future__ import annotations

import contextlib
import errno
import io
import os

import pytest

from conftest import ROOT
from posters import atomic
from posters.cli import main

ARGS = ["-e", "cheshire", "-l", "a4-poster", "-m", "self", "-L", "en", "-j", "1", "-q"]


def build(out) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(ROOT), "build", "-o", str(out), *ARGS])
    return code, err.getvalue()


@pytest.mark.parametrize(
    "fail_on, number, words, hint",
    [
        (".pdf", errno.ENOSPC, "No space left on device", "free some disk space"),
        ("manifest.json", errno.ENOSPC, "No space left on device", "free some disk space"),
        (".pdf", errno.EROFS, "Read-only file system", "a folder you can write to"),
        (".html", errno.EACCES, "Permission denied", "a folder you can write to"),
    ],
)
def test_a_failing_write_is_one_error_with_a_hint(tmp_path, monkeypatch, fail_on, number, words, hint):
    real = atomic._write_bytes

    def failing(path, data):
        if path.name.endswith(fail_on):
            raise OSError(number, os.strerror(number))
        return real(path, data)

    monkeypatch.setattr(atomic, "_write_bytes", failing)
    code, err = build(tmp_path / "out")
    assert code == 1
    assert "Traceback" not in err and "internal error" not in err
    lines = err.splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith("error: ") and f"cannot be written ({words})" in line]
    assert hits, err
    assert any(hint in lines[i + 1] for i in hits), err
    assert not list((tmp_path / "out").rglob("*.part"))
