"""An edition's proof sheet, started as soon as the last of its outputs is made.

A sheet shows every output of its edition, so it could only be drawn once the
batch had ended; the proof index waits for the sheets, so a build ended with
the biggest sheet and then the index, on one worker, while the other had
nothing left to do. Started here, while the batch goes on, the sheets of the
editions made first are drawn between the outputs of the others (the batch
keeps only a few jobs queued, see posters.batch.run_batch).

A sheet started early is kept only if it is exactly the sheet the publishing
step would draw from the build's manifest (the same cells, entries and
labels); otherwise it is drawn again there. It is written before the manifest,
as every file of a build is: a build stopped before the end leaves a manifest
that no longer matches it, so the next build draws it again.
"""

from __future__ import annotations

from concurrent.futures import Future


class EarlySheets:
    """Watches the batch's results; draws each edition's sheet in `pool` when its outputs are all in.

    `expected`: per edition, how many outputs this run makes; `before`: the results already known
    (outputs kept from the last build); `carried`: per edition, the files of outputs this run does
    not touch that the manifest will carry (see posters.manifest.carried_files)."""

    def __init__(self, project, out_dir, pool, expected: dict[str, int], before: list, carried: dict[str, list]):
        self.project = project
        self.out_dir = out_dir
        self.pool = pool
        self.left = dict(expected)
        self.files: dict[str, list] = {slug: list(carried.get(slug, [])) for slug in expected}
        self.started: dict[str, tuple[object, Future]] = {}  # slug -> (the sheet, its drawing)
        for r in before:
            self.done(r)

    def done(self, result) -> None:
        slug = result.job.edition
        if slug not in self.left:
            return
        self.files[slug] += result.files
        self.left[slug] -= 1
        if not self.left[slug]:
            self._start(slug)

    def _start(self, slug: str) -> None:
        from posters.manifest import Manifest
        from posters.publish.proof import sheet_jobs, write_sheet

        manifest = Manifest.for_campaign(self.project.campaign, sorted(self.files.pop(slug), key=lambda e: e.file))  # as write_manifest orders them
        for stem, sheet, kind, edition in sheet_jobs(self.project, manifest, [slug], index_slugs=[]):
            self.started[slug] = (sheet, self.pool.call(write_sheet, self.out_dir, stem, sheet, kind, edition))

    def take(self, slug: str, sheet) -> Future | None:
        """The drawing of the edition's sheet, if the one started is `sheet` (None: draw it now)."""
        got = self.started.pop(slug, None)
        if got is None:
            return None
        if got[0] != sheet:
            if not got[1].cancel():
                got[1].exception()  # let it finish: the sheet drawn now must be the last written
            return None
        return got[1]
