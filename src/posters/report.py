"""What the user reads at the end of a build: the manifest file and the
summary table. Terminal output goes through rich."""

from __future__ import annotations

import json
from pathlib import Path

from posters import atomic


def write_manifest(out_dir: Path, campaign, results, extra: dict | None = None) -> dict:
    """`extra` adds top-level sections (accessible pages, proofs, packs) written after the batch."""
    files = sorted((f for r in results for f in r.files), key=lambda f: f["file"])
    manifest = {
        "campaign": campaign.id,
        "helpline": campaign.helpline_display,
        "helpline_tel": campaign.helpline_tel,
        "self_help_url": campaign.url,
        "files": files,
    }
    manifest.update(extra or {})
    atomic.write_text(out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return manifest


def summary_table(results):
    from rich.table import Table

    by_edition: dict[str, dict] = {}
    for r in results:
        row = by_edition.setdefault(r.job.edition, {"ok": 0, "failed": 0, "files": 0, "warnings": 0})
        row["ok" if r.ok else "failed"] += 1
        row["files"] += len(r.files)
        row["warnings"] += sum(1 for f in r.findings if f.get("severity") == "warning")
    t = Table(title="Build summary")
    t.add_column("edition")
    t.add_column("outputs", justify="right")
    t.add_column("failed", justify="right")
    t.add_column("warnings", justify="right")
    t.add_column("files", justify="right")
    for slug, row in by_edition.items():
        t.add_row(slug, str(row["ok"] + row["failed"]), (f"[red]{row['failed']}[/]" if row["failed"] else "0"), str(row["warnings"]), str(row["files"]))
    return t
