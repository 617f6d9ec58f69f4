"""Shared by the commands: finding the project and checking filter values."""

from __future__ import annotations

from posters.errors import InputError, Problem
from posters.inputs.schema import suggest


class UsageError(Exception):
    pass


def open_project(args):
    from posters.inputs.project import find_root, load_project

    root = args.project.resolve() if args.project else find_root()
    if args.project and not (root / "assets" / "campaign" / "campaign.toml").is_file():
        raise InputError([Problem(str(args.project), "", "is not a posters project (no assets/campaign/campaign.toml)", "pass the folder that holds assets/ and layouts/")])
    return load_project(root)


def check_choice(flag: str, values: list[str], known: list[str]) -> None:
    for v in values:
        if v not in known:
            raise UsageError(f"{flag} {v!r} is unknown; {suggest(v, known)}")
