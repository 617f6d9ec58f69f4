"""Edits to layout and copy files as text, keeping the designer's comments,
key order and formatting (tomlkit), and where an element's table sits in its file.

Functions here take a file's text and return new text; they never touch the
disk. Element key paths are the loader's: `pages[0].elements[3]`.
"""

from __future__ import annotations

import re
import tomllib

import tomlkit
from tomlkit.items import Array

_KEY = re.compile(r"^pages\[(\d+)\]\.elements\[(\d+)\]$")
_HEADER = re.compile(r"^\s*\[\[\s*(pages|pages\.elements)\s*\]\]\s*(#.*)?$")


class EditError(Exception):
    """An edit that cannot be made to this file, in plain words."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_key(key: str) -> tuple[int, int]:
    m = _KEY.match(key)
    if not m:
        raise EditError(f"{key!r} is not an element of a layout", "elements are named like pages[0].elements[3]")
    return int(m.group(1)), int(m.group(2))


def _element(doc, key: str):
    page, index = parse_key(key)
    try:
        return doc["pages"][page]["elements"][index]
    except (KeyError, IndexError, TypeError):
        raise EditError(f"the layout has no element {key}", "the file may have changed; reload the page") from None


def element_lines(text: str) -> dict[str, int]:
    """Key path -> 1-based line of the element's [[pages.elements]] header.

    Reads headers line by line, as a designer sees them; an element written as
    an inline table has no header and is left out (the panel then shows no line).
    """
    out: dict[str, int] = {}
    page, index = -1, -1
    in_multiline = False
    for n, line in enumerate(text.splitlines(), start=1):
        # skip headers that are really inside a multi-line string
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_multiline = not in_multiline
        if in_multiline:
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        if m.group(1) == "pages":
            page, index = page + 1, -1
        else:
            index += 1
            out[f"pages[{page}].elements[{index}]"] = n
    return out


def key_line(text: str, key: str, name: str) -> int | None:
    """The line of `name = ...` inside the element's table, if written there."""
    start = element_lines(text).get(key)
    if start is None:
        return None
    lines = text.splitlines()
    for n in range(start, len(lines)):
        line = lines[n]
        if line.lstrip().startswith("["):
            break
        if re.match(rf"^\s*{re.escape(name)}\s*=", line):
            return n + 1
    return None


def _num(v: float):
    v = round(float(v), 1)
    return int(v) if v == int(v) else v


_BOX_LINE = re.compile(r"^(\s*box_mm\s*=\s*\[)([^\]#\n]*)(\].*)$", re.S)


def set_box(text: str, key: str, box: list[float]) -> str:
    """The text with the element's box_mm set to `box` ([x, y, w, h], rounded to 0.1 mm)."""
    values = [_num(v) for v in box]
    fast = _set_box_line(text, key, values)
    if fast is not None:
        return fast
    doc = tomlkit.parse(text)
    el = _element(doc, key)
    current = el.get("box_mm")
    if isinstance(current, Array):
        _refill(current, values)
    else:
        el["box_mm"] = values
    return tomlkit.dumps(doc)


def set_override(text: str, path: str, box: list[float]) -> str:
    """The text of a derived layout with `path` (a key path such as
    pages[0].elements[9].box_mm) set to `box` in its [set] table: the way a
    layout made from a master changes one inherited value. An entry already
    there is changed in place; otherwise one is added (and [set] with it)."""
    values = [_num(v) for v in box]
    doc = tomlkit.parse(text)
    table = doc.get("set")
    if table is None:
        table = tomlkit.table()
        table.comment("values changed from the master, by key path")
        doc.add(tomlkit.nl())
        doc.add("set", table)
    elif not isinstance(table, dict):
        raise EditError("the layout's set is not a table", '[set]\n"pages[0].elements[3].box_mm" = [12, 200, 44, 44]')
    current = table.get(path)
    if isinstance(current, Array):
        _refill(current, values)
    else:
        table[path] = values
    return tomlkit.dumps(doc)


def _refill(current: Array, values: list) -> None:
    """Change an array's numbers in place, so it keeps its spacing and any comment after it."""
    for i, v in enumerate(values):
        if i < len(current):
            current[i] = v
        else:
            current.append(v)
    while len(current) > len(values):
        del current[-1]


def _set_box_line(text: str, key: str, values: list) -> str | None:
    """The common case in a fraction of tomlkit's time: `box_mm = [...]` on one line of the
    element's table, rewritten in place (its spacing and any comment after it kept). None
    when the file is written any other way; the result is read back to be sure."""
    n = key_line(text, key, "box_mm")
    if n is None:
        return None
    lines = text.splitlines(keepends=True)
    m = _BOX_LINE.match(lines[n - 1])
    if not m:
        return None
    sep = ", " if ", " in m.group(2) or "," not in m.group(2) else ","
    lines[n - 1] = m.group(1) + sep.join(str(v) for v in values) + m.group(3)
    new = "".join(lines)
    try:
        page, index = parse_key(key)
        if tomllib.loads(new)["pages"][page]["elements"][index].get("box_mm") != values:
            return None
    except (tomllib.TOMLDecodeError, KeyError, IndexError, TypeError):
        return None
    return new


def delete_element(text: str, key: str) -> str:
    doc = tomlkit.parse(text)
    page, index = parse_key(key)
    _element(doc, key)
    del doc["pages"][page]["elements"][index]
    return tomlkit.dumps(doc)


def copy_section(message: str, key: str, text: str) -> str:
    """Where a copy key lives in a copy file: the message's own table if it
    overrides the key there, else [common]; "message.ID.KEY" or "common.KEY"."""
    doc = tomlkit.parse(text)
    msg = doc.get("message", {}).get(message, {})
    if key in msg:
        return f"message.{message}.{key}"
    if key in doc.get("common", {}):
        return f"common.{key}"
    return f"message.{message}.{key}"


def set_copy(text: str, path: str, value: str) -> str:
    """The copy file's text with the key at `path` ("common.KEY" or "message.ID.KEY") set to `value`."""
    doc = tomlkit.parse(text)
    parts = path.split(".")
    table = doc
    for part in parts[:-1]:
        if part not in table:
            table[part] = tomlkit.table()
        table = table[part]
    table[parts[-1]] = value
    return tomlkit.dumps(doc)


def mark_for_review(text: str, path: str) -> str:
    """The copy file's text with `path` added to its needs_review list (once)."""
    doc = tomlkit.parse(text)
    current = doc.get("needs_review")
    if current is None:
        arr = tomlkit.array()
        arr.append(path)
        doc.add("needs_review", arr)  # tomlkit puts a plain key before the first table
    elif path not in current:
        current.append(path)
    return tomlkit.dumps(doc)


_ELEMENT_PREFIX = re.compile(r"^(pages\[\d+\]\.elements\[\d+\])(?:\.([A-Za-z_]+))?")
_AT_LINE = re.compile(r"\bline (\d+)")


def problem_line(text: str, key: str, message: str) -> int | None:
    """The line a problem is about: the parser's own line number, else where its key is written."""
    m = _AT_LINE.search(message)
    if m:
        return int(m.group(1))
    m = _ELEMENT_PREFIX.match(key or "")
    if m:
        return (key_line(text, m.group(1), m.group(2)) if m.group(2) else None) or element_lines(text).get(m.group(1))
    last = (key or "").split(".")[-1]
    if last:
        for n, line in enumerate(text.splitlines(), start=1):
            if re.match(rf"^\s*{re.escape(last)}\s*=", line):
                return n
    return None


def excerpt(text: str, line: int, around: int = 2) -> list[tuple[int, str]]:
    lines = text.splitlines()
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return [(n, lines[n - 1]) for n in range(lo, hi + 1)]
