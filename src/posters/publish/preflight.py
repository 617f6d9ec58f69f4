"""The preflight report in each force pack, `preflight.html` and `preflight.pdf`,
so a print room without Python can see what was checked: every file in the
pack, every check that ran on it before it was written, and its result.

The results come from the manifest entries (`checks`), recorded by the build
and by `posters impose` when each file passed; every file was also read back
and compared with its sha256 when it was packed. The HTML is the template
`templates/preflight.html` (Jinja2, autoescape: file names and messages come
from project data);
the PDF is the same table drawn with ReportLab.
"""

from __future__ import annotations

import io

from posters.verify.report import CHECK_NAMES as REPORT_CHECK_NAMES

# the report's own words for each check, and the one check only imposition runs
CHECK_NAMES = {**REPORT_CHECK_NAMES, "impose": "copies where the one-up file has them"}
PACKED = "unchanged since the build (sha256 read back when packed)"


def rows(entries: list) -> list[dict]:
    """(name in pack, [(check, result)]) for every packed file, in pack order."""
    out = []
    for e in sorted(entries, key=lambda e: e.in_pack or e.file):
        checks = [(CHECK_NAMES.get(c, c), r) for c, r in sorted((e.checks or {}).items())]
        checks.append((PACKED, "passed"))
        out.append({"name": e.in_pack or e.file, "checks": checks})
    return out


def html(title: str, campaign, fingerprint: str, entries: list) -> str:
    from posters.html_pages import render

    return render("preflight.html", title=title, campaign=campaign.name, version=campaign.version, fingerprint=fingerprint, files=rows(entries))


def pdf(title: str, campaign, fingerprint: str, entries: list) -> bytes:
    """The same table on A4 pages."""
    from reportlab.lib.pagesizes import A4

    from posters import fonts
    from posters.render.pdf import new_canvas

    regular, bold = fonts.register("regular"), fonts.register("bold")
    buf = io.BytesIO()
    c = new_canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=regular)
    c.setTitle(f"Preflight report: {title}")
    w, h = A4
    margin = 40
    y = h - margin

    def line(text: str, font: str = regular, size: float = 8.5, x: float = margin, step: float = 11) -> None:
        nonlocal y
        if y < margin + step:
            c.setFont(regular, 7)
            c.drawString(margin, margin / 2, f"{title} · build fingerprint {fingerprint}")
            c.showPage()
            y = h - margin
        c.setFont(font, size)
        c.drawString(x, y, text[:150])
        y -= step

    line(f"Preflight report: {title}", bold, 16, step=22)
    line(f"{campaign.name} · version {campaign.version} · build fingerprint {fingerprint}", step=16)
    for f in rows(entries):
        line(f["name"], bold, 9, step=12)
        for check, result in f["checks"]:
            line(f"{check}: {result}", x=margin + 14)
        y -= 3
    c.setFont(regular, 7)
    c.drawString(margin, margin / 2, f"{title} · build fingerprint {fingerprint}")
    c.showPage()
    c.save()
    return buf.getvalue()
