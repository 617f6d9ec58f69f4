"""Typed reading of TOML tables with key paths, so validation can say exactly
where a problem is (`pages[0].elements[3].box_mm`) and collect all of them.

A `Table` remembers which keys were read; `done()` reports every key nobody
asked for as unknown, with a "did you mean" — unknown keys are never dropped
silently.
"""

from __future__ import annotations

import difflib
import math
from typing import Any

from posters.errors import Problems

_MISSING = object()


def placeholder_problem(template: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with a text's {placeholders}, or None: each must be a plain {name} of `allowed`.

    Checked before the text is ever formatted: Python's format language also pads ({edition:a>50000000}
    is 50 million characters, and took the build minutes and gigabytes while the project loaded),
    converts and reaches into attributes."""
    import string

    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"has a brace that opens no placeholder ({exc})"
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed:
            return f"has an unknown placeholder {{{name}}}"
        if spec or conversion:
            return f"has {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}: a placeholder is written plain, {{{name}}}"
    return None


def suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    options = list(options)
    near = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not near:
        # "qrcode" for "qr", "logo_strips" for "logo_strip": one contains the other
        near = [o for o in options if len(o) >= 2 and (word.startswith(o) or o.startswith(word))][:1]
    return f"did you mean {near[0]!r}?" if near else f"expected one of: {', '.join(options)}"


def _type_name(v: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true/false", list: "a list", dict: "a table"}.get(
        type(v), type(v).__name__
    )


class Table:
    def __init__(self, data: Any, problems: Problems, path: str):
        self.problems = problems
        self.path = path
        self.ok = isinstance(data, dict)
        self.data: dict = data if self.ok else {}
        self.seen: set[str] = set()
        if not self.ok:
            problems.add(path or "(top level)", f"must be a table, not {_type_name(data)}", "see the examples in layouts/ and assets/")

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = _MISSING, hint: str = "") -> Any:
        self.seen.add(name)
        if name in self.data:
            return self.data[name]
        if default is _MISSING:
            self.problems.add(self.key(name), "is missing", hint)
            return None
        return default

    def text(self, name: str, default: Any = _MISSING, choices: tuple[str, ...] | None = None, hint: str = "") -> Any:
        v = self.raw(name, default, hint)
        if v is None or (v is default and default is not _MISSING):
            return v
        if not isinstance(v, str):
            self.problems.add(self.key(name), f"must be text, not {_type_name(v)}", hint or f'for example {name} = "..."')
            return None if default is _MISSING else default
        if choices is not None and v not in choices:
            self.problems.add(self.key(name), f"{v!r} is not allowed", suggest(v, choices))
            return None if default is _MISSING else default
        return v

    def number(
        self, name: str, default: Any = _MISSING, lo: float | None = None, hi: float | None = None, unit: str = "", hint: str = ""
    ) -> Any:
        v = self.raw(name, default, hint)
        if v is None or (v is default and default is not _MISSING):
            return v
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.problems.add(
                self.key(name), f"must be a number{(' in ' + unit) if unit else ''}, not {v!r}", hint or f"write a plain number without quotes or units, e.g. {name} = 12"
            )
            return None if default is _MISSING else default
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"{lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}{(' ' + unit) if unit else ''}"
            shown = f"{float(v):g}" if abs(v) >= 1e15 else f"{v}"  # not 300 digits of a scaled 1e308
            self.problems.add(self.key(name), f"{shown} is out of range ({rng})", hint or f"use a value from {rng}")
            return None if default is _MISSING else default
        return float(v)

    def boolean(self, name: str, default: Any = _MISSING) -> Any:
        v = self.raw(name, default)
        if v is None or (v is default and default is not _MISSING):
            return v
        if not isinstance(v, bool):
            self.problems.add(self.key(name), f"must be true or false, not {v!r}", f"write {name} = true or {name} = false, without quotes")
            return None if default is _MISSING else default
        return v

    def numbers(self, name: str, count: int, default: Any = _MISSING, lo: float | None = None, unit: str = "", hint: str = "") -> Any:
        v = self.raw(name, default, hint)
        if v is None or (v is default and default is not _MISSING):
            return v
        if (
            not isinstance(v, list)
            or len(v) != count
            or any(isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) for x in v)
        ):
            self.problems.add(
                self.key(name), f"must be a list of {count} numbers{(' in ' + unit) if unit else ''}, not {v!r}", hint or f"write {name} = [{', '.join(['0'] * count)}]"
            )
            return None if default is _MISSING else default
        if lo is not None and any(x < lo for x in v):
            self.problems.add(self.key(name), f"values must be at least {lo}, got {v!r}", hint or f"use values of {lo} or more")
            return None if default is _MISSING else default
        return tuple(float(x) for x in v)

    def texts(self, name: str, default: Any = _MISSING, hint: str = "") -> Any:
        v = self.raw(name, default, hint)
        if v is None or (v is default and default is not _MISSING):
            return v
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            self.problems.add(self.key(name), f"must be a list of text, not {v!r}", hint or f'write {name} = ["...", "..."]')
            return None if default is _MISSING else default
        return list(v)

    def table(self, name: str, required: bool = True) -> "Table | None":
        v = self.raw(name, _MISSING if required else None)
        if v is None:
            return None
        return Table(v, self.problems, self.key(name))

    def tables(self, name: str, required: bool = True) -> list["Table"]:
        v = self.raw(name, _MISSING if required else [])
        if v is None:
            return []
        if not isinstance(v, list):
            self.problems.add(self.key(name), f"must be a list of tables ([[{name}]]), not {_type_name(v)}", f"write each entry as a [[{self.key(name)}]] table")
            return []
        return [Table(item, self.problems, f"{self.key(name)}[{i}]") for i, item in enumerate(v)]

    def done(self, allowed_extra: tuple[str, ...] = ()) -> None:
        if not self.ok:
            return
        known = sorted(self.seen | set(allowed_extra))
        for k in self.data:
            if k not in self.seen and k not in allowed_extra:
                self.problems.add(self.key(k), "is not a known key", suggest(k, known) if known else "remove it")
