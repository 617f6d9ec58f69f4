"""`posters check` on an imposed sheet (`posters impose`): recognised by the
facts it carries in its XMP (or its manifest entry), re-planned from them,
and read back copy by copy as when it was made.

The sheet records the output it holds, the one-up file's name and sha256
(whose first 12 hex digits its slug prints) and how the copies stand. When
the one-up file is found beside it (in the build folder or the force pack)
and is byte for byte the one the sheet was made of, the sheet is verified as
`posters impose` verified it (publish/imposition.py `verify_sheet`): the
PDF/X file checks, every copy's QR code decoded and compared with the
output's link, the helpline read from every copy, and every copy's text
where its one-up page has it. Without the one-up file, the same checks run
from the sheet alone, except the comparison of each copy's text with the
one-up page (named as skipped).

What the codes must say (the link) comes from the project or the manifest,
never from the sheet's own facts: a sheet cannot vouch for itself.
"""

from __future__ import annotations

from pathlib import Path

from posters.fingerprint import sha256
from posters.verify.findings import Finding, error

SHEET_CHECKS = ("fonts", "boxes", "colour", "images", "pdfx", "qr", "helpline")
COMPARE_SKIPPED = "the one-up file the sheet was made of was not found beside it (in the build folder or the force pack), so the copies' text was not compared with it"


def is_imposed(own: dict | None, entry) -> bool:
    return bool(own and own.get("kind") == "imposed") or (entry is not None and entry.kind == "imposed")


def copy_bleeds(imp) -> list[list[tuple[float, float, float, float]]]:
    """Per sheet side, each copy's bleed box in points: where the copies' ink is judged."""
    from posters.publish.imposition import slot_box_pt
    from posters.units import PT_PER_MM

    b = imp.bleed_mm * PT_PER_MM
    return [[(x0 - b, y0 - b, x1 + b, y1 + b) for x0, y0, x1, y1 in (slot_box_pt(imp, s) for s in slots)] for slots in imp.sides]


def copy_marks(imp) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Per sheet side, where each copy's eight crop marks stand (points): on its trim lines, in the gutter."""
    from posters.publish.imposition import MARK_LENGTH_MM, MARK_OFFSET_MM
    from posters.units import PT_PER_MM

    tw, th = imp.trim_mm
    start, end = imp.bleed_mm + MARK_OFFSET_MM, imp.bleed_mm + MARK_OFFSET_MM + MARK_LENGTH_MM
    w = 1.0 / PT_PER_MM  # a point either side of the trim line, in mm
    out = []
    for slots in imp.sides:
        side = []
        for s in slots:
            for x in (s.x, s.x + tw):
                for y, sign in ((s.y, -1), (s.y + th, 1)):
                    a, b = sorted((y + sign * start, y + sign * end))
                    side.append((f"copy {s.copy + 1}", (x - w, a, x + w, b)))
            for y in (s.y, s.y + th):
                for x, sign in ((s.x, -1), (s.x + tw, 1)):
                    a, b = sorted((x + sign * start, x + sign * end))
                    side.append((f"copy {s.copy + 1}", (a, y - w, b, y + w)))
        out.append([(name, tuple(v * PT_PER_MM for v in r)) for name, r in side])
    return out


def find_one_up(sheet_path: Path, manifest_path: Path | None, facts: dict) -> bytes | None:
    """The one-up file the sheet was made of, when it is beside it with the sha256 the sheet records."""
    name, digest = facts.get("one_up"), facts.get("one_up_sha256")
    if not isinstance(name, str) or not isinstance(digest, str) or not name or ".." in Path(name).parts:
        return None
    here = sheet_path.resolve().parent  # .../<edition>/imposed or .../<pack>/imposed
    places = [here.parent / Path(name).name, here.parent / "print" / Path(name).name]
    if manifest_path is not None:
        places.insert(0, manifest_path.parent / name)
    places += sorted((here.parent / "print").glob(f"{Path(name).stem}.*.pdf")) if (here.parent / "print").is_dir() else []  # a release pack tags names
    for p in places:
        try:
            if p.is_file() and p.stat().st_size < 200_000_000:
                data = p.read_bytes()
                if sha256(data) == digest:
                    return data
        except OSError:
            continue
    return None


def check_imposed(sheet: bytes, facts: dict | None, one_up: bytes | None, *, qr_payload: str | None, helpline: str, allowed_hosts: list[str]) -> tuple[list[Finding], list[str], list[tuple[str, str]]]:
    """(findings, checks run, checks skipped with why) for an imposed sheet."""
    from posters.publish.imposition import ImposeError, imposition_of, sheet_file_checks, verify_sheet

    if not facts or facts.get("kind") != "imposed":
        return [error("impose", "the sheet does not say how it was imposed (it carries no imposition facts), so its copies cannot be read back", "impose it again with 'posters impose'")], ["impose"], []
    try:
        imp = imposition_of(facts)
    except ImposeError as exc:
        return [error("impose", f"the sheet's own facts do not describe an imposition ({exc})", "impose it again with 'posters impose'")], ["impose"], []
    if one_up is not None:
        return verify_sheet(sheet, one_up, imp, qr_payload=qr_payload, helpline=helpline, allowed_hosts=allowed_hosts), [*SHEET_CHECKS, "impose"], []
    findings = sheet_file_checks(sheet, imp) + _copies_alone(sheet, imp, facts["imposition"], qr_payload, helpline, allowed_hosts)
    return findings, list(SHEET_CHECKS), [("impose", COMPARE_SKIPPED)]


def _copies_alone(sheet: bytes, imp, recorded: dict, qr_payload, helpline: str, allowed_hosts) -> list[Finding]:
    """Each copy's QR codes and helpline, read from the sheet where the re-made plan puts the copy."""
    import pypdfium2 as pdfium

    from posters.publish.imposition import slot_box_pt
    from posters.verify.qr_readback import find_regions, judge_payload, read_region

    qr_counts, helplines = recorded.get("qr_codes"), recorded.get("helpline")
    pages = max(s.page for side in imp.sides for s in side) + 1
    if not (isinstance(qr_counts, list) and isinstance(helplines, list) and len(qr_counts) >= pages and len(helplines) >= pages):
        return [error("impose", "the sheet's facts do not say what each copy shows (QR codes, helpline)", "impose it again with 'posters impose'")]
    out: list[Finding] = []
    doc = pdfium.PdfDocument(sheet)
    try:
        if len(doc) != len(imp.sides):
            return [error("impose", f"the sheet has {len(doc)} side(s), but its imposition has {len(imp.sides)}", "impose it again with 'posters impose'")]
        codes = find_regions(doc)
        for side, slots in enumerate(imp.sides):
            tp = doc[side].get_textpage()
            try:
                for s in slots:
                    where = f"sheet side {side + 1}, copy {s.copy + 1} ({'back' if s.page else 'front'})"
                    x0, y0, x1, y1 = slot_box_pt(imp, s)
                    here = [r for r in codes if r.page == side and x0 <= (r.x0 + r.x1) / 2 <= x1 and y0 <= (r.y0 + r.y1) / 2 <= y1]
                    if len(here) != int(qr_counts[s.page]):
                        out.append(error("qr", f"{where}: {len(here)} QR code(s) read inside the copy, where its one-up page has {qr_counts[s.page]}", "do not print this sheet; impose it again from the verified one-up file", side + 1))
                    for r in here:
                        read = read_region(doc, r)
                        if len(read) != 1:
                            out.append(error("qr", f"{where}: the QR code cannot be read as a phone would read it", "do not print this sheet; impose it again from the verified one-up file", side + 1))
                            continue
                        out += judge_payload(read[0], qr_payload, allowed_hosts, side + 1)
                    if helplines[s.page] and helpline not in " ".join(tp.get_text_bounded(x0, y0, x1, y1).split()):
                        out.append(error("helpline", f"{where}: the helpline {helpline} is not read from this copy", "do not print this sheet; impose it again from the verified one-up file", side + 1))
            finally:
                tp.close()
    finally:
        doc.close()
    return out
