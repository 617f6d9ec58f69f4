"""What a build hands over after the batch: accessible pages, proof sheets and
force packs, all made from the build's manifest and the campaign data.

Order matters: a pack carries the edition's accessible pages and proof sheet,
so those are written first. A pack is written only for an edition whose every
output was built and passed in this run; a partial pack could reach a printer
looking complete.
"""

from __future__ import annotations

from pathlib import Path

from posters.errors import Problem


def complete_editions(project, results) -> list[str]:
    """Editions for which this run built every output, all without failure."""
    from posters.batch import Filters, jobs_for

    if project.layout_problems:
        return []  # a layout that could not be loaded would be missing from every pack without a trace
    done = {r.job.label for r in results if r.ok}
    built = list(dict.fromkeys(r.job.edition for r in results))
    return [s for s in built if all(j.label in done for j in jobs_for(project, Filters(editions=[s])))]


def publish(out_dir: Path, project, manifest, results, workers: int = 1, release: bool = False, index_slugs: list[str] | None = None, pool=None, rows: list | None = None, early=None) -> tuple[dict, list[Problem], list[str]]:
    """Write everything; return (manifest sections, problems, notes for the user).

    With `release`, a pack is written only for an edition whose every output is
    exactly a file its approval lists (approvals/<edition>.toml), named with the
    campaign version and the approved fingerprint and carrying the approval;
    every other edition is refused with the files named.

    `results` are those of the editions to publish again (an incremental build
    leaves the others' pages, proofs and packs as they are); `index_slugs` the
    editions the proof index shows (None: those of `results`; empty: the index
    is left as it is).

    The proof sheets, printable proofs and packs take nearly all the time: they
    are drawn in `pool` (the build's worker processes, posters.batch.Pool; None:
    a pool of `workers` for this call), the edition sheets first (the index is
    cut from them and starts when the last is written), biggest first, while
    this process writes the social kits and accessible pages edition by edition;
    an edition's pack starts as soon as its proofs, kit and pages are written.
    `rows`: the build's table of QR link codes, when it has it already.
    `early`: what was started while the batch ran (posters.publish.early.EarlyProofs:
    sheets, printable proofs, kits and pages), each used only if it was made
    from exactly what it would be made from here."""
    from posters.batch import Pool

    own = pool is None
    pool = Pool(project, workers) if own else pool
    try:
        return _publish(out_dir, project, manifest, results, pool, release, index_slugs, rows, early)
    finally:
        if own:
            pool.close()


def _publish(out_dir: Path, project, manifest, results, pool, release: bool, index_slugs: list[str] | None, rows: list | None, early) -> tuple[dict, list[Problem], list[str]]:
    import threading
    from concurrent.futures import as_completed

    from posters.publish.accessible import write_accessible
    from posters.publish.pack import pack_name, write_pack
    from posters.publish.proof import cost, sheet_jobs, write_sheet
    from posters.publish.proof_pages import write_pages

    built = list(dict.fromkeys(r.job.edition for r in results))
    complete = complete_editions(project, results)
    notes = []
    # imposed sheets are made of the one-up files this run rewrote: they go, and are imposed again
    gone = [p for slug in built for p in sorted((out_dir / slug / "imposed").glob("*.pdf"))]
    for p in gone:
        p.unlink()
    if gone:
        notes.append(f"removed {len(gone)} imposed sheet(s) of the editions rebuilt; run 'posters impose' again")
    # the proof sheets (with the index) and the printable proofs, biggest first; each
    # worker is sent only the entries of the edition it draws
    cuts = {slug: manifest.cut(slug) for slug in built}
    work = [(cost(sheet), slug, write_sheet, (out_dir, stem, sheet, kind, slug)) for stem, sheet, kind, slug in sheet_jobs(project, manifest, built, index_slugs)]
    work += [(cost_of_pages(cuts[slug], slug), slug, write_pages, (out_dir, cuts[slug], slug)) for slug in built]
    # the edition sheets first (the index waits for them), then the printable proofs; biggest first in each
    order = sorted(range(len(work)), key=lambda i: (work[i][2] is not write_sheet, -work[i][0]))
    # the index is cut from the edition sheets' PNGs: it starts once this run's sheets are written
    index_at = next((i for i, w in enumerate(work) if w[2] is write_sheet and w[3][3] == "proof-index"), None)
    sheets_left = {i for i, w in enumerate(work) if w[2] is write_sheet and i != index_at}
    futures = {}
    for i in order:
        if i == index_at:
            continue
        fn, args = work[i][2], work[i][3]
        # what each is drawn from: a sheet (out_dir, stem, sheet, kind, slug); a printable proof (out_dir, cut, slug)
        started = (early.take("sheet", work[i][1], args[2]) if fn is write_sheet else early.take("pages", work[i][1], args[1])) if early is not None else None
        futures[i] = started if started is not None else pool.call(fn, *args)
    # the index starts as soon as the last sheet is written, whatever this process is doing then
    index_started: list = []
    lock = threading.Lock()

    def sheet_written(i: int) -> None:
        with lock:
            sheets_left.discard(i)
            if index_at is not None and not sheets_left and not index_started:
                index_started.append(pool.call(write_sheet, *work[index_at][3]))

    if not sheets_left:
        sheet_written(-1)
    for i in list(sheets_left):
        futures[i].add_done_callback(lambda _, i=i: sheet_written(i))
    page_problems: list[Problem] = []
    from posters.publish.social import write_social

    if complete and rows is None:
        from posters.inputs import attribution

        rows = attribution.rows(project)
    # a pack carries its edition's pages, kit and proofs: it starts when they are written
    drawn: dict[int, list] = {}
    packs_started = {}
    names: dict[str, str] = {}
    approvals: dict[str, str] = {}
    tags: dict[str, str] = {}
    problems: list[Problem] = []
    own_work = {slug: [i for i in futures if work[i][1] == slug] for slug in built}

    def proofs_drawn(slug: str) -> bool:
        return all(futures[i].done() for i in own_work[slug])

    def take(i: int) -> None:
        got = futures[i].result()
        drawn[i] = got if isinstance(got, list) else [got] if got is not None else []

    def start_pack(slug: str) -> None:
        extra = [e for e in [*accessible, *social, *(e for i, es in drawn.items() if work[i][1] == slug for e in es)] if e.edition == slug]
        mine = [r for r in rows if r.edition == slug]
        packs_started[slug] = pool.call(write_pack, out_dir, cuts[slug], slug, extra, names.get(slug), approvals.get(slug), tags.get(slug), mine)

    no_kit: set[str] = set()
    social: list = []
    accessible: list = []
    packable = []
    # edition by edition, those whose proofs are drawn already (during the batch) first: each one's
    # pack starts as soon as its kit and pages are written, while this process writes the others'
    for slug in sorted(built, key=lambda s: not proofs_drawn(s)):
        made = early.take("kit", slug, cuts[slug]) if early is not None else None
        if made is not None:  # written during the batch, from the same files
            kit, pages, kit_problems, kit_failed = made.result()
            social += kit
            accessible += pages
            page_problems += kit_problems
            if kit_failed:
                no_kit.add(slug)
        else:
            social += write_social(out_dir, project, manifest, [slug], page_problems, no_kit)
            accessible += write_accessible(out_dir, project, [slug], page_problems)
        if slug not in complete or slug in no_kit:  # a pack without an image's alt text and captions is not complete
            continue
        if release:
            from posters.publish.pack import old_release_packs

            # a release folder holds only packs of this build's approved files
            (out_dir / pack_name(slug)).unlink(missing_ok=True)
            for old in old_release_packs(out_dir, slug):
                old.unlink(missing_ok=True)
            ok, got_names, got_approvals, refused = _releasable(project, manifest, [slug])
            problems += refused
            if not ok:
                continue
            names.update(got_names)
            approvals.update(got_approvals)
            tags[slug] = f"v{project.campaign.version}-{names[slug].rsplit('-', 1)[1].removesuffix('.zip')}"
        packable.append(slug)
        if proofs_drawn(slug):
            for i in own_work[slug]:
                take(i)
            start_pack(slug)
    complete = [s for s in complete if s in packable]
    waiting = {slug: sum(1 for i in own_work[slug] if i not in drawn) for slug in packable if slug not in packs_started}
    index_of = {f: i for i, f in futures.items() if i not in drawn}
    for f in as_completed(index_of):
        i = index_of[f]
        take(i)
        slug = work[i][1]
        if slug in waiting:
            waiting[slug] -= 1
            if not waiting[slug]:
                start_pack(slug)
    if index_at is not None:
        with lock:
            if not index_started:  # the last sheet's callback has not run yet, or could not start it
                index_started.append(pool.call(write_sheet, *work[index_at][3]))
        drawn[index_at] = index_started[0].result()
    proofs = [e for i in range(len(work)) for e in drawn[i]]
    packs = []
    for slug in complete:
        entry, problem = packs_started[slug].result()
        packs += [entry] if entry is not None else []
        problems += [problem] if problem is not None else []
    problems = page_problems + problems
    skipped = [s for s in built if s not in complete]
    for slug in skipped:
        # an older pack would not match this run's files
        (out_dir / pack_name(slug)).unlink(missing_ok=True)
    if skipped:
        why = "a layout file could not be used" if project.layout_problems else "a pack needs every output of its edition built without failure in one run"
        if set(skipped) <= no_kit:
            why = "an image's alt text or captions did not read back (see the errors above)"
        notes.append(f"no force pack for {', '.join(skipped)}: {why}")
    return {"accessible": accessible, "social": social, "proofs": proofs, "packs": packs}, problems, notes


def cost_of_pages(manifest, slug: str) -> float:
    """The printable proof costs about a third of the sheet (nothing is rasterised), in the sheet's measure."""
    return sum(int(e.bytes or 0) for e in manifest.assets(slug)) / 3


def _releasable(project, manifest, slugs: list[str]):
    from posters.publish import approval
    from posters.publish.pack import release_name

    ok, names, approvals, problems = [], {}, {}, []
    for slug in slugs:
        a = approval.load(project.root, slug)
        status = approval.compare(a, manifest.files, slug)
        if a is not None and status.releasable:
            ok.append(slug)
            names[slug] = release_name(slug, project.campaign.version, a.fingerprint)
            approvals[slug] = approval.dumps(a)
        else:
            problems += approval.release_problems(a, status, slug)
    return ok, names, approvals, problems
