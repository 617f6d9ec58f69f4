"""Proof sheets for sign-off: per edition, every built asset on one page, and
one index across editions.

A sheet is a grid. Each cell holds every page of one PDF asset, placed as a
vector form (so a reviewer can zoom in and read the copy), clipped to its trim,
with a label naming format, message, language and size. Labels and frames are
drawn with ReportLab; the asset pages are placed with pikepdf. The PNG is the
PDF rasterised, like every other PNG in the project.

The index across editions shows each edition's first language and message
per format as pictures cut from the edition sheets' PNGs (the same pages in
cells of the same size), so it is drawn after them.

Proof sheets are screen documents, not print files: they live in
`<out>/proofs/` and are named `*.proof.pdf`, away from the print checks.
Everything is read from the build's manifest, so new formats appear without
code changes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from posters import atomic, fonts
from posters.manifest import fingerprint, Entry, Manifest

FOLDER = "proofs"
INDEX_STEM = "index"

MARGIN = 28.0
TITLE_H = 64.0
HEAD_H = 30.0  # column headings
ROW_HEAD_W = 120.0
CELL_W = 150.0
THUMB_H = 170.0
LABEL_H = 34.0
GAP = 12.0
PAGE_GAP = 4.0
LABEL_PT = 8.5
PNG_SCALE = 1.5  # pixels per point: 8.5 pt labels come out about 13 px tall
PNG_MAX_PX = 4000  # a very wide sheet is drawn smaller rather than huge
PNG_MAX_PIXELS = 12_000_000  # likewise a very tall one (the index grows a row per force): memory stays flat


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    entry: Entry  # the asset's manifest entry
    label: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    subtitle: str
    rows: list[str]
    cols: list[str]
    cells: list[Cell]
    footer: str = ""
    # raster thumbnails instead of vector forms: the index across editions
    # grows with every force, and placing hundreds of pages as forms (each
    # with its fonts) costs hundreds of MB; pictures keep it small
    raster: bool = False
    # for a raster sheet, per cell: where its pictures are already drawn (the edition
    # sheet's PNG, relative to the output folder, and a pixel box per page)
    sources: tuple = ()


def proof_name(slug: str) -> str:
    return f"{slug}.proof"


def _trim_text(entry: Entry) -> str:
    if entry.size_px:
        w, h = entry.size_px
        return f"{w:g} × {h:g} px"
    w, h = entry.trim_mm
    return f"{w:g} × {h:g} mm"


def _pages_text(n: int) -> str:
    return "1 page" if n == 1 else f"{n} pages"


def assets(manifest: Manifest, slug: str) -> list[Entry]:
    """The edition's PDF assets (PNGs are renderings of a PDF, shown through it)."""
    return manifest.assets(slug)


def _format_order(entries: list[Entry]) -> list[str]:
    """Print before screen, then smallest first, so a sheet reads from leaflet to billboard."""
    first: dict[str, Entry] = {}
    for e in entries:
        first.setdefault(e.layout, e)
    return sorted(first, key=lambda f: (first[f].profile != "print", first[f].trim_mm[0] * first[f].trim_mm[1], f))


def _layout_name(project, fmt: str) -> str:
    return next((lay.name for lay in project.layouts if lay.format == fmt), fmt)


def edition_sheet(project, manifest: Manifest, slug: str) -> Sheet:
    edition = project.edition(slug)
    entries = assets(manifest, slug)
    campaign = project.campaign
    cols = _format_order(entries)
    langs = [lang for lang in edition.languages if any(e.language == lang for e in entries)]
    msgs = [m for m in campaign.messages if any(e.message == m for e in entries)]
    rows = [(lang, m) for lang in langs for m in msgs]
    cells = []
    for e in entries:
        key = (e.language, e.message)
        if key not in rows:
            rows.append(key)
        cells.append(
            Cell(
                rows.index(key),
                cols.index(e.layout),
                e,
                (
                    f"{_layout_name(project, e.layout)} · {_trim_text(e)}",
                    f"{e.message} · {e.language} · {_pages_text(e.pages)} · {e.profile}",
                ),
            )
        )
    row_labels = ["\n".join([" / ".join(campaign.language_names.get(p, p) for p in lang.split("-")), "", f"{lang} · {m}", *_wrap(campaign.messages.get(m, m), 24, 3)]) for lang, m in rows]
    n_print = sum(1 for e in entries if e.profile == "print")
    return Sheet(
        title=f"Proof sheet: {edition.name} ({slug})",
        subtitle=f"{campaign.name} ({campaign.id}) · {len(entries)} assets, {n_print} for print · helpline {campaign.helpline_display} · {campaign.url}",
        rows=row_labels,
        cols=[_layout_name(project, f) for f in cols],
        cells=cells,
        footer=f"Build fingerprint {fingerprint([e for e in manifest.files if e.edition == slug])} · campaign version {campaign.version} · Screen proof (sRGB), not for print: colours are approximate. Approved by: ____________________   Date: ____________",
    )


def index_sheet(project, manifest: Manifest, slugs: list[str]) -> Sheet:
    """One row per edition, one column per format: the edition's first language and message."""
    all_entries = [e for s in slugs for e in assets(manifest, s)]
    cols = _format_order(all_entries)
    cells = []
    rows = []
    for slug in slugs:
        edition = project.edition(slug)
        entries = assets(manifest, slug)
        if not entries:
            continue
        order = {lang: i for i, lang in enumerate(edition.languages)}
        morder = {m: i for i, m in enumerate(project.campaign.messages)}
        for fmt in cols:
            cands = [e for e in entries if e.layout == fmt]
            if not cands:
                continue
            e = min(cands, key=lambda e: (order.get(e.language, 99), morder.get(e.message, 99)))
            cells.append(Cell(len(rows), cols.index(fmt), e, (f"{_layout_name(project, fmt)} · {_trim_text(e)}", f"{e.message} · {e.language} · {_pages_text(e.pages)}")))
        rows.append("\n".join([*_wrap(edition.name, 22, 2), "", slug, f"{len(entries)} assets"]))
    return Sheet(
        title=f"Proof index: {project.campaign.name}",
        subtitle=f"{len(rows)} editions · each edition's first language and message per format; the edition sheets show every asset",
        rows=rows,
        cols=[_layout_name(project, f) for f in cols],
        cells=cells,
        footer="Screen proof (sRGB), not for print.",
        raster=True,
        sources=_drawn_on_edition_sheets(project, manifest, cells),
    )


def _drawn_on_edition_sheets(project, manifest: Manifest, cells: list[Cell]) -> tuple:
    """For each index cell, its pictures as the edition's own sheet draws them: (the sheet's PNG,
    relative to the output folder; a pixel box in it per page). The index is cut from those PNGs,
    so each asset page is rendered once per build, not again for the index (which took most of
    the index's time: 721 pages opened and drawn at 45 forces)."""
    sheets: dict[str, tuple] = {}
    out = []
    for cell in cells:
        slug = cell.entry.edition
        if slug not in sheets:
            sheet = edition_sheet(project, manifest, slug)
            width, height = _geometry(sheet)
            w_px, h_px = _png_size(width, height)
            where = {c.entry.file: c for c in sheet.cells}
            sheets[slug] = (sheet, height, w_px / width, h_px / height, where)
        sheet, height, sx, sy, where = sheets[slug]
        mine = where[cell.entry.file]
        x, y = _cell_origin(sheet, height, mine.row, mine.col)
        boxes = tuple((round(rx * sx), round((height - ry - rh) * sy), round((rx + rw) * sx), round((height - ry) * sy)) for rx, ry, rw, rh in _page_rects(mine, x, y))
        out.append((f"{FOLDER}/{proof_name(slug)}.png", boxes))
    return tuple(out)


# --- drawing -------------------------------------------------------------------
def _geometry(sheet: Sheet) -> tuple[float, float]:
    w = 2 * MARGIN + ROW_HEAD_W + len(sheet.cols) * (CELL_W + GAP)
    h = 2 * MARGIN + TITLE_H + HEAD_H + len(sheet.rows) * (THUMB_H + LABEL_H + GAP) + 20
    return max(w, 600.0), h


def _cell_origin(sheet: Sheet, height: float, row: int, col: int) -> tuple[float, float]:
    """Bottom-left of a cell's thumbnail area, in points."""
    x = MARGIN + ROW_HEAD_W + col * (CELL_W + GAP)
    top = height - MARGIN - TITLE_H - HEAD_H - row * (THUMB_H + LABEL_H + GAP)
    return x, top - THUMB_H


def _page_rects(cell: Cell, x: float, y: float) -> list[tuple[float, float, float, float]]:
    """Where each page of the asset goes: side by side, trim aspect kept, centred in the cell."""
    n = max(1, int(cell.entry.pages or 1))
    tw, th = cell.entry.trim_mm
    avail_w = CELL_W - PAGE_GAP * (n - 1)
    scale = min(avail_w / (n * tw), THUMB_H / th)
    pw, ph = tw * scale, th * scale
    total = n * pw + (n - 1) * PAGE_GAP
    x0 = x + (CELL_W - total) / 2
    y0 = y + (THUMB_H - ph) / 2
    return [(x0 + i * (pw + PAGE_GAP), y0, pw, ph) for i in range(n)]


def _thumbnails(sheet: Sheet, out_dir: Path, height: float):
    """Each index cell's pictures, cut from its edition sheet's PNG, with where they go;
    one sheet's PNG open at a time, read only as far down as the index's pictures are."""
    from posters.render.png import read_top

    depth: dict[str, int] = {}
    for png, boxes in sheet.sources:
        depth[png] = max([depth.get(png, 0), *(box[3] for box in boxes)])
    open_png, image = None, None
    for cell, (png, boxes) in zip(sheet.cells, sheet.sources):
        if png != open_png:
            if image is not None:
                image.close()
            image = read_top(out_dir / png, depth[png])
            open_png = png
        x, y = _cell_origin(sheet, height, cell.row, cell.col)
        for box, rect in zip(boxes, _page_rects(cell, x, y)):
            yield image.crop(box).convert("RGB"), rect
    if image is not None:
        image.close()


def _base_pdf(sheet: Sheet, width: float, height: float) -> bytes:
    from reportlab.lib.colors import Color

    from posters.render.pdf import new_canvas

    regular, bold = fonts.register("regular"), fonts.register("bold")
    semibold = fonts.register("semibold")
    buf = io.BytesIO()
    c = new_canvas(buf, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName=regular)
    c.setTitle(sheet.title)
    grey = Color(0.45, 0.45, 0.45)
    c.setFont(bold, 22)
    c.drawString(MARGIN, height - MARGIN - 22, sheet.title)
    c.setFont(regular, 11)
    c.setFillColor(grey)
    c.drawString(MARGIN, height - MARGIN - 42, sheet.subtitle)
    c.setFillColor(Color(0, 0, 0))
    head_y = height - MARGIN - TITLE_H - HEAD_H + 10
    c.setFont(semibold, 10.5)
    for i, name in enumerate(sheet.cols):
        x = MARGIN + ROW_HEAD_W + i * (CELL_W + GAP)
        c.drawString(x, head_y, _fit(c, name, semibold, 10.5, CELL_W))
    c.setStrokeColor(Color(0.8, 0.8, 0.8))
    c.setLineWidth(0.5)
    for r, text in enumerate(sheet.rows):
        _, y = _cell_origin(sheet, height, r, 0)
        top = y + THUMB_H
        c.line(MARGIN, top + GAP / 2, width - MARGIN, top + GAP / 2)
        # a row label is heading lines, then (after an empty line, or from the third line) details
        lines = text.split("\n")
        split = lines.index("") if "" in lines else min(2, len(lines) - 1) if len(lines) > 2 else 1
        lines = [ln for ln in lines if ln]
        for j, line in enumerate(lines):
            heading = j < split
            font, size = (semibold, 10.5) if heading else (regular, 9)
            c.setFont(font, size)
            c.setFillColor(Color(0, 0, 0) if heading else grey)
            c.drawString(MARGIN, top - 12 - j * 13, _fit(c, line, font, size, ROW_HEAD_W - 8))
    c.setFillColor(Color(0, 0, 0))
    for cell in sheet.cells:
        x, y = _cell_origin(sheet, height, cell.row, cell.col)
        c.setStrokeColor(Color(0.6, 0.6, 0.6))
        for rx, ry, rw, rh in _page_rects(cell, x, y):
            c.rect(rx - 0.5, ry - 0.5, rw + 1, rh + 1, stroke=1, fill=0)
        for j, line in enumerate(cell.label):
            font = semibold if j == 0 else regular
            c.setFont(font, LABEL_PT)
            c.drawString(x, y - 11 - j * 11, _fit(c, line, font, LABEL_PT, CELL_W + GAP - 2))
    if sheet.footer:
        c.setFont(regular, 10)
        c.setFillColor(grey)
        c.drawString(MARGIN, MARGIN - 8, sheet.footer)
    c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int, lines: int) -> list[str]:
    import textwrap

    out = textwrap.wrap(text, width)
    if len(out) > lines:
        out = out[:lines]
        out[-1] += " …"
    return out


def _fit(c, text: str, font: str, size: float, width: float) -> str:
    if c.stringWidth(text, font, size) <= width:
        return text
    while text and c.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def render_sheet(sheet: Sheet, out_dir: Path) -> bytes:
    """The sheet as PDF bytes: labels and frames, then every asset page placed as a form."""
    import pikepdf
    from pikepdf import Name, Rectangle

    from posters.publish.page_form import page_form
    from posters.publish.proof_images import reduce_photographs

    width, height = _geometry(sheet)
    base = pikepdf.open(io.BytesIO(_base_pdf(sheet, width, height)))
    page = base.pages[0]
    if sheet.raster:
        return _place_thumbnails(base, page, _thumbnails(sheet, out_dir, height))
    ops = []
    sources = []
    n = 0
    for cell in sheet.cells:
        src = pikepdf.open(out_dir / cell.entry.file)
        sources.append(src)
        x, y = _cell_origin(sheet, height, cell.row, cell.col)
        for i, (rx, ry, rw, rh) in enumerate(_page_rects(cell, x, y)):
            if i >= len(src.pages):
                break
            form = base.copy_foreign(page_form(src.pages[i]))
            name = Name(f"/Asset{n}")  # fixed names, so the same build gives the same sheet
            n += 1
            page.add_resource(form, Name.XObject, name)
            ops.append(page.calc_form_xobject_placement(form, name, Rectangle(rx, ry, rx + rw, ry + rh), allow_shrink=True, allow_expand=True))
    page.contents_add(base.make_stream(b"\n".join(ops)), prepend=False)
    reduce_photographs(base, page)  # a photograph at the sheet's resolution, once (proof_images.py)
    data = _saved(base)
    for src in sources:
        src.close()
    return data


THUMB_DEFLATE_LEVEL = 2  # ISA-L's, as the PNGs': rewritten on every build; zlib's level 1 took a quarter of the index's time for a file 15 % smaller (1.91 against 2.25 MB)


def _place_thumbnails(base, page, thumbnails) -> bytes:
    """Each thumbnail as an RGB image placed in its rectangle, then the sheet's bytes.

    Written here rather than by ReportLab, which hashes every picture to name it
    and compresses it with zlib's default level: most of the index's time after
    drawing the thumbnails themselves. One picture is held at a time."""
    import pikepdf
    from isal import isal_zlib
    from pikepdf import Dictionary, Name

    ops = []
    for n, (image, (rx, ry, rw, rh)) in enumerate(thumbnails):
        w, h = image.size
        stream = pikepdf.Stream(base, isal_zlib.compress(image.tobytes(), THUMB_DEFLATE_LEVEL))
        stream.stream_dict = Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=w, Height=h, ColorSpace=Name.DeviceRGB, BitsPerComponent=8, Filter=Name.FlateDecode)
        name = Name(f"/Thumb{n}")  # fixed names, so the same build gives the same sheet
        page.add_resource(stream, Name.XObject, name)
        ops.append(f"q {rw:.4f} 0 0 {rh:.4f} {rx:.4f} {ry:.4f} cm {name} Do Q".encode())
    page.contents_add(base.make_stream(b"\n".join(ops)), prepend=False)
    return _saved(base)


def _saved(base) -> bytes:
    """A sheet's bytes (the same build gives the same bytes), and the document closed."""
    import pikepdf

    out = io.BytesIO()
    base.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    base.close()
    return out.getvalue()


def sheet_png(pdf: bytes, width_pt: float, height_pt: float) -> bytes:
    return _rasterise(pdf, *_png_size(width_pt, height_pt))


def _png_size(width_pt: float, height_pt: float) -> tuple[int, int]:
    """A sheet's PNG in whole pixels, as PDFium's own render(scale=...) counts them."""
    import math

    scale = min(PNG_SCALE, PNG_MAX_PX / width_pt, (PNG_MAX_PIXELS / (width_pt * height_pt)) ** 0.5)
    return math.ceil(width_pt * scale), math.ceil(height_pt * scale)


def _rasterise(pdf: bytes, w: int, h: int) -> bytes:
    """The sheet's page as a PNG, drawn and encoded as the screen PNGs are (posters.render.png:
    unfiltered rows, ISA-L's fast deflate: a proof is rewritten on every build), with PDFium's
    image cache limited: a sheet shows hundreds of pictures, each drawn once, and keeping every
    one decoded until the page closes cost hundreds of MB (the index of 45 forces)."""
    import pypdfium2 as pdfium

    from posters.render.png import page_png

    doc = pdfium.PdfDocument(pdf)
    try:
        return page_png(doc[0], w, h, limit_image_cache=True)
    finally:
        doc.close()


def _render(sheet: Sheet, out_dir: Path) -> tuple[bytes, bytes]:
    pdf = render_sheet(sheet, out_dir)
    return pdf, sheet_png(pdf, *_geometry(sheet))


def _entries(out_dir: Path, stem: str, sheet: Sheet, files: tuple[bytes, bytes], kind: str, edition: str | None) -> list[Entry]:
    entries = []
    for suffix, data in zip((".pdf", ".png"), files):
        path = out_dir / FOLDER / f"{stem}{suffix}"
        atomic.write_bytes(path, data)
        thumbnails = sum(max(1, int(c.entry.pages or 1)) for c in sheet.cells)
        entries.append(Entry.of(out_dir, path, data, edition=edition or None, kind=kind, thumbnails=thumbnails))
    return entries


def sheet_jobs(project, manifest: Manifest, slugs: list[str], index_slugs: list[str] | None = None) -> list[tuple[str, Sheet, str, str | None]]:
    """(file stem, sheet, kind, edition) of each named edition's proof sheet and of the index.

    `index_slugs`: the editions the index shows (None: those of `slugs`; empty:
    no index), so a build that redraws only the editions that changed still
    draws the index a clean build would."""
    shown = [s for s in slugs if assets(manifest, s)]
    jobs: list[tuple[str, Sheet, str, str | None]] = [(proof_name(s), edition_sheet(project, manifest, s), "proof", s) for s in shown]
    in_index = shown if index_slugs is None else [s for s in index_slugs if assets(manifest, s)]
    if in_index:
        jobs.append((INDEX_STEM, index_sheet(project, manifest, in_index), "proof-index", None))
    return jobs


def cost(sheet: Sheet) -> int:
    """How much drawing a sheet takes, roughly, for ordering the work: the bytes of the files it
    shows (a photographic background costs far more to draw than a page of type)."""
    return sum(int(c.entry.bytes or 0) for c in sheet.cells)


def write_sheet(project, out_dir: Path, stem: str, sheet: Sheet, kind: str, edition: str | None) -> list[Entry]:
    """Draw one sheet, write its PDF and PNG, and return their entries (in whichever process draws it)."""
    return _entries(out_dir, stem, sheet, _render(sheet, out_dir), kind, edition)
