"""The `posters` command: build, list, translations, check, serve.

Exit codes: 0 success, 1 an output failed or input is broken, 2 usage error.
Heavy modules are imported inside the commands, so `posters --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program whose reader went away


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep that, with our wording
        self.print_usage(sys.stderr)
        print(f"error: {message}\n  hint: run '{self.prog} --help'", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="posters", description="Build co-branded, print-ready Stop it Now! campaign posters.")
    p.add_argument("--project", type=Path, default=None, help="project folder (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser("build", help="build editions (all by default)")
    b.add_argument("-e", "--edition", action="append", default=[], metavar="SLUG", help="only this edition (repeatable)")
    b.add_argument("-l", "--layout", action="append", default=[], metavar="FORMAT", help="only this layout/format (repeatable)")
    b.add_argument("-L", "--lang", action="append", default=[], metavar="LANG", help="only this language, e.g. en, cy, cy-en (repeatable)")
    b.add_argument("-m", "--message", action="append", default=[], metavar="ID", help="only this message, e.g. self, family (repeatable)")
    b.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder (default: out)")
    b.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: one per core)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    b.add_argument("--force", action="store_true", help="make and check every output again, even those whose inputs did not change since the last build into this folder")
    b.add_argument("--explain", action="store_true", help="say for each output why it was made again or kept (which input changed)")
    b.add_argument("--icc", type=Path, default=None, metavar="FILE", help="printer's CMYK ICC profile: make PDF/X-4 with it embedded (default: PDF/X-1a for FOGRA39)")

    b.add_argument("--release", action="store_true", help="a release: refuse to build while a fact about the helpline is unconfirmed or too old, or a translation in use is stale or unreviewed; write force packs only of approved files (approvals/<edition>.toml), named with the campaign version and fingerprint; fail, naming the files, for any output changed since approval or not approved")

    ap = sub.add_parser("approve", help="record who approved an edition's files (by sha256), when, and from which proof", description="Record the sign-off of an edition's built files in approvals/<edition>.toml (kept with the project): the approver, the time, a note, the campaign version, the build fingerprint printed on the proof, and every file's sha256.")
    ap.add_argument("edition", metavar="EDITION", help="the edition's slug, e.g. cumbria")
    ap.add_argument("--by", required=True, metavar="NAME", help="who approves (name and role)")
    ap.add_argument("--note", default="", help="a note kept with the approval")
    ap.add_argument("-o", "--out", type=Path, default=Path("out"), help="the build's output folder (default: out)")

    st = sub.add_parser("status", help="show each edition's files as approved, changed or new")
    st.add_argument("-e", "--edition", action="append", default=[], metavar="SLUG", help="only this edition (repeatable)")
    st.add_argument("-o", "--out", type=Path, default=Path("out"), help="the build's output folder (default: out)")
    st.add_argument("--artwork", default=None, metavar="FINGERPRINT", help="name the approved file whose slug carries this artwork fingerprint (read it off a printed sheet)")

    sub.add_parser("list", help="show editions, layouts and languages")

    t = sub.add_parser(
        "translations",
        help="translated lines that are stale or unreviewed; export them for a translator, import the reviewed file",
        description="List translated copy entries whose source changed (stale) or that are not reviewed, with the old and new source side by side; export them for a translator (CSV, XLIFF 1.2 or 2.0) and import the reviewed file back.",
    )
    t.add_argument("-L", "--lang", action="append", default=[], metavar="LANG", help="only this language, e.g. cy")
    t.add_argument("--export", type=Path, default=None, metavar="FILE", help="write the entries needing work to FILE (.csv, .xlf)")
    t.add_argument("--import", dest="import_file", type=Path, default=None, metavar="FILE", help="read a reviewed FILE back into the copy file")
    t.add_argument("--format", choices=["csv", "xliff12", "xliff20"], default=None, help="exchange format (default: from the file name; .xlf/.xliff is XLIFF 1.2)")
    t.add_argument("--all", action="store_true", help="export every entry, not only those needing work")

    c = sub.add_parser(
        "check",
        help="verify PDFs the tool made (also after editing) against the campaign and the manifest",
        description="Verify PDFs the tool made, also after editing, against the campaign and the build's manifest.json.",
        epilog=(
            "Works on a build's output folder, an unzipped force pack, or single files sent on. Each PDF's manifest.json is looked for "
            "in its folder and the three above it; its entry is found by path, by fingerprint (an exact copy anywhere), or by file name "
            "(a moved, edited copy; the report says so). The helpline and allowed web addresses are built into the tool, never taken from the "
            "files checked. Outside a posters project, safe zone, sizes and contrast are measured from the page (never below the tool's minimums for its size); the facts each format must print (which need the project's copy) are skipped. A folder check checks the posters its "
            "manifest lists. Proof sheets are screen documents for sign-off, not posters: they are reported as not checked, also when "
            "named. Exit 0: every file checked passed; 1: a check failed (or warned, with --strict); 2: usage error."
        ),
    )
    c.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="PDF files, or folders (every poster in them; see below)")
    c.add_argument("--json", action="store_true", help="machine-readable report on stdout")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    c.add_argument("--manifest", type=Path, default=None, metavar="FILE", help="the build's or the force pack's manifest.json (default: found in or above each PDF's folder)")
    c.add_argument("--separations", action="store_true", help="print files: also render each plate (cyan, magenta, yellow, black) and check crop marks, black type overprinting, the helpline and total ink on them (about half a second a file)")

    im = sub.add_parser(
        "impose",
        help="put a build's small print items n-up on press sheets (SRA3, A3, SRA2), verified, into the force packs",
        description="Impose every print output small enough (wallet card, DL, A5) n-up on press sheets, with gutters, crop marks per copy and a slug line; two-sided items with the backs registered to the fronts. Run after 'posters build' on the same output folder.",
    )
    im.add_argument("-e", "--edition", action="append", default=[], metavar="SLUG", help="only this edition (repeatable)")
    im.add_argument("-s", "--sheet", action="append", default=[], metavar="SHEET", help="SRA3 (default), A3 or SRA2 (repeatable)")
    im.add_argument("--method", choices=["sheetwise", "work-and-turn"], default="sheetwise", help="two-sided items: backs on their own side (sheetwise, default) or on one plate turned over (work-and-turn)")
    im.add_argument("--duplex", choices=["head-to-head", "head-to-tail"], default=None, help="how a back stands to its front (default: the layout's duplex, else head-to-head)")
    im.add_argument("-o", "--out", type=Path, default=Path("out"), help="the build's output folder (default: out)")

    s = sub.add_parser("serve", help="preview outputs in a web browser, updated as files change")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    s.add_argument("--allow-host", action="append", default=[], metavar="NAME", help="a name of this machine the server answers by, besides its own and any IP address (repeatable)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; a reader that goes away (`posters check ... | head`) ends it quietly."""
    code = EXIT_BROKEN_PIPE
    try:
        try:
            code = _run(argv)
        finally:
            if sys.stdout is not None and not sys.stdout.closed:
                sys.stdout.flush()  # so a closed pipe is noticed here, not in a traceback at exit
    except BrokenPipeError:
        _stdout_to_devnull()
    return code


def _stdout_to_devnull() -> None:
    """What is still buffered for stdout goes nowhere, so the exit is silent (the usual way for a closed pipe)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (captured, or already closed)
        pass


def _run(argv: list[str] | None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from posters.errors import InputError

    try:
        if args.command == "build":
            from posters.commands.build import cmd_build

            return cmd_build(args)
        if args.command == "list":
            from posters.commands.listing import cmd_list

            return cmd_list(args)
        if args.command == "translations":
            from posters.commands.translations import cmd_translations

            return cmd_translations(args)
        if args.command == "check":
            from posters.commands.check import cmd_check

            return cmd_check(args)
        if args.command in ("approve", "status"):
            from posters.commands.approve import cmd_approve, cmd_status

            return cmd_approve(args) if args.command == "approve" else cmd_status(args)
        if args.command == "impose":
            from posters.commands.impose import cmd_impose

            return cmd_impose(args)
        if args.command == "serve":
            from posters.commands.serve import cmd_serve

            return cmd_serve(args)
    except InputError as exc:
        for p in exc.problems:
            print(p.format(), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted; files already written are complete, nothing half-written was left", file=sys.stderr)
        return 130
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
