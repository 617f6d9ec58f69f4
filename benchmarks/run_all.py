"""Every benchmark in one command, then the figures against the targets.

    python benchmarks/run_all.py [--quick]

--quick: fewer repetitions (for a smoke run; the figures are noisier).
Run it on an otherwise idle machine: the benchmarks use every core.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import full_batch  # noqa: E402
import scaling  # noqa: E402
import side_by_side  # noqa: E402
import startup  # noqa: E402
from _common import cores, table  # noqa: E402

TARGETS = {
    "poster": 0.5,  # posters / Typst, one poster
    "batch_s": 10.0,  # full batch with verification, wall
    "help_s": 0.3,  # posters --help
    "memory_mb": 400.0,  # peak memory of the full batch
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"{cores()} cores; load average before the run: {load:.2f}" + ("  (the machine is busy: figures will be slow)" if load > 0.5 else ""))

    print("\n## 1. Side by side\n")
    sbs = side_by_side.run(reps=5 if a.quick else 20, warmup=2 if a.quick else 3)
    print("\n## 2. Full batch\n")
    fb = full_batch.run(runs=1 if a.quick else 3)
    print("\n## 3. Scaling\n")
    sc = scaling.run((7, 14) if a.quick else (7, 14, 28, 56))
    print("\n## 4. Start-up\n")
    st = startup.run(runs=3 if a.quick else 11)

    med = sbs["medians_ms"]
    rows = []

    def row(what: str, measured: str, target: str, ok: bool | None) -> None:
        rows.append([what, measured, target, "n/a" if ok is None else ("met" if ok else "MISSED")])

    for mine in ("posters render", "posters make_output"):
        for other in ("Typst", "Typst fresh"):
            if mine in med and other in med:
                ratio = med[mine] / med[other]
                row(f"one A3 poster, {mine} / {other}", f"{med[mine]:.1f} / {med[other]:.1f} ms = {ratio:.2f}", "<= 0.5", ratio <= TARGETS["poster"])
    if "WeasyPrint" in med:
        row("one A3 poster, posters render / WeasyPrint", f"{med['posters render']:.1f} / {med['WeasyPrint']:.1f} ms = {med['posters render'] / med['WeasyPrint']:.3f}", "(reference)", None)
    else:
        row("one A3 poster vs WeasyPrint", "WeasyPrint unavailable: " + sbs["unavailable"].get("WeasyPrint", "?"), "(reference)", None)
    c, w = fb["cold"], fb["warm"]
    row(f"full batch, cold ({c['outputs']} outputs, {c['files']} files)", f"{c['wall']:.2f} s", "<= 10 s", c["wall"] <= TARGETS["batch_s"] and c["rc"] == 0)
    row("full batch, warm", f"{w['wall']:.2f} s", "<= 10 s", w["wall"] <= TARGETS["batch_s"] and w["rc"] == 0)
    # PSS: forked workers share the parent's pages; an RSS sum would count them once per process
    row("full batch peak memory (PSS sum of processes), cold", f"{c['peak_pss_mb']:.0f} MB (RSS sum {c['peak_mb']:.0f})", "<= 400 MB", c["peak_pss_mb"] <= TARGETS["memory_mb"])
    row("full batch peak memory (PSS sum of processes), warm", f"{w['peak_pss_mb']:.0f} MB (RSS sum {w['peak_mb']:.0f})", "<= 400 MB", w["peak_pss_mb"] <= TARGETS["memory_mb"])
    h = st["posters --help"]["median"]
    row("posters --help", f"{h * 1000:.0f} ms", "<= 300 ms", h <= TARGETS["help_s"])
    row("posters list", f"{st['posters list']['median'] * 1000:.0f} ms", "(reference)", None)
    last = sc["rows"][-1]
    row(f"scaling to {last['forces']} forces", f"{last['outputs'] / last['wall']:.0f} outputs/s, CPU use {last['util']:.0%}, R^2 {sc['fit']['r2']:.3f}", "linear, every core", None)
    print("\n## Targets\n")
    print(table(["figure", "measured", "target", "status"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
