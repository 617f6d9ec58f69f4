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


def publish(out_dir: Path, project, manifest, results, workers: int = 1) -> tuple[dict, list[Problem], list[str]]:
    """Write everything; return (manifest sections, problems, notes for the user)."""
    from posters.publish.accessible import write_accessible
    from posters.publish.pack import pack_name, write_packs
    from posters.publish.proof import write_proofs

    built = list(dict.fromkeys(r.job.edition for r in results))
    complete = complete_editions(project, results)
    page_problems: list[Problem] = []
    accessible = write_accessible(out_dir, project, built, page_problems)
    proofs = write_proofs(out_dir, project, manifest, built, workers)
    packs, problems = write_packs(out_dir, project, manifest, complete, accessible + proofs)
    problems = page_problems + problems
    notes = []
    skipped = [s for s in built if s not in complete]
    for slug in skipped:
        # an older pack would not match this run's files
        (out_dir / pack_name(slug)).unlink(missing_ok=True)
    if skipped:
        why = "a layout file could not be used" if project.layout_problems else "a pack needs every output of its edition built without failure in one run"
        notes.append(f"no force pack for {', '.join(skipped)}: {why}")
    return {"accessible": accessible, "proofs": proofs, "packs": packs}, problems, notes
