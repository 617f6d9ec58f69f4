"""Integrity: is this the file the build wrote? Finding the manifest a PDF
belongs to, its entry, and comparing fingerprints (sha256).

A build writes `<out>/<edition>/<file>.pdf` and `<out>/manifest.json`, so by
default a PDF's manifest is two folders up.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from posters.errors import InputError, Problem
from posters.verify.findings import Finding, error

MANIFEST = "manifest.json"


def default_manifest(pdf_path: Path) -> Path:
    return pdf_path.resolve().parent.parent / MANIFEST


def load_manifest(path: Path) -> dict:
    """The manifest as written by `posters build`; a broken one is a clear error, not a traceback."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(str(path), "", "does not exist", "pass --manifest with the manifest.json of the build the file came from")]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), "", f"is not a readable manifest ({exc})", "use the manifest.json that 'posters build' wrote")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise InputError([Problem(str(path), "files", "is missing; this is not a manifest written by 'posters build'", "use the manifest.json from the build's output folder")])
    return data


def entry_for(manifest: dict, manifest_path: Path, pdf_path: Path) -> dict | None:
    """The manifest entry for a PDF, matched by its path relative to the manifest's folder."""
    try:
        rel = pdf_path.resolve().relative_to(manifest_path.resolve().parent).as_posix()
    except ValueError:
        rel = None
    entries = [e for e in manifest["files"] if isinstance(e, dict)]
    if rel is not None:
        for e in entries:
            if e.get("file") == rel:
                return e
    return None


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
