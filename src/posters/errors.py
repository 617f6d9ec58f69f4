"""Problems a user can act on: where (file and key path), what, and a hint.

Every stage collects `Problem`s instead of raising on the first one, so a
designer sees all mistakes in a layout in one pass. `InputError` carries the
collected problems to the CLI, which prints them without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        where = self.file + (f": {self.key}" if self.key else "")
        text = f"{self.severity}: {where}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(Exception):
    """One or more problems with the user's input files."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


@dataclass
class Problems:
    """Collector used while loading and validating one file."""

    file: str
    items: list[Problem] = field(default_factory=list)

    def add(self, key: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.file, key, message, hint))

    def warn(self, key: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.file, key, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self.errors)


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as the user knows it: relative to the project when inside it.

    The path is first taken as written, without following links (a link's
    target is not where the user put the file), then resolved.
    """
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # outside, or a link loop that cannot be resolved
            pass
    return str(path)
