"""Separations: what rendering and judging each plate costs per print output
(verify/plates.py), to decide where it runs: `posters check --separations` and
the tests, or every build.

    python benchmarks/separations_cost.py OUT_FOLDER     # a build's output folder

Prints the time per print PDF (median, 90th percentile, slowest, total) in this
one process, beside what the whole build took per output.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


def main(out: Path) -> None:
    from posters.verify.plates import check_separations

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = [e["file"] for e in manifest["files"] if e.get("profile") == "print" and e["file"].endswith(".pdf")]
    times, slow = [], []
    for name in files:
        data = (out / name).read_bytes()
        t = time.perf_counter()
        findings = check_separations(data, helpline="0808 1000 900")
        dt = time.perf_counter() - t
        times.append(dt)
        slow.append((dt, name))
        if findings:
            print(f"{name}: {[f.message for f in findings]}")
    times.sort()
    print(f"{len(files)} print PDFs: median {statistics.median(times):.2f} s, 90th percentile {times[int(0.9 * len(times))]:.2f} s, slowest {max(slow)[0]:.2f} s ({max(slow)[1]}), total {sum(times):.1f} s in one process")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
