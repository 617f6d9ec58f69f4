"""`posters approve` and `posters status`: the sign-off of an edition's files."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from posters.commands.common import UsageError, check_choice, open_project


def cmd_approve(args) -> int:
    from posters.manifest import load_manifest
    from posters.publish import approval

    project = open_project(args)
    try:
        check_choice("EDITION", [args.edition], [e.slug for e in project.editions])
    except UsageError as exc:
        print(f"error: {exc}\n  hint: 'posters list' shows the editions", file=sys.stderr)
        return 2
    out_dir = args.out.resolve()
    manifest = load_manifest(out_dir / "manifest.json")
    # the clock is read here, at sign-off, and never by a build
    at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    a = approval.approve(project.root, manifest.files, out_dir, args.edition, args.by, args.note, project.campaign.version, at)
    print(f"approved {len(a.files)} file(s) of {a.edition} by {a.by} at {a.at}, proof fingerprint {a.fingerprint}, campaign version {a.version}")
    print(f"recorded in {approval.FOLDER}/{a.edition}.toml; keep it with the project (commit it)")
    return 0


def cmd_status(args) -> int:
    from posters.manifest import load_manifest
    from posters.publish import approval

    project = open_project(args)
    if getattr(args, "artwork", None):
        return _which_artwork(project, args.artwork)
    out_dir = args.out.resolve()
    manifest = load_manifest(out_dir / "manifest.json")
    editions = args.edition or sorted({e.edition for e in manifest.files if e.edition})
    ready = True
    for slug in editions:
        a = approval.load(project.root, slug)
        s = approval.compare(a, manifest.files, slug)
        head = f"{slug}: approved by {a.by} at {a.at} (proof fingerprint {a.fingerprint})" if a else f"{slug}: not approved"
        verdict = "ready to release" if s.releasable else "NOT ready to release"
        print(f"{head}: {len(s.approved)} approved, {len(s.changed)} changed, {len(s.new)} new, {len(s.missing)} missing - {verdict}")
        for label, names in (("changed", s.changed), ("new", s.new), ("missing", s.missing)):
            for n in names:
                print(f"  {label:8} {n}")
        ready = ready and s.releasable
    return 0 if ready else 1


def _which_artwork(project, fingerprint: str) -> int:
    """`posters status --artwork FINGERPRINT`: the approved file a printed sheet's slug names."""
    import re

    from posters.publish import approval

    fp = fingerprint.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{12}", fp):
        print(f"error: --artwork {fingerprint}: an artwork fingerprint is the 12 letters and digits after 'artwork' in a sheet's slug, e.g. 3f9c2a17b4e0", file=sys.stderr)
        return 2
    found = approval.find_artwork(project.root, fp)
    if not found:
        print(f"artwork {fp}: in no approval in {approval.FOLDER}/: this artwork was not signed off (or was approved before fingerprints were recorded)")
        return 1
    for a, name in found:
        print(f"artwork {fp}: {name}, approved by {a.by} at {a.at} (proof fingerprint {a.fingerprint}, campaign version {a.version}), sha256 {a.files.get(name, '?')}")
    return 0
