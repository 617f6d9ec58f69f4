"""Scaling: synthetic registries of 7, 14, 28 and 56 forces.

The project is copied into a temporary folder and force folders are cloned
under new slugs (adding a force is data only). Each registry is built cold
with `posters build`; reported per size: outputs, wall time, outputs per
second, time per output and CPU utilisation = (user + sys) / wall / cores.
Linear growth shows as a steady time per output; using every core as a
utilisation near 100 %.

    python benchmarks/scaling.py [--sizes 7 14 28 56]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import clone_forces, copy_project, cores, table, tempdir  # noqa: E402
from full_batch import cold  # noqa: E402


def run(sizes: tuple[int, ...] = (7, 14, 28, 56), quiet: bool = False) -> dict:
    rows = []
    for n in sizes:
        work = tempdir(f"scale{n}")
        project = copy_project(work / "project")
        forces = clone_forces(project, n)
        r = cold(project, work / "out")
        r["forces"] = forces
        rows.append(r)
        shutil.rmtree(work, ignore_errors=True)
    fit = linear_fit([r["outputs"] for r in rows], [r["wall"] for r in rows])
    result = {"rows": rows, "fit": fit}
    if not quiet:
        print(report(result))
    return result


def linear_fit(xs: list[float], ys: list[float]) -> dict:
    """Least squares y = a + b x, and R^2."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return {"a": a, "b": b, "r2": 1 - ss_res / ss_tot if ss_tot else 1.0}


def report(r: dict) -> str:
    rows = [
        [x["forces"], x["outputs"], x["files"], x["wall"], x["outputs"] / x["wall"], 1000 * x["wall"] / max(1, x["outputs"]), f"{x['util']:.0%}", x["peak_pss_mb"], x["peak_mb"], x["rc"]]
        for x in r["rows"]
    ]
    f = r["fit"]
    return "\n".join(
        [
            f"Scaling on {cores()} cores (cold `posters build` per registry):",
            table(["forces", "outputs", "files", "wall s", "outputs/s", "ms/output", "CPU use", "peak MB (PSS)", "peak MB (RSS sum)", "exit"], rows),
            f"wall = {f['a']:.2f} s + {1000 * f['b']:.1f} ms x outputs (R^2 = {f['r2']:.4f})",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[7, 14, 28, 56])
    a = ap.parse_args(argv)
    run(tuple(a.sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
