"""The force pack download: the edition built on request, exactly as `posters build -e SLUG` would.

The pack is made from the files as they are now, so it always matches what
the page previews; a build's out/ folder may be stale, missing or elsewhere,
and reading it would mean taking a path from the request side. The build runs
into a private temporary folder, and only the pack's bytes leave it.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from posters.errors import InputError, Problem


def edition_pack(project, logos, slug: str) -> tuple[str, bytes]:
    try:
        from posters.publish import publish
        from posters.publish.pack import pack_name
    except ImportError:  # a tree without the publish stage: the outputs alone
        return f"{slug}.zip", _plain_zip(project, logos, slug)
    from posters.batch import Filters, jobs_for, run_batch
    from posters.manifest import write_manifest

    with tempfile.TemporaryDirectory(prefix="posters-pack-") as tmp:
        out_dir = Path(tmp)
        results = run_batch(project.root, out_dir, jobs_for(project, Filters(editions=[slug])), workers=1, verify=True)
        manifest = write_manifest(out_dir, project.campaign, results)
        published, problems, notes = publish(out_dir, project, manifest, results)
        failed = [p for r in results if not r.ok for p in r.problems]
        name = pack_name(slug)
        pack = out_dir / name
        if failed or problems or not pack.is_file():
            reasons = failed + problems or [Problem(slug, "", notes[0] if notes else "no pack was made", "")]
            raise InputError(reasons)
        return name, pack.read_bytes()


def _plain_zip(project, logos, slug: str) -> bytes:
    from posters.batch import Filters, jobs_for, make_output

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for job in jobs_for(project, Filters(editions=[slug])):
            for name, data in make_output(project, logos, job).files.items():
                z.writestr(zipfile.ZipInfo(f"{slug}/{name}", date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()
