"""Scan rates per format: the camera model of the scan test
(posters.verify.camera) with more shots, for the compact link (this build)
and the old one (four utm_* parameters), so the README can show both.

    python benchmarks/scan_rates.py                     # 100 shots per format and payload
    python benchmarks/scan_rates.py --before a7de710    # also the old layouts of that commit, as shipped

Every code is photographed at its layout's declared scan distance (+/- 15 %)
with every degradation at once. The edition is Greater Manchester, English,
"family": the longest old link (version 8). `--before REV` takes the layouts
from a git revision (QR boxes and scan distances as they were), so the first
column is what shipped before: old payload, old squares.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, copy_project, table  # noqa: E402

OLD_TRACKING = {"utm_source": "{edition}", "utm_medium": "{format}", "utm_campaign": "{campaign}", "utm_content": "{message}"}
JOB = ("greater-manchester", "en", "family")
SEED = 2026


def rates(project, shots: int, old: bool) -> dict[str, tuple[int, int, int, float]]:
    """format -> (decoded, shots, QR version, module mm)."""
    from posters import fonts
    from posters.batch import Job, make_output
    from posters.inputs.logos import LogoStore
    from posters.verify import camera
    from posters.verify.qr_readback import plan_regions

    fonts.register_all()
    if old:
        project = dataclasses.replace(project, campaign=dataclasses.replace(project.campaign, attribution=None, tracking=OLD_TRACKING))
    logos = LogoStore()
    out = {}
    for lay in project.layouts:
        m = make_output(project, logos, Job(JOB[0], lay.format, JOB[1], JOB[2]), verify=False)
        (region,) = plan_regions(m.plan)
        qr = next(p for page in m.plan.pages for p in page.elements if p.kind == "qr")
        ok, n = camera.scan_rate(m.files[next(iter(m.files))], region, qr.box.w, lay.scan_distance_m, m.plan.payload, shots, SEED)
        out[lay.format] = (ok, n, (qr.content.modules - 17) // 4, qr.content.module_mm, lay.scan_distance_m)
    return out


def project_with_layouts_of(rev: str, tmp: Path):
    """The project's data with the layouts of git revision `rev`."""
    from posters.inputs.project import load_project

    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "layouts/"], check=True, capture_output=True, text=True).stdout.split()
    files = []
    for name in names:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{name}"], check=True, capture_output=True, text=True).stdout
        (tmp / "old-layouts").mkdir(exist_ok=True)
        path = tmp / "old-layouts" / Path(name).name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return load_project(copy_project(tmp / "project", files))


def main() -> int:
    from posters.inputs.project import load_project

    ap = argparse.ArgumentParser()
    ap.add_argument("--shots", type=int, default=100)
    ap.add_argument("--before", help="git revision whose layouts were shipped before (adds a column)")
    a = ap.parse_args()
    new = rates(load_project(ROOT), a.shots, old=False)
    old = rates(load_project(ROOT), a.shots, old=True)
    before = None
    if a.before:
        with tempfile.TemporaryDirectory() as tmp:
            before = rates(project_with_layouts_of(a.before, Path(tmp)), a.shots, old=True)
    rows = []
    for fmt, (ok, n, v, mod, dist) in new.items():
        row = [fmt, f"{dist:g} m"]
        if before is not None:
            b = before.get(fmt)
            row += [f"v{b[2]}, {b[3]:.2f} mm, {b[4]:g} m: {b[0]}/{b[1]}" if b else "-"]
        o = old[fmt]
        row += [f"v{o[2]}, {o[3]:.2f} mm: {o[0]}/{o[1]}", f"v{v}, {mod:.2f} mm: {ok}/{n}"]
        rows.append(row)
    head = ["format", "scan distance"] + (["before (old link, old square)"] if before is not None else []) + ["old link, this square", "compact link (this build)"]
    print(table(head, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
