"""No tracked file may name a path that exists only on one machine.

Such a path passes on the machine that wrote it and breaks everywhere else:
a test that opened a font under one machine's virtual environment once
stopped the whole suite at collection on every other machine. Files and fonts
are found through the repository or the installed packages instead.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Home folders, temporary folders, build machines' work trees, virtual
# environments and interpreter installs, on POSIX and Windows.
MACHINE_PATH = re.compile(
    r"""(?x)
    (?<![\w.~-])(?:
        /(?:work|root|home|Users|tmp|var/folders|opt/hostedtoolcache)/[\w.-]
      | /[\w./-]*/(?:site-packages|dist-packages)/
      | /usr/(?:local/)?(?:bin|lib|share)/[\w.-]
      | [A-Za-z]:\\(?:Users|Program\ Files|Python\d+)\\
    )"""
)


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as e:  # pragma: no cover - a tarball, not a clone
        pytest.fail(f"this test reads the tracked files with git, which failed: {e}")
    return [ROOT / p for p in out.decode().split("\0") if p]


def machine_paths(text: str) -> list[str]:
    return [m.group(0) for m in MACHINE_PATH.finditer(text)]


@pytest.mark.parametrize(
    "text",
    # written with S for the leading slash, so this file itself holds no such path
    [
        t.replace("S", "/")
        for t in (
            'FONT = "Swork/venv/lib/python3.11/site-packages/x/f.ttf"',
            "open('Shome/alice/logo.svg')",
            "Path('Stmp/out')",
            'exe = "Susr/bin/chromium"',
            "Sroot/.cache/x",
        )
    ]
    + ["C:" + "\\".join(["", "Users", "bob", "fonts"])],
)
def test_the_pattern_finds_machine_paths(text):
    assert machine_paths(text), text


@pytest.mark.parametrize(
    "text",
    ["layouts/a4-poster.toml", "https://get-help.stopitnow.org.uk/work/x", "src/posters/fonts.py", "~/.cache"],
)
def test_the_pattern_leaves_project_paths_alone(text):
    assert not machine_paths(text), text


def test_no_tracked_file_names_a_machine_path():
    # Prose (README, docs) may show example commands; code, tests, data and
    # scripts may not depend on one machine's layout.
    skip_suffixes = {".md", ".png", ".jpg", ".jpeg", ".pdf", ".zip", ".icc", ".ttf", ".otf"}
    found = []
    for path in tracked_files():
        if path.suffix.lower() in skip_suffixes or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary test data
        for lineno, line in enumerate(text.splitlines(), 1):
            if lineno == 1 and line.startswith("#!"):
                continue  # an interpreter line is the one place a fixed path is the convention
            for hit in machine_paths(line):
                found.append(f"{path.relative_to(ROOT)}:{lineno}: {hit}")
    assert not found, "tracked files name paths of one machine:\n" + "\n".join(found)
