"""This tool against the previous release, in the same run: cold full build,
rebuilds after no change / one force's logo / one layout, 45 forces cold, and
`posters --help`. The ratio is what counts, not a time from a noisy machine.

    python benchmarks/against_release.py [--base ad309e1] [--forces 45] [--runs 1]

The previous release is the git revision `--base` (default: ad309e1, the
release before incremental builds), exported with `git archive` into a
temporary folder and installed into its own virtual environment there
(pip's cache makes that about a minute); this tree is installed the same way,
so both run from bytecode pip compiled; nothing in this checkout changes.
Each tool builds a copy of its own revision's project data (an older release
cannot read data written for newer features, and a newer tool may require
what an older project lacks), each into its own output folder; edits are made
to both copies alike. The two projects can make different numbers of outputs,
so the ratio is taken per output; a build that fails is shown as failed, with
no ratio. Wall time and the peak
PSS summed over the process and its workers (see _common.TreeMemory).
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
from _common import ROOT, TreeMemory, clone_forces, copy_project, table, tempdir  # noqa: E402
from full_batch import count_outputs  # noqa: E402

DEFAULT_BASE = "ad309e1"


def install_release(rev: str, work: Path) -> Path:
    """The `posters` command of revision `rev`, installed in a venv of its own under `work`."""
    src = work / "src"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    return _install(src, work)


def install_tree(work: Path) -> Path:
    """This working tree's `posters` command (uncommitted changes included), installed as the release is.

    Not the checkout's own editable install: pip compiles an installed package's bytecode, and an
    editable one is compiled on first import only where Python may write it. With
    PYTHONDONTWRITEBYTECODE set (as on some machines and containers) every process of this tree
    compiled its modules again, which the release did not: 0.1 s or so a process, against this tree."""
    src = work / "src"
    src.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return _install(src, work)


def _install(src: Path, work: Path) -> Path:
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(src)], check=True, capture_output=True)
    return venv / "bin" / "posters"


def release_data(rev: str, dest: Path) -> Path:
    """The project data (assets/, layouts/) of revision `rev`, for its own tool to build."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "assets", "layouts"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def row(scenario: str, b: dict, c: dict) -> list[str]:
    """One table row; the ratio is of time per output, and only when both builds made outputs."""
    def cell(r: dict) -> str:
        return f"{r['wall']:.2f} s, {r['outputs']} outputs" if r["outputs"] else f"{r['wall']:.2f} s, FAILED (no outputs)"

    ratio = f"{(c['wall'] / c['outputs']) / (b['wall'] / b['outputs']):.2f}" if b["outputs"] and c["outputs"] else "n/a"
    exits = "ok" if b["rc"] == c["rc"] == 0 else f"exit {b['rc']} / {c['rc']}"
    return [scenario, cell(b), cell(c), ratio, f"{b['pss_mb']:.0f} / {c['pss_mb']:.0f} MB", exits]


def build(posters: Path, project: Path, out: Path, *extra: str) -> dict:
    args = [str(posters), "--project", str(project), "build", "-q", "-o", str(out), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid, interval=0.02) as mem:
        stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write((stdout + stderr)[-3000:])
    outputs = count_outputs(out)[1] if (out / "manifest.json").is_file() else 0
    return {"wall": wall, "pss_mb": mem.peak_pss_mb, "rc": proc.returncode, "outputs": outputs}


def help_time(posters: Path, runs: int = 11) -> float:
    walls = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        subprocess.run([str(posters), "--help"], capture_output=True, check=True)
        walls.append(time.perf_counter() - t0)
    return sorted(walls[1:])[len(walls[1:]) // 2]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{rel}: no {old!r} to change; update the benchmark's edit")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LOGO = ("assets/forces/cumbria/logo.svg", 'fill="#4b4e59"', 'fill="#2b5e39"')
LAYOUT = ("layouts/a5-flyer.toml", "\n", "\n# a designer's note\n")


def scenarios(tools: dict[str, Path], roots: dict[str, Path], work: Path, runs: int) -> dict[str, dict[str, dict]]:
    """Per scenario, per tool: the best of `runs` (each cold run into a new folder).

    The tools take turns at every step (release, then this tree), so a change
    in the machine's load during the run falls on both alike."""
    res: dict[str, dict[str, dict]] = {}
    for i in range(runs):
        projects = {name: copy_project(work / f"{name.replace(' ', '-')}-project-{i}", root=roots[name]) for name in tools}
        outs = {name: work / f"{name.replace(' ', '-')}-out-{i}" for name in tools}
        steps = [
            ("cold full build", None),
            ("no-op rebuild", None),
            ("one force's logo changed", LOGO),
            ("one layout changed (a5-flyer)", LAYOUT),
        ]
        for scenario, change in steps:
            for name, posters in tools.items():
                if change is not None:
                    edit(projects[name], *change)
                print(f"  {scenario}: {name} ...", flush=True)
                got = build(posters, projects[name], outs[name])
                best = res.setdefault(scenario, {})
                if name not in best or got["wall"] < best[name]["wall"]:
                    best[name] = got
        for out in outs.values():
            shutil.rmtree(out, ignore_errors=True)
    return res


def national(tools: dict[str, Path], roots: dict[str, Path], work: Path, forces: int) -> dict[str, dict]:
    out = {}
    for name, posters in tools.items():
        print(f"  {name}: {forces} forces, cold ...", flush=True)
        project = copy_project(work / f"{name.replace(' ', '-')}-national", root=roots[name])
        clone_forces(project, forces)
        dest = work / f"{name.replace(' ', '-')}-national-out"
        out[name] = build(posters, project, dest)
        shutil.rmtree(dest, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=DEFAULT_BASE, help="git revision of the previous release")
    ap.add_argument("--forces", type=int, default=45, help="forces for the national build (0: skip it)")
    ap.add_argument("--runs", type=int, default=1, help="repetitions of the build scenarios (best kept)")
    ap.add_argument("--base-posters", type=Path, default=None, help="the previous release's `posters` command, already installed (skips the install)")
    a = ap.parse_args(argv)
    work = tempdir("release")
    print(f"load average before the run: {os.getloadavg()[0]:.2f}  ({os.cpu_count()} cores)", flush=True)
    if a.base_posters is None:
        print(f"installing {a.base} into {work} ...", flush=True)
    base = a.base_posters or install_release(a.base, work / "base")
    print(f"installing this tree into {work} ...", flush=True)
    tools = {a.base: base, "this tree": install_tree(work / "tree")}
    roots = {a.base: release_data(a.base, work / "base-data"), "this tree": ROOT}
    res = scenarios(tools, roots, work, a.runs)
    rows = [row(scenario, by[a.base], by["this tree"]) for scenario, by in res.items()]
    hb, hc = help_time(tools[a.base]), help_time(tools["this tree"])
    rows.append(["posters --help", f"{hb * 1000:.0f} ms", f"{hc * 1000:.0f} ms", f"{hc / hb:.2f}", "", ""])
    if a.forces:
        nat = national(tools, roots, work, a.forces)
        rows.append(row(f"{a.forces} forces, cold", nat[a.base], nat["this tree"]))
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    print(table(["scenario", a.base, "this tree", "ratio per output", "peak PSS (release / this)", "exit"], rows))
    print("A build with exit 1 made every output it could and failed the rest (the national run's regional edition cannot fit 46 logos); its outputs are counted.")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
