"""`posters translations`: which translated lines are stale or unreviewed, side
by side with their old and new source; export them for a translator and
import the reviewed file back."""

from __future__ import annotations

import sys
from pathlib import Path

from posters.commands.common import UsageError, check_choice, open_project


def cmd_translations(args) -> int:
    from posters.inputs import translation_files as tf
    from posters.inputs import translation_records as tr

    project = open_project(args)
    c = project.campaign
    by_lang = tr.campaign_entries(c)
    try:
        check_choice("--lang", args.lang, sorted(by_lang))
        langs = args.lang or sorted(by_lang)
        if (args.export or args.import_file) and len(langs) != 1:
            raise UsageError(f"--export and --import work on one language; add --lang ({', '.join(sorted(by_lang))})")
        fmt = tf.format_for(args.export or args.import_file, args.format) if (args.export or args.import_file) else None
    except (UsageError, tf.ExchangeError) as exc:
        print(f"error: {exc}\n  hint: 'posters translations --help'", file=sys.stderr)
        return 2

    if args.import_file:
        return _import(project, langs[0], args.import_file, fmt)
    if args.export:
        es = by_lang[langs[0]] if args.all else tr.needs_attention(by_lang[langs[0]])
        text = tf.export([e for e in es if e.source_now is not None], fmt, c.source_language, langs[0], c.copies[langs[0]].file)
        from posters import atomic

        atomic.write_text(args.export, text)
        print(f"wrote {len(es)} entr{'y' if len(es) == 1 else 'ies'} of {c.copies[langs[0]].file} to {args.export} ({fmt})")
        return 0
    return _show(project, {lang: by_lang[lang] for lang in langs})


def _show(project, by_lang) -> int:
    from rich.console import Console
    from rich.table import Table

    from posters.inputs import translation_records as tr

    con = Console()
    if not con.is_terminal:
        con = Console(width=200)  # a log or a pipe: wide enough that keys and lines are not folded
    pending = 0
    for lang, es in by_lang.items():
        todo = tr.needs_attention(es)
        pending += len(todo)
        file = project.campaign.copies[lang].file
        if not todo:
            con.print(f"{file}: every entry reviewed and up to date ({len(es)})", highlight=False)
            continue
        t = Table(title=f"{file}: {len(todo)} of {len(es)} entries need a translator or reviewer", show_lines=True)
        t.add_column("key", no_wrap=True)
        t.add_column("state", no_wrap=True)
        for col in ("source then", "source now", "translation"):
            t.add_column(col, overflow="fold", ratio=1)
        for e in todo:
            then = e.source_then if e.source_then is not None else ""
            now = e.source_now if e.source_now is not None else "(no such source line)"
            t.add_row(e.key, e.state, then if then != now else "(same)", now, e.target or "")
        con.print(t)
    if pending:
        con.print("export them with 'posters translations --lang LANG --export FILE.csv' (or .xlf, --format xliff20), then '--import' the reviewed file", highlight=False)
    return 0


MAX_IMPORT_BYTES = 4 * 1024 * 1024  # every line of the campaign's copy, with notes, is under 100 kB


def _import(project, lang: str, path: Path, fmt: str) -> int:
    import tomlkit

    from posters import atomic
    from posters.errors import InputError
    from posters.inputs import translation_files as tf
    from posters.inputs import translation_records as tr
    from posters.inputs.campaign import load_campaign

    c = project.campaign
    copy = c.copies[lang]
    source = c.copies[c.source_language].raw
    try:
        with path.open("rb") as f:
            data = f.read(MAX_IMPORT_BYTES + 1)  # read no further than the limit, whatever the file says its size is (a pipe says none)
        if len(data) > MAX_IMPORT_BYTES:
            print(f"error: {path}: is over {MAX_IMPORT_BYTES // 2**20} MB; a translation file for this campaign is at most that\n  hint: import the file 'posters translations --export' made, after review", file=sys.stderr)
            return 1
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {path}: cannot be read ({exc})\n  hint: pass the file the translator sent back, as UTF-8", file=sys.stderr)
        return 1
    try:
        units = tf.read_units(text, fmt, path.name)
    except tf.ExchangeError as exc:
        print(f"error: {exc}\n  hint: import the file 'posters translations --export' made, after review", file=sys.stderr)
        return 1
    seen: set[str] = set()
    twice = sorted({u.key for u in units if u.key in seen or seen.add(u.key)})
    if twice:
        for key in twice:
            print(f"error: {path.name}: {key}: is in the file more than once, so which translation is meant is not known\n  hint: keep one row (XLIFF unit) per key, as exported", file=sys.stderr)
        return 1
    bad = [u for u in units if u.key not in source]
    if bad:
        for u in bad:
            print(f"error: {path.name}: {u.key}: is not a line of {c.copies[c.source_language].file}\n  hint: keep the key column (XLIFF id) as exported", file=sys.stderr)
        return 1
    copy_path = project.root / copy.file
    before = copy_path.read_text(encoding="utf-8")
    doc = tomlkit.parse(before)
    done, still_stale, skipped = 0, [], []
    for u in units:
        if not u.target.strip():
            skipped.append(u.key)
            continue
        tr.set_entry(doc, u.key, target=u.target, source_text=u.source, reviewed=u.reviewed)
        done += 1
        if u.source != source[u.key]:
            still_stale.append(u.key)
    atomic.write_text(copy_path, tomlkit.dumps(doc))
    try:
        load_campaign(project.root)  # what was imported must load like any copy (no phone numbers, known placeholders, ...)
    except InputError as exc:
        atomic.write_text(copy_path, before)
        for p in exc.problems:
            print(p.format(), file=sys.stderr)
        print(f"error: {path.name}: not imported; {copy.file} is unchanged", file=sys.stderr)
        return 1
    print(f"imported {done} entr{'y' if done == 1 else 'ies'} into {copy.file}", file=sys.stdout)
    if skipped:
        print(f"left alone (no translation in the file): {', '.join(skipped)}")
    if still_stale:
        print(f"still stale (the source changed after the export): {', '.join(still_stale)}")
    return 0
