"""Names that become parts of output paths, and the output paths themselves.

Edition slugs (the regional one too), layout formats, message ids and
language codes are joined into file names under the output folder; entries
of an existing `manifest.json` name files the build reads, keeps or packs.
Each must match a strict pattern here, and every path made from them must
resolve inside the output folder, so no data file and no planted manifest can
make a build read, write or delete anywhere else.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from posters.errors import Problem

# slugs, formats and message ids: lower-case words joined by single hyphens
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
# one language (campaign) or a pair shown together (an edition's "cy-en")
LANGUAGE = re.compile(r"^[a-z]{2}\Z")
LANGUAGES = re.compile(r"^[a-z]{2}(-[a-z]{2})?\Z")
MAX_NAME = 64
# a file the build writes, relative to the output folder: folder/name.ext[.ext...], or a force pack
# (edition.zip) beside the folders; a pack must be listed too, or the next build loses it from the manifest
_PART = r"[a-z0-9]+(?:[-.][a-z0-9]+)*"
OUTPUT_FILE = re.compile(rf"^(?:{_PART}(?:/{_PART})+|{_PART}\.zip)\Z")


def slug_problem(value: object, what: str) -> str | None:
    """Why `value` cannot be a slug, format or message id; None when it can."""
    if not isinstance(value, str) or not SLUG.match(value) or len(value) > MAX_NAME:
        return f"{value!r} is not a usable {what}: it becomes part of file names"
    return None


def inside(out_dir: Path, rel: object, folders: dict | None = None) -> Path | None:
    """`out_dir / rel` when `rel` is a name the build could have written and it resolves inside `out_dir`; else None.

    A link anywhere on the way that leads out of the folder makes it None.

    `folders`: a dict the caller keeps while it asks about many files at one time (a manifest's
    entries): each folder on the way is resolved once, and each file costs one look at its own
    name (a link is then resolved whole). Resolving every path whole cost 25 ms a build.
    """
    if not isinstance(rel, str) or not OUTPUT_FILE.match(rel) or len(rel) > 255:
        return None
    path = out_dir / rel
    try:
        if folders is None:
            path.resolve().relative_to(out_dir.resolve())
            return path
        # `rel` has no '.', '..' or empty part (OUTPUT_FILE): the real path is the folder's real
        # path and the file's name, unless the name itself is a link
        if None not in folders:
            folders[None] = out_dir.resolve()
        folder, _, name = rel.rpartition("/")
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = (out_dir / folder).resolve() if folder else folders[None]
        leaf = real / name
        (leaf.resolve() if leaf.is_symlink() else leaf).relative_to(folders[None])
    except (ValueError, OSError, RuntimeError):
        return None
    return path


def folder_problems(out_dir: Path) -> list[Problem]:
    """Why a command must not write into `out_dir`: it is a file, or a link in it leads out of it:
    any link among its own entries, and a linked folder at any depth (a build writes into and clears
    the folders under each edition's, social/, imposed/, web/: a link there to a folder elsewhere had
    it write and delete files outside)."""
    shown = str(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        return [Problem(shown, "--out", "is a file, not a folder", "name a folder for the outputs (it is made if missing)")]
    out = []
    if out_dir.is_dir():
        root = out_dir.resolve()
        unreadable: list[OSError] = []
        links = []
        # links are listed, never followed (os.walk's default): a linked folder is not walked into
        for folder, dirs, files in os.walk(out_dir, onerror=unreadable.append):
            # deeper down, only linked folders: a linked file is replaced, not written through, and
            # read only where it resolves inside (inside()); a linked folder is written through
            top = Path(folder) == out_dir
            links += [Path(folder) / n for n in (*dirs, *(files if top else ())) if (Path(folder) / n).is_symlink()]
        if unreadable and Path(unreadable[0].filename or "") == out_dir:
            return [Problem(shown, "--out", f"cannot be read ({unreadable[0].strerror})", "check the folder's permissions, or name another folder")]
        for link in sorted(links):
            try:
                link.resolve().relative_to(root)
            except (ValueError, OSError, RuntimeError):
                out.append(Problem(str(link), "--out", f"is a link to {_target(link)}, outside the output folder", "remove the link: a build writes only inside its output folder"))
    return out


def _target(link: Path) -> str:
    try:
        return str(link.resolve())
    except (OSError, RuntimeError):
        return "a place that cannot be resolved"


PROJECT_FOLDERS = ("assets", "layouts")


def inside_project(out_dir: Path, root: Path) -> list[Problem]:
    """An output folder that is the project itself, or lies in its inputs: a build would write its files
    among the layouts and artwork (and clear folders there), and the next load would read them as inputs."""
    existing = next((a for a in (out_dir, *out_dir.parents) if a.exists()), None)
    if existing is not None and not existing.is_dir():
        return []  # it cannot be a folder at all, which the folder checks say in their own words
    out, home = out_dir.resolve(), root.resolve()
    inputs = [home / name for name in PROJECT_FOLDERS]
    if out == home or any(out == f or f in out.parents for f in inputs) or out in home.parents:
        return [Problem(str(out_dir), "--out", f"is the project folder or lies in its {' or '.join(n + '/' for n in PROJECT_FOLDERS)} (or holds the project)", "build into a folder of its own, e.g. -o out (the default)")]
    return []

