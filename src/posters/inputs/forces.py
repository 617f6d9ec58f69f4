"""The force registry: one folder per force under `assets/forces/`, and the
editions built from it (one per force, plus the regional edition).

Adding a force is data only: a new folder with `force.toml` and a logo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from posters import names
from posters.inputs.campaign import Campaign, Copy, check_addresses, check_numbers, copy_text_problem, load_local_copy
from posters.inputs.colour_table import read_colours
from posters.inputs.attribution import check_edition_code
from posters.inputs.brand_fonts import BrandFont, check_brand_font, read_font_table
from posters.inputs.logo_rules import LogoRule, read_logo_rule
from posters.colours import Colour
from posters.errors import InputError, Problem, Problems, display_path
from posters.inputs.load import outside_link, read_toml, safe_asset_path
from posters.inputs.schema import Table

SLUG = names.SLUG
LANG = names.LANGUAGES
REQUIRED_COLOURS = ("primary", "accent")


@dataclass(frozen=True)
class Force:
    slug: str
    name: str
    names: dict[str, str]
    order: int
    logo: Path
    languages: list[str]
    colours: dict[str, Colour]
    file: str
    logo_rule: LogoRule = LogoRule(0.0, 0.0)
    code: str | None = None  # its edition's code on the QR link (see attribution)
    copy: dict[str, Copy] = field(default_factory=dict, compare=False)  # the force's own lines, by language (copy/<lang>.toml)
    font: BrandFont | None = field(default=None, compare=False)  # its own typeface for its own lines ([font])


@dataclass(frozen=True)
class Edition:
    slug: str
    name: str
    forces: tuple[Force, ...]  # one for a force edition, all for the regional one
    languages: list[str]  # first is the default
    regional: bool
    code: str | None = None  # attribution code on the QR link

    def copy(self, campaign: Campaign, lang: str) -> Copy:
        """The copy this edition prints in one language: the campaign's, with
        a force edition's own lines over it."""
        base = campaign.copies[lang]
        local = self.forces[0].copy.get(lang) if not self.regional else None
        return base.over(local) if local is not None else base

    @property
    def colours(self) -> dict[str, Colour]:
        # A force edition wears its force's colours; the regional one the campaign's.
        return self.forces[0].colours if not self.regional else {}


def load_forces(root: Path, campaign: Campaign) -> list[Force]:
    base = root / "assets" / "forces"
    problems: list[Problem] = []
    forces: list[Force] = []
    if not base.is_dir():
        raise InputError([Problem(display_path(base, root), "", "folder not found", "create assets/forces/<slug>/force.toml")])
    # sorted: the filesystem's listing order must not change the output
    for folder in sorted(p for p in base.iterdir() if not p.name.startswith(".")):
        if not folder.is_dir():
            if folder.is_symlink() or not folder.is_file():
                # a force folder that cannot be entered would drop the force from
                # the regional edition without a word: it is an error, not a skip
                problems.append(Problem(display_path(folder, root), "", "is a link that leads nowhere (or to itself), or not a folder", "replace it with the force's folder, or remove it"))
            continue  # a plain file (a README) beside the force folders is not a force
        path = folder / "force.toml"
        target = outside_link(folder, root)
        if target is not None:
            problems.append(Problem(display_path(folder, root), "", f"points outside the project (a link to {target})", "copy the folder in instead of linking to it"))
            continue
        if not path.exists():
            problems.append(Problem(display_path(folder, root), "", "has no force.toml", "add force.toml (see README: adding a force)"))
            continue
        try:
            forces.append(_load_force(root, folder, path, campaign))
        except InputError as exc:
            problems.extend(exc.problems)
    slugs = [f.slug for f in forces]
    for s in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(Problem("assets/forces", "slug", f"two forces use slug {s!r}", "slugs must be unique"))
    codes = [(f.code, f) for f in forces if f.code]
    if campaign.regional_code:
        codes.append((campaign.regional_code, None))
    seen: dict[str, str] = {}
    for code, f in codes:
        who = f.slug if f else campaign.regional_slug
        if code in seen:
            problems.append(Problem(f.file if f else campaign.file, "attribution" if f else "regional.attribution", f"code {code!r} is also the code of {seen[code]}", "give each edition its own code: the analytics team tells editions apart by it"))
        else:
            seen[code] = who
    if campaign.regional_slug in slugs:
        problems.append(Problem("assets/forces", "slug", f"{campaign.regional_slug!r} is the regional edition's slug", "choose another"))
    problems.extend(_shared_artwork(root, forces, campaign))
    if problems:
        raise InputError(problems)
    if not forces:
        raise InputError([Problem(display_path(base, root), "", "holds no force", "add a folder per force")])
    return sorted(forces, key=lambda f: (f.order, f.slug))


def _load_force(root: Path, folder: Path, path: Path, campaign: Campaign) -> Force:
    shown = display_path(path, root)
    probs = Problems(shown)
    data = read_toml(path, shown, root)
    t = Table(data, probs, "")
    slug = t.text("slug")
    if slug is not None and slug != folder.name:
        probs.add("slug", f"{slug!r} differs from the folder name {folder.name!r}", "make them the same")
    if slug is not None and names.slug_problem(slug, "slug"):
        probs.add("slug", f"{slug!r} is not a slug", "use lower-case letters, digits and hyphens, e.g. north-wales")
    name = t.text("name")
    order = t.number("order", 100, lo=0, hi=10_000)
    langs = t.texts("languages", ["en"])
    if langs == []:
        probs.add("languages", "names no language, so this force's edition would make nothing", 'list at least one, e.g. languages = ["en"]')
    langs = langs or []
    for i, code in enumerate(langs):
        if not _language_known(code, campaign):
            probs.add(f"languages[{i}]", f"{code!r} is not a language of the campaign", f"use {', '.join(campaign.copies)} or a pair like cy-en")
    local_names: dict[str, str] = {}
    nt = t.table("names", required=False)
    if nt and nt.ok:
        for code in list(nt.data):
            v = nt.text(code)
            if v:
                local_names[code] = v
        nt.done()
    # the force's name is read out in the screen files' logo descriptions, like a line of copy
    for key, text in [("name", name), *((f"names.{c}", v) for c, v in local_names.items())]:
        bad = copy_text_problem(text) if isinstance(text, str) else None
        if bad is not None:
            probs.add(key, *bad)
    logo_path, p = safe_asset_path(root, folder, t.raw("logo", "logo.svg"), shown, "logo")
    rule = read_logo_rule(t, probs)
    code = None
    if campaign.attribution is not None:
        code = t.text("attribution", hint='this edition\'s code on the QR link, e.g. attribution = "dp" (see attribution.csv)')
        why = check_edition_code(code) if code is not None else None
        if why:
            probs.add("attribution", why, "use one to four lower-case letters or digits, not used by another edition")
            code = None
    else:
        t.raw("attribution", None)
    if p:
        probs.items.append(p)
    colours = read_colours(t, "colours", probs, prefix="force.")
    for c in REQUIRED_COLOURS:
        if "colours" in t.data and f"force.{c}" not in colours and isinstance(t.data.get("colours"), dict) and c not in t.data["colours"]:
            probs.add(f"colours.{c}", "is missing", f"add [colours.{c}] with cmyk and srgb")
    if "colours" not in t.data:
        probs.add("colours", "is missing", "add [colours.primary] and [colours.accent], each with cmyk and srgb")
    font = read_font_table(t, probs, root, folder, shown)
    t.done()
    check_numbers(data, probs, campaign.helpline_e164)
    check_addresses(data, probs)  # the names, and any other text, as in campaign.toml
    copies = _local_copies(root, folder, langs, campaign, probs)
    if font is not None and slug is not None:
        font = check_brand_font(font, slug, langs, copies, campaign, probs)
    probs.raise_if_errors()
    return Force(slug, name, {"en": name, **local_names}, int(order), logo_path, langs, colours, shown, rule, code, copies, font)


def _local_copies(root: Path, folder: Path, langs: list[str], campaign: Campaign, probs: Problems) -> dict[str, Copy]:
    """`copy/<lang>.toml` in the force's folder: its own lines, per language."""
    out: dict[str, Copy] = {}
    here = folder / "copy"
    if not here.is_dir():
        return out
    spoken = {part for code in langs for part in code.split("-")}
    for path in sorted(here.glob("*.toml")):
        shown = display_path(path, root)
        code = path.stem
        if code not in campaign.copies:
            probs.items.append(Problem(shown, "", f"{code!r} is not a language of the campaign", f"name the file after a language: {', '.join(f'{c}.toml' for c in campaign.copies)}"))
            continue
        if code not in spoken:
            probs.items.append(Problem(shown, "", f"this force prints no {code!r} (its languages are {', '.join(langs)})", "add the language to languages in force.toml, or remove the file"))
            continue
        try:
            out[code] = load_local_copy(path, root, code, campaign, probs)
        except InputError as exc:
            probs.items.extend(exc.problems)
    return out


def _shared_artwork(root: Path, forces: list[Force], campaign: Campaign) -> list[Problem]:
    """A force whose logo is byte for byte another partner's: almost always a
    copied folder whose artwork was not replaced, which would print one
    force's crest on another's posters."""
    from posters.fingerprint import file_sha256

    owners: dict[str, str] = {}
    if campaign.charity_logo is not None:
        owners[file_sha256(campaign.charity_logo)] = f"the charity ({display_path(campaign.charity_logo, root)})"
    out = []
    for f in sorted(forces, key=lambda f: (f.order, f.slug)):
        try:
            digest = file_sha256(f.logo)
        except OSError:
            continue  # an unreadable logo is reported when it is drawn
        if digest in owners:
            out.append(Problem(f.file, "logo", f"is the same artwork as the logo of {owners[digest]}", "put this force's own logo in its folder"))
        else:
            owners[digest] = f"{f.slug} ({display_path(f.logo, root)})"
    return out


def _language_known(code: str, campaign: Campaign) -> bool:
    if not LANG.match(code):
        return False
    return all(part in campaign.copies for part in code.split("-"))


def editions(campaign: Campaign, forces: list[Force]) -> list[Edition]:
    out = [Edition(f.slug, f.name, (f,), f.languages, False, f.code) for f in forces]
    out.append(Edition(campaign.regional_slug, campaign.regional_name, tuple(forces), campaign.regional_languages, True, campaign.regional_code))
    return out
