"""The manifest: `manifest.json`, the record of every file a build wrote
(sha256, edition, layout, language, message, page size, QR link)."""

from __future__ import annotations

import json
from pathlib import Path

from posters import atomic


def read_previous(out_dir: Path) -> dict:
    """The manifest an earlier build left in this folder (empty if none or unreadable)."""
    try:
        data = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def carry_over(previous: dict, out_dir: Path, jobs, results, made_by_project=None) -> dict[str, list]:
    """Entries of an earlier build that a filtered build did not touch.

    `posters build -e cumbria` into a folder that holds every edition must not
    make the other editions vanish from the manifest: their entries stay,
    provided the file is still there, unchanged, and the current project still
    makes it (`made_by_project`, see `current_outputs`). Anything this run made
    or tried to make is described by this run alone.
    """
    touched = {(j.edition, j.format, j.lang, j.message) for j in jobs}
    current = made_by_project
    editions = {j.edition for j in jobs}
    completed = {r.job.edition for r in results if r.ok}
    kept: dict[str, list] = {}
    for section, entries in previous.items():
        if not isinstance(entries, list):
            continue
        for e in entries:
            if not isinstance(e, dict) or not isinstance(e.get("file"), str):
                continue
            if current is not None and not _still_made(section, e, current):
                continue  # a layout, edition, language or message the project no longer has
            if section == "files":
                if (e.get("edition"), e.get("layout"), e.get("language"), e.get("message")) in touched:
                    continue
            elif e.get("edition") in editions or e.get("edition") in completed or not e.get("edition"):
                continue  # this run rewrote (or removed) the edition's pages, proofs and pack, and the index
            if _unchanged(out_dir / e["file"], e.get("sha256")):
                kept.setdefault(section, []).append(e)
    return kept


def current_outputs(project) -> set[tuple]:
    """(edition, layout, language, message) of every output the current project makes."""
    from posters.batch import Filters, jobs_for

    return {(j.edition, j.format, j.lang, j.message) for j in jobs_for(project, Filters())}


def _still_made(section: str, entry: dict, current: set[tuple]) -> bool:
    if section == "files":
        return (entry.get("edition"), entry.get("layout"), entry.get("language"), entry.get("message")) in current
    edition = entry.get("edition")
    return not edition or any(c[0] == edition for c in current)


def stale_files(previous: dict, out_dir: Path, current: set[tuple]) -> list[Path]:
    """Files an earlier build recorded that the current project no longer makes, inside `out_dir` only."""
    root = out_dir.resolve()
    out = []
    for section, entries in previous.items():
        if not isinstance(entries, list):
            continue
        for e in entries:
            if not isinstance(e, dict) or not isinstance(e.get("file"), str) or _still_made(section, e, current):
                continue
            path = (out_dir / e["file"]).resolve()
            if path.is_relative_to(root) and path != root and path.is_file():  # a planted entry never reaches outside
                out.append(path)
    return sorted(set(out))


def remove_stale(previous: dict, out_dir: Path, current: set[tuple]) -> list[str]:
    """Delete what `stale_files` finds; return the names removed, relative to the output folder."""
    removed = []
    for path in stale_files(previous, out_dir, current):
        path.unlink(missing_ok=True)
        removed.append(path.relative_to(out_dir.resolve()).as_posix())
    return removed


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

