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

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from posters.errors import InputError, Problem
from posters.verify.findings import Finding, error

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 20_000_000
# The PDF's folder and three above: <out>/<edition>/x.pdf needs one step up,
# <pack>/<edition>/print/x.pdf one as well, and a pack unzipped into a folder
# of its own one more; beyond that a manifest.json is unlikely to be this file's.
SEARCH_LEVELS = 4

# How an entry was matched, in the report's words.
BY_PATH = "path"
BY_PACK_PATH = "path in pack"
BY_FINGERPRINT = "fingerprint"
BY_NAME = "file name"


@dataclass(frozen=True)
class Match:
    entry: dict
    how: str  # BY_PATH, BY_PACK_PATH, BY_FINGERPRINT or BY_NAME


def manifest_candidates(pdf_path: Path) -> list[Path]:
    """manifest.json files in the PDF's folder and the folders above it, nearest first."""
    here = pdf_path.resolve().parent
    folders = [here, *here.parents][:SEARCH_LEVELS]
    return [f / MANIFEST for f in folders if (f / MANIFEST).is_file()]


def load_manifest(path: Path) -> dict:
    """The manifest as written by `posters build`; a broken one is a clear error, not a traceback."""
    data = read_manifest(path)
    if data is None:
        raise InputError([Problem(str(path), "files", "is missing; this is not a manifest written by 'posters build'", "use the manifest.json from the build's output folder")])
    return data


def read_manifest(path: Path) -> dict | None:
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
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        return None
    return data


def entries(manifest: dict) -> list[dict]:
    """Every file entry, posters and proof sheets alike (a build lists its proof sheets apart, a pack among its files)."""
    out = [e for e in manifest.get("files", []) if isinstance(e, dict)]
    proofs = manifest.get("proofs")
    if isinstance(proofs, list):
        out += [e for e in proofs if isinstance(e, dict)]
    return out


def is_proof_entry(entry: dict) -> bool:
    return str(entry.get("kind", "")).startswith("proof")


def match_entry(manifest: dict, manifest_path: Path, pdf_path: Path, digest: str) -> tuple[Match | None, str]:
    """The manifest entry for a PDF, and how it was found; or None and why not."""
    pdfs = [e for e in entries(manifest) if str(e.get("file", "")).endswith(".pdf")]
    try:
        rel = pdf_path.resolve().relative_to(manifest_path.resolve().parent).as_posix()
    except ValueError:
        rel = None
    if rel is not None:
        for key, how in (("file", BY_PATH), ("in_pack", BY_PACK_PATH)):
            hit = [e for e in pdfs if e.get(key) == rel]
            if len(hit) == 1:
                return Match(hit[0], how), ""
    same = [e for e in pdfs if e.get("sha256") == digest]
    if len(same) == 1:
        return Match(same[0], BY_FINGERPRINT), ""
    named = [e for e in (same or pdfs) if Path(str(e["file"])).name == pdf_path.name]
    if len(named) > 1:
        # the same name in several editions: the folder the file is in names its edition
        folders = {p.name for p in pdf_path.resolve().parents}
        in_edition = [e for e in named if e.get("edition") in folders]
        if len(in_edition) != 1:
            editions = ", ".join(sorted({str(e.get("edition")) for e in named}))
            return None, f"several files in {manifest_path} are named {pdf_path.name} (editions {editions}), and the folders it is in do not say which edition it is (put it in a folder named for its edition, or check the original)"
        named = in_edition
    if len(named) == 1:
        return Match(named[0], BY_FINGERPRINT if same else BY_NAME), ""
    return None, f"the file is not listed in {manifest_path} (no entry has its path, its fingerprint or its name)"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_integrity(data: bytes, entry: dict) -> list[Finding]:
    """[integrity] The file's fingerprint matches the one the build recorded."""
    want = entry.get("sha256")
    if want != sha256(data):
        return [
            error(
                "integrity",
                "the file has been modified since it was built: its fingerprint (sha256) no longer matches manifest.json",
                "every other check still ran on it; if a printer or an editor changed it, check their changes, or print the file from the build",
            )
        ]
    return []
