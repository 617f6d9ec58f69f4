"""Force packs: one zip per edition, `<out>/<edition>.zip`, to hand to a force.

Inside, under a folder named for the edition:

    print/        the print PDFs, exactly the edition's "print" files: what goes to the printer
    digital/      screen PDFs and PNGs, for the force's web and social media teams
    social/       alt text and captions for each screen image: one JSON per image, captions.csv
    web/          the accessible HTML pages, to publish beside any poster put online
    proof/        the edition's proof sheet, for sign-off
    imposed/      press sheets n-up (`posters impose`), when they were made for this build
    printer-spec.txt, quantities.csv, SHA256SUMS, manifest.json, README.txt
    preflight.html, preflight.pdf   every file, every check and its result, for any viewer
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


def release_name(slug: str, version: str, fingerprint: str) -> str:
    """A release pack carries the campaign version and the build fingerprint the approval signed."""
    return f"{slug}-v{version}-{fingerprint}.zip"


def folder_for(entry: Entry, web_images: frozenset[str] = frozenset()) -> str:
    """Which folder of the pack a built file belongs in. `web_images`: formats whose PNGs
    sit beside the web pages (the link preview the pages' Open Graph tags name)."""
    if entry.file.endswith(".html"):
        return "web"
    if entry.type == "png" and entry.layout in web_images:
        return "web"
    if entry.is_proof:
        return "proof"
    if entry.kind == "imposed":
        return "imposed"
    if entry.kind in ("social", "social-csv"):
        return "social"
    if entry.profile == "print" and entry.is_pdf:
        return "print"
    return "digital"


def old_release_packs(out_dir: Path, slug: str) -> list[Path]:
    """Release packs of the edition a previous `--release` build wrote."""
    import re

    pattern = re.compile(rf"{re.escape(slug)}-v[0-9A-Za-z.\-]+-[0-9a-f]{{16}}\.zip")
    return sorted(p for p in out_dir.glob(f"{slug}-v*.zip") if pattern.fullmatch(p.name))


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


MAX_OPEN_LISTED = 12


def draft_lines(project, slug: str) -> list[str]:
    """What a pack made without --release says first: that no one approved its files, and what a
    release would refuse until it is settled (unconfirmed facts, unreviewed copy and translations)."""
    lines = [
        "DRAFT, NOT APPROVED FOR PRINT: made by 'posters build' without --release. A release pack",
        "(posters build --release) holds approval.toml and the campaign version in every file name.",
    ]
    problems = project.copy_problems(release=False, editions=[slug])
    if problems:
        lines += ["", f"Still to settle before a release ({len(problems)}):"]
        lines += [f"  - {p.file}" + (f" [{p.key}]" if p.key else "") + f": {p.message}" for p in problems[:MAX_OPEN_LISTED]]
        if len(problems) > MAX_OPEN_LISTED:
            lines.append(f"  - and {len(problems) - MAX_OPEN_LISTED} more ('posters build' lists them all)")
    return lines


def _readme(edition, counts: dict[str, int], approved: bool = False, draft: list[str] = ()) -> str:
    lines = [f"{edition.name}: force pack", ""]
    if draft:
        lines += [*draft, ""]
    notes = {
        "print": "print PDFs for the print supplier (see printer-spec.txt)",
        "digital": "screen PDFs and PNG images for websites and social media; not for print",
        "web": "accessible HTML pages: publish one beside any poster you put online, with the link-preview image its tags name",
        "social": "alt text and a caption per platform for each image in digital/ and web/ (one JSON per image; captions.csv for a scheduling tool)",
        "proof": "proof sheet for sign-off (screen colours, not for print)",
        "imposed": "press sheets with the small items n-up, fronts and backs registered (see printer-spec.txt)",
    }
    for folder in ("print", "imposed", "digital", "social", "web", "proof"):
        if counts.get(folder):
            n = counts[folder]
            lines.append(f"{folder + '/':9} {n:3} {'file ' if n == 1 else 'files'}  {notes[folder]}")
    lines += ["", "attribution.csv lists the code on each QR link and what it stands for (for the charity's analytics team)."]
    if approved:
        lines += ["approval.toml records who approved these files (by sha256), when, and from which proof; every file here is an approved one."]
    lines += ["preflight.pdf (and preflight.html) lists every file, every check it passed and any warning."]
    lines += ["manifest.json lists every file with its checksum; SHA256SUMS checks them all (sha256sum -c SHA256SUMS)."]
    return "\n".join(lines) + "\n"


def build_pack(out_dir: Path, project, manifest: Manifest, slug: str, extra: list[Entry], approval: str | None = None, tag: str | None = None, rows: list | None = None) -> bytes:
    """The pack's bytes: the edition's manifest files plus `extra` (accessible pages, proofs);
    `approval` is the edition's sign-off (approvals/<edition>.toml) for a release pack, and
    `tag` ("v1-<fingerprint>") goes into every file's name in it. `rows`: the build's table
    of QR link codes (posters.inputs.attribution.rows), when it has it already."""
    edition = project.edition(slug)
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    entries: list[Entry] = []
    from posters.publish.accessible import PREVIEW_PLATFORM

    web_images = frozenset(lay.format for lay in project.layouts if PREVIEW_PLATFORM in lay.platforms)
    for e in sorted([e for e in [*manifest.files, *extra] if e.edition == slug], key=lambda e: e.file):
        folder = folder_for(e, web_images)
        p = Path(e.file)
        name = f"{folder}/{p.stem}.{tag}{p.suffix}" if tag else f"{folder}/{p.name}"
        if name in members:
            raise PackError(Problem(e.file, "", f"two files would be {name} in the pack", "give the outputs distinct names"))
        members[name] = _read_checked(out_dir, e)
        entries.append(replace(e, in_pack=name))
        counts[folder] = counts.get(folder, 0) + 1
    print_rows = [(e.in_pack, e) for e in entries if folder_for(e, web_images) in ("print", "imposed")]
    layouts = {lay.format: lay for lay in project.layouts}
    from posters.manifest import fingerprint
    from posters.publish.spec import QUANTITIES_CSV, quantities_csv

    fp = fingerprint([e for e in manifest.files if e.edition == slug])
    draft = draft_lines(project, slug) if approval is None else []
    members["printer-spec.txt"] = spec_text(f"{edition.name} ({slug})", project.campaign, print_rows, out_dir, layouts, fp, draft).encode("utf-8")
    members[QUANTITIES_CSV] = quantities_csv(print_rows, layouts).encode("utf-8")
    from posters.publish import preflight

    members["preflight.html"] = preflight.html(f"{edition.name} ({slug})", project.campaign, fp, entries).encode("utf-8")
    members["preflight.pdf"] = preflight.pdf(f"{edition.name} ({slug})", project.campaign, fp, entries)
    part = manifest.for_pack(slug, edition.name, sorted(entries, key=lambda e: e.in_pack))
    members["manifest.json"] = part.to_json().encode("utf-8")
    members["README.txt"] = _readme(edition, counts, approval is not None, draft).encode("utf-8")
    if approval is not None:
        from posters.publish.approval import IN_PACK

        members[IN_PACK] = approval.encode("utf-8")
    from posters.inputs import attribution

    mine = [r for r in (attribution.rows(project) if rows is None else rows) if r.edition == slug]
    members[attribution.CSV_NAME] = attribution.csv_text(mine, project.campaign).encode("utf-8")
    members["SHA256SUMS"] = sha256sums([(n, sha256(d)) for n, d in sorted(members.items())]).encode("utf-8")
    return zip_bytes({f"{slug}/{n}": d for n, d in members.items()})


def write_pack(project, out_dir: Path, manifest: Manifest, slug: str, extra: list[Entry], name: str | None = None, approval: str | None = None, tag: str | None = None, rows: list | None = None) -> tuple[Entry | None, Problem | None]:
    """Write one edition's pack (`<out>/<slug>.zip`, or `name`): its entry, or the problem that stopped it."""
    path = out_dir / (name or pack_name(slug))
    try:
        data = build_pack(out_dir, project, manifest, slug, extra, approval, tag, rows)
    except PackError as exc:
        path.unlink(missing_ok=True)  # an older pack would not match this build's files
        return None, exc.problem
    atomic.write_bytes(path, data)
    return Entry.of(out_dir, path, data, edition=slug), None


def write_packs(out_dir: Path, project, manifest: Manifest, slugs: list[str], extra: list[Entry], names: dict[str, str] | None = None, approvals: dict[str, str] | None = None, tags: dict[str, str] | None = None, rows: list | None = None) -> tuple[list[Entry], list[Problem]]:
    """Write `<out>/<slug>.zip` (or the name in `names`) for each named edition; return manifest entries and problems."""
    entries, problems = [], []
    for slug in slugs:
        entry, problem = write_pack(project, out_dir, manifest, slug, extra, (names or {}).get(slug), (approvals or {}).get(slug), (tags or {}).get(slug), rows)
        entries += [entry] if entry is not None else []
        problems += [problem] if problem is not None else []
    return entries, problems
