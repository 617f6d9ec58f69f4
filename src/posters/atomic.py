"""Atomic file writes: a temporary file in the same folder, then a rename.

A build killed at any moment leaves either the old file or the new one,
never a truncated one; two builds writing the same file each replace it whole.
A killed process cannot remove its own temporary file, so each carries the
writer's process id, and `clean_stale` (run at the start of a build) removes
those whose writer is gone, leaving a concurrent build's files alone.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from posters.errors import InputError, Problem

_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")  # .NAME.PID.RANDOM.part


class WriteError(InputError):
    """A file could not be written (full disk, read-only folder, a file where a folder should be)."""


def _write_problem(path: Path, exc: OSError) -> WriteError:
    why = exc.strerror or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some disk space, or build into another folder with -o"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "build into a folder you can write to, with -o"
    else:
        hint = "check the output folder, or build into another one with -o"
    return WriteError([Problem(str(path), "", f"cannot be written ({why})", hint)])


def write_bytes(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all; a failure is a WriteError naming the file, and leaves no temporary file."""
    try:
        _write_bytes(path, data)
    except OSError as exc:
        raise _write_problem(path, exc) from None


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def clean_stale(folder: Path) -> list[Path]:
    """Remove temporary files left in `folder` (recursively) by writers that no longer run."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in sorted(folder.rglob(".*.part")):
        m = _TEMP.match(p.name)
        if m and not _running(int(m.group(1)), p):
            try:
                p.unlink()
                removed.append(p)
            except FileNotFoundError:
                pass
    return removed


WINDOWS_STALE_AFTER_S = 3600


def _running(pid: int, path: Path) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        # os.kill(pid, 0) is not a probe on Windows (0 is CTRL_C_EVENT, any other
        # signal terminates the process): there, a temporary file untouched for
        # an hour is taken to be a dead writer's
        import time

        try:
            return time.time() - path.stat().st_mtime < WINDOWS_STALE_AFTER_S
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    try:  # a killed process nobody has reaped yet is a zombie: it will write nothing more
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True
