"""Where the build's time goes: cProfile of make_output over every output, in
one process (what each worker does), plus the coordinator's share.

    python benchmarks/profile_build.py [--top 25] [--sort tottime|cumulative] [--layout FORMAT]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT  # noqa: E402


def stages(project, logos, jobs) -> dict[str, float]:
    """CPU seconds per stage of make_output, summed over the jobs (no profiler overhead).

    CPU time, not wall time, so other work on the machine does not inflate it."""
    from posters import batch
    from posters.plan.place import plan_output
    from posters.render.pdf import render_pdf

    out: dict[str, float] = defaultdict(float)
    for job in jobs:
        t0 = time.process_time()
        plan = plan_output(project.campaign, project.edition(job.edition), project.layout(job.format), job.lang, job.message, logos)
        t1 = time.process_time()
        render_pdf(plan)
        t2 = time.process_time()
        batch.make_output(project, logos, job, verify=False)
        t3 = time.process_time()
        batch.make_output(project, logos, job)
        t4 = time.process_time()
        out["plan"] += t1 - t0
        out["render_pdf"] += t2 - t1
        out["post-processing (make_output without verify - plan - render)"] += (t3 - t2) - (t1 - t0) - (t2 - t1)
        out["verification"] += (t4 - t3) - (t3 - t2)
        out["make_output total"] += t4 - t3
    return dict(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--layout", action="append", default=[])
    a = ap.parse_args(argv)

    from posters import batch, fonts
    from posters.inputs.logos import LogoStore
    from posters.inputs.project import load_project

    fonts.register_all()
    project = load_project(ROOT)
    logos = LogoStore()
    jobs = batch.jobs_for(project, batch.Filters(layouts=a.layout))
    batch.make_output(project, logos, jobs[0])  # warm-up: lazy imports
    st = stages(project, logos, jobs)
    print(f"{len(jobs)} outputs in one process, CPU seconds per stage (summed):")
    for k, v in st.items():
        print(f"  {k:<62} {v:6.2f} s  ({1000 * v / len(jobs):.1f} ms/output)")
    prof = cProfile.Profile()
    prof.enable()
    for job in jobs:
        batch.make_output(project, logos, job)
    prof.disable()
    pstats.Stats(prof).sort_stats(a.sort).print_stats(a.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
