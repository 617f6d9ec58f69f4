"""QR read-back: decode the code from the rendered page, as a phone would.

The page is rendered (pypdfium2) at about 3 pixels per QR module and blurred
slightly, which is roughly what a phone camera sees from the scanning
distance; zxing-cpp decodes it. What it reads must be the payload expected for
this edition and format, and must pass the campaign's URL rules (https, a host
on the allow-list, no user name or port tricks).

With a plan, only the QR code's own square is rendered (fast). Without one, a
whole-page pass finds every code first; each is then re-read at phone
resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.units import PT_PER_MM
from posters.elements.qr import QrCode
from posters.inputs.urls import UrlRefused, check_url
from posters.verify.findings import Finding, error

CHECK = "qr"
PX_PER_MODULE = 3.0
BLUR_PX = 0.8
SCAN_LONG_SIDE_PX = 2400  # whole-page pass: enough for a 25 mm code on an A1 sheet
MARGIN_MODULES = 2  # rendered around the code's square, as a camera frame would show


@dataclass(frozen=True)
class Region:
    """Where a QR code is on a page, in points from the page's bottom-left corner."""

    page: int  # 0-based
    x0: float
    y0: float
    x1: float
    y1: float
    modules: int  # modules across, including the quiet zone


def plan_regions(plan) -> list[Region]:
    """The QR codes the plan placed, in page coordinates."""
    g = plan.geometry
    out = []
    for i, page in enumerate(plan.pages):
        for p in page.elements:
            if not isinstance(p.content, QrCode):
                continue
            b = p.box
            out.append(Region(i, *g.pt(g.on_page(b.x, b.y, b.w, b.h)), p.content.modules + 2 * p.content.quiet))
    return out


def _version(result) -> int:
    try:
        return int(result.extra.get("Version", 0)) if isinstance(result.extra, dict) else 0
    except ValueError:
        return 0


def _decode(image) -> list[tuple[str, int]]:
    import zxingcpp

    return [(r.text, _version(r)) for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) if r.valid]


def read_region(doc, region: Region) -> list[str]:
    """Decode one region at phone resolution (about 3 px per module, slightly blurred)."""
    return [text for text, _ in read_region_versions(doc, region)]


def read_region_versions(doc, region: Region) -> list[tuple[str, int]]:
    """What read_region reads, with each code's QR version (0 if the decoder does not say)."""
    from PIL import ImageFilter

    page = doc[region.page]
    w, h = page.get_size()
    margin = (region.x1 - region.x0) / region.modules * MARGIN_MODULES
    x0, y0 = max(0.0, region.x0 - margin), max(0.0, region.y0 - margin)
    x1, y1 = min(w, region.x1 + margin), min(h, region.y1 + margin)
    scale = PX_PER_MODULE * region.modules / (region.x1 - region.x0)
    bitmap = page.render(scale=scale, crop=(x0, y0, w - x1, h - y1), grayscale=True)
    try:
        image = bitmap.to_pil()  # "L", on the bitmap's own memory: the blur makes the copy
        image = (image if image.mode == "L" else image.convert("L")).filter(ImageFilter.GaussianBlur(BLUR_PX))
    finally:
        bitmap.close()
    return _decode(image)


def find_regions(doc) -> list[Region]:
    """Every QR code on every page, located by a whole-page pass."""
    import zxingcpp

    out = []
    for i in range(len(doc)):
        page = doc[i]
        w, h = page.get_size()
        scale = SCAN_LONG_SIDE_PX / max(w, h)
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            pos = r.position
            xs = [pt.x for pt in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
            ys = [pt.y for pt in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
            version = _version(r)
            modules = 17 + 4 * version if version else 0
            # zxing's corners are those of the symbol; add the quiet zone back
            side = (max(xs) - min(xs)) / scale
            quiet = side / modules * 4 if modules else side * 0.2
            out.append(
                Region(
                    i,
                    min(xs) / scale - quiet,
                    h - max(ys) / scale - quiet,
                    max(xs) / scale + quiet,
                    h - min(ys) / scale + quiet,
                    modules + 8 if modules else 0,
                )
            )
    return out


def judge_payload(text: str, expected: str | None, allowed: list[str], page: int | None) -> list[Finding]:
    """What a decoded payload must be: the expected link, and a safe one in any case."""
    out = []
    try:
        check_url(text, allowed)
    except UrlRefused as exc:
        out.append(
            error(
                CHECK,
                f"the QR code leads to {text!r}, which is not a safe link to the charity's site: {exc}",
                "do not print this file; rebuild it with 'posters build'",
                page,
            )
        )
    if expected is not None and text != expected:
        out.append(
            error(
                CHECK,
                f"the QR code leads to {text!r}, but this edition and format should lead to {expected!r}",
                "do not print this file; rebuild it with 'posters build'",
                page,
            )
        )
    return out


def check_qr(pdf: bytes, *, expected: str | None, allowed: list[str], regions: list[Region] | None, max_version: int | None = None, pages=None) -> list[Finding]:
    """[qr] Decode every QR code at phone resolution and judge what it says.

    `regions` from the plan when known; None finds the codes on the page first
    (for files checked without their plan). `expected` None: only the URL rules
    apply. `max_version`: the largest QR version the campaign allows (a longer
    link means smaller modules in the same square); None: not checked.
    `pages`: the file already opened (posters.verify.pages), shared with other checks.
    """
    from posters.verify.pages import open_pages

    doc, own = open_pages(pdf, pages)
    try:
        out: list[Finding] = []
        located = regions if regions is not None else find_regions(doc)
        if not located:
            return [error(CHECK, "no QR code could be found on the page", "the poster must carry the self-help QR code; rebuild it with 'posters build'")]
        for r in located:
            reads = read_region_versions(doc, r) if r.modules else []
            texts = [t for t, _ in reads]
            if not texts:
                where = f"at {r.x0 / PT_PER_MM:.0f}, {r.y0 / PT_PER_MM:.0f} mm" if regions is None else "where the layout puts it"
                out.append(
                    error(
                        CHECK,
                        f"the QR code {where} could not be read at phone resolution ({PX_PER_MODULE:g} px per module, slightly blurred)",
                        "a phone may fail to scan it too: check that nothing covers it, it has its white margin, and it is not too small",
                        r.page + 1,
                    )
                )
            for text, version in reads:
                out.extend(judge_payload(text, expected, allowed, r.page + 1))
                if max_version is not None and version > max_version:
                    out.append(
                        error(
                            CHECK,
                            f"the QR code is version {version}; the campaign allows version {max_version} at most, so its modules print smaller than phones need",
                            "shorten the link (see [qr.attribution] in campaign.toml) and rebuild",
                            r.page + 1,
                        )
                    )
        return out
    finally:
        if own:
            doc.close()


def check_extra_codes(pdf: bytes, *, expected: str | None, allowed: list[str], regions: list[Region]) -> list[Finding]:
    """[qr] A whole-page pass for codes outside the planned squares (an edited file may have gained one)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for found in find_regions(doc):
            known = any(
                r.page == found.page and r.x0 - 5 <= (found.x0 + found.x1) / 2 <= r.x1 + 5 and r.y0 - 5 <= (found.y0 + found.y1) / 2 <= r.y1 + 5
                for r in regions
            )
            if known:
                continue
            texts = read_region(doc, found) if found.modules else []
            for text in texts or ["(unreadable)"]:
                out.append(
                    error(
                        CHECK,
                        f"there is a QR code the layout does not place, at {found.x0 / PT_PER_MM:.0f}, {found.y0 / PT_PER_MM:.0f} mm from the bottom-left; it reads {text!r}",
                        "the file was changed after it was built; do not print it",
                        found.page + 1,
                    )
                )
                out.extend(judge_payload(text, expected, allowed, found.page + 1) if text != "(unreadable)" else [])
        return out
    finally:
        doc.close()
