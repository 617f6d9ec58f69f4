"""Peak memory and time of the worst bad inputs, one per class of hostile input.

Each case of `tests/bad_inputs/` named below is set up exactly as the corpus test
sets it up (a private copy of the project, broken the case's way; for `check`
cases the build they start from is made first and not measured), then the
command runs in a new process: `posters build`, `posters check`, or for the
preview server a process that asks the app the case's requests. Reported: wall
time and the process's peak resident memory (ru_maxrss, from wait4). A build
of the corpus's few outputs runs in one process (-j 1), so ru_maxrss is its
whole footprint.

    python benchmarks/bad_input_costs.py              # the worst case of each class
    python benchmarks/bad_input_costs.py CASE ...     # named cases
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_bad_inputs as corpus  # noqa: E402  (the corpus's own set-up, so what is measured is what is tested)

WORST = {
    "2 trust anchors": "check-forged-pack-helpline",
    "3 phone numbers": "phone-logo-text-readback",
    "4 names and paths": "manifest-planted-symlink-entry",
    "5 image formats": "image-format-eps",
    "5 image bomb": "logo-decompression-bomb",
    "6 URLs": "url-query-redirect-double-encoded",
    "7 numbers (SVG)": "numbers-svg-path-overflow",
    "7 numbers (TOML)": "numbers-toml-integer-too-long-to-read",
    "7 numbers (PDF)": "check-content-huge-number",
    "8 PDF actions": "check-outline-uri",
    "9 silent success": "silent-force-folder-link-loop",
    "10 bounds: flate bomb": "check-stream-bomb",
    "10 bounds: SVG elements": "bounds-svg-element-count",
    "10 bounds: pixel size": "bounds-pixel-size",
    "10 bounds: workers": "bounds-workers-over-cores",
    "11 ICC profiles": "icc-broken-lookup-table",
    "12 tracebacks: manifest": "manifest-deeply-nested",
    "12 tracebacks: server": "serve-page-beyond-int-conversion",
    "10 bounds: drawing instructions": "check-content-operator-bomb",
    "13 PDF logos: drawing instructions": "logo-pdf-content-bomb",
    "13 PDF logos: forms drawing forms": "logo-pdf-form-fanout",
    "13 PDF logos: many drawings": "logo-pdf-many-drawings",
    "13 PDF logos: a script 80 deep": "logo-pdf-script-nested-deep",
    "14 paths: a named pipe": "icon-is-a-named-pipe",
    "15 copy lines": "copy-force-line-too-long",
}

SERVE = """
import sys, tomllib
from pathlib import Path
from starlette.testclient import TestClient
from posters.web.app import create_app
spec = tomllib.loads(Path(sys.argv[1]).read_text())
with TestClient(create_app(Path(sys.argv[2])), raise_server_exceptions=False) as c:
    for r in spec["request"]:
        assert c.get(r["path"]).status_code == r["status"]
"""


TIME = shutil.which("time")  # GNU time, the program (not the shell's keyword)


def measure(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak MB, exit code) of one command in a new process.

    GNU time measures the command alone; without it, wait4's ru_maxrss also
    counts what this process held when it forked (Linux keeps the high-water
    mark across exec), so it can only overstate.
    """
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    report = cwd / "time.txt"
    if TIME:
        argv = [TIME, "-f", "%M", "-o", str(report), *argv]
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    kb = int(report.read_text().split()[-1]) if report.exists() else usage.ru_maxrss
    return wall, kb / 1024, code


def run_case(name: str) -> tuple[float, float, int]:
    case_dir = corpus.CASES_DIR / name
    spec = tomllib.loads((case_dir / "case.toml").read_text(encoding="utf-8"))
    spec["_name"] = name
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        proj = corpus.copy_project(tmp / "proj")
        outside = tmp / "outside"
        outside.mkdir()
        (outside / f"{corpus.SENTINEL}.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
        (outside / f"{corpus.SENTINEL}.pdf").write_bytes(b"%PDF-1.4 a file outside the output folder")
        out = tmp / "out"
        ctx = {"OUTSIDE": str(outside), "LISTEN": "127.0.0.1:9", "PROJECT": str(proj), "OUT": str(out)}
        corpus.apply_case(case_dir, spec, proj, ctx)
        command = spec.get("command", "build")
        py = [sys.executable, "-m", "posters"]
        if command == "serve":
            return measure([sys.executable, "-c", SERVE, str(case_dir / "case.toml"), str(proj)], tmp)
        if command == "check":
            corpus.build_for_check(spec, proj, out)
            corpus.break_output(spec, out, ctx)
            args = [*([] if spec.get("outside") else ["--project", str(proj)]), "check", *(corpus._subst(a, ctx) for a in spec.get("args", [str(out)]))]
        else:
            corpus.plant_in_output(spec, out, ctx)
            args = ["--project", str(proj), "build", "-o", str(out), *(corpus._subst(a, ctx) for a in spec.get("args", corpus.DEFAULT_ARGS))]
        return measure([*py, *args], tmp)


def main(argv: list[str]) -> int:
    chosen = {n: n for n in argv} if argv else WORST
    print(f"{'class':28} {'case':40} {'exit':>4} {'wall s':>7} {'peak MB':>8}")
    for label, name in chosen.items():
        wall, peak, code = run_case(name)
        print(f"{label:28} {name:40} {code:>4} {wall:7.2f} {peak:8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
