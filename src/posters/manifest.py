"""The manifest: `manifest.json`, the record of every file a build wrote
(sha256, edition, layout, language, message, page size, QR link)."""

from __future__ import annotations

import json
from pathlib import Path

from posters import atomic, names
from posters.errors import Problem


MAX_MANIFEST_BYTES = 20_000_000


def read_previous(out_dir: Path, warnings: list[Problem] | None = None) -> dict:
    """The manifest an earlier build left in this folder; empty, with a warning, when it is not one this tool wrote.

    It is data found on disk, not an instruction: a link, an oversized or
    unreadable file is ignored (the build then writes a fresh one).
    """
    path = out_dir / "manifest.json"
    warnings = warnings if warnings is not None else []
    hint = "the build writes a new manifest.json; files of earlier builds that it does not list are left alone"
    if not path.exists() and not path.is_symlink():
        return {}
    if path.is_symlink() or not path.is_file():
        warnings.append(Problem(str(path), "", "is not a plain file (a link or a folder); it was ignored", hint, "warning"))
        return {}
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"over {MAX_MANIFEST_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        warnings.append(Problem(str(path), "", f"is not a readable manifest ({type(exc).__name__}); it was ignored", hint, "warning"))
        return {}
    if not isinstance(data, dict):
        warnings.append(Problem(str(path), "", "is not a manifest written by 'posters build'; it was ignored", hint, "warning"))
        return {}
    return data


def carry_over(previous: dict, out_dir: Path, jobs, results, warnings: list[Problem] | None = None) -> dict[str, list]:
    """Entries of an earlier build that a filtered build did not touch.

    `posters build -e cumbria` into a folder that holds every edition must not
    make the other editions vanish from the manifest: their entries stay,
    provided the file is still there, unchanged. Anything this run made or
    tried to make is described by this run alone.
    """
    touched = {(j.edition, j.format, j.lang, j.message) for j in jobs}
    editions = {j.edition for j in jobs}
    completed = {r.job.edition for r in results if r.ok}
    kept: dict[str, list] = {}
    for section, entries in previous.items():
        if not isinstance(entries, list):
            continue
        for e in entries:
            if not isinstance(e, dict) or not isinstance(e.get("file"), str):
                continue
            if names.inside(out_dir, e["file"]) is None:
                if warnings is not None:
                    warnings.append(
                        Problem(str(out_dir / "manifest.json"), section, f"lists {e['file'][:80]!r}, which is not a file a build writes inside the output folder; the entry was dropped", "do not edit manifest.json by hand", "warning")
                    )
                continue
            if section == "files":
                if (e.get("edition"), e.get("layout"), e.get("language"), e.get("message")) in touched:
                    continue
            elif e.get("edition") in editions or e.get("edition") in completed or not e.get("edition"):
                continue  # this run rewrote (or removed) the edition's pages, proofs and pack, and the index
            if _unchanged(out_dir / e["file"], e.get("sha256")):
                kept.setdefault(section, []).append(e)
    return kept


def _unchanged(path: Path, sha: object) -> bool:
    import hashlib

    try:
        return isinstance(sha, str) and hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


def write_manifest(out_dir: Path, campaign, results, extra: dict | None = None, kept: dict | None = None) -> dict:
    """`extra` adds top-level sections (accessible pages, proofs, packs) written
    after the batch; `kept` holds an earlier build's entries (see carry_over)."""
    kept = kept or {}
    files = sorted([*(f for r in results for f in r.files), *kept.get("files", [])], key=lambda f: f["file"])
    manifest = {
        "campaign": campaign.id,
        "helpline": campaign.helpline_display,
        "helpline_tel": campaign.helpline_tel,
        "self_help_url": campaign.url,
        "allowed_hosts": list(campaign.allowed_hosts),  # what `posters check` needs to judge QR links without the project
        "files": files,
    }
    for section, entries in (extra or {}).items():
        manifest[section] = sorted([*entries, *kept.get(section, [])], key=lambda e: e["file"])
    atomic.write_text(out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return manifest

