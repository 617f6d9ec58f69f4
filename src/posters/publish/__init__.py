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


def publish(out_dir: Path, project, manifest, results, workers: int = 1, release: bool = False) -> tuple[dict, list[Problem], list[str]]:
    """Write everything; return (manifest sections, problems, notes for the user).

    With `release`, a pack is written only for an edition whose every output is
    exactly a file its approval lists (approvals/<edition>.toml), named with the
    campaign version and the approved fingerprint and carrying the approval;
    every other edition is refused with the files named."""
    from posters.publish.accessible import write_accessible
    from posters.publish.pack import pack_name, write_packs
    from posters.publish.proof import write_proofs

    built = list(dict.fromkeys(r.job.edition for r in results))
    complete = complete_editions(project, results)
    notes = []
    # imposed sheets are made of the one-up files this run rewrote: they go, and are imposed again
    gone = [p for slug in built for p in sorted((out_dir / slug / "imposed").glob("*.pdf"))]
    for p in gone:
        p.unlink()
    if gone:
        notes.append(f"removed {len(gone)} imposed sheet(s) of the editions rebuilt; run 'posters impose' again")
    page_problems: list[Problem] = []
    from posters.publish.social import write_social

    no_kit: set[str] = set()
    social = write_social(out_dir, project, manifest, built, page_problems, no_kit)
    complete = [s for s in complete if s not in no_kit]  # a pack without an image's alt text and captions is not complete
    accessible = write_accessible(out_dir, project, built, page_problems)
    proofs = write_proofs(out_dir, project, manifest, built, workers)
    from posters.publish.proof_pages import write_proof_pages

    proofs += write_proof_pages(out_dir, project, manifest, built)  # the printable proof, A4 pages
    names = approvals = tags = None
    problems: list[Problem] = []
    if release:
        from posters.publish.pack import old_release_packs

        for slug in complete:
            # a release folder holds only packs of this build's approved files
            (out_dir / pack_name(slug)).unlink(missing_ok=True)
            for old in old_release_packs(out_dir, slug):
                old.unlink(missing_ok=True)
        complete, names, approvals, problems = _releasable(project, manifest, complete)
        tags = {slug: f"v{project.campaign.version}-{names[slug].rsplit('-', 1)[1].removesuffix('.zip')}" for slug in complete}
    packs, pack_problems = write_packs(out_dir, project, manifest, complete, accessible + social + proofs, names, approvals, tags)
    problems += pack_problems
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
