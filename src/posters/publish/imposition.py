"""Imposition: small print items (wallet card, DL, A5) n-up on a press sheet
(SRA3, A3, SRA2), for a print room with a digital press and no imposition
software.

Each copy on the sheet is the verified one-up page itself, placed as a form
XObject (its content stream and fonts copied unchanged, clipped to its bleed
box): the items stay vector and are the artwork that passed its checks. The
sheet adds only what belongs to the sheet: crop marks per item in the gutters
(registration colour, every plate) and a slug line in 100 % K naming the job,
edition, campaign version, sheet side and the one-up file's fingerprint.

Two-sided items:

* ``sheetwise`` (default): two sheet sides, fronts on side 1, backs on side 2.
  The press turns the sheet over its side (left/right) edge, so each back sits
  at its front's position mirrored across the sheet's vertical centre line.
* ``work-and-turn``: one plate, printed, turned over its side edge and printed
  again; fronts fill the left half, each back stands at the mirrored position
  in the right half, so every position of the sheet ends up a whole item.

Duplex orientation of the finished item: ``head-to-head`` (turn the item over
its side edge and the back reads upright; backs placed upright) or
``head-to-tail`` (turn it over its head and the back reads upright; backs
placed rotated 180 degrees). It is written on the sheet's slug.

Items are not rotated to fit: a sheet takes the item as designed, in the sheet
orientation (portrait or landscape) that holds more copies.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from posters.units import PT_PER_MM

SHEETS: dict[str, tuple[float, float]] = {"SRA3": (320.0, 450.0), "A3": (297.0, 420.0), "SRA2": (450.0, 640.0)}
METHODS = ("sheetwise", "work-and-turn")
DUPLEX = ("head-to-head", "head-to-tail")
GUTTER_MM = 16.0  # between trims: two bleeds plus room for both items' crop marks
EDGE_MM = 5.0  # the digital press's unprinted edge, on every side (marks stay inside it)
SLUG_BAND_MM = 8.0  # above the bottom edge, for the sheet's slug line
MARK_OFFSET_MM = 0.5  # from the bleed edge to the start of a mark
MARK_LENGTH_MM = 4.0
SLUG_FONT_PT = 7.0


#: what verify_sheet runs on every sheet (a sheet with an error is never written)
SHEET_CHECKS = {c: "passed" for c in ("fonts", "boxes", "colour", "images", "pdfx", "qr", "helpline", "impose")}


class ImposeError(ValueError):
    """The item cannot be imposed on this sheet (too large, or no even column count for work-and-turn)."""


@dataclass(frozen=True)
class Slot:
    """One copy on a sheet side: its trim's bottom-left corner in mm from the sheet's bottom-left, the one-up page and its turn."""

    x: float
    y: float
    page: int  # 0-based page of the one-up PDF
    rotate: int = 0  # 0 or 180
    copy: int = 0  # which finished item (fronts and backs of one item share it)


@dataclass(frozen=True)
class Imposition:
    sheet: str
    sheet_mm: tuple[float, float]  # as printed: width, height (landscape when that holds more)
    trim_mm: tuple[float, float]
    bleed_mm: float
    cols: int
    rows: int
    method: str  # "one-sided", "sheetwise", "work-and-turn"
    duplex: str | None
    sides: list[list[Slot]] = field(default_factory=list)  # one list per sheet side (work-and-turn: one plate)

    @property
    def copies(self) -> int:
        """Finished items per printed sheet."""
        return self.cols * self.rows

    def describe(self) -> str:
        w, h = self.sheet_mm
        orient = "landscape" if w > h else "portrait"
        how = {"one-sided": "one side", "sheetwise": "sheetwise, backs on side 2, turn over the side edge", "work-and-turn": "work and turn: one plate, print, turn over the side edge, print again"}[self.method]
        duplex = f", {self.duplex}" if self.duplex else ""
        return f"{self.copies}-up on {self.sheet} {orient} ({w:g} x {h:g} mm), {self.cols} x {self.rows}, {how}{duplex}"


def _grid(sheet_w: float, sheet_h: float, tw: float, th: float, bleed: float) -> tuple[int, int, float, float]:
    """Columns, rows and the grid's bottom-left trim corner, centred in the printable area.

    The outer copies' bleed and crop marks stay inside the unprinted edge and
    clear of the slug band, so nothing of the sheet's furniture overlaps."""
    marks = bleed + MARK_OFFSET_MM + MARK_LENGTH_MM
    aw = sheet_w - 2 * (EDGE_MM + marks)
    ah = sheet_h - 2 * (EDGE_MM + marks) - SLUG_BAND_MM
    cols = int((aw + GUTTER_MM) // (tw + GUTTER_MM))
    rows = int((ah + GUTTER_MM) // (th + GUTTER_MM))
    gw = cols * tw + (cols - 1) * GUTTER_MM
    gh = rows * th + (rows - 1) * GUTTER_MM
    return cols, rows, (sheet_w - gw) / 2, EDGE_MM + SLUG_BAND_MM + marks + (ah - gh) / 2


def plan_sheet(sheet: str, trim_mm: tuple[float, float], bleed_mm: float, pages: int, *, method: str = "sheetwise", duplex: str = "head-to-head") -> Imposition:
    """Where every copy goes. `pages` is 1 (one-sided) or 2 (front and back)."""
    if sheet not in SHEETS:
        raise ImposeError(f"unknown sheet {sheet!r}; one of {', '.join(SHEETS)}")
    if method not in METHODS or duplex not in DUPLEX:
        raise ImposeError(f"method must be one of {', '.join(METHODS)} and duplex one of {', '.join(DUPLEX)}")
    if pages not in (1, 2):
        raise ImposeError(f"only one- or two-sided items are imposed, not {pages} pages")
    tw, th = trim_mm
    best = None
    for w, h in (SHEETS[sheet], SHEETS[sheet][::-1]):
        cols, rows, x0, y0 = _grid(w, h, tw, th, bleed_mm)
        if pages == 2 and method == "work-and-turn":
            cols -= cols % 2  # the mirror of every front column must be a back column
            gw = cols * tw + (cols - 1) * GUTTER_MM
            x0 = (w - gw) / 2
        n = cols * rows if cols > 0 and rows > 0 else 0
        if n and (best is None or n > best[0]):
            best = (n, w, h, cols, rows, x0, y0)
    if best is None:
        raise ImposeError(f"a {tw:g} x {th:g} mm item does not fit {sheet} ({SHEETS[sheet][0]:g} x {SHEETS[sheet][1]:g} mm) with gutters and edges" + (" two or more across for work and turn" if method == "work-and-turn" and pages == 2 else ""))
    _, w, h, cols, rows, x0, y0 = best
    grid = [(x0 + c * (tw + GUTTER_MM), y0 + r * (th + GUTTER_MM), c, r) for r in range(rows) for c in range(cols)]
    back_turn = 180 if duplex == "head-to-tail" else 0

    def mirrored(x: float) -> float:  # the sheet turns over its side edge
        return w - x - tw

    if pages == 1:
        sides = [[Slot(x, y, 0, 0, i) for i, (x, y, _, _) in enumerate(grid)]]
        return Imposition(sheet, (w, h), (tw, th), bleed_mm, cols, rows, "one-sided", None, sides)
    if method == "sheetwise":
        fronts = [Slot(x, y, 0, 0, i) for i, (x, y, _, _) in enumerate(grid)]
        backs = [Slot(mirrored(s.x), s.y, 1, back_turn, s.copy) for s in fronts]
        return Imposition(sheet, (w, h), (tw, th), bleed_mm, cols, rows, "sheetwise", duplex, [fronts, backs])
    plate = []
    for i, (x, y, c, _) in enumerate(grid):
        if c < cols // 2:
            plate.append(Slot(x, y, 0, 0, i))
            plate.append(Slot(mirrored(x), y, 1, back_turn, i))
    return Imposition(sheet, (w, h), (tw, th), bleed_mm, cols, rows, "work-and-turn", duplex, [plate])


# --------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class SheetJob:
    """What the slug says: the job, the edition, the campaign version and the one-up file's fingerprint."""

    job: str
    edition: str
    version: str
    fingerprint: str


def side_name(imp: Imposition, side: int) -> str:
    if imp.method == "one-sided":
        return "single side"
    if imp.method == "work-and-turn":
        return "work and turn: both sides from this one plate"
    return ("side 1 of 2 (fronts)", "side 2 of 2 (backs)")[side]


def slug_line(imp: Imposition, job: SheetJob, side: int) -> str:
    return f"{job.job} | {job.edition} | version {job.version} | {side_name(imp, side)} | {imp.describe()} | fingerprint {job.fingerprint}"


def _furniture(imp: Imposition, job: SheetJob) -> bytes:
    """The sheet without the items: boxes, crop marks per copy and the slug line, one page per side."""
    from posters import fonts
    from posters.render.pdf import MARK_WIDTH_PT, REGISTRATION, new_canvas

    w, h = imp.sheet_mm
    buf = io.BytesIO()
    fonts.register_all()
    c = new_canvas(buf, pagesize=(w * PT_PER_MM, h * PT_PER_MM), invariant=1, pageCompression=1, initialFontName=fonts.register(fonts.DEFAULT), pdfVersion=(1, 4), enforceColorSpace="sep_cmyk")
    c.setTitle(f"{job.job}: imposed on {imp.sheet}")
    c.setCreator("posters")
    c.setProducer("posters")
    box = (0, 0, w * PT_PER_MM, h * PT_PER_MM)  # the sheet is what the press prints: trim = bleed = sheet
    for side, slots in enumerate(imp.sides):
        c.setTrimBox(box)
        c.setBleedBox(box)
        c.saveState()
        c.setStrokeColor(REGISTRATION)
        c.setLineWidth(MARK_WIDTH_PT)
        p = c.beginPath()
        tw, th = imp.trim_mm
        start = imp.bleed_mm + MARK_OFFSET_MM
        end = start + MARK_LENGTH_MM
        for s in slots:
            for x in (s.x, s.x + tw):
                for y, sign in ((s.y, -1), (s.y + th, 1)):
                    p.moveTo(x * PT_PER_MM, (y + sign * start) * PT_PER_MM)
                    p.lineTo(x * PT_PER_MM, (y + sign * end) * PT_PER_MM)
            for y in (s.y, s.y + th):
                for x, sign in ((s.x, -1), (s.x + tw, 1)):
                    p.moveTo((x + sign * start) * PT_PER_MM, y * PT_PER_MM)
                    p.lineTo((x + sign * end) * PT_PER_MM, y * PT_PER_MM)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFillOverprint(True)  # 100 % K type overprints here too, as on every one-up page
        c.setFont(fonts.register(fonts.DEFAULT), SLUG_FONT_PT)
        c.drawString((EDGE_MM + 2) * PT_PER_MM, (EDGE_MM + 2) * PT_PER_MM, slug_line(imp, job, side))
        c.showPage()
    c.save()
    return buf.getvalue()


def _num(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") or "0"


def impose_pdf(one_up: bytes, imp: Imposition, job: SheetJob) -> bytes:
    """The imposed sheet as PDF/X-1a: the furniture with each copy placed as a form XObject of the one-up page."""
    import pikepdf
    from pikepdf import Name

    from posters.publish.page_form import page_form
    from posters.render import pdfx

    furniture = _furniture(imp, job)
    out = pikepdf.open(io.BytesIO(furniture))
    src = pikepdf.open(io.BytesIO(one_up))
    forms = {}
    for i, page in enumerate(src.pages):
        # the one-up page's own trim origin: it is placed so its TrimBox lands on the slot
        trim = [float(v) for v in page.obj.TrimBox]
        forms[i] = (out.copy_foreign(page_form(page)), trim[0], trim[1])
    tw, th = (v * PT_PER_MM for v in imp.trim_mm)
    b = imp.bleed_mm * PT_PER_MM
    for side, slots in enumerate(imp.sides):
        page = out.pages[side]
        xobjects = page.Resources.get(Name.XObject)
        if xobjects is None:
            page.Resources[Name.XObject] = xobjects = pikepdf.Dictionary()
        ops = []
        for n, s in enumerate(slots):
            name = f"/Item{s.page}"
            xobjects[name] = forms[s.page][0]
            ox, oy = forms[s.page][1], forms[s.page][2]
            x, y = s.x * PT_PER_MM, s.y * PT_PER_MM
            ops.append("q")
            ops.append(f"{_num(x - b)} {_num(y - b)} {_num(tw + 2 * b)} {_num(th + 2 * b)} re W n")  # the copy's bleed, no more
            if s.rotate == 180:
                ops.append(f"-1 0 0 -1 {_num(2 * x + tw)} {_num(2 * y + th)} cm")  # turned about the trim's centre
            ops.append(f"1 0 0 1 {_num(x - ox)} {_num(y - oy)} cm {name} Do Q")
        page.contents_add(out.make_stream(("\n".join(ops) + "\n").encode()), prepend=True)
    src.close()
    buf = io.BytesIO()
    out.save(buf, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    out.close()
    data = buf.getvalue()
    return pdfx.make_pdfx1a(data, title=f"{job.job}: {imp.sheet} sheet", doc_id=pdfx.derive_doc_id(data))


# --------------------------------------------------------------------------- verification


def slot_box_pt(imp: Imposition, s: Slot) -> tuple[float, float, float, float]:
    """A copy's trim on the sheet, in points (x0, y0, x1, y1)."""
    tw, th = imp.trim_mm
    return (s.x * PT_PER_MM, s.y * PT_PER_MM, (s.x + tw) * PT_PER_MM, (s.y + th) * PT_PER_MM)


def _plain(page, trim) -> str:
    tp = page.get_textpage()
    try:
        return " ".join(tp.get_text_bounded(*trim).split())
    finally:
        tp.close()


def _chars(page, x0: float, y0: float, tw: float, th: float, rotate: int) -> list[tuple[str, int, int]]:
    """The characters painted in the box at (x0, y0) of size tw x th, each with its centre from the box's
    corner in points (from the far corner when the copy is turned 180 degrees), sorted."""
    tp = page.get_textpage()
    try:
        out = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if not ch.strip():
                continue
            a, b, c, d = tp.get_charbox(i)
            cx, cy = (a + c) / 2 - x0, (b + d) / 2 - y0
            if not (0 <= cx <= tw and 0 <= cy <= th):
                continue
            if rotate == 180:
                cx, cy = tw - cx, th - cy
            out.append((ch, cx, cy))
        return sorted(out)
    finally:
        tp.close()


def _same_chars(a: list, b: list, tol: float = 0.75) -> bool:
    """The same characters at the same places, within `tol` points."""
    if len(a) != len(b):
        return False
    free = list(b)
    for ch, x, y in a:
        hit = next((i for i, (c2, x2, y2) in enumerate(free) if c2 == ch and abs(x - x2) <= tol and abs(y - y2) <= tol), None)
        if hit is None:
            return False
        free.pop(hit)
    return True


def sheet_file_checks(sheet: bytes, imp: Imposition) -> list:
    """The file checks of a one-up print PDF; the sheet itself is the finished size (no bleed, no slug)."""
    from posters.verify.pdf import PDFX1A, check_boxes, check_colour_print, check_fonts, check_images_resolution, check_pdfx

    return [*check_fonts(sheet), *check_boxes(sheet, imp.sheet_mm, 0.0), *check_colour_print(sheet), *check_images_resolution(sheet), *check_pdfx(sheet, PDFX1A)]


def verify_sheet(sheet: bytes, one_up: bytes, imp: Imposition, *, qr_payload: str | None, helpline: str, allowed_hosts: list[str]) -> list:
    """Check the sheet as a printer and a phone meet it; returns Findings (empty: all well).

    * the sheet passes the PDF checks a one-up file passes (fonts, boxes, colour, PDF/X-1a);
    * every copy's QR code is found where its one-up page has it and decodes to exactly the output's link;
    * the helpline is read from every copy whose one-up page prints it, inside that copy's trim;
    * no copy's text strays into another's trim (each copy reads the same as its one-up page).
    """
    import pypdfium2 as pdfium

    from posters.verify.findings import error
    from posters.verify.qr_readback import Region, find_regions, judge_payload, read_region

    findings = sheet_file_checks(sheet, imp)
    up = pdfium.PdfDocument(one_up)
    doc = pdfium.PdfDocument(sheet)
    tw, th = (v * PT_PER_MM for v in imp.trim_mm)
    try:
        codes = find_regions(up)
        if qr_payload and not codes:
            findings.append(error("qr", "the one-up file has no QR code to read back", "impose a verified output", None))
        trims = [[float(v) for v in up[i].get_trimbox()] for i in range(len(up))]
        # what each one-up page paints inside its trim: characters and where, from the trim's corner
        up_chars = [_chars(up[i], trims[i][0], trims[i][1], tw, th, 0) for i in range(len(up))]
        up_plain = [_plain(up[i], trims[i]) for i in range(len(up))]
        for side, slots in enumerate(imp.sides):
            page = doc[side]
            tp = page.get_textpage()
            for s in slots:
                where = f"sheet side {side + 1}, copy {s.copy + 1} ({'back' if s.page else 'front'})"
                x0, y0, x1, y1 = slot_box_pt(imp, s)
                text = " ".join(tp.get_text_bounded(x0, y0, x1, y1).split())
                if helpline in up_plain[s.page]:
                    if helpline not in text:
                        findings.append(error("helpline", f"{where}: the helpline {helpline} is not read from this copy", "re-impose from the verified one-up file", side + 1))
                if not _same_chars(_chars(page, x0, y0, tw, th, s.rotate), up_chars[s.page]):
                    findings.append(error("impose", f"{where}: the copy's text is not where its one-up page has it (misplaced, turned or overlapping)", "re-impose from the verified one-up file", side + 1))
                for r in (r for r in codes if r.page == s.page):
                    ux0, uy0 = trims[s.page][0], trims[s.page][1]
                    rx0, ry0, rx1, ry1 = r.x0 - ux0, r.y0 - uy0, r.x1 - ux0, r.y1 - uy0
                    if s.rotate == 180:
                        rx0, ry0, rx1, ry1 = tw - rx1, th - ry1, tw - rx0, th - ry0
                    read = read_region(doc, Region(side, x0 + rx0, y0 + ry0, x0 + rx1, y0 + ry1, r.modules))
                    if len(read) != 1:
                        findings.append(error("qr", f"{where}: {len(read)} QR codes read where the copy's code is (expected 1)", "re-impose from the verified one-up file", side + 1))
                        continue
                    findings += judge_payload(read[0], qr_payload, allowed_hosts, side + 1)
            tp.close()
    finally:
        doc.close()
        up.close()
    return findings


# --------------------------------------------------------------------------- what a sheet says it is


def sheet_facts(entry, imp: Imposition, sheet: str, one_up: bytes, job: "SheetJob") -> dict:
    """The facts an imposed sheet carries in its XMP (render/xmp_facts.py): the output it holds, the
    one-up file (name and sha256, whose first 12 hex digits its slug prints) and how the copies stand,
    so `posters check` can re-plan the sheet and read every copy back."""
    from posters.render.xmp_facts import VERSION

    pages = one_up_pages(one_up)
    return {
        "version": VERSION,
        "kind": "imposed",
        "edition": entry.edition,
        "layout": entry.layout,
        "language": entry.language,
        "message": entry.message,
        "profile": "print",
        "qr_link": entry.qr_payload,
        "one_up": entry.file,
        "one_up_sha256": entry.sha256,
        "campaign_version": job.version,
        "imposition": {
            "sheet": sheet,
            "trim_mm": list(imp.trim_mm),
            "bleed_mm": imp.bleed_mm,
            "pages": len(pages),
            "method": "sheetwise" if imp.method == "one-sided" else imp.method,
            "duplex": imp.duplex or "head-to-head",
            "qr_codes": [n for n, _ in pages],  # per one-up page: QR codes each copy shows
            "helpline": [h for _, h in pages],  # per one-up page: whether each copy prints the helpline
        },
    }


def one_up_pages(one_up: bytes, helpline: str | None = None) -> list[tuple[int, bool]]:
    """Per page of the one-up file: how many QR codes it shows and whether it prints the helpline."""
    import pypdfium2 as pdfium

    from posters import anchors
    from posters.inputs import phone
    from posters.verify.qr_readback import find_regions

    helpline = helpline or phone.display(anchors.HELPLINE_E164)
    doc = pdfium.PdfDocument(one_up)
    try:
        codes = find_regions(doc)
        out = []
        for i in range(len(doc)):
            trim = [float(v) for v in doc[i].get_trimbox()]
            out.append((sum(1 for r in codes if r.page == i), helpline in _plain(doc[i], trim)))
        return out
    finally:
        doc.close()


def imposition_of(facts: dict) -> Imposition:
    """The sheet's plan re-made from the facts it carries; ImposeError for facts that do not make one."""
    imp = facts.get("imposition")
    if not isinstance(imp, dict):
        raise ImposeError("the sheet carries no imposition facts")
    trim = imp.get("trim_mm")
    ok = isinstance(trim, list) and len(trim) == 2 and all(isinstance(v, (int, float)) and 0 < v < 1000 for v in trim)
    bleed = imp.get("bleed_mm")
    pages = imp.get("pages")
    if not ok or not isinstance(bleed, (int, float)) or not 0 <= bleed <= 20 or pages not in (1, 2):
        raise ImposeError("the sheet's imposition facts are not a size, bleed and page count")
    return plan_sheet(str(imp.get("sheet")), (float(trim[0]), float(trim[1])), float(bleed), pages, method=str(imp.get("method")), duplex=str(imp.get("duplex")))


# --------------------------------------------------------------------------- writing


def fits(layout, sheet: str) -> bool:
    """A print layout is small enough for the sheet when two or more copies fit on it."""
    if layout.profile != "print":
        return False
    try:
        return plan_sheet(sheet, tuple(layout.trim_mm), layout.bleed_mm, 1).copies >= 2
    except ImposeError:
        return False


def sheet_file(entry, sheet: str) -> str:
    """`cumbria/wallet-card.self.en.pdf` -> `cumbria/imposed/wallet-card.self.en.sra3.pdf` (lower case, like every name the build writes)."""
    from pathlib import PurePosixPath

    p = PurePosixPath(entry.file)
    return str(p.parent / "imposed" / f"{p.stem}.{sheet.lower()}.pdf")


def impose_entries(out_dir, project, manifest, *, editions: list[str], sheets: list[str], method: str = "sheetwise", duplex: str | None = None):
    """Impose every small print output of the named editions; return (manifest entries, problems).

    The one-up file is read back and compared with its manifest checksum
    first: a sheet is made only of the verified artwork. A sheet that fails a
    check is not written (an older one at its path is removed).
    """
    from pathlib import Path

    from posters import atomic
    from posters.errors import Problem
    from posters.fingerprint import sha256
    from posters.manifest import Entry

    layouts = {lay.format: lay for lay in project.layouts}
    entries, problems = [], []
    for e in manifest.files:
        lay = layouts.get(e.layout)
        if e.edition not in editions or not e.is_pdf or lay is None or e.profile != "print":
            continue
        for sheet in sheets:
            if not fits(lay, sheet):
                continue
            target = Path(out_dir) / sheet_file(e, sheet)
            one_up = (Path(out_dir) / e.file).read_bytes()
            if sha256(one_up) != e.sha256:
                problems.append(Problem(e.file, "", "changed since the build wrote it; not imposed", "run 'posters build' again"))
                continue
            side_duplex = duplex or getattr(lay, "duplex", None) or "head-to-head"
            imp = plan_sheet(sheet, tuple(lay.trim_mm), lay.bleed_mm, e.pages or 1, method=method, duplex=side_duplex)
            job = SheetJob(Path(e.file).stem, e.edition, project.campaign.version, e.sha256[:12])
            data = impose_pdf(one_up, imp, job)
            from posters.render.xmp_facts import with_facts

            data = with_facts(data, sheet_facts(e, imp, sheet, one_up, job))  # the sheet says what it is and how it was made
            found = verify_sheet(data, one_up, imp, qr_payload=e.qr_payload, helpline=e.helpline or project.campaign.helpline_display, allowed_hosts=list(project.campaign.allowed_hosts))
            bad = [f for f in found if f.severity == "error"]
            if bad:
                target.unlink(missing_ok=True)
                problems += [Problem(target.relative_to(out_dir).as_posix(), f"[{f.check}]", f.message, f.hint) for f in bad]
                continue
            atomic.write_bytes(target, data)
            entries.append(
                Entry.of(Path(out_dir), target, data, edition=e.edition, layout=e.layout, profile="print", language=e.language, message=e.message, pages=len(imp.sides), trim_mm=list(imp.sheet_mm), bleed_mm=0.0, qr_payload=e.qr_payload, helpline=e.helpline, pdfx="PDF/X-1a:2003", kind="imposed", imposition=imp.describe(), checks=SHEET_CHECKS)
            )
    return entries, problems
