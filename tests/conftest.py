"""Shared fixtures: the real project, a loaded Project, and copies to break."""

from __future__ import annotations

import re
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


def give_code(proj: Path, fmt: str, code: str, like: str = "a4-poster") -> None:
    """A new layout in a copied project needs its attribution code on the QR link, and a
    class in the facts rule table ([carry]): the class of the format `like`."""
    p = proj / "assets" / "campaign" / "campaign.toml"
    text = p.read_text(encoding="utf-8")
    text = text.replace("[qr.attribution.format]\n", f'[qr.attribution.format]\n{fmt} = "{code}"\n', 1)
    text = re.sub(rf'(\[carry\.\w+\]\nformats = \[[^\]]*"{re.escape(like)}")', rf'\1, "{fmt}"', text, count=1)
    p.write_text(text, encoding="utf-8")


@pytest.fixture()
def small_project(tmp_path) -> Path:
    """The project with two layouts (a print poster, and a screen image made from a master): whole editions, packs included, in seconds."""
    dst = tmp_path / "proj"
    dst.mkdir()
    shutil.copytree(ROOT / "assets", dst / "assets")
    (dst / "layouts" / "masters").mkdir(parents=True)
    for name in ("a4-poster.toml", "social-square.toml"):
        shutil.copy(ROOT / "layouts" / name, dst / "layouts" / name)
    for f in (ROOT / "layouts" / "masters").glob("*.toml"):
        shutil.copy(f, dst / "layouts" / "masters" / f.name)
    return dst
