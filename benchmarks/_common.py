"""Shared by the benchmarks: project copies, timing, peak memory, tables.

The benchmarks are run by hand (see benchmarks/README.md); nothing here is a test.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the project folder
POSTERS = Path(sys.executable).with_name("posters")  # the console script of this venv


def cores() -> int:
    return os.cpu_count() or 1


def copy_project(dest: Path, layouts: list[Path] | None = None, root: Path = ROOT) -> Path:
    """A copy of the project's data (assets and layouts) under `dest`.

    `layouts` replaces the project's layouts with the given files; `root` is the
    checkout whose data is copied (another release's, to build it with its own tool).
    """
    shutil.copytree(root / "assets", dest / "assets")
    if layouts is None:  # every layout and the masters they extend (layouts/masters/)
        shutil.copytree(root / "layouts", dest / "layouts")
        return dest
    (dest / "layouts").mkdir()
    for f in layouts:
        shutil.copy(f, dest / "layouts" / f.name)
    return dest


def add_copy_key(project: Path, lang: str, key: str, text: str) -> None:
    """Add `key = "text"` under [common] of one language's copy file."""
    path = project / "assets" / "campaign" / "copy" / f"{lang}.toml"
    src = path.read_text(encoding="utf-8")
    line = f'{key} = "{text}"\n'
    src, n = re.subn(r"^\[common\]\n", lambda m: m.group(0) + line, src, count=1, flags=re.M)
    if not n:
        raise SystemExit(f"{path}: no [common] table to add {key} to")
    path.write_text(src, encoding="utf-8")


def clone_forces(project: Path, total: int) -> int:
    """Clone force folders with new slugs until the registry has `total` forces.

    Adding a force is data only: a folder with force.toml and a logo.
    Returns the number of forces.
    """
    forces_dir = project / "assets" / "forces"
    originals = sorted(p for p in forces_dir.iterdir() if (p / "force.toml").is_file())
    n = len(originals)
    i = 0
    while n < total:
        src = originals[i % len(originals)]
        slug = f"{src.name}-{i // len(originals) + 2}"
        dst = forces_dir / slug
        shutil.copytree(src, dst)
        toml = (dst / "force.toml").read_text(encoding="utf-8")
        toml = re.sub(r'^slug = ".*"$', f'slug = "{slug}"', toml, count=1, flags=re.M)
        toml = re.sub(r'^order = \d+$', f"order = {100 + i}", toml, count=1, flags=re.M)
        toml = re.sub(r'^name = "(.*)"$', lambda m: f'name = "{m.group(1)} {i // len(originals) + 2}"', toml, count=1, flags=re.M)
        # each edition has its own code on the QR link: c<n>, unused by the shipped forces
        toml = re.sub(r'^attribution = ".*"$', f'attribution = "c{i}"', toml, count=1, flags=re.M)
        (dst / "force.toml").write_text(toml, encoding="utf-8")
        # each force has its own artwork (a copied logo is refused): number the placeholder
        logo = dst / "logo.svg"
        logo.write_text(logo.read_text(encoding="utf-8").replace("PLACEHOLDER LOGO", f"PLACEHOLDER LOGO {i // len(originals) + 2}", 1), encoding="utf-8")
        n += 1
        i += 1
    return n


def tempdir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"posters-bench-{prefix}-"))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def run_cmd(args: list[str], cwd: Path | None = None) -> dict:
    """Run a command in a new process: wall time, CPU time and its peak RSS.

    Peak memory is the sum of the largest resident set of the process and of
    the largest of its children (ru_maxrss of RUSAGE_CHILDREN is the maximum
    over waited-for descendants, not the sum; see full_batch.py for the sum).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0,):
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "rc": proc.returncode,
        "stdout": proc.stdout,
        "stderr": proc.stderr,
    }


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain-text table (Markdown pipe syntax, so it pastes into the README)."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells[1:]:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
    return "\n".join(lines)


def _fmt(c: object) -> str:
    if isinstance(c, float):
        return f"{c:.3g}" if abs(c) < 100 else f"{c:.0f}"
    return str(c)


class TreeMemory:
    """Peak of the summed resident memory of a process and all its descendants.

    ru_maxrss only gives each process's own peak (RUSAGE_CHILDREN: the largest
    single descendant), so a pool of workers needs the sum sampled over time:
    psutil walks the process tree every `interval` seconds in a thread. A peak
    shorter than the interval can be missed.

    Workers are forked, so their resident sets share the parent's pages: the
    RSS sum counts those pages once per process and overstates what the
    machine uses. The PSS sum (proportional set size: a shared page is split
    between the processes sharing it) is what the build really costs; both
    are kept.
    """

    def __init__(self, pid: int, interval: float = 0.005):
        import threading

        import psutil

        self.proc = psutil.Process(pid)
        self.psutil = psutil
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = pss = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except self.psutil.Error:
                procs = []
            # RSS is cheap; PSS reads /proc/<pid>/smaps_rollup, which costs CPU the
            # build is competing for, so it is sampled every tenth round only
            self._round = getattr(self, "_round", 0) + 1
            with_pss = self._round % 10 == 1
            for p in procs:
                try:
                    if with_pss:
                        full = p.memory_full_info()
                        total += full.rss
                        pss += getattr(full, "pss", full.rss)
                    else:
                        total += p.memory_info().rss
                except self.psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            if with_pss:
                self.peak_pss = max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss / 2**20


def maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux
