"""The batch: every edition x layout x language x message, in parallel.

Each output is planned, drawn, post-processed and verified in a worker
process, and written atomically. One output's failure never stops the
others; it is reported with its reasons.

The project is loaded once, by the caller, and handed to the workers (a
forked worker inherits it; a spawned one receives it pickled): the files are
read and validated once per build, and the preview server builds from the
project it already holds.
"""

from __future__ import annotations

import gc
import io
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace, dataclass, field
from pathlib import Path
from typing import Callable

from posters.errors import InputError, Problem
from posters.manifest import Entry


@dataclass(frozen=True)
class Job:
    edition: str
    format: str
    lang: str
    message: str

    @property
    def label(self) -> str:
        return f"{self.edition}/{self.format}.{self.message}.{self.lang}"


@dataclass
class Result:
    job: Job
    ok: bool
    files: list[Entry] = field(default_factory=list)  # manifest entries
    problems: list[Problem] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # ids of the verification checks that ran


@dataclass
class Filters:
    editions: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def jobs_for(project, filters: Filters) -> list[Job]:
    out = []
    for e in project.editions:
        if filters.editions and e.slug not in filters.editions:
            continue
        for lay in project.layouts:
            if filters.layouts and lay.format not in filters.layouts:
                continue
            for lang in e.languages:
                if filters.langs and lang not in filters.langs:
                    continue
                if not lay.builds(e.slug, lang):
                    continue
                for m in lay.messages:
                    if filters.messages and m not in filters.messages:
                        continue
                    out.append(Job(e.slug, lay.format, lang, m))
    return out


def finishing_order(project, jobs: list[Job]) -> list[Job]:
    """The jobs edition by edition, the costliest edition first, and in each edition the jobs whose
    layouts draw photographs first.

    An edition's proof sheet is drawn as soon as its last output is made, while the batch goes
    on (posters.publish.early): the biggest sheets are then drawn during the batch, and what is
    left after it is the smallest edition's. A photograph costs a print file about ten times the
    work of type and drawings (its pixels are converted from CMYK to be checked): it goes first in
    its edition, so no edition, and no batch, ends waiting on one."""
    weight = {lay.format: 1 + PHOTO_COST * sum(1 for page in lay.pages for e in page.elements if e.kind == "image") for lay in project.layouts}
    cost: dict[str, int] = {}
    for j in jobs:
        cost[j.edition] = cost.get(j.edition, 0) + weight.get(j.format, 1)
    rank = {slug: i for i, slug in enumerate(sorted(cost, key=lambda s: -cost[s]))}  # sorted() is stable: ties keep the project's order
    return sorted(jobs, key=lambda j: (rank[j.edition], -weight.get(j.format, 1)))


PHOTO_COST = 8  # a print file with a photograph, in outputs of type and drawings (measured: 0.3 s against 0.04 s)


def hardest_first(project, jobs: list[Job]) -> tuple[list[Job], list[tuple[Job, str]]]:
    """The jobs with each layout's hardest cases first, and why they are hardest.

    Hardest: the longest language pair (two languages share every box), then
    the regional edition (every partner's logo in the strip), then the most
    copy. Which message's lines are the tight ones depends on the layout, so
    the hardest case of every message goes first.
    """
    editions = {e.slug: e for e in project.editions}
    camp = project.campaign

    def weight(j: Job):
        e = editions[j.edition]
        langs = j.lang.split("-")
        chars = sum(len(e.copy(camp, lang).get(j.message, k) or "") for lang in langs for k in sorted(e.copy(camp, lang).keys()))
        return (len(langs), len(e.forces), chars)

    best: dict[tuple[str, str], Job] = {}
    for j in jobs:
        k = (j.format, j.message)
        if k not in best or weight(j) > weight(best[k]):
            best[k] = j
    first = list(best.values())
    reasons = []
    for j in first:
        e = editions[j.edition]
        why = []
        if "-" in j.lang:
            why.append(f"the longest language pair, {j.lang}")
        if e.regional:
            why.append(f"the regional edition, {len(e.forces) + 1} logos")
        reasons.append((j, "; ".join(why) or "the most copy"))
    return first + [j for j in jobs if j not in first], reasons


# --- worker side -------------------------------------------------------------
@dataclass
class Worker:
    """Makes outputs of one project and writes them: in this process, or one per pool process."""

    project: object
    logos: object  # posters.inputs.logos.LogoStore
    verify: bool = True
    profile: "OutputProfile | None" = None

    def run(self, job: Job, out_dir: Path) -> Result:
        from posters.time_limit import TimeLimitExceeded

        try:
            return self._run(job, out_dir)
        except TimeLimitExceeded as exc:
            return Result(
                job,
                False,
                problems=[
                    Problem(
                        job.label,
                        "",
                        f"making and checking this output {exc}, the limit for one output, and was stopped; nothing was written",
                        "look for a logo, image or layout element far larger or more detailed than a poster needs, and simplify it",
                    )
                ],
            )
        except InputError as exc:
            return Result(job, False, problems=exc.problems)
        except Exception as exc:  # a bug must not take the batch down; report it as this output's failure
            return Result(job, False, problems=[Problem(job.label, "", f"internal error: {type(exc).__name__}: {exc}", "please report this with the command you ran")])

    def _run(self, job: Job, out_dir: Path) -> Result:
        from posters import atomic

        from posters import time_limit

        with time_limit.limit():  # the writes below are outside it: an output is written whole or not at all
            made = make_output(self.project, self.logos, job, profile=self.profile, verify=self.verify)
        findings = [f.as_dict() for f in made.findings]
        if any(f.severity == "error" for f in made.findings):
            # a print team must never receive a file that failed: remove any older copy too
            for name in made.files:
                (out_dir / job.edition / name).unlink(missing_ok=True)
            return Result(job, False, findings=findings, checks=made.checks)
        entries = []
        for name, data in made.files.items():
            path = out_dir / job.edition / name
            atomic.write_bytes(path, data)
            pdfx = made.pdfx if name.endswith(".pdf") else None
            entry = manifest_entry(out_dir, path, data, made.plan, pdfx, self.profile.condition if pdfx and self.profile else None)
            if pdfx and made.artwork:
                entry = replace(entry, artwork=made.artwork)
            if name.endswith(".pdf") and made.checks:
                entry = replace(entry, checks=check_results(made.checks, made.findings))  # for the pack's preflight report
            entries.append(entry)
        return Result(job, True, files=entries, findings=findings, checks=made.checks)


_WORKER: Worker | None = None  # the pool process's own, made once when it starts


def _start_worker(project, verify: bool, profile: "OutputProfile | None") -> None:
    global _WORKER
    from posters import fonts
    from posters.inputs.logos import LogoStore

    from posters.verify import decoded_images

    fonts.register_all()
    decoded_images.enable()
    _WORKER = Worker(project, LogoStore(), verify, profile)
    gc.set_threshold(*GC_THRESHOLDS)


# A build allocates objects by the hundred thousand, nearly all short-lived and free of cycles
# (imports, the project's data, ReportLab's and pikepdf's objects for each output); at Python's
# default thresholds (700, 10, 10) the garbage collector ran about 400 times in each worker of a
# one-force rebuild (0.07 s of its CPU) and 90 times in the coordinating process before the first
# output (23 ms, before the workers can start). Run less often: 0.025 s and a few ms. The
# long-lived objects (the project, the libraries) are frozen out of collection before the
# workers are forked (Pool.submit).
GC_THRESHOLDS = (10_000, 20, 20)


def _run_in_worker(job: Job, out_dir: Path) -> Result:
    return _WORKER.run(job, out_dir)


def _run_all_in_worker(jobs: list[Job], out_dir: Path) -> list[Result]:
    return [_WORKER.run(job, out_dir) for job in jobs]


@dataclass
class Made:
    """One output, made in memory: its plan, its files' bytes, and what the checks found."""

    plan: object
    files: dict[str, bytes]  # file name (relative to the edition folder) -> bytes; the PDF first
    findings: list = field(default_factory=list)  # posters.verify.findings.Finding
    checks: list[str] = field(default_factory=list)  # ids of the checks that ran
    pdfx: str | None = None  # the PDF/X flavour of a print PDF
    artwork: str | None = None  # a print PDF's artwork fingerprint, printed in its slug (render/slug.py)


@dataclass(frozen=True)
class OutputProfile:
    """A printer's CMYK ICC profile: print PDFs become PDF/X-4 with it embedded."""

    data: bytes
    condition: str  # output condition identifier written into the file

    @property
    def printer(self):
        """The profile opened by LittleCMS, for judging print colours as printed (opened once per process)."""
        from posters.appearance import printer_profile

        return printer_profile(self.data)


def print_ready(pdf, plan, profile: OutputProfile | None, extra_xmp: dict[str, str] | None = None, doc_id: bytes | None = None) -> tuple[bytes, str]:
    """PDF/X-1a (FOGRA39), or PDF/X-4 with the printer's profile; deterministic (ID from content, fixed dates).
    `extra_xmp`: more XMP properties written in the same pass (the file's facts). `pdf`: the file's
    bytes, or the file already open (pikepdf) with `doc_id` derived from its bytes."""
    from posters.render import pdfx

    if doc_id is None:
        doc_id = pdfx.derive_doc_id(pdf)
    if profile is None:
        return pdfx.make_pdfx1a(pdf, title=plan.title, doc_id=doc_id, extra_xmp=extra_xmp), pdfx.PDFX1A_VERSION
    # the printer's own profile is embedded; its file name is no registered
    # condition, so no RegistryName is claimed for it
    return (
        pdfx.make_pdfx4(pdf, title=plan.title, doc_id=doc_id, icc_profile=profile.data, condition_identifier=profile.condition, registry_name=None, extra_xmp=extra_xmp),
        pdfx.PDFX4_VERSION,
    )


def make_output(project, logos, job: Job, *, profile: OutputProfile | None = None, verify: bool = True) -> Made:
    """Plan, draw and post-process one output, without touching the disk.

    The build, `posters check` and the preview server all go through here, so
    what a designer previews is byte for byte what the build writes.
    """
    from posters.plan.place import plan_output
    from posters.render.pdf import render_pdf
    from posters.render.png import screen_pngs

    edition = project.edition(job.edition)
    layout = project.layout(job.format)
    plan = plan_output(project.campaign, edition, layout, job.lang, job.message, logos)
    from posters.render.xmp_facts import as_xmp, facts_of

    # the file says what it is, so a copy that travels without its manifest can still be checked in full
    facts = facts_of(plan)
    # each file is opened and saved by pikepdf once after ReportLab, where its bytes allow:
    # a screen PDF's facts go in with its tags, a print PDF's with its PDF/X metadata
    pdf = render_pdf(plan, profile.data if profile else None, extra_xmp=as_xmp(facts) if layout.profile == "screen" else None)
    pngs = screen_pngs(plan, pdf)
    version = None
    artwork = None
    if layout.profile == "print":
        import pikepdf

        from posters.render.pdfx import PdfxError, derive_doc_id
        from posters.render.subset_tags import retag
        from posters.verify.findings import error

        doc = pikepdf.open(io.BytesIO(pdf))  # opened once, for the slug and for PDF/X
        try:
            doc_id = derive_doc_id(pdf)
            retag(doc)  # each font subset named by its own bytes (render/subset_tags.py)
            if plan.geometry.slug:
                from posters.render import flate
                from posters.render.slug import artwork_fingerprint, draw_slug

                # what prints, fingerprinted before the slug that names it is added (render/slug.py);
                # the file's ID is derived from what ReportLab drew and the slug drawn on it
                artwork = artwork_fingerprint(pdf)
                doc_id = derive_doc_id(pdf, draw_slug(doc, plan, artwork, project.campaign.version))
                flate.compress(doc)  # font programs compressed once per process (render/flate.py)
                facts["artwork"] = artwork
            try:
                # one pikepdf pass for PDF/X and the facts
                pdf, version = print_ready(doc, plan, profile, as_xmp(facts), doc_id=doc_id)
            except PdfxError as exc:
                # an error: the build never writes this file; the preview shows ReportLab's bytes (no slug)
                return Made(plan, {output_name(job): pdf, **pngs}, [error("pdfx", f"the file could not be made PDF/X: {exc}")], ["pdfx"])
        finally:
            doc.close()
    made = Made(plan, {output_name(job): pdf, **pngs}, pdfx=version, artwork=artwork)
    if verify:
        from posters.verify.run import verify_output

        v = verify_output(plan, pdf, project.campaign, pdfx=version, condition=profile.condition if profile else None, printer=profile.printer if profile else None)
        made.findings, made.checks = v.findings, v.ran
        if pngs:
            from posters.verify.png_file import CHECK, check_png

            # each PNG read back from its bytes: its size and its sRGB marking
            made.checks.append(CHECK)
            for name, data in pngs.items():
                made.findings.extend(check_png(data, name, layout.size_px))
        if layout.profile == "print" and profile is None:
            made.findings.extend(default_conversion_warnings(plan))
        if layout.profile == "print":
            from posters.verify.logo_colour import check_raster_logos

            made.findings.extend(check_raster_logos(plan, project.campaign.root, profile.data if profile else None, profile.printer if profile else None))
    return made


def default_conversion_warnings(plan) -> list:
    """RGB photographs in a print file without the printer's profile were made
    CMYK by the stated default formula: say so, once per image."""
    from posters.elements.image import Picture
    from posters.verify.findings import warning

    seen: dict[str, int] = {}
    for n, page in enumerate(plan.pages, start=1):
        for p in page.elements:
            if isinstance(p.content, Picture) and p.content.photo.image.mode == "RGB":
                seen.setdefault(p.content.shown, n)
    return [
        warning(
            "images",
            f"the image {shown} is RGB: it was converted to CMYK by a simple formula (grey on the black plate), not by your printer's profile, so colours may print a little differently from the screen",
            "build with --icc YourPrinter.icc to convert it through the printer's profile, or supply the image in CMYK",
            page,
        )
        for shown, page in seen.items()
    ]


def check_results(ran: list[str], findings: list) -> dict[str, str]:
    """Each check that ran and its result, as the preflight report shows it (an error never reaches here: the file is not written)."""
    out = {c: "passed" for c in ran}
    for f in findings:
        if f.severity == "warning":
            prev = out.get(f.check, "passed")
            out[f.check] = (prev + "; " if prev.startswith("warning") else "warning: ") + f.message
    return out


def output_name(job: Job) -> str:
    return f"{job.format}.{job.message}.{job.lang}.pdf"


def manifest_entry(out_dir: Path, path: Path, data: bytes, plan, pdfx: str | None = None, condition: str | None = None) -> Entry:
    lay = plan.layout
    g = plan.geometry
    scaled = g.scale != 1.0
    return Entry.of(
        out_dir,
        path,
        data,
        edition=plan.edition.slug,
        layout=lay.format,
        layout_file=lay.file,
        profile=lay.profile,
        language=plan.lang,
        message=plan.message,
        pages=len(plan.pages),
        # as in the file: scaled artwork (a 48-sheet at 1:10) at its scale
        trim_mm=[round(v, 6) for v in g.trim] if scaled else list(lay.trim_mm),
        bleed_mm=round(g.bleed, 6) if scaled else lay.bleed_mm,
        artwork_scale=lay.artwork_label if scaled else None,
        full_size_mm=list(lay.trim_mm) if scaled else None,
        viewing_distance_m=lay.viewing_distance_m,
        size_px=list(lay.size_px) if lay.size_px else None,
        qr_payload=plan.payload,
        helpline=plan_helpline(plan),
        pdfx=pdfx,
        pdfx_condition=condition,
    )


def plan_helpline(plan) -> str:
    for page in plan.pages:
        for p in page.elements:
            if p.kind == "helpline":
                return p.content.text
    return ""


# --- coordinator side --------------------------------------------------------
def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_batch(project, out_dir: Path, jobs: list[Job], workers: int, verify: bool, on_done: Callable[[Result], None] | None = None, profile: OutputProfile | None = None, logos=None, pool: "Pool | None" = None) -> list[Result]:
    """Make and write every job's output; the results in the order of `jobs`. `logos`: a store to
    reuse when the work stays in this process; `pool`: the build's worker processes (see Pool),
    kept for what the build does after the batch.

    `on_done` is called with each result as it comes in. Work it hands to `pool` starts before
    the jobs not yet begun: only a few jobs per worker are queued at a time (see WINDOW)."""
    if workers <= 1 or len(jobs) <= 1:
        from posters import fonts
        from posters.inputs.logos import LogoStore

        fonts.register_all()
        worker = Worker(project, logos if logos is not None else LogoStore(), verify, profile)
        results: list[Result] = []
        for job in jobs:
            r = worker.run(job, out_dir)
            results.append(r)
            if on_done:
                on_done(r)
        return results
    from concurrent.futures import FIRST_COMPLETED, wait

    own = pool is None
    pool = pool if pool is not None else Pool(project, workers, verify, profile)
    got: list[Result | None] = [None] * len(jobs)
    try:
        tasks = together(project, jobs)
        next_task = 0
        running: dict[Future, list[int]] = {}
        while next_task < len(tasks) or running:
            while next_task < len(tasks) and len(running) < WINDOW * pool.workers:
                task = tasks[next_task]
                if len(task) == 1:
                    running[pool.submit(_run_in_worker, jobs[task[0]], out_dir)] = task
                else:
                    running[pool.submit(_run_all_in_worker, [jobs[i] for i in task], out_dir)] = task
                next_task += 1
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for f in sorted(done, key=lambda f: running[f][0]):
                task = running.pop(f)
                answer = f.result()
                for i, r in zip(task, answer if isinstance(answer, list) else [answer]):
                    got[i] = r
                    if on_done:
                        on_done(r)
    finally:
        if own:
            pool.close()
    return [r for r in got if r is not None]


def together(project, jobs: list[Job]) -> list[list[int]]:
    """The jobs (by index, in their order) as the tasks a worker takes whole: the outputs that show
    the same photographs, up to TOGETHER at a time, go to one worker, which decodes the pictures
    once for all of them (posters.verify.decoded_images); every other job is a task of its own.
    A task starts where its first job stood."""
    photos = {lay.format: tuple(sorted(str(e.spec.path) for page in lay.pages for e in page.elements if e.kind == "image")) for lay in project.layouts}
    tasks: list[list[int]] = []
    open_task: dict[tuple, list[int]] = {}
    for i, job in enumerate(jobs):
        shown = photos.get(job.format, ())
        if not shown:
            tasks.append([i])
            continue
        task = open_task.get(shown)
        if task is None or len(task) >= TOGETHER:
            task = open_task[shown] = []
            tasks.append(task)
        task.append(i)
    return tasks


TOGETHER = 4  # outputs showing the same photographs per task: enough to decode once, few enough to share out the work
WINDOW = 2  # jobs queued per worker: one running, one ready to start at once


class Pool:
    """A build's worker processes, started when first needed and kept until the build ends:
    the batch's outputs are made in them, then the publishing (proof sheets, packs) runs in the
    same processes, which have the project, the fonts and the libraries loaded already.

    With one worker, `call` runs the work in this process."""

    def __init__(self, project, workers: int, verify: bool = True, profile: OutputProfile | None = None):
        self.project = project
        self.workers = max(1, workers)
        self.verify = verify
        self.profile = profile
        self._executor: ProcessPoolExecutor | None = None

    def submit(self, fn, *args) -> Future:
        """Run fn(*args) in a worker process (the processes start on the first call)."""
        if self._executor is None:
            # the project and the libraries loaded so far are shared with the forked workers: frozen, the
            # workers' garbage collector neither walks them nor writes to their pages (which copies them)
            gc.freeze()
            self._executor = ProcessPoolExecutor(max_workers=self.workers, initializer=_start_worker, initargs=(self.project, self.verify, self.profile))
        return self._executor.submit(fn, *args)

    def call(self, fn, *args) -> Future:
        """fn(project, *args): in a worker process, or here, at once, with one worker."""
        if self.workers > 1:
            return self.submit(_call_in_worker, fn, *args)
        done: Future = Future()
        try:
            done.set_result(fn(self.project, *args))
        except Exception as exc:  # noqa: BLE001 - raised again where the result is asked for, as from a worker
            done.set_exception(exc)
        return done

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None
            gc.unfreeze()

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _call_in_worker(fn, *args):
    return fn(_WORKER.project, *args)
