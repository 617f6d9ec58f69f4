"""`posters impose`: the small print items of a build n-up on press sheets,
verified like every other file, listed in the manifest and packed in the
force pack's `imposed/` folder."""

from __future__ import annotations

import sys

from posters.commands.common import UsageError, check_choice, open_project


def cmd_impose(args) -> int:
    from posters.manifest import load_manifest, write_sections
    from posters.publish.imposition import fits, impose_entries
    from posters.publish.pack import pack_name, write_packs

    project = open_project(args)
    try:
        check_choice("--edition", args.edition, [e.slug for e in project.editions])
        check_choice("--sheet", args.sheet, ["SRA3", "A3", "SRA2"])
    except UsageError as exc:
        print(f"error: {exc}\n  hint: 'posters list' shows the editions; sheets are SRA3, A3 and SRA2", file=sys.stderr)
        return 2
    out_dir = args.out.resolve()
    from posters.names import folder_problems, inside_project

    refused = folder_problems(out_dir) or inside_project(out_dir, project.root)
    if refused:
        for p in refused:
            print(p.format(), file=sys.stderr)
        return 1
    manifest = load_manifest(out_dir / "manifest.json")
    editions = args.edition or sorted({e.edition for e in manifest.files if e.edition})
    sheets = args.sheet or ["SRA3"]
    entries, problems = impose_entries(out_dir, project, manifest, editions=editions, sheets=sheets, method=args.method, duplex=args.duplex)
    for p in problems:
        print(p.format(), file=sys.stderr)
    for e in entries:
        print(f"{e.file}: {e.imposition}")
    if not entries and not problems:
        small = [lay.format for lay in project.layouts if any(fits(lay, s) for s in sheets)]
        print(f"nothing to impose: no print output of {', '.join(small) or 'a layout small enough'} in {out_dir}", file=sys.stderr)
    # sheets of other editions (or of this edition on other sheets) stay listed
    redone = {(ed, s.lower()) for ed in editions for s in sheets}
    kept = [e for e in manifest.sections.get("imposed", []) if (e.edition, e.file.rsplit(".", 2)[-2]) not in redone and e.unchanged(out_dir)]
    manifest.sections["imposed"] = sorted([*kept, *entries], key=lambda e: e.file)
    # the force packs that exist are written again, now with their imposed/ section
    repack = [slug for slug in editions if (out_dir / pack_name(slug)).is_file()]
    extra = [*manifest.sections.get("accessible", []), *manifest.sections.get("proofs", []), *manifest.sections["imposed"]]
    packs, pack_problems = write_packs(out_dir, project, manifest, repack, extra)
    others = [p for p in manifest.sections.get("packs", []) if p.edition not in repack]
    manifest.sections["packs"] = sorted([*others, *packs], key=lambda e: e.file)
    write_sections(out_dir, manifest)
    for p in pack_problems:
        print(p.format(), file=sys.stderr)
    print(f"{len(entries)} sheet(s) imposed and verified, {len(problems)} problem(s); {len(packs)} force pack(s) rewritten")
    return 1 if problems or pack_problems else 0
