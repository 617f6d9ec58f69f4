"""A project folder loaded: campaign, forces, editions and layouts.

A broken layout does not stop the others: its problems are kept beside the
layouts that loaded, and the build reports them as failed outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from posters.inputs.campaign import Campaign, load_campaign
from posters.inputs.attribution import bind_editions, check_scheme
from posters.errors import InputError, Problem
from posters.inputs.layout import Layout, find_layouts, load_layout
from posters.inputs.forces import Edition, editions, load_forces


@dataclass
class Project:
    root: Path
    campaign: Campaign
    editions: list[Edition]
    layouts: list[Layout]
    layout_problems: dict[str, list[Problem]] = field(default_factory=dict)  # layout file -> problems

    def edition(self, slug: str) -> Edition:
        return next(e for e in self.editions if e.slug == slug)

    def layout(self, fmt: str) -> Layout:
        return next(lay for lay in self.layouts if lay.format == fmt)

    @property
    def warnings(self) -> list[Problem]:
        out = []
        for code, copy in sorted(self.campaign.copies.items()):
            if not copy.reviewed and any(code in lang.split("-") for e in self.editions for lang in e.languages):
                out.append(
                    Problem(copy.file, "reviewed", "this translation has not been reviewed", "have it checked, then set reviewed = true", "warning")
                )
            for key in copy.needs_review:
                out.append(
                    Problem(copy.file, key, "the English of this line changed since it was translated; it needs review", "check the translation, then remove the key from needs_review", "warning")
                )
        return out


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder upwards holding assets/campaign/campaign.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "assets" / "campaign" / "campaign.toml").is_file():
            return folder
    raise InputError(
        [Problem(str(here), "", "is not inside a posters project (no assets/campaign/campaign.toml found)", "run from the project folder, or pass --project PATH")]
    )


def load_project(root: Path) -> Project:
    campaign = load_campaign(root)
    forces = load_forces(root, campaign)
    layouts: list[Layout] = []
    problems: dict[str, list[Problem]] = {}
    formats: dict[str, str] = {}
    for path in find_layouts(root):
        try:
            lay = load_layout(path, root, campaign)
        except InputError as exc:
            problems[path.relative_to(root).as_posix()] = exc.problems
            continue
        if lay.format in formats:
            problems[lay.file] = [Problem(lay.file, "format", f"{lay.format!r} is also the format of {formats[lay.format]}", "give each layout its own format name")]
            continue
        formats[lay.format] = lay.file
        layouts.append(lay)
    if not layouts and not problems:
        raise InputError([Problem("layouts/", "", "holds no layout (*.toml)", "add a layout file, e.g. layouts/a4-poster.toml")])
    eds = editions(campaign, forces)
    campaign = bind_editions(campaign, eds)
    general, per_layout = check_scheme(campaign, eds, layouts)
    if general:
        raise InputError(general)
    for file, probs in per_layout.items():
        problems[file] = probs
    layouts = [lay for lay in layouts if lay.file not in per_layout]
    return Project(root, campaign, eds, layouts, problems)
