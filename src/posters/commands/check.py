"""`posters check PATH...`: verify PDFs the tool made, including edited ones,
against the campaign data and the build's manifest.

Exit 0 when every file passes, 1 when any has an error (or a warning with
--strict), 2 on usage errors (a path that does not exist, nothing to check).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from posters.commands.common import open_project


def pdf_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """PDF files named, or found under folders named; and usage problems.

    A build's output folder also holds proof sheets and other extras: there,
    the posters are the PDFs its manifest lists.
    """
    out, problems = [], []
    for p in paths:
        if p.is_dir():
            found = _listed_pdfs(p) or sorted(q for q in p.rglob("*.pdf") if q.is_file())
            if not found:
                problems.append(f"{p}: the folder holds no PDF files")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return out, problems


def _listed_pdfs(folder: Path) -> list[Path]:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        names = [e["file"] for e in manifest["files"] if str(e.get("file", "")).endswith(".pdf")]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # no usable manifest here: every PDF in the folder is checked
    return sorted(folder / n for n in names if (folder / n).is_file())


def cmd_check(args) -> int:
    from posters import fonts
    from posters.logos import LogoStore
    from posters.verify.file_check import Manifests, verify_file
    from posters.verify.report import CHECK_NAMES, indented_lines, summary_line

    files, problems = pdf_paths(args.paths)
    if problems:
        for p in problems:
            print(f"error: {p}\n  hint: pass PDF files made by 'posters build', or the folder they are in", file=sys.stderr)
        return 2
    if args.manifest is not None and not args.manifest.is_file():
        print(f"error: --manifest {args.manifest}: no such file\n  hint: pass the manifest.json from the build's output folder", file=sys.stderr)
        return 2
    project = open_project(args)
    fonts.register_all()
    logos = LogoStore()
    manifests = Manifests(args.manifest)
    reports = [verify_file(f, project, logos, manifests) for f in files]

    n_checks = sum(len(r.verification.ran) for r in reports)
    n_err = sum(len(r.verification.errors) for r in reports)
    n_warn = sum(len(r.verification.warnings) for r in reports)
    failed = [r for r in reports if not r.verification.passed(args.strict)]
    if args.json:
        doc = {
            "passed": not failed,
            "strict": args.strict,
            "summary": {"files": len(reports), "failed": len(failed), "checks_run": n_checks, "errors": n_err, "warnings": n_warn},
            "files": [r.as_dict(args.strict) for r in reports],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 1 if failed else 0

    for r in reports:
        v = r.verification
        verdict = "PASS" if v.passed(args.strict) else "FAIL"
        what = ""
        if r.entry:
            e = r.entry
            what = f" ({e.get('edition')}, {e.get('layout')}, {e.get('language')}, {e.get('message')})"
        print(f"{verdict}  {r.path}{what}")
        if r.modified:
            print("      modified since the build (fingerprint differs from manifest.json); every check below was still run")
        for f in v.findings:
            for line in indented_lines(f.as_dict()):
                print(line)
        for note in r.notes:
            print(f"      note: {note}")
        for check, why in v.skipped:
            print(f"      skipped {CHECK_NAMES.get(check, check)}: {why}")
        passed = [CHECK_NAMES.get(c, c) for c in dict.fromkeys(v.ran) if not any(f.check == c for f in v.findings)]
        if passed:
            print(f"      passed: {', '.join(passed)}")
    print(summary_line(len(reports), n_checks, n_err, n_warn, what="files"))
    if args.strict and n_warn and not n_err:
        print("--strict: warnings count as failures")
    return 1 if failed else 0
