"""Layout families: a layout that `extends` another, scaled, with overrides.

A derived layout names its master (`extends = "a4-poster"`, a file in
`layouts/`, or `"masters/social"` for a master that is not itself built),
how to scale it (`scale = 2`, or its own `trim_mm`, from which the family
scales), and what it changes:

- top-level keys and tables merge over the master's key by key (a table
  merges, anything else replaces: `[styles.headline] size_pt = 90` changes
  one size; `[[pages]]` replaces the master's pages);
- `[set]` changes any value by its key path, the same path errors print:
  `"pages[0].elements[7].box_mm" = [...]`; a page or element may be picked by
  its `name` or `id` instead of its index: `"pages[front].elements[qr].box_mm"`.

The result is an ordinary layout table, validated as if it had been written
out in full. Every value remembers where it came from (file and key, and the
scale applied to it), so an error in an inherited value names the file and
key where the value really is.

What scales: boxes and the trim (x and width with the trim's width, y and
height with its height, so edges on the trim stay on the trim), every other
length in mm, type sizes in pt, and the viewing and scanning distances.
What does not: bleed and safe margin (print-process sizes, not design),
`leading` (a ratio), pixel sizes of screen images.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from pathlib import Path

from posters.errors import InputError, Problem, display_path
from posters.inputs.load import read_toml, safe_asset_path

FAMILY_KEYS = ("extends", "scale", "set")
MAX_DEPTH = 4
UNSCALED_MM = ("bleed_mm", "safe_mm")
SCALED_DISTANCES = ("viewing_distance_m", "scan_distance_m")
SHAPE_TOLERANCE = 0.02  # a derived trim may differ from the master's proportions by 2 %
_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]+)\])?$")


@dataclass(frozen=True)
class Origin:
    file: str
    key: str
    scale: float = 1.0  # the factor applied to an inherited value


class Origins:
    """Where each value of an expanded layout comes from, by key path."""

    def __init__(self, file: str):
        self.file = file  # the layout as the user names it
        self.by_key: dict[str, Origin] = {}
        self.derived = False
        self.paths: list[Path] = []  # the files it was made from: itself, then its masters

    @property
    def sha256(self) -> str:
        """Of the files as they were read: a change to a master changes every layout made from it."""
        import hashlib

        digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in self.paths]
        return digests[0] if len(digests) == 1 else hashlib.sha256("".join(digests).encode()).hexdigest()

    def locate(self, key: str) -> Origin | None:
        k = key
        while k:
            if k in self.by_key:
                return self.by_key[k]
            k = _parent(k)
        return None

    def place(self, p: Problem) -> Problem:
        """The problem, moved to the file and key its value really comes from."""
        if not self.derived or p.file != self.file:
            return p
        o = self.locate(p.key)
        if o is None or (o.file == self.file and o.key == p.key):
            return p
        if o.file == self.file:  # set in this file by a [set] key path
            return Problem(p.file, o.key + p.key[len(_prefix_of(self, p.key)):], p.message, p.hint, p.severity)
        how = f", scaled x{o.scale:.4g}" if abs(o.scale - 1) > 1e-9 else ""
        message = f"{p.message} (in {self.file}, which extends this file{how})"
        hint = f"{p.hint}; or override it in {self.file}" if p.hint else f"override it in {self.file}"
        return Problem(o.file, o.key + p.key[len(_prefix_of(self, p.key)):], message, hint, p.severity)


def _prefix_of(origins: Origins, key: str) -> str:
    """The longest prefix of `key` whose origin is recorded."""
    k = key
    while k and k not in origins.by_key:
        k = _parent(k)
    return k


def _parent(key: str) -> str:
    if key.endswith("]"):
        return key[: key.rindex("[")]
    return key.rpartition(".")[0]


def _record(origins: Origins, value, key: str, origin_file: str, origin_key: str, scale: float = 1.0) -> None:
    """Note the origin of `value` at `key` and of everything inside it."""
    origins.by_key[key] = Origin(origin_file, origin_key, scale)
    if isinstance(value, dict):
        for k, v in value.items():
            _record(origins, v, f"{key}.{k}" if key else k, origin_file, f"{origin_key}.{k}" if origin_key else k, scale)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            _record(origins, v, f"{key}[{i}]", origin_file, f"{origin_key}[{i}]", scale)


def _forget(origins: Origins, key: str) -> None:
    for k in [k for k in origins.by_key if k == key or k.startswith(key + ".") or k.startswith(key + "[")]:
        del origins.by_key[k]


def expand(path: Path, root: Path) -> tuple[dict, Origins]:
    """The layout at `path` written out in full, and where each value comes from."""
    shown = display_path(path, root)
    return _expand(path, root, shown, ())


def _expand(path: Path, root: Path, shown: str, chain: tuple[str, ...]) -> tuple[dict, Origins]:
    data = read_toml(path, shown, root)
    origins = Origins(shown)
    origins.paths.append(path)
    if not isinstance(data, dict) or "extends" not in data:
        _record(origins, data, "", shown, "")
        return data, origins
    problems: list[Problem] = []
    master_path = _master_path(root, path, data["extends"], shown, chain, problems)
    if master_path is None:
        raise InputError(problems)
    master_shown = display_path(master_path, root)
    master, master_origins = _expand(master_path, root, master_shown, (*chain, shown))
    if not isinstance(master, dict):
        raise InputError([Problem(shown, "extends", f"{master_shown} is not a layout table", "extend a layout file")])
    sx, sy, k = _factors(data, master, shown, master_shown, problems)
    if problems:
        raise InputError(problems)
    full = _scaled(master, sx, sy, k)
    origins.derived = True
    origins.paths.extend(master_origins.paths)
    for key, o in master_origins.by_key.items():
        origins.by_key[key] = Origin(o.file, o.key, o.scale * k)
    for key, value in data.items():
        if key in FAMILY_KEYS:
            continue
        _merge(full, origins, key, key, value, shown)
    if "set" in data:
        _apply_set(full, origins, data["set"], shown, problems)
    if problems:
        raise InputError(problems)
    return full, origins


def _master_path(root: Path, path: Path, name, shown: str, chain: tuple[str, ...], problems: list[Problem]) -> Path | None:
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(shown, "extends", "must be the name of another layout", 'for example extends = "a4-poster"'))
        return None
    file = name if name.endswith(".toml") else f"{name}.toml"
    folder = root / "layouts"
    real, p = safe_asset_path(root, folder, file, shown, "extends")
    if p is not None:
        options = sorted(q.relative_to(folder).with_suffix("").as_posix() for q in folder.rglob("*.toml"))
        from posters.inputs.schema import suggest

        problems.append(Problem(shown, "extends", f"no layout {name!r} in layouts/", suggest(name, options)))
        return None
    master_shown = display_path(real, root)
    if master_shown == shown or master_shown in chain:
        loop = " -> ".join((*chain, shown, master_shown))
        problems.append(Problem(shown, "extends", f"layouts extend each other in a loop ({loop})", "a master must not extend the layouts made from it"))
        return None
    if len(chain) >= MAX_DEPTH:
        problems.append(Problem(shown, "extends", f"more than {MAX_DEPTH} layouts deep", "extend the master directly"))
        return None
    return real


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _factors(data: dict, master: dict, shown: str, master_shown: str, problems: list[Problem]) -> tuple[float, float, float]:
    """(x, y, type) scale factors of the derived layout over its master."""
    scale = data.get("scale")
    if scale is not None and (not _number(scale) or not 0.01 <= scale <= 100):
        problems.append(Problem(shown, "scale", f"must be a number from 0.01 to 100, not {scale!r}", "for example scale = 2 makes everything twice the size"))
        return 1.0, 1.0, 1.0
    trim, mtrim = data.get("trim_mm"), master.get("trim_mm")
    if trim is None or not (isinstance(trim, list) and len(trim) == 2 and all(_number(v) and v > 0 for v in trim)) or not (
        isinstance(mtrim, list) and len(mtrim) == 2 and all(_number(v) and v > 0 for v in mtrim)
    ):
        s = float(scale) if scale is not None else 1.0
        return s, s, s
    sx, sy = trim[0] / mtrim[0], trim[1] / mtrim[1]
    if abs(sx / sy - 1) > SHAPE_TOLERANCE:
        problems.append(
            Problem(
                shown,
                "trim_mm",
                f"{trim[0]:g} x {trim[1]:g} mm is not the shape of {master_shown} ({mtrim[0]:g} x {mtrim[1]:g} mm): scaling would stretch the design",
                f"use a trim of the same proportions (e.g. [{trim[0]:g}, {mtrim[1] * sx:.4g}]), or extend a master of this shape",
            )
        )
        return 1.0, 1.0, 1.0
    k = float(scale) if scale is not None else math.sqrt(sx * sy)
    return sx, sy, k


def _r(v: float) -> float:
    """A scaled size without float noise (296.99999999999994 is 297). A size too large to scale
    (1e308 times 4 is infinite) stays infinite, for the layout's checks to refuse by its key."""
    if not math.isfinite(v):
        return v
    out = round(v, 9)
    return int(out) if out == int(out) else out


def _scaled(value, sx: float, sy: float, k: float, key: str = ""):
    if isinstance(value, dict):
        return {kk: _scaled(v, sx, sy, k, kk) for kk, v in value.items()}
    if isinstance(value, list):
        if key in ("box_mm", "trim_mm") and all(_number(v) for v in value):
            factors = (sx, sy, sx, sy) if key == "box_mm" else (sx, sy)
            if len(value) == len(factors):
                return [_r(v * f) for v, f in zip(value, factors)]
        if key.endswith(("_mm", "_pt")) and key not in UNSCALED_MM and all(_number(v) for v in value):
            return [_r(v * k) for v in value]
        return [_scaled(v, sx, sy, k) for v in value]
    if _number(value):
        if key in SCALED_DISTANCES or key.endswith("_pt") or (key.endswith("_mm") and key not in UNSCALED_MM):
            return _r(value * k)
    return copy.deepcopy(value)


def _merge(full: dict, origins: Origins, key: str, name: str, value, shown: str, parent: dict | None = None) -> None:
    target = full if parent is None else parent
    if isinstance(value, dict) and isinstance(target.get(name), dict):
        for k, v in value.items():
            _merge(full, origins, f"{key}.{k}", k, v, shown, target[name])
        return
    _forget(origins, key)
    target[name] = copy.deepcopy(value)
    _record(origins, value, key, shown, key)


def _apply_set(full: dict, origins: Origins, table, shown: str, problems: list[Problem]) -> None:
    if not isinstance(table, dict):
        problems.append(Problem(shown, "set", "must be a table of key paths and values", '[set]\n"pages[0].elements[3].box_mm" = [12, 200, 44, 44]'))
        return
    for path, value in table.items():
        where = f'set."{path}"'
        container, last, canonical, why = _walk(full, path)
        if container is None:
            problems.append(Problem(shown, where, why, "copy the key path from the master layout or from an error message, e.g. pages[0].elements[3].box_mm"))
            continue
        _forget(origins, canonical)
        container[last] = copy.deepcopy(value)
        _record(origins, value, canonical, shown, where)


def _walk(full: dict, path: str):
    """(container, key or index, canonical key path, why-not) for a `[set]` path."""
    node = full
    canonical = ""
    parts = path.split(".")
    for n, part in enumerate(parts):
        m = _SEGMENT.match(part.strip())
        if not m:
            return None, None, None, f"{part!r} is not a key (write name or name[index])"
        name, sel = m.group(1), m.group(2)
        if not isinstance(node, dict) or name not in node:
            known = sorted(node) if isinstance(node, dict) else []
            from posters.inputs.schema import suggest

            return None, None, None, f"{canonical or 'the layout'} has no key {name!r}" + (f" ({suggest(name, known)})" if known else "")
        canonical = f"{canonical}.{name}" if canonical else name
        last_part = n == len(parts) - 1
        if sel is None:
            if last_part:
                return node, name, canonical, ""
            node = node[name]
            continue
        items = node[name]
        if not isinstance(items, list):
            return None, None, None, f"{canonical} is not a list"
        index = _select(items, sel.strip())
        if index is None:
            ids = [str(it.get("id") or it.get("name")) for it in items if isinstance(it, dict) and (it.get("id") or it.get("name"))]
            return None, None, None, f"{canonical} has no entry {sel!r} (it has {len(items)} entries{', named ' + ', '.join(ids) if ids else ''})"
        canonical = f"{canonical}[{index}]"
        if last_part:
            return items, index, canonical, ""
        node = items[index]
    return None, None, None, "empty key path"


def _select(items: list, sel: str) -> int | None:
    if sel.isdigit():
        i = int(sel)
        return i if i < len(items) else None
    for i, it in enumerate(items):
        if isinstance(it, dict) and sel in (it.get("id"), it.get("name")):
            return i
    return None
