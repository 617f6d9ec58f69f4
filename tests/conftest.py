"""Shared fixtures: the real project, a loaded Project, and copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project():
    from posters.inputs.project import load_project

    return load_project(ROOT)


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    """A private copy of the project's data (assets and layouts) to modify."""
    dst = tmp_path / "proj"
    dst.mkdir()
    shutil.copytree(ROOT / "assets", dst / "assets")
    shutil.copytree(ROOT / "layouts", dst / "layouts")
    return dst


@pytest.fixture(scope="session")
def logos():
    from posters.inputs.logos import LogoStore

    return LogoStore()
