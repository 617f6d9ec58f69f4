"""`posters check PATH...`: verify PDFs the tool made, including edited ones,
against the campaign data and the build's manifest.

Works on a build's output folder, on an unzipped force pack, and on single
files sent on (the manifest is found near the file, or named with
--manifest). The helpline and allowed hosts come from the tool itself,
never from the files checked. Outside a project, safe zone, sizes and
contrast are measured from the page itself instead of being checked on the
re-made plan.

A folder check checks every PDF in it: those its manifest lists as the build
made them, any other on its own (as a file sent alone); a poster the manifest
lists that the folder does not hold fails the check. Proof sheets and preflight
reports are never checked as posters.

Exit 0 when every file checked passes, 1 when any has an error (or a warning
with --strict), 2 on usage errors (a path that does not exist, nothing to
check).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from posters.commands.common import open_project


LINKED_FOLDER = "a linked folder, not looked into: it may lead anywhere on the disk (name it to check the files in it)"


def pdf_paths(paths: list[Path]) -> tuple[list[tuple[Path, bool]], list[str], list[Path]]:
    """(PDF, found by looking through a folder) for the paths named; usage problems; and the linked
    folders inside the folders named, which are not followed (a link may lead to a parent folder, or
    anywhere) but must not be passed over in silence: what is in them was not checked."""
    out: dict[Path, tuple[Path, bool]] = {}
    problems = []
    linked: list[Path] = []
    for p in paths:
        if p.is_dir():
            inside = sorted(p.rglob("*"))
            found = [q for q in inside if q.suffix.lower() == ".pdf" and q.is_file()]
            linked += [q for q in inside if q.is_symlink() and q.is_dir()]
            if not found and not linked:
                problems.append(f"{p}: the folder holds no PDF files")
            for q in found:
                out.setdefault(q.resolve(), (q, True))
        elif p.is_file():
            out[p.resolve()] = (p, False)  # named: checked even if a folder named too would have left it out
        else:
            problems.append(f"{p}: no such file or folder")
    return list(out.values()), problems, linked


def project_if_any(args):
    """The project: named with --project, or found from the current folder; None when there is none."""
    from posters.errors import InputError
    from posters.inputs.project import find_root

    if args.project is None:
        try:
            find_root()
        except InputError:
            return None
    return open_project(args)


def header_notes(project, reports) -> list[str]:
    """What the whole run could not do, said once at the top."""
    if project is not None:
        return []
    notes = [
        f"No posters project here ({Path.cwd()} and the folders above it have no assets/campaign/campaign.toml). "
        "Each file is checked against the helpline and web addresses built into this tool, and against what its manifest.json records: its QR link, page size and print settings. "
        "Safe zone, sizes for viewing distance and contrast are measured from each page, by the layout rules the file records but never below the tool's minimums for its size "
        "(inside the project folder, or with --project, they are checked on the layout itself)."
    ]
    return notes


def file_verdict(v, strict: bool) -> str:
    """FAIL, PASS (every check ran and passed) or PARTIAL (what ran passed, but some checks were skipped)."""
    if not v.passed(strict):
        return "FAIL"
    return "PARTIAL" if v.skipped else "PASS"


def cmd_check(args) -> int:
    from posters import fonts
    from posters.inputs.logos import LogoStore
    from posters.verify.file_check import Manifests, verify_file
    from posters.verify.report import CHECK_NAMES, indented_lines, match_line, summary_line

    files, problems, linked = pdf_paths(args.paths)
    if problems:
        for p in problems:
            print(f"error: {p}\n  hint: pass PDF files made by 'posters build', or the folder they are in", file=sys.stderr)
        return 2
    if args.manifest is not None and not args.manifest.is_file():
        print(f"error: --manifest {args.manifest}: no such file\n  hint: pass the manifest.json from the build's output folder or the force pack", file=sys.stderr)
        return 2
    project = project_if_any(args)
    fonts.register_all()
    logos = LogoStore()
    manifests = Manifests(args.manifest)
    everything = [verify_file(f, project, logos, manifests, in_folder=in_folder, separations=getattr(args, "separations", False)) for f, in_folder in files]
    from posters.verify.file_check import FileReport

    everything += [FileReport(path=q, not_checked=LINKED_FOLDER) for q in linked]
    reports = [r for r in everything if r.not_checked is None]
    left_out = [r for r in everything if r.not_checked is not None]
    notes = header_notes(project, reports)
    from posters.verify.file_check import missing_listed

    missing = missing_listed([p for p in args.paths if p.is_dir()], manifests, everything)

    n_checks = sum(len(r.verification.ran) for r in reports)
    n_err = sum(len(r.verification.errors) for r in reports)
    n_warn = sum(len(r.verification.warnings) for r in reports)
    failed = [r for r in reports if not r.verification.passed(args.strict)]
    if args.json:
        doc = {
            "passed": not failed and not missing,
            "strict": args.strict,
            "project": str(project.root) if project is not None else None,
            "notes": notes,
            "complete": not any(r.verification.skipped for r in reports),
            "summary": {"files": len(reports), "failed": len(failed), "partial": sum(1 for r in reports if r.verification.skipped and r.verification.passed(args.strict)), "not_checked": len(left_out), "checks_run": n_checks, "errors": n_err, "warnings": n_warn},
            "files": [r.as_dict(args.strict) for r in reports],
            "not_checked": [{"file": str(r.path), "reason": r.not_checked} for r in left_out],
            "missing": [{"manifest": str(m), "file": f} for m, f in missing],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 1 if failed or missing else 0

    for note in notes:
        print(f"note: {note}")
    if notes:
        print()
    for r in everything:
        if r.not_checked is not None:
            print(f"SKIP  {r.path}: {r.not_checked}")
            continue
        v = r.verification
        verdict = file_verdict(v, args.strict)
        what = ""
        if r.entry:
            e = r.entry
            what = f" ({e.edition}, {e.layout}, {e.language}, {e.message})"
        print(f"{verdict}  {r.path}{what}")
        line = match_line(r.matched_by, r.manifest, r.entry)
        if line:
            print(f"      {line}")
        if r.modified:
            print("      modified since the build (fingerprint differs from manifest.json); every check below was still run")
        for f in v.findings:
            for line in indented_lines(f.as_dict()):
                print(line)
        for note in r.notes:
            print(f"      note: {note}")
        by_reason: dict[str, list[str]] = {}
        for check, why in v.skipped:
            by_reason.setdefault(why, []).append(CHECK_NAMES.get(check, check))
        for why, names in by_reason.items():  # one line per reason: the same reason for three checks is read once
            print(f"      skipped {', '.join(names)}: {why}")
        passed = [CHECK_NAMES.get(c, c) for c in dict.fromkeys(v.ran) if not any(f.check == c for f in v.findings)]
        if passed:
            print(f"      passed: {', '.join(passed)}")
    for m, f in missing:
        print(f"FAIL  {f}: listed in {m} but not in the folder")
        print("      error: a file the build made for this pack is missing: the printer would not get it")
        print("      hint: unzip the whole pack again, or rebuild it with 'posters build'")
    if not reports:
        print("No posters were checked: every PDF named is a proof sheet or a preflight report.")
    partial = [r for r in reports if r.verification.skipped and r.verification.passed(args.strict)]
    line = summary_line(len(reports), n_checks, n_err, n_warn, what="files")
    if partial and not failed:
        # a report with skipped checks never reads as a plain pass
        line = line.rsplit(" - ", 1)[0] + f" - PARTIAL: {len(partial)} file(s) passed only the checks that could run (see 'skipped' above)"
    if missing:
        line = line.rsplit(" - ", 1)[0] + f" - FAILED: {len(missing)} file(s) listed in the manifest are missing (see FAIL above)"
    skipped = [f"{n} {what} not checked" for n, what in ((len(left_out) - len(linked), "PDF(s)"), (len(linked), "linked folder(s)")) if n]
    print(line + (f"; {' and '.join(skipped)} (see SKIP above)" if skipped else ""))
    if args.strict and n_warn and not n_err:
        print("--strict: warnings count as failures")
    return 1 if failed or missing else 0
