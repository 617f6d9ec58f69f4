"""Start-up: wall time of `posters --help` and `posters list` in a new process
(median of several runs), and the slowest imports of each (python -X importtime).

    python benchmarks/startup.py [--runs 11]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import POSTERS, ROOT, run_cmd, table  # noqa: E402

COMMANDS = {"posters --help": ["--help"], "posters list": ["list"]}


def slowest_imports(args: list[str], top: int = 5) -> list[tuple[str, float]]:
    """The imports with the largest cumulative time (ms), from -X importtime."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "posters", *args], cwd=ROOT, capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cum, name = (s.strip() for s in line.removeprefix("import time:").split("|"))
        if not name.startswith(" "):  # top-level imports only (nested ones are indented)
            rows.append((name.strip(), int(cum) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:top]


def run(runs: int = 11, quiet: bool = False) -> dict:
    result = {}
    for label, args in COMMANDS.items():
        run_cmd([str(POSTERS), *args], cwd=ROOT)  # warm the page cache
        walls = [run_cmd([str(POSTERS), *args], cwd=ROOT)["wall"] for _ in range(runs)]
        result[label] = {"median": statistics.median(walls), "min": min(walls), "max": max(walls), "imports": slowest_imports(args)}
    if not quiet:
        print(report(result, runs))
    return result


def report(r: dict, runs: int = 11) -> str:
    rows = [[k, v["median"] * 1000, v["min"] * 1000, v["max"] * 1000, ", ".join(f"{n} {ms:.0f}" for n, ms in v["imports"][:3])] for k, v in r.items()]
    return f"Start-up, median of {runs} new processes:\n" + table(["command", "median ms", "min ms", "max ms", "slowest imports (ms)"], rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11)
    a = ap.parse_args(argv)
    run(a.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
