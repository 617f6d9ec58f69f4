"""Full batch: `posters build` of every edition x format x language x message,
with whatever the build does (verification, PDF/X, packs), cold and warm.

- cold: a new process, `posters build -o DIR -q`, as a print team runs it;
- warm: `posters.cli.main(["build", ...])` a second time in this process (modules
  imported, workers forked from a warmed-up parent).

Wall time, CPU utilisation and peak memory, summed over the parent and its
workers (sampled with psutil: ru_maxrss has no sum over processes).

    python benchmarks/full_batch.py [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import POSTERS, ROOT, TreeMemory, cores, maxrss_mb, table, tempdir  # noqa: E402


def count_outputs(out: Path) -> tuple[int, int]:
    """(files in the manifest, distinct outputs = edition x format x message x language)."""
    m = json.loads((out / "manifest.json").read_text())
    files = m["files"]
    outputs = {(f["edition"], f["layout"], f["message"], f["language"]) for f in files}
    return len(files), len(outputs)


def cold(project: Path, out: Path, workers: int = 0) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    args = [str(POSTERS), "--project", str(project), "build", "-o", str(out), "-q"] + (["-j", str(workers)] if workers else [])
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as mem:
        stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    files, outputs = count_outputs(out) if (out / "manifest.json").exists() else (0, 0)
    return {
        "wall": wall,
        "cpu": cpu,
        "util": cpu / wall / cores(),
        "peak_mb": mem.peak_mb,
        "peak_pss_mb": mem.peak_pss_mb,
        "largest_process_mb": maxrss_mb(resource.RUSAGE_CHILDREN),
        "rc": proc.returncode,
        "files": files,
        "outputs": outputs,
        "tail": (stdout + stderr).strip().splitlines()[-3:],
    }


def warm(project: Path, out: Path) -> dict:
    from posters.cli import main

    def build() -> int:
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return main(["--project", str(project), "build", "-o", str(out), "-q"])

    build()  # warm-up: imports, fonts, project files in the page cache
    shutil.rmtree(out, ignore_errors=True)
    t_self0, t_kids0 = os.times()[:2], resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with TreeMemory(os.getpid()) as mem:
        rc = build()
    wall = time.perf_counter() - t0
    t_self1, t_kids1 = os.times()[:2], resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(t_self1) - sum(t_self0) + (t_kids1.ru_utime - t_kids0.ru_utime) + (t_kids1.ru_stime - t_kids0.ru_stime)
    files, outputs = count_outputs(out)
    return {"wall": wall, "cpu": cpu, "util": cpu / wall / cores(), "peak_mb": mem.peak_mb, "peak_pss_mb": mem.peak_pss_mb, "rc": rc, "files": files, "outputs": outputs}


def run(runs: int = 3, quiet: bool = False) -> dict:
    work = tempdir("batch")
    colds = []
    for i in range(runs):
        out = work / f"cold{i}"
        colds.append(cold(ROOT, out))
        shutil.rmtree(out, ignore_errors=True)
    best = sorted(colds, key=lambda r: r["wall"])[len(colds) // 2]  # the median run
    w = warm(ROOT, work / "warm")
    shutil.rmtree(work, ignore_errors=True)
    result = {"cold": best, "cold_walls": [r["wall"] for r in colds], "warm": w}
    if not quiet:
        print(report(result))
    return result


def report(r: dict) -> str:
    c, w = r["cold"], r["warm"]
    rows = [
        ["cold (new process)", c["wall"], c["outputs"], c["files"], c["outputs"] / c["wall"], f"{c['util']:.0%}", c["peak_pss_mb"], c["peak_mb"], c["rc"]],
        ["warm (2nd build, in process)", w["wall"], w["outputs"], w["files"], w["outputs"] / w["wall"], f"{w['util']:.0%}", w["peak_pss_mb"], w["peak_mb"], w["rc"]],
    ]
    lines = [
        f"Full batch on {cores()} cores (cold: median of {len(r['cold_walls'])} runs: " + ", ".join(f"{x:.2f}" for x in r["cold_walls"]) + " s):",
        table(["build", "wall s", "outputs", "files", "outputs/s", "CPU use", "peak MB (PSS sum)", "peak MB (RSS sum)", "exit"], rows),
        f"largest single process (ru_maxrss): {c['largest_process_mb']:.0f} MB",
    ]
    if c["rc"]:
        lines.append("cold build FAILED: " + " / ".join(c["tail"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="cold runs (the median is reported)")
    a = ap.parse_args(argv)
    run(a.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
