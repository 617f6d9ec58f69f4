"""The studio: the plan of an output as a person edits it, and edits written back.

`Studio` owns three things:
- the elements of an output as the page shows them (kind, file, key path,
  line, box in mm, style, what may be edited, whether it carries the
  campaign's promise);
- edits (move/resize a box, delete an element, change a line of copy), each
  validated with the loader and planner a build uses before anything is
  written, then written atomically, only to layout files and copy files;
- the history of those edits for undo and redo.

Files are never named by a request: a layout file comes from the loaded
layout, a copy file from the campaign, and both are checked to lie under
layouts/ or the campaign's copy folder before they are written.
"""

from __future__ import annotations

import math

import threading
from dataclasses import dataclass, field
from pathlib import Path

from posters import atomic
from posters.errors import InputError, Problem
from posters.web import toml_edit
from posters.web.workspace import NotFound

PROMISE = {"helpline": "the helpline number", "qr": "the QR code", "url": "the web address"}
HISTORY = 100  # edits kept for undo
_TOUCH_MM = 1.0  # boxes are larger than their ink: a sliver of overlap between neighbours covers nothing


class Refused(Exception):
    """An edit the studio will not write, with the reason in plain words."""

    def __init__(self, message: str, hint: str = "", problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = problems or []


@dataclass
class Change:
    """One edit as written: for each file (relative path), its text before and after."""

    label: str
    files: dict[str, tuple[str, str]]
    job: object


@dataclass
class History:
    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def push(self, change: Change) -> None:
        self.done.append(change)
        del self.done[:-HISTORY]
        self.undone.clear()


def _overlaps(a, b) -> bool:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.bottom, b.bottom) - max(a.y, b.y)
    return w > _TOUCH_MM and h > _TOUCH_MM


def covered(plan) -> list[str]:
    """Plain-words reasons where something sits over the helpline, QR code or web address.

    Flat colour drawn underneath is fine (it is their background); anything
    drawn later over them, and any other text, code or logo touching them, is not.
    """
    from posters.elements.base import REGISTRY

    out = []
    for page in plan.pages:
        els = list(page.elements)
        for i, p in enumerate(els):
            if p.kind not in PROMISE:
                continue
            for j, o in enumerate(els):
                if j == i or not _overlaps(p.box, o.box):
                    continue
                if j > i or REGISTRY[o.kind].in_safe_zone:
                    what = REGISTRY[o.kind].describe(o)
                    out.append(f"{what} ({o.key}) would cover {PROMISE[p.kind]} ({p.key})")
    return out


class Studio:
    def __init__(self, ws):
        self.ws = ws
        self.root = Path(ws.root)
        self.history = History()
        self._lock = threading.Lock()  # one edit at a time; the workspace lock guards building

    # --- reading ---------------------------------------------------------------
    def elements(self, job, made) -> list[list[dict]]:
        """Per page, each placed element as the panel shows it."""
        from posters.elements.base import REGISTRY

        project = self.ws.project
        lay = project.layout(job.format)
        text = (self.root / lay.file).read_text(encoding="utf-8")
        lines = toml_edit.element_lines(text)
        specs = {e.key: e.spec for page in lay.pages for e in page.elements}
        lang = job.lang.split("-")[0]
        copy = project.campaign.copies.get(lang)
        pages = []
        for page in made.plan.pages:
            out = []
            for p in page.elements:
                kind = REGISTRY[p.kind]
                spec = specs.get(p.key)
                style = getattr(spec, "style", None)
                d = {
                    "key": p.key,
                    "kind": kind.name,
                    "what": kind.describe(p),
                    "file": lay.file,
                    "line": lines.get(p.key),
                    "box_line": toml_edit.key_line(text, p.key, "box_mm"),
                    "box_mm": [p.box.x, p.box.y, p.box.w, p.box.h],
                    "editable": list(kind.editable),
                    "promise": p.kind in PROMISE,
                    "movable": "box_mm" in kind.editable and spec is not None and hasattr(spec, "box"),
                }
                origin = _master_origin(lay, p.key)
                if origin is not None:
                    how = f", scaled ×{origin.scale:.4g}" if abs(origin.scale - 1) > 1e-9 else ""
                    at = self._master_line(origin)
                    d["master"] = f"the master layout {origin.file}, {origin.key}" + (f" (line {at})" if at else "") + how + f"; a move is written to [set] in {lay.file}"
                if style is not None:
                    d["style"] = {"name": style.name, "font": style.weight, "size_pt": style.size, "min_size_pt": style.min_size, "colour": style.colour}
                    fitted = getattr(p.content, "fitted", None)
                    if fitted is not None:
                        d["style"]["set_pt"] = round(fitted.size, 2)
                if p.kind == "text" and copy is not None and spec is not None:
                    d["copy"] = {"key": spec.copy, "lang": lang, "file": copy.file, "text": copy.get(job.message, spec.copy) or ""}
                out.append(d)
            pages.append(out)
        return pages

    def _master_line(self, origin) -> int | None:
        try:
            return toml_edit.element_lines(self._read(origin.file)).get(origin.key)
        except (OSError, Refused):
            return None

    # --- editing ---------------------------------------------------------------
    def edit(self, job, op: dict) -> Change:
        kind = op.get("op")
        key = str(op.get("key", ""))
        with self._lock:
            project = self.ws.require_project()
            lay = project.layout(job.format)
            self._check_key(lay, key)
            if kind == "box":
                box = op.get("box_mm")
                if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in box)):
                    raise Refused("box_mm must be four numbers: x, y, width and height in mm", "drag the box on the page, or type plain numbers")
                if box[2] <= 0 or box[3] <= 0:
                    raise Refused("a box needs a width and a height above 0 mm")
                text = self._read(lay.file)
                inherited = _override_path(lay, f"{key}.box_mm")
                # a box the file does not write out (it comes from the master) is changed by a [set] entry
                new = toml_edit.set_override(text, inherited, box) if inherited else toml_edit.set_box(text, key, box)
                return self._apply(job, {lay.file: new}, f"move {key}", key)
            if kind == "delete":
                el = self._spec_kind(lay, key)
                if el in PROMISE:
                    raise Refused(
                        f"{PROMISE[el]} cannot be deleted: every poster must carry the helpline, the QR code and the web address",
                        "move or resize it instead",
                    )
                origin = _master_origin(lay, key)
                if origin is not None:
                    raise Refused(
                        f"{key} comes from the master layout {origin.file} ({origin.key}); {lay.file} only changes values of what it inherits and cannot delete it",
                        f"delete it in {origin.file} (every layout made from it loses it too), or move it here instead",
                    )
                text = self._read(lay.file)
                return self._apply(job, {lay.file: toml_edit.delete_element(text, key)}, f"delete {key}", None)
            if kind == "copy":
                return self._edit_copy(job, project, lay, key, op)
            raise Refused(f"unknown edit {kind!r}", "edits are box, copy and delete")

    def _edit_copy(self, job, project, lay, key, op) -> Change:
        value = op.get("text")
        if not isinstance(value, str) or not value.strip():
            raise Refused("the text is empty", "write the text; to remove a line, delete its element instead")
        spec = next(e.spec for page in lay.pages for e in page.elements if e.key == key)
        copy_key = getattr(spec, "copy", None)
        if copy_key is None:
            raise Refused(f"{key} is not a line of copy", "double-click a text element to edit its words")
        langs = job.lang.split("-")
        lang = op.get("copy_lang") or langs[0]
        if lang not in langs:
            raise Refused(f"{lang!r} is not shown in this output", "it shows: " + ", ".join(langs))
        copies = project.campaign.copies
        target = copies[lang]
        text = self._read(target.file)
        path = toml_edit.copy_section(job.message, copy_key, text)
        files = {target.file: toml_edit.set_copy(text, path, value.strip())}
        source = project.campaign.source_language
        if lang == source:
            # the translations of this line no longer say what the source says
            for code, other in sorted(copies.items()):
                if code != source and other.get(job.message, copy_key) is not None:
                    otext = self._read(other.file)
                    files[other.file] = toml_edit.mark_for_review(otext, toml_edit.copy_section(job.message, copy_key, otext))
        return self._apply(job, files, f"edit {lang} {copy_key}", None)

    def undo(self) -> Change:
        with self._lock:
            if not self.history.done:
                raise Refused("nothing to undo")
            change = self.history.done[-1]
            self._apply(change.job, {f: before for f, (before, after) in change.files.items()}, "undo " + change.label, None, expect={f: after for f, (before, after) in change.files.items()}, record=False)
            self.history.undone.append(self.history.done.pop())
            return change

    def redo(self) -> Change:
        with self._lock:
            if not self.history.undone:
                raise Refused("nothing to redo")
            change = self.history.undone[-1]
            self._apply(change.job, {f: after for f, (before, after) in change.files.items()}, "redo " + change.label, None, expect={f: before for f, (before, after) in change.files.items()}, record=False)
            self.history.done.append(self.history.undone.pop())
            return change

    # --- the rules every write follows ----------------------------------------------
    def _check_key(self, lay, key: str) -> None:
        toml_edit.parse_key(key)
        if not any(e.key == key for page in lay.pages for e in page.elements):
            raise NotFound(f"the layout {lay.file} has no element {key}", "the file may have changed; the page reloads by itself")

    @staticmethod
    def _spec_kind(lay, key: str) -> str:
        return next(e.kind for page in lay.pages for e in page.elements if e.key == key)

    def _confined(self, rel: str) -> Path:
        """The file's path, if it is a layout file or a copy file of this project; else refused."""
        path = (self.root / rel).resolve()
        allowed = [(self.root / "layouts").resolve()]
        project = self.ws.project
        copy_files = {(self.root / c.file).resolve() for c in project.campaign.copies.values()} if project else set()
        inside = any(path.is_relative_to(a) for a in allowed) and path.suffix == ".toml"
        if not (inside or path in copy_files):
            raise Refused(f"{rel} is not a layout or copy file; the studio writes only those", "edit other files in a text editor")
        return path

    def _read(self, rel: str) -> str:
        return self._confined(rel).read_text(encoding="utf-8")

    def _apply(self, job, files: dict[str, str], label: str, target: str | None, expect: dict | None = None, record: bool = True) -> Change:
        from posters.batch import make_output
        from posters.inputs.load import staged
        from posters.inputs.project import load_project

        paths = {rel: self._confined(rel) for rel in files}
        before = {rel: p.read_text(encoding="utf-8") for rel, p in paths.items()}
        if expect is not None and any(before[f] != expect[f] for f in files):
            changed = next(f for f in files if before[f] != expect[f])
            raise Refused(f"{changed} changed outside the studio since that edit", "undo it in the program that changed it")
        with self.ws._lock, staged({paths[rel]: text for rel, text in files.items()}):
            try:
                project = load_project(self.root)
            except InputError as exc:
                raise Refused(_first(exc.problems), _hint(exc.problems), exc.problems) from None
            broken = [x for f in files for x in project.layout_problems.get(f, [])]
            if broken:
                raise Refused(_first(broken), _hint(broken), broken)
            try:
                made = make_output(project, self.ws.logos, job, verify=False)
            except InputError as exc:
                raise Refused(_first(exc.problems), _hint(exc.problems), exc.problems) from None
            reasons = covered(made.plan)
            if reasons:
                raise Refused(reasons[0], "the helpline, QR code and web address must stay clear; move the other element or this one")
            if target is not None:
                self._minimums(made.plan, target)
            for rel, text in files.items():
                atomic.write_text(paths[rel], text)
            self.ws.adopt(project, job, made)
        change = Change(label, {rel: (before[rel], files[rel]) for rel in files}, job)
        if record:
            self.history.push(change)
        return change

    @staticmethod
    def _minimums(plan, target: str) -> None:
        """A promise element may not become smaller than the build allows (scan size, text size)."""
        from posters.verify.plan_checks import check_sizes

        placed = next((p for page in plan.pages for p in page.elements if p.key == target), None)
        if placed is None or placed.kind not in PROMISE:
            return
        for f in check_sizes(plan):
            if f.severity == "error" and (placed.key in f.message or (placed.kind == "qr" and "QR" in f.message)):
                raise Refused(f"{PROMISE[placed.kind]} would be too small: {f.message}", f.hint)


def _master_origin(lay, key: str):
    """Where an element of a derived layout comes from, when that is its master (not the file itself)."""
    o = lay.origins
    if o is None or not o.derived:
        return None
    origin = o.locate(key)
    return origin if origin is not None and origin.file != lay.file else None


def _override_path(lay, path: str) -> str | None:
    """The [set] key path that changes `path` of a derived layout, or None when the
    layout writes that value out itself (its own [[pages]])."""
    o = lay.origins
    if o is None or not o.derived:
        return None
    origin = o.locate(path)
    if origin is None:
        return path
    if origin.file != lay.file:
        return path
    if origin.key.startswith('set."') and origin.key.endswith('"'):
        return origin.key[len('set."') : -1]  # already overridden here: change that entry
    if origin.key.startswith("set."):
        return path  # inside a larger [set] entry: a later entry for this value wins
    return None


def _first(problems) -> str:
    p = problems[0]
    return f"{p.file}: {p.key}: {p.message}" if p.key else f"{p.file}: {p.message}"


def _hint(problems) -> str:
    return problems[0].hint or ""


def source_of(root: Path, problem) -> dict | None:
    """The lines of a layout or data file around the problem, for the page to show highlighted.

    Only TOML files inside the project are read, and only ones the loader named.
    """
    if not problem.file.endswith(".toml"):
        return None
    root = Path(root).resolve()
    path = (root / problem.file).resolve()
    if not path.is_relative_to(root) or not path.is_file() or path.stat().st_size > 1_000_000:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    line = toml_edit.problem_line(text, problem.key, problem.message)
    if line is None:
        return None
    return {"file": problem.file, "line": line, "lines": toml_edit.excerpt(text, line)}
