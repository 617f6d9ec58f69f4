"""An edition's proof sheet and printable proof, started as soon as the last of its outputs is made;
its social kit and accessible pages written then too.

Both show every output of their edition, so they could only be drawn once the
batch had ended; the proof index waits for the sheets, so a build ended with
the biggest sheet and then the index, on one worker, while the other had
little left to do. Started here, while the batch goes on, the proofs of the
editions made first are drawn between the outputs of the others (the batch
keeps only a few jobs queued, see posters.batch.run_batch).

A proof started early is kept only if it was drawn from exactly what the
publishing step would draw it from (the sheet's cells, entries and labels; the
edition's manifest cut, its code table included); otherwise it is drawn again
there. It is written before the manifest, as every file of a build is: a build
stopped before the end leaves a manifest that no longer matches it, so the
next build draws it again. Whatever fails here (a file that cannot be written)
is left to the publishing step, which makes it again and reports the failure
after the outputs' own, as a build reports it.
"""

from __future__ import annotations

from concurrent.futures import Future


class EarlyProofs:
    """Watches the batch's results; draws each edition's proofs in `pool` when its outputs are all in.

    `expected`: per edition, how many outputs this run makes; `before`: the results already known
    (outputs kept from the last build); `carried`: per edition, the files of outputs this run does
    not touch that the manifest will carry (see posters.manifest.carried_files); `codes`: the
    manifest's table of QR link codes (posters.inputs.attribution.manifest_section)."""

    def __init__(self, project, out_dir, pool, expected: dict[str, int], before: list, carried: dict[str, list], codes: dict):
        self.project = project
        self.out_dir = out_dir
        self.pool = pool
        self.codes = codes
        self.left = dict(expected)
        self.files: dict[str, list] = {slug: list(carried.get(slug, [])) for slug in expected}
        self.started: dict[tuple[str, str], tuple[object, Future]] = {}  # (what, slug) -> (what it was drawn from, its drawing)
        for r in before:
            self.done(r)

    def done(self, result) -> None:
        slug = result.job.edition
        if slug not in self.left:
            return
        self.files[slug] += result.files
        self.left[slug] -= 1
        if not self.left[slug]:
            try:
                self._start(slug)
            except Exception:  # noqa: BLE001 - publishing makes whatever was not started, and reports what fails where a build reports it
                pass

    def _start(self, slug: str) -> None:
        from posters.manifest import Manifest
        from posters.publish.accessible import write_accessible
        from posters.publish.proof import sheet_jobs, write_sheet
        from posters.publish.proof_pages import write_pages
        from posters.publish.social import write_social

        manifest = Manifest.for_campaign(self.project.campaign, sorted(self.files.pop(slug), key=lambda e: e.file))  # as write_manifest orders them
        manifest.extra["attribution"] = self.codes
        for stem, sheet, kind, edition in sheet_jobs(self.project, manifest, [slug], index_slugs=[]):
            self.started["sheet", slug] = (sheet, self.pool.call(write_sheet, self.out_dir, stem, sheet, kind, edition))
        cut = manifest.cut(slug)
        self.started["pages", slug] = (cut, self.pool.call(write_pages, self.out_dir, cut, slug))
        # its accessible pages and social kit, here, while the workers draw: the edition's pack needs them
        problems: list = []
        no_kit: set[str] = set()
        social = write_social(self.out_dir, self.project, cut, [slug], problems, no_kit)
        accessible = write_accessible(self.out_dir, self.project, [slug], problems)
        done: Future = Future()
        done.set_result((social, accessible, problems, bool(no_kit)))
        self.started["kit", slug] = (cut, done)

    def take(self, what: str, slug: str, source) -> Future | None:
        """The drawing of the edition's sheet or printable proof (`what`: "sheet", "pages") if it was
        started from `source` (the sheet; the manifest cut); None: draw it now. "kit": its social
        kit and accessible pages, (kit entries, page entries, problems, whether a kit failed), made
        from the manifest cut."""
        got = self.started.pop((what, slug), None)
        if got is None:
            return None
        if got[0] != source:
            if not got[1].cancel():
                got[1].exception()  # let it finish: the one drawn now must be the last written
            return None
        return got[1]
