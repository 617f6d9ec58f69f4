"""`posters build`: every edition by default, with filters."""

from __future__ import annotations

import os
import sys
import time

from posters.commands.common import UsageError, check_choice, open_project


def cmd_build(args) -> int:
    import gc

    from posters.batch import GC_THRESHOLDS

    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)  # see posters.batch; as it was after, for a caller in the same process
    try:
        return _build(args)
    finally:
        gc.set_threshold(*before)


def _build(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from posters.batch import Filters, Pool, default_workers, finishing_order, jobs_for, run_batch
    from posters.manifest import SECTIONS, carried_files, carry_over, current_outputs, read_previous, remove_stale, write_manifest

    err = Console(stderr=True)
    out = Console()
    t0 = time.perf_counter()
    project = open_project(args)
    try:
        check_choice("--edition", args.edition, [e.slug for e in project.editions])
        check_choice("--layout", args.layout, [lay.format for lay in project.layouts] + [p.split("/")[-1].removesuffix(".toml") for p in project.layout_problems])
        check_choice("--lang", args.lang, sorted({lang for e in project.editions for lang in e.languages}))
        check_choice("--message", args.message, list(project.campaign.messages))
        if args.jobs < 0:
            raise UsageError("--jobs must be 0 (one per core) or more")
    except UsageError as exc:
        print(f"error: {exc}\n  hint: 'posters list' shows what exists", file=sys.stderr)
        return 2
    try:
        profile = read_icc(args.icc) if getattr(args, "icc", None) else None
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    copy_problems = project.copy_problems(release=getattr(args, "release", False), editions=args.edition)
    for w in copy_problems:
        if w.severity == "warning":
            err.print(w.format(), style="yellow", markup=False, highlight=False)
    refused = [p for p in copy_problems if p.severity == "error"]
    if refused:
        for p in refused:
            print(p.format(), file=sys.stderr)
        print(f"error: --release: {len(refused)} fact(s) or translation(s) must be settled before a release build; nothing was built", file=sys.stderr)
        return 1

    failed_layouts = 0
    for file, problems in project.layout_problems.items():
        stem = file.split("/")[-1].removesuffix(".toml")
        if args.layout and stem not in args.layout:
            continue
        failed_layouts += 1
        for p in problems:
            print(p.format(), file=sys.stderr)

    filters = Filters(args.edition, args.layout, args.lang, args.message)
    jobs = jobs_for(project, filters)
    workers = args.jobs or default_workers()
    cores = os.cpu_count() or 1
    if workers > cores:
        # each worker holds a project and a renderer (about 150 MB): more than the cores only adds memory
        print(f"warning: --jobs: {args.jobs} is more than the {cores} core(s) of this computer; using {cores}\n  hint: leave -j out to use one worker per core", file=sys.stderr)
        workers = cores
    out_dir = args.out.resolve()
    from posters import atomic, names
    from posters.errors import Problem

    refused = names.folder_problems(out_dir) or names.inside_project(out_dir, project.root)
    if not refused:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            refused = [Problem(str(out_dir), "--out", f"cannot be made ({exc.strerror})", "name a folder you can write to, e.g. -o out")]
    if refused:
        for p in refused:
            print(p.format(), file=sys.stderr)
        return 1
    atomic.clean_stale(out_dir)  # temporary files of a build that was killed
    manifest_warnings: list = []
    previous = read_previous(out_dir, manifest_warnings)
    from posters import incremental

    digests = incremental.Digests(project, profile, release=getattr(args, "release", False))
    decisions = incremental.decide(previous, out_dir, jobs, digests, force=getattr(args, "force", False))
    before = incremental.Previous.of(previous)
    kept_results = {d.job: incremental.kept_result(d, before) for d in decisions if d.keep is not None}
    to_make = [d.job for d in decisions if d.keep is None]
    if getattr(args, "explain", False):
        for d in decisions:
            print(f"{'kept' if d.keep is not None else 'made'}: {d.job.label}: {d.why}")
    hardest: dict = {}
    to_make = finishing_order(project, to_make)  # edition by edition, biggest first: their proof sheets are drawn during the batch
    if args.layout and len(to_make) > 1:
        # a designer trying a layout: the case most likely to fail first, so it fails fast
        from posters.batch import hardest_first

        to_make, reasons = hardest_first(project, to_make)
        for job, why in reasons:
            err.print(f"trying the hardest case first: {job.label} ({why})", highlight=False)
            hardest[job] = why
    # with a layout file that could not be read, what the project makes is not known: nothing is judged stale
    made_by_project = current_outputs(project) if not project.layout_problems else None
    # one set of worker processes for the build: the outputs, then the proofs and packs
    with Pool(project, workers, verify=True, profile=profile) as pool:
        from collections import Counter

        from posters.inputs import attribution
        from posters.publish.early import EarlyProofs

        # the whole table, whatever this run builds: the analytics team needs every code that can be in print
        table = attribution.rows(project)
        codes = attribution.manifest_section(table, project.campaign)
        # each edition made again has its proofs drawn as soon as its outputs are all made
        remade_editions = {j.edition for j in to_make}
        carried: dict[str, list] = {}
        for e in carried_files(previous, out_dir, jobs, made_by_project):
            carried.setdefault(e.edition, []).append(e)
        expected = Counter(j.edition for j in jobs if j.edition in remade_editions)
        early = EarlyProofs(project, out_dir, pool, expected, [r for j, r in kept_results.items() if j.edition in remade_editions], carried, codes)
        fingerprint_kept = previous is not None  # until the thread below is started
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, disable=args.quiet, transient=True) as progress:
            task = progress.add_task("building", total=len(to_make))
            def done(r) -> None:
                nonlocal fingerprint_kept
                progress.advance(task)
                early.done(r)
                if fingerprint_kept:
                    # whether the other editions' pages, proofs and packs may stay is asked after the batch: their
                    # files are read and fingerprinted while it runs (posters.fingerprint remembers). Started once
                    # the worker processes are running: a process forked while a thread reads a file may hang.
                    import threading

                    threading.Thread(target=_fingerprint_kept, args=(previous, out_dir, remade_editions), daemon=True).start()
                    fingerprint_kept = False
                if r.job in hardest:
                    first = next((p.format().splitlines()[0] for p in r.problems), None) or next((f"error: [{f['check']}] {f['message']}" for f in r.findings if f.get("severity") == "error"), "")
                    verdict = "passed" if r.ok else f"FAILED ({first})" if first else "FAILED"
                    err.print(f"hardest case {r.job.label}: {verdict}", highlight=False, markup=False)

            made = run_batch(project, out_dir, to_make, workers, verify=True, on_done=done, profile=profile, pool=pool) if to_make else []
        by_job = {r.job: r for r in made}
        results = [kept_results.get(j) or by_job[j] for j in jobs if j in kept_results or j in by_job]
        for w in manifest_warnings:
            print(w.format(), file=sys.stderr)
        from posters.publish import publish

        try:
            atomic.write_text(out_dir / attribution.CSV_NAME, attribution.csv_text(table, project.campaign))
            digests.codes = codes
            # the editions whose pages, proofs and pack are made again: those with an output made, or other inputs changed
            outputs = {d.job.label: d.digest for d in decisions if d.job in kept_results or (d.job in by_job and by_job[d.job].ok)}
            in_run = list(dict.fromkeys(r.job.edition for r in results))
            edition_digests = {slug: digests.combined(digests.edition_parts(slug, jobs)) for slug in in_run}
            remade = {r.job.edition for r in made}
            again_why = {slug: _publish_again(slug, remade, edition_digests, before, previous, out_dir, args) for slug in in_run}
            republish = [slug for slug in in_run if again_why[slug]]
            index_digest = digests.combined([]) if not in_run else incremental.index_digest(in_run, edition_digests, results)
            index_again = bool(in_run) and (getattr(args, "force", False) or index_digest != before.index or not _index_unchanged(previous, out_dir))
            kept = carry_over(previous, out_dir, jobs, results, made_by_project, republished=set(republish), index_rebuilt=index_again)
            # outputs this run did not touch (filtered out) keep their record while their files are carried
            carried = {f"{e.edition}/{e.layout}.{e.message}.{e.language}" for e in kept.get("files", [])}
            outputs = {**{k: v for k, v in before.outputs.items() if k in carried}, **outputs}
            # files of layouts, editions, languages or messages the project no longer has: never left to be packed or sent
            removed = remove_stale(previous, out_dir, made_by_project) if made_by_project is not None else []
            if removed:
                err.print(f"removed {len(removed)} file(s) of outputs the project no longer makes: {', '.join(removed[:6])}{' ...' if len(removed) > 6 else ''}", highlight=False)
            if republish or index_again:
                # the packs and proofs read the files of this run from the manifest
                manifest = write_manifest(out_dir, project.campaign, results, kept=kept, attribution=codes)
                again = [r for r in results if r.job.edition in republish]
                published, publish_problems, publish_notes = publish(out_dir, project, manifest, again, workers, release=getattr(args, "release", False), index_slugs=in_run if index_again else [], pool=pool, rows=table, early=early)
            else:
                # every section a build writes, empty: the earlier entries are carried (a clean build lists them all too)
                published, publish_problems, publish_notes = {s: [] for s in SECTIONS if s != "imposed"}, [], []
            if republish and previous is not None:
                _remove_unpublished(previous, out_dir, set(republish), published)
            if getattr(args, "explain", False):
                for slug in in_run:
                    print(f"{'made' if slug in republish else 'kept'}: {slug}: {again_why[slug] or 'unchanged'} (its accessible pages, proof sheets and pack)")
                print(f"{'made' if index_again else 'kept'}: proofs/index: {('--force' if getattr(args, 'force', False) else 'what it shows changed') if index_again else 'unchanged'}")
            # a pack or proof that could not be made is tried again next time: no edition is recorded as done
            state = incremental.section(outputs, digests, {} if publish_problems else edition_digests, "" if publish_problems else index_digest, results)
            write_manifest(out_dir, project.campaign, results, extra=published, kept=kept, attribution=codes, inputs=state)
        except atomic.WriteError as exc:  # the disk filled up or the folder became read-only: say so after what each output said
            for r in results:
                for p in r.problems:
                    print(p.format(), file=sys.stderr)
            for p in exc.problems:
                print(p.format(), file=sys.stderr)
            return 1
    for p in publish_problems:
        print(p.format(), file=sys.stderr)
    for note in publish_notes:
        err.print(note, highlight=False)

    failed = [r for r in results if not r.ok]
    for r in failed:
        for p in r.problems:
            print(p.format(), file=sys.stderr)
    out.print(summary_table(results))
    n_files = sum(len(r.files) for r in results)
    elapsed = time.perf_counter() - t0
    unchanged = f", {len(kept_results)} unchanged and kept" if kept_results else ""
    out.print(f"{n_files} files in {out_dir} ({len(results)} outputs{unchanged}, {len(failed)} failed) in {elapsed:.1f} s; manifest: {out_dir / 'manifest.json'}", highlight=False)
    if failed_layouts:
        out.print(f"[red]{failed_layouts} layout file(s) could not be used; see the errors above[/]")
    from posters.verify.report import build_report

    lines, verdict = build_report(results, failed_layouts=failed_layouts, other_problems=len(publish_problems))
    for line in lines:
        print(line, file=sys.stderr)
    out.print(verdict, highlight=False, soft_wrap=True, style="red" if "FAILED" in verdict else None)
    return 1 if failed or failed_layouts or publish_problems else 0


def _publish_again(slug: str, remade: set[str], digests: dict[str, str], before, previous, out_dir, args) -> str:
    """Why an edition's pages, proofs and pack are made again ("" when they are kept): an
    output of it was made, its other inputs changed, or a file of them is missing or changed."""
    if getattr(args, "force", False):
        return "--force"
    if slug in remade:
        return "an output of it was made"
    if before.editions.get(slug) != digests[slug]:
        return "its inputs changed (copy, approval, layouts or outputs built)"
    mine = [e for entries in previous.sections.values() for e in entries if e.edition == slug]
    changed = next((e.file for e in mine if not e.unchanged(out_dir)), None)
    return "" if mine and changed is None else f"{changed} was changed or removed" if changed else "the earlier build made none"


def _fingerprint_kept(previous, out_dir, remade: set[str]) -> None:
    """Only fills posters.fingerprint's memory: the same questions are asked again after the batch,
    where anything that goes wrong is reported."""
    try:
        for entries in previous.sections.values():
            for e in entries:
                if e.edition not in remade:
                    e.unchanged(out_dir)
    except Exception:  # noqa: BLE001 - see above
        pass


def _remove_unpublished(previous, out_dir, republished: set[str], published: dict) -> None:
    """Files the earlier build wrote for an edition published again that this build did not write
    again (a social kit's captions after the last screen layout went): never left to be sent."""
    from posters import names

    now = {e.file for entries in published.values() for e in entries}
    for section, entries in previous.sections.items():
        if section == "imposed":
            continue  # made by 'posters impose'; the publish step removes those of the editions it redoes
        for e in entries:
            if e.edition in republished and e.file not in now:
                path = names.inside(out_dir, e.file)
                if path is not None and path.is_file() and not path.is_symlink():
                    path.unlink()


def _index_unchanged(previous, out_dir) -> bool:
    index = [e for e in previous.sections.get("proofs", []) if not e.edition] if previous is not None else []
    return bool(index) and all(e.unchanged(out_dir) for e in index)


MAX_ICC_BYTES = 16_000_000  # press profiles are 0.5-5 MB


def read_icc(path):
    """The printer's CMYK output profile for PDF/X-4; anything else is refused before building.

    Judged by LittleCMS (Pillow's ImageCms), not by the header alone: it must
    open the profile, the profile must be an output (printer) profile for CMYK,
    and it must be able to convert colours with it (a profile without its
    lookup tables would be embedded in every print file and fail at the RIP).
    """
    import io

    from PIL import ImageCms

    from posters.batch import OutputProfile

    hint_cmyk = "PDF/X-4 for print needs the printer's CMYK output profile (for example their FOGRA51 or GRACoL .icc); leave --icc out to get PDF/X-1a for FOGRA39"
    try:
        size = path.stat().st_size
        if size > MAX_ICC_BYTES:
            raise UsageError(f"--icc {path}: is {size} bytes; the limit is {MAX_ICC_BYTES}\n  hint: {hint_cmyk}")
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--icc {path}: cannot be read ({exc.strerror or exc})\n  hint: pass the .icc file your printer supplied") from None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        raise UsageError(f"--icc {path}: is not an ICC profile that LittleCMS can open\n  hint: {hint_cmyk}") from None
    space = (profile.profile.xcolor_space or "").strip()
    if space != "CMYK":
        raise UsageError(f"--icc {path}: is a {space or 'unknown'} profile, not CMYK\n  hint: {hint_cmyk}")
    if profile.profile.device_class != "prtr":
        raise UsageError(f"--icc {path}: is a CMYK profile of class {profile.profile.device_class!r}, not an output (printer) profile\n  hint: ask the printer for their press output profile")
    try:
        ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), "CMYK", "RGB")
    except ImageCms.PyCMSError:
        raise UsageError(f"--icc {path}: is a CMYK printer profile that LittleCMS cannot convert colours with (its lookup tables are missing or broken)\n  hint: {hint_cmyk}") from None
    out = OutputProfile(data, path.stem)
    try:
        out.printer  # print colours are judged through it: it must convert
    except Exception as exc:  # noqa: BLE001 - LittleCMS says why in its own words
        raise UsageError(f"--icc {path}: the colour engine (LittleCMS) cannot use this profile ({exc})\n  hint: pass the .icc file your printer supplied, unchanged") from None
    return out


def summary_table(results):
    from rich.table import Table

    by_edition: dict[str, dict] = {}
    for r in results:
        row = by_edition.setdefault(r.job.edition, {"ok": 0, "failed": 0, "files": 0, "warnings": 0})
        row["ok" if r.ok else "failed"] += 1
        row["files"] += len(r.files)
        row["warnings"] += sum(1 for f in r.findings if f.get("severity") == "warning")
    t = Table(title="Build summary")
    t.add_column("edition")
    t.add_column("outputs", justify="right")
    t.add_column("failed", justify="right")
    t.add_column("warnings", justify="right")
    t.add_column("files", justify="right")
    for slug, row in by_edition.items():
        t.add_row(slug, str(row["ok"] + row["failed"]), (f"[red]{row['failed']}[/]" if row["failed"] else "0"), str(row["warnings"]), str(row["files"]))
    return t
