"""What each output is made from, digested, so a build remakes only what changed.

An output's inputs are named parts: the campaign file, the files of the
edition's forces (force.toml, logo, own copy), the charity's logo, the layout
and every master it extends, the copy lines the output can print, any file
its elements name (an image), the fonts, the tool's own code and the
libraries it runs on, the printer's profile (--icc) and its QR link. Each
part's digest is of the bytes (or, for copy, of the lines as loaded); the
output's digest is one over its parts.

The manifest keeps the digests (the section `inputs`, never copied into a
force pack), so the next build into the same folder keeps an output whose
digest is the same and whose files on disk still have their recorded sha256:
it is neither made nor checked again, and its entry is carried forward.
`--explain` names the parts that changed.

Nothing outside these parts may change an output: the README's guarantee
(same inputs, same bytes, whatever the date, time zone, locale, working
folder or SOURCE_DATE_EPOCH) is what makes a kept file the one a clean build
would write.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path

SECTION = "inputs"  # the manifest's top-level key
TOOL = "the tool (its code and libraries)"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def tool_digest() -> str:
    """The installed package's every file, and the name and version of every installed library.

    A digest of the source (not only a version number) so that an edit to the
    code, installed in place for development, can never leave a stale output;
    every library, since drawing, compression and rasterising happen there.
    """
    import importlib.metadata as md

    import posters

    h = hashlib.sha256()
    pkg = Path(posters.__file__).resolve().parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
            h.update(f"{p.relative_to(pkg).as_posix()}\0{_sha(p.read_bytes())}\n".encode())
    dists = sorted({_name_and_version(d) for d in md.distributions()})
    h.update("\n".join(dists).encode())
    h.update(f"\n{sys.version}\n{zlib.ZLIB_RUNTIME_VERSION}\n".encode())
    return h.hexdigest()


def _name_and_version(dist) -> str:
    """`name==version` of an installed library, from the head of its metadata file: what
    `dist.metadata["Name"]` and `dist.version` give, without the e-mail parser they go through
    (28 ms for the 55 libraries of a build, on every build)."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    found: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, colon, value = line.partition(":")
        if colon and not line[:1].isspace():
            found.setdefault(key.strip().lower(), value.strip())
    return f"{found.get('name', '').lower()}=={found.get('version', '')}"


@cache
def fonts_digest() -> str:
    from posters import fonts

    return _sha(b"".join(_sha(fonts.font_file(w).read_bytes()).encode() for w in sorted(fonts.WEIGHTS)))


def _paths_in(obj, depth: int = 0):
    """Every file path an element's settings name (an image; whatever a new element kind reads)."""
    if depth > 4:
        return
    if isinstance(obj, Path):
        yield obj
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from _paths_in(v, depth + 1)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _paths_in(v, depth + 1)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from _paths_in(getattr(obj, f.name, None), depth + 1)


def _copy_lines(copy, message: str) -> dict:
    """The lines of one language an output of `message` can print, and what is said about them."""
    prefixes = ("common.", f"message.{message}.")
    out = {
        "file": copy.file,
        "language": copy.language,
        "reviewed": copy.reviewed,
        "needs_review": list(copy.needs_review),
        "is_source": copy.is_source,
        "common": copy.common,
        "message": copy.messages.get(message, {}),
        "raw": {k: v for k, v in copy.raw.items() if k.startswith(prefixes)},
        "records": {k: repr(v) for k, v in copy.records.items() if k.startswith(prefixes)},
    }
    for side in ("local", "base"):  # a force's own lines over the campaign's: both files, as written
        inner = getattr(copy, side, None)
        if inner is not None:
            out[side] = _copy_lines(inner, message)
    return out


class Digests:
    """The digests of one project's inputs, each file read once per build."""

    def __init__(self, project, profile=None, release: bool = False):
        self.project = project
        self.root = Path(project.root)
        self.release = release
        self.codes: dict | None = None  # the table of QR link codes, when the build has it already
        self._names: dict[tuple[str, str], str] = {}  # (what, path as given) -> part name
        self._jobs: dict[object, list[str]] = {}
        self._shared: dict[tuple, list[str]] = {}
        self._forces: dict[str, list[str]] = {}
        self._layouts: dict[str, list[str]] = {}
        self.parts: dict[str, str] = {TOOL: tool_digest(), "fonts": fonts_digest()}
        self.parts["the printer's profile (--icc)"] = _sha(profile.data + b"\0" + profile.condition.encode()) if profile is not None else "none"
        self._common = [TOOL, "fonts", "the printer's profile (--icc)"]

    def _file(self, what: str, path) -> str:
        key = (what, str(path))
        if key not in self._names:
            self._names[key] = self._read(what, Path(path))
        return self._names[key]

    def _read(self, what: str, path: Path) -> str:
        full = path if path.is_absolute() else self.root / path
        try:
            shown = full.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            shown = full.name
        name = f"{what} {shown}"
        if name not in self.parts:
            try:
                self.parts[name] = _sha(full.read_bytes())
            except OSError:
                self.parts[name] = "missing"
        return name

    def _value(self, name: str, value) -> str:
        self.parts[name] = _sha(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode())
        return name

    def job_parts(self, job) -> list[str]:
        """The names of everything one output is made from (each one's digest is in `parts`)."""
        if job not in self._jobs:
            camp = self.project.campaign
            edition = self.project.edition(job.edition)
            names = [*self._edition_layout(job.edition, job.format)]
            for code in job.lang.split("-"):
                names.append(self._lines(f"copy {code}, message {job.message}, edition {job.edition}", edition.copy(camp, code), job.message))
                names.append(self._lines(f"copy {code}, message {job.message}", camp.copies[code], job.message))
            self._jobs[job] = sorted(set(names))
        return self._jobs[job]

    def _lines(self, name: str, copy, message: str) -> str:
        if name not in self.parts:
            self._value(name, _copy_lines(copy, message))
        return name

    def _edition_layout(self, slug: str, fmt: str) -> list[str]:
        """The files an edition's outputs of one layout are made from, whatever the language and message."""
        if (slug, fmt) in self._shared:
            return self._shared[(slug, fmt)]
        p = self.project
        camp = p.campaign
        edition = p.edition(slug)
        layout = p.layout(fmt)
        names = list(self._common)
        names.append(self._file("campaign", camp.file))
        if camp.charity_logo is not None:
            names.append(self._file("charity logo", camp.charity_logo))
        for force in edition.forces:
            names += self._force_parts(force)
        names += self._layout_parts(layout)
        # the QR link is made from the campaign file and the forces' codes, both above
        self._shared[(slug, fmt)] = names
        return names

    def _force_parts(self, force) -> list[str]:
        """A force's files (each force is in its own edition and the regional one: walked once)."""
        key = str(force.file)
        if key not in self._forces:
            names = [self._file("force", force.file), self._file("logo", force.logo)]
            for c in force.copy.values():
                names.append(self._file("force copy", c.file))
            for path in _paths_in(force):  # any other file the force names: its own font and licence, ...
                if path != force.logo:
                    names.append(self._file("force file", path))
            self._forces[key] = names
        return self._forces[key]

    def _layout_parts(self, layout) -> list[str]:
        """A layout's files: itself, the masters it derives from, and every file its elements name."""
        key = layout.format
        if key not in self._layouts:
            origins = layout.origins
            paths = origins.paths if origins is not None else [Path(layout.file)]
            names = [self._file("layout" if i == 0 else "master", path) for i, path in enumerate(paths)]
            for page in layout.pages:
                for el in page.elements:
                    for path in _paths_in(el.spec):
                        names.append(self._file("file", path))
            self._layouts[key] = names
        return self._layouts[key]

    def job_digest(self, job) -> tuple[str, list[str]]:
        names = self.job_parts(job)
        return self.combined(names), names

    def combined(self, names) -> str:
        return _sha("".join(f"{n}\0{self.parts[n]}\n" for n in sorted(set(names))).encode())

    def _codes(self) -> str:
        name = "QR link codes of every edition"
        if name not in self.parts:
            if self.codes is None:
                from posters.inputs import attribution

                self.codes = attribution.manifest_section(attribution.rows(self.project), self.project.campaign)
            self._value(name, self.codes)
        return name

    def edition_parts(self, slug: str, jobs) -> list[str]:
        """What an edition's accessible pages, proof sheets and pack are made from, besides its outputs' files."""
        names = {n for j in jobs if j.edition == slug for n in self.job_parts(j)}
        edition = self.project.edition(slug)
        camp = self.project.campaign
        for lang in edition.languages:
            for code in lang.split("-"):
                names.add(self._file("copy", camp.copies[code].file))
        names.add(self._file("approval", Path("approvals") / f"{slug}.toml"))
        names.add(self._value(f"outputs of {slug}", sorted(j.label for j in jobs if j.edition == slug)))
        names.add(self._value("release build", self.release))
        names.add(self._codes())  # the QR link codes: a pack carries its edition's; the whole table is digested (any change republishes)
        for lay in self.project.layouts:
            names.add(self._value(f"name of {lay.format}", lay.name))  # the proof sheets name every layout
        return sorted(names)


@dataclass
class Previous:
    """What the previous build's manifest says each output and edition was made from."""

    outputs: dict[str, str]
    parts: dict[str, str]
    editions: dict[str, str]
    index: str
    warnings: dict[str, list]

    @classmethod
    def of(cls, manifest) -> "Previous":
        d = manifest.extra.get(SECTION) if manifest is not None else None
        d = d if isinstance(d, dict) else {}

        def table(key: str) -> dict:
            t = d.get(key)
            return {k: v for k, v in t.items() if isinstance(k, str) and isinstance(v, (str, list))} if isinstance(t, dict) else {}

        index = d.get("index")
        return cls(table("outputs"), table("parts"), table("editions"), index if isinstance(index, str) else "", table("warnings"))


def what_changed(prev: Previous, digests: Digests, names: list[str]) -> str:
    """The parts whose digest differs from the previous build's, in words."""
    changed = [n for n in names if prev.parts.get(n) != digests.parts[n]]
    new = [n for n in changed if n not in prev.parts]
    old = [n for n in changed if n in prev.parts]
    words = [f"{n} changed" for n in old] + [f"{n} is new" for n in new]
    if not words:
        return "its inputs changed since it was last made (an earlier build left it behind)"
    if len(words) > 4:
        words = words[:4] + [f"{len(words) - 4} more"]
    return "; ".join(words)


@dataclass
class Decision:
    job: object
    keep: list | None  # the manifest entries carried forward, or None: make it
    why: str
    digest: str


def decide(previous, out_dir: Path, jobs, digests: Digests, force: bool = False) -> list[Decision]:
    """For each job: keep it (same digest, files unchanged on disk) or make it, and why."""
    prev = Previous.of(previous)
    by_job: dict[tuple, list] = {}
    if previous is not None:
        for e in previous.files:
            by_job.setdefault((e.edition, e.layout, e.language, e.message), []).append(e)
    out = []
    for job in jobs:
        digest, names = digests.job_digest(job)
        entries = by_job.get((job.edition, job.format, job.lang, job.message), [])
        if force:
            why = "--force"
        elif previous is None:
            why = "no earlier build in this folder"
        elif not prev.outputs:
            why = "the earlier build's manifest does not say what its outputs were made from"
        elif job.label not in prev.outputs or not entries:
            why = "not made by the earlier build"
        elif prev.outputs[job.label] != digest:
            why = what_changed(prev, digests, names)
        else:
            tampered = next((e.file for e in entries if not e.unchanged(out_dir)), None)
            why = f"{tampered} was changed or removed since the earlier build" if tampered else ""
        out.append(Decision(job, entries if not why else None, why or "unchanged", digest))
    return out


def kept_result(d: Decision, prev: Previous):
    """A kept output as the batch reports it: its entries, its checks and any warning they had."""
    from posters.batch import Result

    pdf = next((e for e in d.keep if e.is_pdf), None)
    checks = list(pdf.checks) if pdf is not None and pdf.checks else []
    findings = [f for f in prev.warnings.get(d.job.label, []) if isinstance(f, dict)]
    return Result(d.job, True, files=list(d.keep), findings=findings, checks=checks)


def section(outputs: dict[str, str], digests: Digests, editions: dict[str, str], index: str, results) -> dict:
    """What the manifest records for the next build."""
    warnings = {r.job.label: [f for f in r.findings if f.get("severity") == "warning"] for r in results if r.ok}
    return {
        "outputs": dict(sorted(outputs.items())),
        "parts": dict(sorted(digests.parts.items())),
        "editions": dict(sorted(editions.items())),
        "index": index,
        "warnings": {k: v for k, v in sorted(warnings.items()) if v},
    }


def index_digest(slugs: list[str], editions: dict[str, str], results) -> str:
    """What the proof index shows: these editions, and every output file's fingerprint."""
    shown = [[s, editions[s]] for s in slugs]
    files = sorted([e.file, e.sha256] for r in results for e in r.files)
    return _sha(json.dumps([shown, files]).encode())
