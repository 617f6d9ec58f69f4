"""Integrity: is this the file the build wrote? Finding the manifest a PDF
belongs to, its entry there, and comparing fingerprints (sha256).

Where a manifest can be:

- a build writes `<out>/<edition>/<file>.pdf` and `<out>/manifest.json`;
- a force pack, unzipped, holds `<edition>/print/<file>.pdf` (and digital/,
  proof/) beside `<edition>/manifest.json`, whose entries keep the build's
  `file` path and record where the file sits in the pack as `in_pack`.

So the PDF's own folder and a few above it are searched. Files travel (a
download folder, an e-mail attachment), so an entry is matched by, in turn:
its path from the manifest's folder, its path in the pack, the fingerprint of
the file's bytes (an exact copy anywhere), and lastly its file name, which
the build makes unique per edition (`<format>.<message>.<lang>.pdf` in a
folder named for the edition) - the only way left to find the entry of a
file that was both moved and changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from posters.manifest import FILE_NAME as MANIFEST
from posters.fingerprint import sha256
from posters.manifest import Entry, Manifest
from posters.verify.findings import Finding, error

# The PDF's folder and three above: <out>/<edition>/x.pdf needs one step up,
# <pack>/<edition>/print/x.pdf one as well, and a pack unzipped into a folder
# of its own one more; beyond that a manifest.json is unlikely to be this file's.
SEARCH_LEVELS = 4

# How an entry was matched, in the report's words.
BY_PATH = "path"
BY_PACK_PATH = "path in pack"
BY_FINGERPRINT = "fingerprint"
BY_NAME = "file name"
BY_METADATA = "the file's own metadata"  # no manifest lists it; the facts the build wrote into its XMP name it


@dataclass(frozen=True)
class Match:
    entry: Entry
    how: str  # BY_PATH, BY_PACK_PATH, BY_FINGERPRINT or BY_NAME


def manifest_candidates(pdf_path: Path) -> list[Path]:
    """manifest.json files in the PDF's folder and the folders above it, nearest first."""
    here = pdf_path.resolve().parent
    folders = [here, *here.parents][:SEARCH_LEVELS]
    return [f / MANIFEST for f in folders if (f / MANIFEST).is_file()]


def match_entry(manifest: Manifest, manifest_path: Path, pdf_path: Path, digest: str) -> tuple[Match | None, str]:
    """The manifest entry for a PDF, and how it was found; or None and why not."""
    pdfs = [e for e in manifest.checkable() if e.is_pdf]
    try:
        rel = pdf_path.resolve().relative_to(manifest_path.resolve().parent).as_posix()
    except ValueError:
        rel = None
    if rel is not None:
        for key, how in (("file", BY_PATH), ("in_pack", BY_PACK_PATH)):
            hit = [e for e in pdfs if getattr(e, key) == rel]
            if len(hit) == 1:
                return Match(hit[0], how), ""
    same = [e for e in pdfs if e.sha256 == digest]
    if len(same) == 1:
        return Match(same[0], BY_FINGERPRINT), ""
    named = [e for e in (same or pdfs) if Path(e.file).name == pdf_path.name]
    if len(named) > 1:
        # the same name in several editions: the folder the file is in names its edition
        folders = {p.name for p in pdf_path.resolve().parents}
        in_edition = [e for e in named if e.edition in folders]
        if len(in_edition) != 1:
            editions = ", ".join(sorted({str(e.edition) for e in named}))
            return None, f"several files in {manifest_path} are named {pdf_path.name} (editions {editions}), and the folders it is in do not say which edition it is (put it in a folder named for its edition, or check the original)"
        named = in_edition
    if len(named) == 1:
        return Match(named[0], BY_FINGERPRINT if same else BY_NAME), ""
    return None, f"the file is not listed in {manifest_path} (no entry has its path, its fingerprint or its name)"


def check_integrity(data: bytes, entry: Entry) -> list[Finding]:
    """[integrity] The file's fingerprint matches the one the build recorded."""
    if entry.sha256 != sha256(data):
        return [
            error(
                "integrity",
                "the file has been modified since it was built: its fingerprint (sha256) no longer matches manifest.json",
                "every other check still ran on it; if a printer or an editor changed it, check their changes, or print the file from the build",
            )
        ]
    return []
