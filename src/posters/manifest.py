"""The manifest: `manifest.json`, the record of every file a build wrote
(sha256, edition, layout, language, message, page size, QR link). The
fingerprint itself is `posters.fingerprint.sha256`.

The build, the proof sheets, the accessible pages and the force packs make
their entries here (`Entry.of`); the packs and `posters check` read them back
through `Manifest.from_dict`, so every reader and writer agrees on one shape.
An entry holds only what applies to its file: a field left None is not
written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from posters import atomic, names
from posters.errors import InputError, Problem
from posters.fingerprint import sha256

FILE_NAME = "manifest.json"
SECTIONS = ("accessible", "social", "proofs", "imposed", "packs")  # written after the batch, beside "files"


@dataclass(frozen=True)
class Entry:
    """One file a build wrote."""

    file: str  # path from the manifest's folder, with forward slashes
    sha256: str
    bytes: int
    type: str  # "pdf", "png", "html", "zip"
    edition: str | None = None
    # an output of the batch
    layout: str | None = None
    layout_file: str | None = None
    profile: str | None = None  # "print" or "screen"
    language: str | None = None
    message: str | None = None
    pages: int | None = None
    trim_mm: list[float] | None = None
    bleed_mm: float | None = None
    artwork_scale: str | None = None  # "1:10": the file is scaled artwork of a larger format
    full_size_mm: list[float] | None = None  # the trim at full size, for scaled artwork
    viewing_distance_m: float | None = None  # image resolution thresholds fall with it
    size_px: list[int] | None = None
    qr_payload: str | None = None
    helpline: str | None = None
    pdfx: str | None = None
    pdfx_condition: str | None = None
    artwork: str | None = None  # a print PDF's artwork fingerprint, printed in its slug (render/slug.py)
    # what was checked before the file was written: check id -> "passed" or "warning: ..."
    checks: dict[str, str] | None = None
    # a proof sheet
    kind: str | None = None  # "proof", "proof-index" or "imposed"
    thumbnails: int | None = None
    # an imposed sheet: how the copies stand on it
    imposition: str | None = None
    # in a force pack's manifest: where the file sits in the pack
    in_pack: str | None = None
    # a social kit file (kind "social"): the image it describes, its alt text, and per platform the caption and its link
    image: str | None = None
    alt_text: str | None = None
    captions: dict[str, str] | None = None
    links: dict[str, str] | None = None

    @classmethod
    def of(cls, out_dir: Path, path: Path, data: bytes, **facts) -> "Entry":
        """The entry for `data`, written at `path` under `out_dir`."""
        return cls(path.relative_to(out_dir).as_posix(), sha256(data), len(data), path.suffix.lstrip("."), **facts)

    @classmethod
    def from_dict(cls, d: object) -> "Entry | None":
        """An entry read from a manifest; None for anything that is not one (no file name)."""
        if not isinstance(d, dict) or not isinstance(d.get("file"), str):
            return None
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in d.items() if k in known}
        values.setdefault("sha256", "")
        values.setdefault("bytes", 0)
        values.setdefault("type", Path(d["file"]).suffix.lstrip("."))
        return cls(**values)

    def as_dict(self) -> dict:
        # fields hold only JSON values (str, numbers, lists of numbers, a dict of str): no deep copy needed
        return {f.name: v for f in _FIELDS if (v := getattr(self, f.name)) is not None}

    @property
    def is_pdf(self) -> bool:
        return self.file.endswith(".pdf")

    @property
    def is_proof(self) -> bool:
        return str(self.kind or "").startswith("proof")

    def unchanged(self, base: Path) -> bool:
        """The file is still where the entry says, with the bytes it had."""
        from posters.fingerprint import file_sha256_seen

        try:
            return bool(self.sha256) and file_sha256_seen(base / self.file) == self.sha256
        except OSError:
            return False


_FIELDS = fields(Entry)


@dataclass
class Manifest:
    """The campaign's facts (what `posters check` needs without the project) and every file."""

    campaign: str
    helpline: str
    helpline_tel: str
    self_help_url: str
    allowed_hosts: list[str]
    files: list[Entry] = field(default_factory=list)
    sections: dict[str, list[Entry]] = field(default_factory=dict)  # accessible, proofs, packs
    extra: dict = field(default_factory=dict)  # other top-level keys (the QR attribution table; a pack's edition and its name)

    @classmethod
    def for_campaign(cls, campaign, files: list[Entry]) -> "Manifest":
        return cls(campaign.id, campaign.helpline_display, campaign.helpline_tel, campaign.url, list(campaign.allowed_hosts), files)

    @classmethod
    def from_dict(cls, d: object) -> "Manifest | None":
        """A manifest read back; None for JSON that is not a build's manifest."""
        if not isinstance(d, dict) or not isinstance(d.get("files"), list):
            return None
        hosts = d.get("allowed_hosts")
        m = cls(
            str(d.get("campaign", "")),
            d.get("helpline") if isinstance(d.get("helpline"), str) else "",
            d.get("helpline_tel") if isinstance(d.get("helpline_tel"), str) else "",
            d.get("self_help_url") if isinstance(d.get("self_help_url"), str) else "",
            [h for h in hosts if isinstance(h, str)] if isinstance(hosts, list) else [],
            _entries(d["files"]),
        )
        m.sections = {s: _entries(d[s]) for s in SECTIONS if isinstance(d.get(s), list)}
        m.extra = {k: v for k, v in d.items() if k not in {"campaign", "helpline", "helpline_tel", "self_help_url", "allowed_hosts", "files", *SECTIONS}}
        return m

    def as_dict(self) -> dict:
        out = {
            "campaign": self.campaign,
            "helpline": self.helpline,
            "helpline_tel": self.helpline_tel,
            "self_help_url": self.self_help_url,
            "allowed_hosts": list(self.allowed_hosts),  # what `posters check` needs to judge QR links without the project
            "files": [e.as_dict() for e in self.files],
        }
        for section, entries in self.sections.items():
            out[section] = [e.as_dict() for e in entries]
        return {**self.extra, **out}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def checkable(self) -> list[Entry]:
        """Every entry `posters check` may match a PDF to: posters, proof sheets and imposed sheets (a build lists
        its proofs and sheets apart, a pack among its files)."""
        return [*self.files, *self.sections.get("proofs", []), *self.sections.get("imposed", [])]

    def assets(self, edition: str) -> list[Entry]:
        """An edition's PDF outputs (PNGs are renderings of a PDF)."""
        return [e for e in self.files if e.edition == edition and e.is_pdf]

    def cut(self, edition: str) -> "Manifest":
        """Only the edition's files and its rows of the code table: what the work on one edition
        reads (sent to a worker process, where the rest would be copied for nothing)."""
        return replace(self, files=[e for e in self.files if e.edition == edition], sections={}, extra=_codes_of(self.extra, edition))

    def for_pack(self, edition: str, edition_name: str, files: list[Entry]) -> "Manifest":
        """The manifest cut to one edition, as its force pack carries it."""
        kept = _codes_of(self.extra, edition)  # the codes on the QR links travel with the files
        return replace(self, files=files, sections={}, extra={**kept, "edition": edition, "edition_name": edition_name})


def _codes_of(extra: dict, edition: str) -> dict:
    """The code table cut to one edition's rows, as its pack's attribution.csv is: a force's
    pack has no use for the others' codes (at 45 forces they made each pack's manifest 380 KB)."""
    table = extra.get("attribution")
    if not isinstance(table, dict):
        return {}
    codes = table.get("codes")
    if isinstance(codes, dict):
        table = {**table, "codes": {c: row for c, row in codes.items() if isinstance(row, dict) and row.get("edition") == edition}}
    return {"attribution": table}


def _entries(items: list) -> list[Entry]:
    return [e for e in map(Entry.from_dict, items) if e is not None]


MAX_MANIFEST_BYTES = 20_000_000


def read_previous(out_dir: Path, warnings: list[Problem] | None = None) -> Manifest | None:
    """The manifest an earlier build left in this folder; None, with a warning, when it is not one this tool wrote.

    It is data found on disk, not an instruction: a link, an oversized,
    unreadable or deeply nested file is ignored, and so is every entry that is
    not a file a build writes inside the output folder (`names.inside`), so
    nothing after this (carried entries, stale files, packs, proofs) can read,
    keep or delete a file elsewhere.
    """
    path = out_dir / FILE_NAME
    warnings = warnings if warnings is not None else []
    hint = "the build writes a new manifest.json; do not edit it by hand"
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        warnings.append(Problem(str(path), "", "is not a plain file (a link or a folder); it was ignored", hint, "warning"))
        return None
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"over {MAX_MANIFEST_BYTES} bytes")
        manifest = Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, RecursionError) as exc:
        warnings.append(Problem(str(path), "", f"is not a readable manifest ({type(exc).__name__}); it was ignored", hint, "warning"))
        return None
    if manifest is None:
        warnings.append(Problem(str(path), "", "is not a manifest written by 'posters build'; it was ignored", hint, "warning"))
        return None

    folders: dict = {}  # resolved once for all the entries (names.inside)

    def inside(section: str, entries: list[Entry]) -> list[Entry]:
        kept = []
        for e in entries:
            if names.inside(out_dir, e.file, folders) is None:
                warnings.append(Problem(str(path), section, f"lists {e.file[:80]!r}, which is not a file a build writes inside the output folder; the entry was dropped", hint, "warning"))
            else:
                kept.append(e)
        return kept

    manifest.files = inside("files", manifest.files)
    manifest.sections = {s: inside(s, entries) for s, entries in manifest.sections.items()}
    return manifest


def read_manifest(path: Path) -> Manifest | None:
    """The manifest; None for a readable JSON file that is not a build's manifest.

    A manifest.json that cannot be read at all is an error even when it was
    only found, not named: it sits where a build's manifest would, and
    checking on without it would hide that it is broken.
    """
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise InputError([Problem(str(path), "", f"is over {MAX_MANIFEST_BYTES} bytes, larger than any build's manifest", "use the manifest.json that 'posters build' wrote")])
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise InputError([Problem(str(path), "", "is nested too deeply to be a manifest", "use the manifest.json that 'posters build' wrote")]) from None
    except FileNotFoundError:
        raise InputError([Problem(str(path), "", "does not exist", "pass --manifest with the manifest.json of the build the file came from")]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), "", f"is not a readable manifest ({exc})", "use the manifest.json that 'posters build' wrote")]) from None
    return Manifest.from_dict(data)


def load_manifest(path: Path) -> Manifest:
    """The manifest as written by `posters build`; a broken one is a clear error, not a traceback."""
    m = read_manifest(path)
    if m is None:
        raise InputError([Problem(str(path), "files", "is missing; this is not a manifest written by 'posters build'", "use the manifest.json from the build's output folder")])
    return m


def carry_over(
    previous: Manifest | None, out_dir: Path, jobs, results, made_by_project: set[tuple] | None = None, republished: set[str] | None = None, index_rebuilt: bool = True
) -> dict[str, list[Entry]]:
    """Entries of an earlier build that a filtered build did not touch.

    `posters build -e cumbria` into a folder that holds every edition must not
    make the other editions vanish from the manifest: their entries stay,
    provided the file is still there, unchanged, and the current project still
    makes it (`made_by_project`, see `current_outputs`; None: not judged).
    Anything this run made or tried to make is described by this run alone.

    `republished`: the editions whose accessible pages, proofs and pack this
    run wrote again (None: every edition of the run); the others keep theirs,
    as does the proof index unless `index_rebuilt`.
    """
    if previous is None:
        return {}
    editions = {j.edition for j in jobs} | {r.job.edition for r in results if r.ok} if republished is None else set(republished)
    files = carried_files(previous, out_dir, jobs, made_by_project)
    kept: dict[str, list[Entry]] = {"files": files} if files else {}
    for section, entries in previous.sections.items():
        for e in entries:
            if made_by_project is not None and not _still_made(section, e, made_by_project):
                continue  # a layout, edition, language or message the project no longer has
            if e.edition in editions or (not e.edition and index_rebuilt):
                continue  # this run rewrote (or removed) the edition's pages, proofs and pack, and the index
            if e.unchanged(out_dir):
                kept.setdefault(section, []).append(e)
    return kept


def carried_files(previous: Manifest | None, out_dir: Path, jobs, made_by_project: set[tuple] | None = None) -> list[Entry]:
    """The output files carry_over keeps: known before the batch, which writes none of them."""
    if previous is None:
        return []
    touched = {(j.edition, j.format, j.lang, j.message) for j in jobs}
    kept = []
    for e in previous.files:
        if made_by_project is not None and not _still_made("files", e, made_by_project):
            continue  # a layout, edition, language or message the project no longer has
        if (e.edition, e.layout, e.language, e.message) not in touched and e.unchanged(out_dir):
            kept.append(e)
    return kept


def current_outputs(project) -> set[tuple]:
    """(edition, layout, language, message) of every output the current project makes."""
    from posters.batch import Filters, jobs_for

    return {(j.edition, j.format, j.lang, j.message) for j in jobs_for(project, Filters())}


def _still_made(section: str, e: Entry, current: set[tuple]) -> bool:
    if section == "files":
        return (e.edition, e.layout, e.language, e.message) in current
    return not e.edition or any(c[0] == e.edition for c in current)


def stale_files(previous: Manifest | None, out_dir: Path, current: set[tuple]) -> list[Path]:
    """Files an earlier build recorded that the current project no longer makes, inside `out_dir` only."""
    if previous is None:
        return []
    out = set()
    for section, entries in [("files", previous.files), *previous.sections.items()]:
        for e in entries:
            if _still_made(section, e, current):
                continue
            path = names.inside(out_dir, e.file)  # a planted entry never reaches outside (read_previous dropped it already)
            if path is not None and path.is_file() and not path.is_symlink():
                out.add(path.resolve())
    return sorted(out)


def remove_stale(previous: Manifest | None, out_dir: Path, current: set[tuple]) -> list[str]:
    """Delete what `stale_files` finds; return the names removed, relative to the output folder."""
    removed = []
    for path in stale_files(previous, out_dir, current):
        path.unlink(missing_ok=True)
        removed.append(path.relative_to(out_dir.resolve()).as_posix())
    return removed


def write_manifest(
    out_dir: Path,
    campaign,
    results,
    extra: dict[str, list[Entry]] | None = None,
    kept: dict[str, list[Entry]] | None = None,
    attribution: dict | None = None,
    inputs: dict | None = None,
) -> Manifest:
    """`extra` adds the sections written after the batch (accessible pages,
    proofs, packs); `kept` holds an earlier build's entries (see carry_over);
    `attribution` is the code table of the QR links (see posters.inputs.attribution);
    `inputs` what each output was made from, for the next build (see posters.incremental)."""
    kept = kept or {}
    by_file = lambda e: e.file  # noqa: E731
    manifest = Manifest.for_campaign(campaign, sorted([*(f for r in results for f in r.files), *kept.get("files", [])], key=by_file))
    if attribution is not None:
        manifest.extra["attribution"] = attribution
    if inputs is not None:
        manifest.extra["inputs"] = inputs
    for section, entries in (extra or {}).items():
        manifest.sections[section] = sorted([*entries, *kept.get(section, [])], key=by_file)
    for section, entries in kept.items():
        # a section this run does not write (the imposed sheets of editions it did not rebuild) stays listed
        if section != "files" and section not in manifest.sections and entries:
            manifest.sections[section] = sorted(entries, key=by_file)
    atomic.write_text(out_dir / FILE_NAME, manifest.to_json())
    return manifest


def write_sections(out_dir: Path, manifest: Manifest) -> None:
    """Write a manifest read back and changed by a later command (`posters impose`, `posters approve`)."""
    atomic.write_text(out_dir / FILE_NAME, manifest.to_json())



def fingerprint(entries: list[Entry]) -> str:
    """The build fingerprint of a set of files (an edition's outputs), see posters.fingerprint.of_files."""
    from posters.fingerprint import of_files

    return of_files((e.file, e.sha256) for e in entries)
