"""The batch: every edition x layout x language x message, in parallel.

Each output is planned, drawn, post-processed and verified in a worker
process, and written atomically. One output's failure never stops the
others; it is reported with its reasons.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from posters.errors import InputError, Problem


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
    files: list[dict] = field(default_factory=list)  # manifest entries
    problems: list[Problem] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


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
                for m in lay.messages:
                    if filters.messages and m not in filters.messages:
                        continue
                    out.append(Job(e.slug, lay.format, lang, m))
    return out


# --- worker side -------------------------------------------------------------
_STATE: dict = {}


def _init_worker(root: str, verify: bool) -> None:
    from posters import fonts
    from posters.logos import LogoStore
    from posters.project import load_project

    fonts.register_all()
    _STATE["project"] = load_project(Path(root))
    _STATE["logos"] = LogoStore()
    _STATE["verify"] = verify


def run_job(job: Job, out_dir: str) -> Result:
    try:
        return _run_job(job, Path(out_dir))
    except InputError as exc:
        return Result(job, False, problems=exc.problems)
    except Exception as exc:  # a bug must not take the batch down; report it as this output's failure
        return Result(job, False, problems=[Problem(job.label, "", f"internal error: {type(exc).__name__}: {exc}", "please report this with the command you ran")])


@dataclass
class Made:
    """One output, made in memory: its plan, its files' bytes, and what the checks found."""

    plan: object
    files: dict[str, bytes]  # file name (relative to the edition folder) -> bytes; the PDF first
    findings: list = field(default_factory=list)  # posters.verify.findings.Finding


def make_output(project, logos, job: Job) -> Made:
    """Plan, draw and post-process one output, without touching the disk.

    The build, `posters check` and the preview server all go through here, so
    what a designer previews is byte for byte what the build writes.
    """
    from posters.plan import plan_output
    from posters.render.pdf import render_pdf

    edition = project.edition(job.edition)
    layout = project.layout(job.format)
    plan = plan_output(project.campaign, edition, layout, job.lang, job.message, logos)
    pdf = render_pdf(plan)
    return Made(plan, {output_name(job): pdf})


def output_name(job: Job) -> str:
    return f"{job.format}.{job.message}.{job.lang}.pdf"


def _run_job(job: Job, out_dir: Path) -> Result:
    from posters import atomic

    made = make_output(_STATE["project"], _STATE["logos"], job)
    entries = []
    for name, data in made.files.items():
        path = out_dir / job.edition / name
        atomic.write_bytes(path, data)
        entries.append(manifest_entry(out_dir, path, data, made.plan))
    return Result(job, True, files=entries, findings=[f.as_dict() for f in made.findings])


def manifest_entry(out_dir: Path, path: Path, data: bytes, plan) -> dict:
    lay = plan.layout
    return {
        "file": path.relative_to(out_dir).as_posix(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "edition": plan.edition.slug,
        "layout": lay.format,
        "layout_file": lay.file,
        "profile": lay.profile,
        "language": plan.lang,
        "message": plan.message,
        "pages": len(plan.pages),
        "trim_mm": list(lay.trim_mm),
        "bleed_mm": lay.bleed_mm,
        "qr_payload": plan.payload,
        "helpline": plan_helpline(plan),
    }


def plan_helpline(plan) -> str:
    for page in plan.pages:
        for p in page.elements:
            if p.kind == "helpline":
                return p.data["text"]
    return ""


# --- coordinator side --------------------------------------------------------
def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_batch(root: Path, out_dir: Path, jobs: list[Job], workers: int, verify: bool, on_done: Callable[[Result], None] | None = None) -> list[Result]:
    results: list[Result] = []
    if workers <= 1 or len(jobs) <= 1:
        _init_worker(str(root), verify)
        for job in jobs:
            r = run_job(job, str(out_dir))
            results.append(r)
            if on_done:
                on_done(r)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(str(root), verify)) as pool:
            futures = [pool.submit(run_job, job, str(out_dir)) for job in jobs]
            for f in futures:
                r = f.result()
                results.append(r)
                if on_done:
                    on_done(r)
    return results
