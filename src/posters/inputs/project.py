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

    def used_languages(self) -> set[str]:
        return {code for e in self.editions for lang in e.languages for code in lang.split("-")}

    @property
    def warnings(self) -> list[Problem]:
        """Facts too old or not confirmed, translations stale or unreviewed: reported, not fatal."""
        return self.copy_problems(release=False)

    def copy_problems(self, release: bool = False, today=None, editions: list[str] | None = None) -> list[Problem]:
        """What must be settled before shipping: a warning, and with `release` an error (see
        `posters build --release`). Translations count for the languages of `editions` (all when None)."""
        from posters.inputs import translation_records as translations

        eds = [e for e in self.editions if editions is None or not editions or e.slug in editions]
        langs = {code for e in eds for lang in e.languages for code in lang.split("-")}
        sev = "error" if release else "warning"
        out = translations.problems(self.campaign, langs, release=release)
        for code, copy in sorted(self.campaign.copies.items()):
            if code not in langs:
                continue
            for key in copy.needs_review:  # flagged by an editor (the studio) when the English changed
                out.append(Problem(copy.file, key, "the English of this line changed since it was translated; it needs review", "check the translation, then import it as reviewed with 'posters translations --import' (which clears the flag)", sev))
        for e in eds:
            if e.regional:
                continue
            for code, copy in sorted(e.forces[0].copy.items()):
                if not copy.reviewed:
                    out.append(Problem(copy.file, "reviewed", "this force's own copy has not been signed off", "have it checked (and the translation, if not English), then set reviewed = true", sev))
        if self.campaign.facts is not None:
            for p in self.campaign.facts.report(today):
                out.append(Problem(p.file, p.key, p.message, p.hint, sev))
        return out


def _nearest_class(facts, lay) -> str:
    """A suggestion only: screen layouts with the screens, print with the posters."""
    want = "screen" if lay.profile == "screen" else "poster"
    return want if want in facts.classes else next(iter(facts.classes), "poster")


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
    eds = editions(campaign, forces)
    slugs = [e.slug for e in eds]
    layouts: list[Layout] = []
    problems: dict[str, list[Problem]] = {}
    formats: dict[str, str] = {}
    for path in find_layouts(root):
        try:
            lay = load_layout(path, root, campaign)
        except InputError as exc:
            problems[path.relative_to(root).as_posix()] = exc.problems
            continue
        scope = _scope_problems(lay, eds, slugs)
        if scope:
            problems[lay.file] = scope
            continue
        if lay.format in formats:
            problems[lay.file] = [Problem(lay.file, "format", f"{lay.format!r} is also the format of {formats[lay.format]}", "give each layout its own format name")]
            continue
        if campaign.facts is not None and campaign.facts.class_of(lay.format) is None:
            # the rule table decides which facts an output must print: a format outside it would be checked for none
            problems[lay.file] = [Problem(lay.file, "format", f"{lay.format!r} is in no class of the rule table [carry] in {campaign.file}", f"add it to the formats of one class, e.g. [carry.{_nearest_class(campaign.facts, lay)}]")]
            continue
        formats[lay.format] = lay.file
        layouts.append(lay)
    if not layouts and not problems:
        raise InputError([Problem("layouts/", "", "holds no layout (*.toml)", "add a layout file, e.g. layouts/a4-poster.toml")])
    campaign = bind_editions(campaign, eds)
    general, per_layout = check_scheme(campaign, eds, layouts)
    if general:
        raise InputError(general)
    for file, probs in per_layout.items():
        problems[file] = probs
    layouts = [lay for lay in layouts if lay.file not in per_layout]
    return Project(root, campaign, eds, layouts, problems)


def _scope_problems(lay: Layout, eds, slugs: list[str]) -> list[Problem]:
    """A layout's `editions` must name editions; a scope that builds nothing is a mistake."""
    from posters.inputs.schema import suggest

    out = [lay.problem(f"editions[{i}]", f"{s!r} is not an edition", suggest(s, slugs)) for i, s in enumerate(lay.editions) if s not in slugs]
    if not out and (lay.editions or lay.languages) and not any(lay.builds(e.slug, lang) for e in eds for lang in e.languages):
        key = "languages" if lay.languages else "editions"
        out.append(lay.problem(key, "no edition is built in these languages, so this layout makes nothing", "check editions and languages against 'posters list'"))
    return out
