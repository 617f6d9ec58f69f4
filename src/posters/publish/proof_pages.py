"""The printable proof: per edition, `proofs/<edition>.proof.a4.pdf`, A4 landscape
pages any office printer can print (and A3 by "fit to page").

Page 1 lists every asset with its real size and has the sign-off box; then one
page per asset page, the page's trim placed as a vector form (the built file's
own drawing), as large as fits, capped at twice real size, with its scale
noted ("shown at 31 % of real size, 594 x 841 mm"). The edition's build
fingerprint and the campaign version are printed on every page, so a signed
printout names exactly the files it approved (`posters approve` records the
same fingerprint).
"""

from __future__ import annotations

import io
from pathlib import Path

from posters import atomic, fonts
from posters.manifest import Entry, Manifest, fingerprint
from posters.units import PT_PER_MM

PAGE_W, PAGE_H = 297 * PT_PER_MM, 210 * PT_PER_MM  # A4 landscape
MARGIN = 12 * PT_PER_MM
HEAD = 16 * PT_PER_MM  # title lines above the asset
FOOT = 10 * PT_PER_MM  # fingerprint line below it
MAX_SCALE = 2.0  # a wallet card is shown at twice its size, no more
STEM_SUFFIX = ".proof.a4"


def pages_name(slug: str) -> str:
    return f"{slug}{STEM_SUFFIX}.pdf"


def _assets(manifest: Manifest, slug: str) -> list[Entry]:
    return sorted(manifest.assets(slug), key=lambda e: (e.profile != "print", e.layout or "", e.language or "", e.message or ""))


def _layout_name(project, fmt: str) -> str:
    lay = next((lay for lay in project.layouts if lay.format == fmt), None)
    return lay.name if lay else fmt


def _pct(scale: float) -> str:
    return f"{scale * 100:.0f} %"


def _footer(c, fp: str, version: str, n: int, total: int) -> None:
    c.setFont(fonts.register("regular"), 8)
    c.drawString(MARGIN, MARGIN * 0.6, f"Build fingerprint {fp} · campaign version {version} · screen colours, not a colour proof")
    c.drawRightString(PAGE_W - MARGIN, MARGIN * 0.6, f"page {n} of {total}")


def render(project, manifest: Manifest, slug: str, out_dir: Path) -> tuple[bytes, int]:
    """The proof's bytes and its number of pages."""
    import pikepdf
    from pikepdf import Name

    from posters.publish.page_form import page_form

    from posters.render.pdf import new_canvas

    edition = project.edition(slug)
    campaign = project.campaign
    assets = _assets(manifest, slug)
    fp = fingerprint([e for e in manifest.files if e.edition == slug])
    slots = [(e, i) for e in assets for i in range(int(e.pages or 1))]
    total = 1 + len(slots)
    regular, bold = fonts.register("regular"), fonts.register("bold")
    buf = io.BytesIO()
    c = new_canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1, initialFontName=regular)
    c.setTitle(f"Proof: {edition.name} ({slug})")
    # cover: what is in it, and the sign-off box
    c.setFont(bold, 20)
    c.drawString(MARGIN, PAGE_H - MARGIN - 20, f"Proof for sign-off: {edition.name}")
    c.setFont(regular, 11)
    c.drawString(MARGIN, PAGE_H - MARGIN - 38, f"{campaign.name} ({campaign.id}), version {campaign.version} · helpline {campaign.helpline_display} · {campaign.url}")
    c.drawString(MARGIN, PAGE_H - MARGIN - 54, f"{len(assets)} assets on the following {len(slots)} pages, each shown as large as fits; its scale and real size are noted on its page.")
    y = PAGE_H - MARGIN - 78
    c.setFont(regular, 9)
    col_w = (PAGE_W - 2 * MARGIN) / 2
    for k, e in enumerate(assets):
        x = MARGIN + (k // 30) * col_w
        yy = y - (k % 30) * 12
        size = f"{e.trim_mm[0]:g} x {e.trim_mm[1]:g} mm" if e.profile == "print" and e.trim_mm else (f"{e.size_px[0]} x {e.size_px[1]} px" if e.size_px else "")
        c.drawString(x, yy, f"{Path(e.file).name}   {_layout_name(project, e.layout)}, {size}, {e.pages or 1} page(s)")
    box_y = MARGIN + 14
    c.setFont(bold, 11)
    c.drawString(MARGIN, box_y + 36, f"Approved, build fingerprint {fp}:")
    c.setFont(regular, 11)
    c.drawString(MARGIN, box_y + 16, "Name and role: ______________________________________    Signature: ____________________    Date: ______________")
    _footer(c, fp, campaign.version, 1, total)
    c.showPage()
    places = []
    for n, (e, i) in enumerate(slots, start=2):
        lay_name = _layout_name(project, e.layout)
        src = pikepdf.open(out_dir / e.file)
        trim = [float(v) for v in (src.pages[i].obj.get("/TrimBox") or src.pages[i].mediabox)]
        src.close()
        tw, th = trim[2] - trim[0], trim[3] - trim[1]
        aw, ah = PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN - HEAD - FOOT
        scale = min(aw / tw, ah / th, MAX_SCALE)
        w, h = tw * scale, th * scale
        x, y = (PAGE_W - w) / 2, MARGIN + FOOT + (ah - h) / 2
        real = f"{tw / PT_PER_MM:.0f} x {th / PT_PER_MM:.0f} mm" if e.profile == "print" else (f"{e.size_px[0]} x {e.size_px[1]} px on screen" if e.size_px else "")
        side = f", page {i + 1} of {e.pages}" if (e.pages or 1) > 1 else ""
        c.setFont(bold, 13)
        c.drawString(MARGIN, PAGE_H - MARGIN - 13, f"{lay_name}{side}: {e.message} · {e.language}")
        c.setFont(regular, 10)
        c.drawString(MARGIN, PAGE_H - MARGIN - 28, f"{Path(e.file).name} · shown at {_pct(scale)} of real size ({real}) · {e.profile}")
        c.setStrokeGray(0.6)
        c.setLineWidth(0.5)
        c.rect(x, y, w, h, stroke=1, fill=0)
        _footer(c, fp, campaign.version, n, total)
        c.showPage()
        places.append((e, i, trim, scale, x, y, w, h))
    c.save()
    doc = pikepdf.open(io.BytesIO(buf.getvalue()))
    sources = {}
    for k, (e, i, trim, scale, x, y, w, h) in enumerate(places):
        src = sources.get(e.file) or sources.setdefault(e.file, pikepdf.open(out_dir / e.file))
        page = doc.pages[k + 1]
        form = doc.copy_foreign(page_form(src.pages[i]))
        name = Name(f"/Asset{k}")
        page.add_resource(form, Name.XObject, name)
        tx, ty = x - scale * trim[0], y - scale * trim[1]
        ops = f"q {x:.3f} {y:.3f} {w:.3f} {h:.3f} re W n {scale:.6f} 0 0 {scale:.6f} {tx:.3f} {ty:.3f} cm {name} Do Q\n"
        page.contents_add(doc.make_stream(ops.encode()), prepend=False)
    out = io.BytesIO()
    doc.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources.values():
        src.close()
    doc.close()
    return out.getvalue(), total


def write_pages(project, out_dir: Path, manifest: Manifest, slug: str) -> Entry | None:
    """Write one edition's printable proof and return its entry (None: the edition has no assets)."""
    if not manifest.assets(slug):
        return None
    data, n = render(project, manifest, slug, out_dir)
    path = out_dir / "proofs" / pages_name(slug)
    atomic.write_bytes(path, data)
    return Entry.of(out_dir, path, data, edition=slug, kind="proof-pages", pages=n)
