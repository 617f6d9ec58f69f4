"""Force packs: one zip per edition, `<out>/<edition>.zip`, to hand to a force.

Inside, under a folder named for the edition:

    print/        the print PDFs, exactly the edition's "print" files: what goes to the printer
    digital/      screen PDFs and PNGs, for the force's web and social media teams
    web/          the accessible HTML pages, to publish beside any poster put online
    proof/        the edition's proof sheet, for sign-off
    printer-spec.txt, SHA256SUMS, manifest.json, README.txt
    attribution.csv  the codes on this edition's QR links, for the charity's analytics team

The pack's manifest.json is the build's, cut to the edition: each entry keeps
the build's `file` path and adds `in_pack`, where the file sits in the pack
(relative to the manifest), so `posters check` on an unzipped pack finds each
file's entry; the top-level campaign facts (helpline, allowed web addresses)
let it check the files where there is no project.

Digital files travel in the same pack because the force is one customer with
several teams; they sit in their own folder so `print/` can go to a supplier
untouched. Every file is read back and its checksum compared with the
manifest before it is packed: a file changed since the build stops the pack.

The zip is deterministic (fixed dates, sorted names, fixed permissions), so
two builds of the same inputs give byte-identical packs.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from posters import atomic
from posters.errors import Problem
from posters.fingerprint import sha256
from posters.manifest import Entry, Manifest
from posters.publish.spec import sha256sums, spec_text

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no clock in the bytes
FILE_MODE = 0o644


def pack_name(slug: str) -> str:
    return f"{slug}.zip"


def folder_for(entry: Entry) -> str:
    """Which folder of the pack a built file belongs in."""
    if entry.file.endswith(".html"):
        return "web"
    if entry.is_proof:
        return "proof"
    if entry.profile == "print" and entry.is_pdf:
        return "print"
    return "digital"


class PackError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def _read_checked(out_dir: Path, entry: Entry) -> bytes:
    path = out_dir / entry.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(Problem(str(path), "", f"cannot be read for the pack ({exc.strerror})", "run the build again")) from None
    if sha256(data) != entry.sha256:
        raise PackError(Problem(str(path), "", "changed since the build wrote it (checksum differs from manifest.json)", "run the build again; do not edit files in the output folder"))
    return data


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3  # Unix, so the permission bits below are honoured
            info.external_attr = (0o100000 | FILE_MODE) << 16
            # PDF streams and PNGs are compressed already: deflating them again costs
            # most of the pack's time and saves a few percent
            stored = name.endswith((".pdf", ".png"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name], compresslevel=None if stored else 9)
    return buf.getvalue()


def _readme(edition, counts: dict[str, int]) -> str:
    lines = [f"{edition.name}: force pack", ""]
    notes = {
        "print": "print PDFs for the print supplier (see printer-spec.txt)",
        "digital": "screen PDFs and PNG images for websites and social media; not for print",
        "web": "accessible HTML pages: publish one beside any poster you put online",
        "proof": "proof sheet for sign-off (screen colours, not for print)",
    }
    for folder in ("print", "digital", "web", "proof"):
        if counts.get(folder):
            n = counts[folder]
            lines.append(f"{folder + '/':9} {n:3} {'file ' if n == 1 else 'files'}  {notes[folder]}")
    lines += ["", "attribution.csv lists the code on each QR link and what it stands for (for the charity's analytics team)."]
    lines += ["manifest.json lists every file with its checksum; SHA256SUMS checks them all (sha256sum -c SHA256SUMS)."]
    return "\n".join(lines) + "\n"


def build_pack(out_dir: Path, project, manifest: Manifest, slug: str, extra: list[Entry]) -> bytes:
    """The pack's bytes: the edition's manifest files plus `extra` (accessible pages, proofs)."""
    edition = project.edition(slug)
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    entries: list[Entry] = []
    for e in sorted([e for e in [*manifest.files, *extra] if e.edition == slug], key=lambda e: e.file):
        folder = folder_for(e)
        name = f"{folder}/{Path(e.file).name}"
        if name in members:
            raise PackError(Problem(e.file, "", f"two files would be {name} in the pack", "give the outputs distinct names"))
        members[name] = _read_checked(out_dir, e)
        entries.append(replace(e, in_pack=name))
        counts[folder] = counts.get(folder, 0) + 1
    print_rows = [(e.in_pack, e) for e in entries if folder_for(e) == "print"]
    layouts = {lay.format: lay for lay in project.layouts}
    members["printer-spec.txt"] = spec_text(f"{edition.name} ({slug})", project.campaign, print_rows, out_dir, layouts).encode("utf-8")
    part = manifest.for_pack(slug, edition.name, sorted(entries, key=lambda e: e.in_pack))
    members["manifest.json"] = part.to_json().encode("utf-8")
    members["README.txt"] = _readme(edition, counts).encode("utf-8")
    from posters.inputs import attribution

    mine = [r for r in attribution.rows(project) if r.edition == slug]
    members[attribution.CSV_NAME] = attribution.csv_text(mine, project.campaign).encode("utf-8")
    members["SHA256SUMS"] = sha256sums([(n, sha256(d)) for n, d in sorted(members.items())]).encode("utf-8")
    return zip_bytes({f"{slug}/{n}": d for n, d in members.items()})


def write_packs(out_dir: Path, project, manifest: Manifest, slugs: list[str], extra: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """Write `<out>/<slug>.zip` for each named edition; return manifest entries and problems."""
    entries, problems = [], []
    for slug in slugs:
        path = out_dir / pack_name(slug)
        try:
            data = build_pack(out_dir, project, manifest, slug, extra)
        except PackError as exc:
            problems.append(exc.problem)
            path.unlink(missing_ok=True)  # an older pack would not match this build's files
            continue
        atomic.write_bytes(path, data)
        entries.append(Entry.of(out_dir, path, data, edition=slug))
    return entries, problems
