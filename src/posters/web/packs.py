"""The force pack download: the edition built on request, exactly as `posters build -e SLUG` would.

The pack is made from the files as they are now, so it always matches what
the page previews; a build's out/ folder may be stale, missing or elsewhere,
and reading it would mean taking a path from the request side. The build runs
from the project and logo store the server already holds, into a private
temporary folder, and only the pack's bytes leave it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from posters.errors import InputError, Problem


def edition_pack(project, logos, slug: str) -> tuple[str, bytes]:
    from posters.batch import Filters, jobs_for, run_batch
    from posters.manifest import write_manifest
    from posters.publish import publish
    from posters.publish.pack import pack_name

    with tempfile.TemporaryDirectory(prefix="posters-pack-") as tmp:
        out_dir = Path(tmp)
        results = run_batch(project, out_dir, jobs_for(project, Filters(editions=[slug])), workers=1, verify=True, logos=logos)
        from posters.inputs import attribution

        # as `posters build` writes it, attribution table included: the two packs are the same bytes
        codes = attribution.manifest_section(attribution.rows(project), project.campaign)
        manifest = write_manifest(out_dir, project.campaign, results, attribution=codes)  # the pack reads the batch's files through it
        published, problems, notes = publish(out_dir, project, manifest, results)
        failed = [p for r in results if not r.ok for p in r.problems]
        name = pack_name(slug)
        pack = out_dir / name
        if failed or problems or not pack.is_file():
            reasons = failed + problems or [Problem(slug, "", notes[0] if notes else "no pack was made", "")]
            raise InputError(reasons)
        return name, pack.read_bytes()

