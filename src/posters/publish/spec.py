"""The printer's specification sheet for a force pack, as plain text.

One line per print file (trim, bleed, marks, pages, PDF standard, a blank
quantity for the print team) and a SHA256SUMS file a supplier can check with
`sha256sum -c`. The PDF standard is read back from each file (its
GTS_PDFXVersion and output intent), not assumed, so the sheet says what was
actually built.
"""

from __future__ import annotations

from pathlib import Path

QUANTITY_BLANK = "________"
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


def spec_text(title: str, campaign, rows: list, out_dir: Path, layouts: dict) -> str:
    """`rows` pairs each print file's name in the pack with its manifest entry."""
    standards = {name: pdf_standard(out_dir / e.file) for name, e in rows}
    common = set(standards.values())
    one_standard = next(iter(common)) if len(common) == 1 else "per file, see the table"
    head = [
        f"PRINTER'S SPECIFICATION: {title}",
        f"Campaign: {campaign.name} ({campaign.id})",
        f"Helpline printed on every file: {campaign.helpline_display}    Self-help site (QR): {campaign.url}",
        "",
        "Colour:        CMYK process colours only; no spot colours, no RGB.",
        f"PDF standard:  {one_standard}",
        "Trim size:     the finished size; bleed extends beyond it on every side.",
        "Quantity:      left blank for the print team to fill in.",
        "Checksums:     SHA256SUMS beside this sheet (check with: sha256sum -c SHA256SUMS).",
        "",
    ]
    per_file = len(common) > 1  # one standard for all is stated once above, not on every row
    table = [("File", "Trim (mm)", "Bleed", "Marks", "Pages", *(("PDF standard",) if per_file else ()), "Quantity")]
    for name, e in rows:
        w, h = e.trim_mm
        table.append((name, f"{w:g} x {h:g}", f"{e.bleed_mm:g} mm", _marks(e, layouts), str(e.pages), *((standards[name],) if per_file else ()), QUANTITY_BLANK))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    sums = ["", "SHA-256 of each file:"] + [f"{e.sha256}  {name}" for name, e in rows]
    return "\n".join(head + lines + sums) + "\n"


def sha256sums(rows: list[tuple[str, str]]) -> str:
    """`sha256sum -c` input: (name, sha256) per file."""
    return "".join(f"{digest}  {name}\n" for name, digest in rows)
