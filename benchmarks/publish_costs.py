"""What the build costs outside the per-output workers, part by part: loading the
project, the input digests, reading the previous manifest, the social kits,
accessible pages, each proof sheet (PDF and PNG), each printable proof, each
pack, the manifest; then the whole publishing step as the build runs it (in
parallel, in worker processes) for its wall time.

    python benchmarks/publish_costs.py [--out DIR] [--forces N] [--workers N]

Without --out, a copy of the project (with --forces, cloned forces) is built
into a temporary folder first. Each part runs in this process, one after the
other, timed in CPU seconds (time.process_time, little disturbed by other
work on the machine) and wall seconds; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import POSTERS, ROOT, clone_forces, copy_project, table, tempdir  # noqa: E402


class Clock:
    def __init__(self):
        self.rows: list[list] = []

    def __call__(self, label: str, fn, *args, **kwargs):
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn(*args, **kwargs)
        self.rows.append([label, time.process_time() - c0, time.perf_counter() - w0])
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="a folder a build of this project wrote (default: build one)")
    ap.add_argument("--forces", type=int, default=0, help="clone forces up to this many (with no --out)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)", flush=True)
    work = None
    root = ROOT
    out = a.out
    if out is None:
        work = tempdir("publish")
        root = copy_project(work / "project")
        if a.forces:
            clone_forces(root, a.forces)
        out = work / "out"
        print(f"building {root} ...", flush=True)
        subprocess.run([str(POSTERS), "--project", str(root), "build", "-q", "-o", str(out)], capture_output=True)

    from posters import batch, fonts, incremental
    from posters.inputs import attribution
    from posters.inputs.project import load_project
    from posters.manifest import read_previous, write_manifest
    from posters.publish import complete_editions, publish
    from posters.publish import accessible, pack, proof, proof_pages, social

    clock = Clock()
    fonts.register_all()
    project = clock("load the project", load_project, root)
    manifest = clock("read the previous manifest", read_previous, out)
    jobs = batch.jobs_for(project, batch.Filters())
    clock("the tool's own digest (code and libraries)", incremental.tool_digest)
    digests = incremental.Digests(project)
    clock("digests of every output's inputs", lambda: [digests.job_digest(j) for j in jobs])
    rows = clock("the table of QR link codes", attribution.rows, project)
    slugs = [e.slug for e in project.editions if manifest.assets(e.slug)]
    scratch = out.parent / (out.name + "-publish-costs")  # the parts write here, not over the build
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(out, scratch)
    kits = clock("social kits (every edition)", social.write_social, scratch, project, manifest, slugs, [], set())
    pages = clock("accessible pages (every edition)", accessible.write_accessible, scratch, project, slugs, [])
    sheets = []
    for stem, sheet, kind, slug in proof.sheet_jobs(project, manifest, slugs):
        sheets += clock(f"proof sheet {stem} (PDF and PNG)", proof.write_sheet, project, scratch, stem, sheet, kind, slug)
    for slug in slugs:
        e = clock(f"printable proof {slug}", proof_pages.write_pages, project, scratch, manifest.cut(slug), slug)
        sheets += [e] if e else []
    extra = [*kits, *pages, *sheets]
    # the outputs the build made, as its results (an output that failed has no files)
    by_job: dict[tuple, list] = {}
    for e in manifest.files:
        by_job.setdefault((e.edition, e.layout, e.language, e.message), []).append(e)
    results = [batch.Result(j, bool(fs), files=fs) for j in jobs for fs in [by_job.get((j.edition, j.format, j.lang, j.message), [])]]
    for slug in complete_editions(project, results):
        clock(f"pack {slug}", pack.write_pack, project, scratch, manifest.cut(slug), slug, [e for e in extra if e.edition == slug], rows=[r for r in rows if r.edition == slug])
    clock("manifest written", write_manifest, scratch, project.campaign, results, extra={"proofs": sheets}, attribution=manifest.extra.get("attribution"))
    parts = clock.rows
    total_cpu = sum(r[1] for r in parts)
    with batch.Pool(project, a.workers) as pool:
        c0, w0 = time.process_time(), time.perf_counter()
        publish(scratch, project, manifest, results, pool=pool, rows=rows)
        wall = time.perf_counter() - w0
    shutil.rmtree(scratch, ignore_errors=True)
    print(table(["part", "CPU s", "wall s"], [[p, f"{c:.3f}", f"{w:.3f}"] for p, c, w in parts]))
    print(f"sum of the parts: {total_cpu:.2f} s CPU")
    print(f"publishing as the build runs it ({a.workers} worker processes, started for it): {wall:.2f} s wall")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if work is not None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
