"""The project as the preview server sees it: loaded once, reloaded when its files change.

A `Workspace` owns the loaded project (or the problems that stopped it
loading), a logo store, a fingerprint of every file under assets/ and
layouts/, and a small cache of outputs made for the current fingerprint.
Any file change (layout, copy, campaign, force file or logo) gives a new
fingerprint; the next request reloads the project, so a designer's edit is
seen without restarting anything. A layout added or changed since the server
started is tried hardest case first (`hardest`, `try_hardest`), as
`posters build -l NEW` does.

Requests name outputs only by edition slug, layout format, language code and
message id, which are checked against the loaded project here; nothing from a
request is ever joined to a path.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from posters.errors import InputError, Problem
from posters.units import MM_PER_INCH

WATCHED = ("assets", "layouts")
CACHE_SIZE = 12  # outputs kept per fingerprint; a designer flips between a handful


class NotFound(Exception):
    """A request named something the project does not have."""

    def __init__(self, message: str, hint: str = "", problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = problems or []  # what is wrong in the files, when the name is known but broken


class Refused(NotFound):
    """The output exists but fails a check: it is not handed out as a file."""


def fingerprint(root: Path) -> str:
    """A short digest of every watched file's name, size and modification time.

    Cheap enough to take on every poll (a few dozen stat calls), and it needs
    no watcher thread, so it behaves the same on every platform.
    """
    h = hashlib.sha256()
    for top in WATCHED:
        base = root / top
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                p = Path(dirpath) / name
                try:
                    st = p.stat()
                except OSError:  # removed between listing and stat: the next poll sees it
                    continue
                h.update(f"{p.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class Output:
    """One output made for the preview: what make_output returned, plus preview images."""

    made: object  # posters.batch.Made
    problems: list[Problem] = field(default_factory=list)  # planning failed: why
    previews: dict[tuple[int, int], bytes] = field(default_factory=dict)  # (page, width px) -> PNG of the PDF page
    checked: bool = True  # False while the checks of a studio edit still run after the preview went out


class Workspace:
    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.RLock()  # one build at a time: ReportLab's font registry is process-wide
        self._version = ""
        self.project = None
        self.load_problems: list[Problem] = []
        self.logos = None
        self._cache: OrderedDict = OrderedDict()
        self._packs: dict = {}
        # per (edition, layout, lang, message): the last output made without an error, and the
        # version it was made at, so a broken layout can be shown beside what it looked like
        self._good: OrderedDict = OrderedDict()
        # each layout's digest when the server started: a layout added or changed since is tried
        # hardest case first, as `posters build -l NEW` does
        self._baseline: dict[str, str] | None = None
        self.refresh()

    # --- loading -----------------------------------------------------------
    def refresh(self) -> str:
        """Reload the project if any watched file changed; return the current version."""
        version = fingerprint(self.root)
        with self._lock:
            if version != self._version:
                self._load()
                self._version = version
            return self._version

    @property
    def version(self) -> str:
        return self._version

    def _load(self) -> None:
        from posters import fonts
        from posters.inputs.logos import LogoStore
        from posters.inputs.project import load_project

        fonts.register_all()
        self._cache.clear()
        self.logos = LogoStore()  # a changed logo file must be read again
        try:
            self.project = load_project(self.root)
            self.load_problems = []
            if self._baseline is None:
                self._baseline = {lay.format: lay.sha256 for lay in self.project.layouts}
        except InputError as exc:
            self.project = None
            self.load_problems = exc.problems

    # --- validation ----------------------------------------------------------
    def job(self, edition: str | None, layout: str | None, lang: str | None, message: str | None):
        """The Job a request names, checked against the project; NotFound names what is unknown."""
        from posters.batch import Job
        from posters.inputs.schema import suggest

        p = self.require_project()
        ed = next((e for e in p.editions if e.slug == edition), None)
        if ed is None:
            raise NotFound(f"unknown edition {edition!r}" if edition else "no edition chosen", suggest(edition or "", [e.slug for e in p.editions]))
        lay = next((x for x in p.layouts if x.format == layout), None)
        if lay is None:
            broken = [f for f in p.layout_problems if Path(f).stem == layout]
            if broken:
                raise NotFound(f"layout {layout!r} cannot be used: {broken[0]} has problems", "fix the file; the page updates by itself.", p.layout_problems[broken[0]])
            raise NotFound(f"unknown layout {layout!r}" if layout else "no layout chosen", suggest(layout or "", [x.format for x in p.layouts]))
        lang = lang or ed.languages[0]
        if lang not in ed.languages:
            raise NotFound(f"the {ed.name} edition has no language {lang!r}", "it has: " + ", ".join(ed.languages))
        message = message or lay.messages[0]
        if message not in lay.messages:
            raise NotFound(f"layout {lay.format!r} has no message {message!r}", "it has: " + ", ".join(lay.messages))
        return Job(ed.slug, lay.format, lang, message)

    def require_project(self):
        if self.project is None:
            first = self.load_problems[0] if self.load_problems else Problem("", "", "the project could not be loaded")
            raise NotFound(f"the project could not be loaded: {first.file}: {first.message}", first.hint, self.load_problems)
        return self.project

    def edition(self, slug: str | None):
        p = self.require_project()
        ed = next((e for e in p.editions if e.slug == slug), None)
        if ed is None:
            from posters.inputs.schema import suggest

            raise NotFound(f"unknown edition {slug!r}" if slug else "no edition chosen", suggest(slug or "", [e.slug for e in p.editions]))
        return ed

    # --- a new or changed layout: its hardest cases first --------------------------
    def is_new_or_changed(self, fmt: str) -> bool:
        lay = next((x for x in self.require_project().layouts if x.format == fmt), None)
        return lay is not None and self._baseline is not None and self._baseline.get(fmt) != lay.sha256

    def hardest(self, fmt: str) -> list[tuple[object, str]]:
        """(job, why) of each message's hardest case of a layout added or changed since the server
        started (the longest language pair, the regional edition, the most copy); [] for any other."""
        from posters.batch import Filters, hardest_first, jobs_for

        if not self.is_new_or_changed(fmt):
            return []
        project = self.require_project()
        return hardest_first(project, jobs_for(project, Filters(layouts=[fmt])))[1]

    def try_hardest(self, fmt: str) -> list[dict]:
        """Each hardest case made (cached like any output) and its verdict, in the build's words."""
        out = []
        for job, why in self.hardest(fmt):
            made = self.output(job)
            if made.made is None:
                first = made.problems[0]
                verdict = f"FAILED (error: {first.file}: {first.key + ': ' if first.key else ''}{first.message})"
            elif failed(made.made):
                f = next(f for f in made.made.findings if f.severity == "error")
                verdict = f"FAILED ([{f.check}] {f.message})"
            else:
                verdict = "fits, every check passed"
            out.append({"job": _names(job), "label": job.label, "why": why, "ok": verdict.startswith("fits"), "verdict": verdict})
        return out

    # --- making ----------------------------------------------------------------
    def output(self, job, wait_for_checks: bool = True) -> Output:
        """The output for a job at the current version, made once and cached.

        An output the studio just made is drawn before it is checked; with
        `wait_for_checks` (downloads) its checks are finished first.
        """
        from posters.batch import make_output

        with self._lock:
            key = (self._version, job)
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                if wait_for_checks and not hit.checked:
                    self.check(job, hit)
                return hit
            try:
                out = Output(make_output(self.project, self.logos, job))
            except InputError as exc:
                out = Output(None, exc.problems)
            except Exception as exc:  # as in the batch: a bug is this output's failure, shown in the page
                out = Output(None, [Problem(job.label, "", f"internal error: {type(exc).__name__}: {exc}", "please report this with the file you were editing")])
            self._cache[key] = out
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            self._remember_if_good(job, out)
            return out

    def _remember_if_good(self, job, out: Output) -> None:
        if out.made is not None and out.checked and not failed(out.made):
            names = (job.edition, job.format, job.lang, job.message)
            self._good[names] = (self._version, out)
            self._good.move_to_end(names)
            while len(self._good) > CACHE_SIZE:
                self._good.popitem(last=False)

    def adopt(self, project, job, made) -> None:
        """Take a project the studio already loaded and validated, and the output it made, as current.

        The edited output goes out before its checks; `check` finishes them.
        """
        with self._lock:
            self.project = project
            self.load_problems = []
            self._cache.clear()
            self._version = fingerprint(self.root)
            self._cache[(self._version, job)] = Output(made, checked=False)

    def cached(self, job) -> Output | None:
        return self._cache.get((self._version, job))

    def check(self, job, out: Output | None = None) -> Output | None:
        """Run the build's checks on an output drawn before they ran."""
        from posters.verify.run import verify_output

        with self._lock:
            out = out or self._cache.get((self._version, job))
            if out is None or out.checked or out.made is None:
                return out
            m = out.made
            v = verify_output(m.plan, pdf_of(m), self.project.campaign, pdfx=m.pdfx)
            m.findings, m.checks = v.findings, v.ran
            out.checked = True
            self._remember_if_good(job, out)
            return out

    def last_good(self, edition, layout, lang, message) -> tuple[str, Output] | None:
        """(version, output) last made for these names without an error; None if there is none.

        The names come from the request as given: while a layout is broken they
        may name nothing the project now has."""
        with self._lock:
            if lang and message:
                return self._good.get((edition, layout, lang, message))
            for key in reversed(self._good):  # the page named no language or message: the latest for the layout
                if key[:2] == (edition, layout) and (not lang or key[2] == lang) and (not message or key[3] == message):
                    return self._good[key]
            return None

    def good_preview_png(self, key, page: int, width_px: int) -> bytes:
        """A page of the last good output, as PNG (made when it was good, or now from its kept PDF)."""
        version, out = key
        with self._lock:
            if (page, width_px) not in out.previews:
                out.previews[(page, width_px)] = _preview(out, page, width_px)
            return out.previews[(page, width_px)]

    def preview_png(self, job, page: int, width_px: int) -> bytes:
        """The PDF page as PNG, drawn by the same rasteriser the build uses for screen formats."""
        out = self.output(job, wait_for_checks=False)
        with self._lock:
            if (page, width_px) not in out.previews:
                out.previews[(page, width_px)] = _preview(out, page, width_px)
            return out.previews[(page, width_px)]

    def pack(self, edition: str):
        """The edition's force pack as (file name, zip bytes), made in memory from the current files."""
        from posters.web.packs import edition_pack

        with self._lock:
            key = (self._version, edition)
            if key not in self._packs:
                self._packs.clear()  # packs are large; keep the latest only
                self._packs[key] = edition_pack(self.project, self.logos, edition)
            return self._packs[key]


def _preview(out: Output, page: int, width_px: int) -> bytes:
    from posters.render.png import png_bytes, rasterise

    media_w_mm = out.made.plan.geometry.media[0]
    dpi = width_px / (media_w_mm / MM_PER_INCH)
    return png_bytes(rasterise(pdf_of(out.made), page, dpi=dpi))


def _names(job) -> dict:
    return {"edition": job.edition, "layout": job.format, "lang": job.lang, "message": job.message}


def failed(made) -> bool:
    """The output fails a check: it is never offered as a file."""
    return any(f.severity == "error" for f in made.findings)


def pdf_of(made) -> bytes:
    """The PDF among an output's files (make_output puts it first)."""
    return next(data for name, data in made.files.items() if name.endswith(".pdf"))
