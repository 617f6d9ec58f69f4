"""The printer's specification sheet for a force pack, as plain text.

One line per print file (trim, bleed, marks, sides, pages, PDF standard),
the print conventions, each item's production facts from its layout's
`[production]` table (stock, weight, finish, fold, sides, duplex orientation,
visible area for large formats), the imposed sheets, a `quantities.csv` the
force fills in and returns, and a SHA256SUMS file a supplier can check with
`sha256sum -c`. The PDF standard is read back from each file (its
GTS_PDFXVersion and output intent), not assumed, so the sheet says what was
actually built.
"""

from __future__ import annotations

from pathlib import Path

from posters.csv_cells import row

NOT_PDFX = "not PDF/X"


def pdf_standard(path: Path) -> str:
    """'PDF/X-1a:2003, FOGRA39 (Coated FOGRA39 ...)' as the file declares it, else its plain PDF version."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        info = pdf.trailer.get("/Info")
        version = str(info.get("/GTS_PDFXVersion", "")) if info is not None else ""
        intents = pdf.Root.get("/OutputIntents")
        condition = ""
        if intents is not None and len(intents):
            oi = intents[0]
            ident = str(oi.get("/OutputConditionIdentifier", ""))
            desc = str(oi.get("/OutputCondition", ""))
            condition = f"{ident} ({desc})" if desc and desc != ident else ident
        if version:
            return f"{version}, {condition}" if condition else version
        return f"PDF {pdf.pdf_version}, {NOT_PDFX}"


PROCESS = {"Cyan", "Magenta", "Yellow", "Black", "All", "None"}


def spot_colours(path: Path) -> list[str]:
    """The spot inks a print file names (Separation and DeviceN colour spaces other than the process
    colours and registration), read from its pages' resources and their forms', patterns' and
    images': so the sheet never says "no spot colours" of a file that has one (a partner's PDF
    logo may bring one in)."""
    import pikepdf
    from pikepdf import Dictionary, Stream

    from posters.verify.pdf.colourspace import ink_names

    found: set[str] = set()
    seen: set = set()

    def space(cs) -> None:
        found.update(ink_names(cs))

    def resources(res, depth: int) -> None:
        if not isinstance(res, Dictionary) or depth > 32:
            return
        spaces = res.get("/ColorSpace")
        for cs in spaces.values() if isinstance(spaces, Dictionary) else ():
            space(cs)
        for key in ("/XObject", "/Pattern"):
            group = res.get(key)
            for x in group.values() if isinstance(group, Dictionary) else ():
                if not isinstance(x, (Stream, Dictionary)):
                    continue
                og = x.objgen
                if og != (0, 0) and og in seen:
                    continue
                seen.add(og)
                d = x.stream_dict if isinstance(x, Stream) else x
                space(d.get("/ColorSpace"))
                resources(d.get("/Resources"), depth + 1)

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            resources(page.obj.get("/Resources"), 0)
    return sorted(found - PROCESS)


def _marks(entry, layouts: dict) -> str:
    if entry.kind == "imposed":
        return "crop per copy"
    lay = layouts.get(entry.layout)
    if lay is None:
        return "?"
    if not lay.crop_marks:
        return "none"
    from posters.plan.geometry import PageGeometry

    return f"crop, {PageGeometry.of(lay).slug:g} mm slug"


DUPLEX_WORDS = {
    "head-to-head": "head-to-head: turn the item over its side (left/right) edge and the back reads upright",
    "head-to-tail": "head-to-tail: turn the item over its head (top) edge and the back reads upright",
}
QUANTITIES_CSV = "quantities.csv"


def _production_lines(lay) -> list[str]:
    tw, th = lay.trim_mm
    p = lay.production
    out = [f"{lay.name} ({lay.format}): {tw:g} x {th:g} mm trim, {lay.bleed_mm:g} mm bleed, {lay.safe_mm:g} mm safe zone"]
    if lay.artwork_scale != 1.0:
        s = lay.artwork_scale
        out.append(f"    scale:    supplied as {lay.artwork_label} artwork ({tw * s:g} x {th * s:g} mm trim, {lay.bleed_mm * s:g} mm bleed): enlarge {1 / s:g} times")
    out.append(f"    sides:    {lay.sides} ({'both sides' if lay.sides == '4/4' else 'one side'}, CMYK)")
    if p is None:
        out.append("    stock, weight, finish, fold: not stated in the layout; ask the campaign team")
        return out
    out.append(f"    stock:    {p.stock}, {p.weight_gsm:g} gsm")
    out.append(f"    finish:   {p.finish}")
    out.append(f"    fold:     {p.fold}")
    if p.duplex:
        out.append(f"    duplex:   {DUPLEX_WORDS[p.duplex]}")
    if p.visible_mm:
        vw, vh = p.visible_mm
        out.append(f"    visible:  {vw:g} x {vh:g} mm shows in the frame; everything that matters is inside it")
    return out


def spec_text(title: str, campaign, rows: list, out_dir: Path, layouts: dict, fingerprint: str = "", draft: list[str] = ()) -> str:
    """`rows` pairs each print file's name in the pack with its manifest entry (one-up files and imposed sheets);
    `draft`: what a pack made without --release says first (posters.publish.pack.draft_lines)."""
    standards = {name: pdf_standard(out_dir / e.file) for name, e in rows}
    spots = {name: inks for name, e in rows if (inks := spot_colours(out_dir / e.file))}
    common = set(standards.values())
    one_standard = next(iter(common)) if len(common) == 1 else "per file, see the table"
    head = [
        f"PRINTER'S SPECIFICATION: {title}",
        f"Campaign: {campaign.name} ({campaign.id}), version {campaign.version}" + (f", build fingerprint {fingerprint}" if fingerprint else ""),
        f"Helpline printed on every file: {campaign.helpline_display}    Self-help site (QR): {campaign.url}",
        "",
        *([*draft, ""] if draft else []),
        (
            "Colour:        CMYK process colours only; no spot colours, no RGB; total ink at most 320 %."
            if not spots
            else "Colour:        CMYK process colours, no RGB, total ink at most 320 %; SPOT COLOURS in "
            + "; ".join(f"{name}: {', '.join(inks)}" for name, inks in sorted(spots.items()))
            + " (an extra plate each unless you convert them to CMYK: ask the campaign team which)"
        ),
        f"PDF standard:  {one_standard}",
        "Trim size:     the finished size; bleed extends beyond it on every side (TrimBox and BleedBox set).",
        "Crop marks:    in registration colour (every plate), outside the bleed.",
        "Overprint:     100 % K type and rules are set to overprint (OPM 1); please keep overprint on in your RIP.",
        "Fonts:         all embedded and subset.",
        *(
            [f"Scale:         files marked {', '.join(scaled)} below are artwork at that fraction of full size; print them enlarged to the full size given under PRODUCTION."]
            if (scaled := sorted({e.artwork_scale for _, e in rows if e.artwork_scale}))
            else []
        ),
        f"Quantities:    fill in {QUANTITIES_CSV} (one row per file) and return it to the campaign team.",
        "Checksums:     SHA256SUMS beside this sheet (check with: sha256sum -c SHA256SUMS).",
        "",
    ]
    per_file = len(common) > 1  # one standard for all is stated once above, not on every row
    table = [("File", "Trim (mm)", "Bleed", "Marks", "Sides", "Pages", *(("PDF standard",) if per_file else ()))]
    for name, e in rows:
        w, h = e.trim_mm
        lay = layouts.get(e.layout)
        sides = ("2 sheet sides" if e.pages == 2 else "1 plate") if e.kind == "imposed" else (lay.sides if lay else "?")
        trim = f"{w:g} x {h:g}" + (f" at {e.artwork_scale}" if e.artwork_scale else "")
        table.append((name, trim, f"{e.bleed_mm:g} mm", _marks(e, layouts), sides, str(e.pages), *((standards[name],) if per_file else ())))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    used = [layouts[f] for f in dict.fromkeys(e.layout for _, e in rows if e.kind != "imposed") if f in layouts]
    production = ["", "PRODUCTION, PER ITEM"]
    for lay in used:
        production += _production_lines(lay)
    imposed = [(name, e) for name, e in rows if e.kind == "imposed"]
    if imposed:
        production += ["", "IMPOSED SHEETS (imposed/): each copy is the one-up file above, unchanged; cut on the marks around each copy"]
        production += [f"{name}: {e.imposition}" for name, e in imposed]
    sums = ["", "SHA-256 of each file:"] + [f"{e.sha256}  {name}" for name, e in rows]
    marked = [(name, e) for name, e in rows if e.artwork]
    if marked:
        sums += ["", "Artwork fingerprint printed in each file's slug (below the bottom edge, between the crop marks):"]
        sums += [f"{e.artwork}  {name}" for name, e in marked]
    return "\n".join(head + lines + production + sums) + "\n"


def quantities_csv(rows: list, layouts: dict) -> str:
    """One row per one-up print file, quantity and delivery left blank for the force to fill in and return."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "item", "language", "message", "trim_mm", "sides", "stock", "quantity", "deliver_to", "needed_by", "notes"])
    for name, e in rows:
        if e.kind == "imposed":
            continue
        lay = layouts.get(e.layout)
        stock = f"{lay.production.stock}, {lay.production.weight_gsm:g} gsm" if lay and lay.production else ""
        # the item as it is ordered: its finished size; a scaled file says so in the notes
        trim, notes = e.trim_mm, ""
        if lay is not None and lay.artwork_scale != 1.0:
            trim, notes = lay.trim_mm, f"file is {lay.artwork_label} artwork ({'x'.join(f'{v:g}' for v in e.trim_mm)} mm): print at full size"
        w.writerow(row([name, lay.name if lay else e.layout, e.language, e.message, "x".join(f"{v:g}" for v in trim), lay.sides if lay else "", stock, "", "", "", notes]))
    return buf.getvalue()


def sha256sums(rows: list[tuple[str, str]]) -> str:
    """`sha256sum -c` input: (name, sha256) per file."""
    return "".join(f"{digest}  {name}\n" for name, digest in rows)
