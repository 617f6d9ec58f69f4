"""`posters list`: what can be built."""

from __future__ import annotations

from posters.commands.common import open_project


def cmd_list(args) -> int:
    from rich.console import Console
    from rich.table import Table

    project = open_project(args)
    con = Console()
    t = Table(title="Editions")
    t.add_column("edition")
    t.add_column("name")
    t.add_column("languages (default first)")
    for e in project.editions:
        t.add_row(e.slug, e.name, ", ".join(e.languages))
    con.print(t)
    t = Table(title="Layouts")
    t.add_column("format", no_wrap=True)  # what -l takes: never cut
    for col in ("name", "size", "for", "messages", "file"):
        t.add_column(col)
    platforms = project.campaign.platforms
    for lay in project.layouts:
        size = ("%d x %d px" % lay.size_px) if lay.size_px else ("%g x %g mm" % lay.trim_mm)
        if len(lay.pages) > 1:
            size += f", {len(lay.pages)} sides"
        # screen formats by the platforms they are made for, as people know them; print is print
        used = ", ".join(platforms[p].name if p in platforms else p for p in lay.platforms) if lay.platforms else lay.profile
        t.add_row(lay.format, lay.name, size, used, ", ".join(lay.messages), lay.file)
    con.print(t)
    for file, problems in project.layout_problems.items():
        con.print(f"[red]{file} has {len(problems)} problem(s); run 'posters build -l' on it to see them[/]")
    langs = ", ".join(f"{code} ({name})" for code, name in project.campaign.language_names.items())
    con.print(f"Languages: {langs}; bilingual pairs such as cy-en show the first language first.")
    con.print(f"Messages: {', '.join(f'{k} ({v})' for k, v in project.campaign.messages.items())}")
    return 0
