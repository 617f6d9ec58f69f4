"""The [boxes] check: MediaBox, TrimBox, BleedBox, CropBox, /Rotate and
/UserUnit match the finished size and bleed on every page."""

from __future__ import annotations

from dataclasses import dataclass

from posters.verify.findings import Finding, error
from posters.verify.pdf._common import (
    MM_PER_PT,
    PT_PER_MM,
    PdfSource,
    _box,
    _Collector,
    _fmt,
    _inherited,
    _num,
    _opened,
)

#: Tolerance when comparing page boxes, in points.
BOX_TOLERANCE_PT = 0.01


def _close(a: float, b: float, tol: float = BOX_TOLERANCE_PT) -> bool:
    return abs(a - b) <= tol


def _same_box(a: tuple, b: tuple, tol: float = BOX_TOLERANCE_PT) -> bool:
    return all(_close(x, y, tol) for x, y in zip(a, b))


def _size_mm(box: tuple) -> str:
    return f"{_fmt((box[2] - box[0]) * MM_PER_PT, 2)} × {_fmt((box[3] - box[1]) * MM_PER_PT, 2)} mm"


def _inset(box: tuple, by: float) -> tuple[float, float, float, float]:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


@dataclass(frozen=True)
class _Want:
    """The expected page, in points, and how to name it in a message."""

    trim_mm: tuple[float, float]
    bleed_mm: float
    slug_mm: float

    @property
    def trim(self) -> tuple[float, float]:
        return (float(self.trim_mm[0]) * PT_PER_MM, float(self.trim_mm[1]) * PT_PER_MM)

    @property
    def margin(self) -> float:
        """From the page edge to the trim."""
        return (float(self.bleed_mm) + float(self.slug_mm)) * PT_PER_MM

    @property
    def media(self) -> tuple[float, float]:
        tw, th = self.trim
        return (tw + 2 * self.margin, th + 2 * self.margin)

    @property
    def screen(self) -> bool:
        return self.bleed_mm == 0 and self.slug_mm == 0

    @property
    def trim_label(self) -> str:
        return f"{_fmt(self.trim_mm[0], 2)} × {_fmt(self.trim_mm[1], 2)} mm"


def check_boxes(
    pdf: PdfSource,
    trim_mm: tuple[float, float],
    bleed_mm: float,
    *,
    slug_mm: float = 0.0,
) -> list[Finding]:
    """[boxes] Page boxes match the finished size and bleed on every page.

    Expected layout (sizes in points, tolerance 0.01 pt):

    * MediaBox = trim + 2 × (bleed + slug) each way, where ``slug_mm`` is any
      extra margin outside the bleed for crop marks (default 0: the page is
      trim plus bleed, as in the project's default layout);
    * TrimBox = trim size, inset by bleed + slug from the MediaBox edges;
    * BleedBox (or, if absent, the CropBox/MediaBox it defaults to) = trim
      grown by the bleed on every side;
    * CropBox absent or equal to the MediaBox; no /Rotate (or 0); no /UserUnit
      other than 1; every page has the same TrimBox size.

    With ``bleed_mm == 0`` and no slug (screen profile) a TrimBox/BleedBox may
    be absent, and if present must equal the MediaBox.
    """
    out = _Collector()
    want = _Want(trim_mm, bleed_mm, slug_mm)
    with _opened(pdf) as doc:
        first_trim: tuple[int, float, float] | None = None
        for number, page in enumerate(doc.pages, start=1):
            obj = page.obj
            media = _box(_inherited(obj, "/MediaBox"))
            if media is None:
                out.add(error("boxes", "The page has no valid MediaBox (page size).",
                              "Rebuild the file with 'posters build'; every page needs a size.", number))
                continue
            _check_media(media, want, number, out)
            first_trim = _check_trim(obj, media, want, first_trim, number, out)
            _check_bleed(obj, media, want, number, out)
            _check_placement(obj, media, number, out)
    return out.items


def _check_media(media: tuple, want: _Want, number: int, out: _Collector) -> None:
    mw, mh = media[2] - media[0], media[3] - media[1]
    want_media = want.media
    if _close(mw, want_media[0]) and _close(mh, want_media[1]):
        return
    hint = (
        f"Set the page size to {_fmt(want_media[0] * MM_PER_PT, 2)} × "
        f"{_fmt(want_media[1] * MM_PER_PT, 2)} mm (trim {want.trim_label} plus "
        f"{_fmt(want.bleed_mm, 2)} mm bleed"
        + (f" and {_fmt(want.slug_mm, 2)} mm for marks" if want.slug_mm else "")
        + " on every side)."
    )
    if _close(mw, want_media[1]) and _close(mh, want_media[0]) and mw != mh:
        hint += " Width and height look swapped (portrait vs landscape)."
    out.add(error(
        "boxes",
        f"The page (MediaBox) is {_size_mm(media)}; expected "
        f"{_fmt(want_media[0] * MM_PER_PT, 2)} × {_fmt(want_media[1] * MM_PER_PT, 2)} mm.",
        hint, number,
    ))


def _check_trim(obj, media: tuple, want: _Want, first_trim, number: int, out: _Collector):
    """The TrimBox: present on print pages, the finished size, centred; the same on every page.
    Returns the first page's trim size, for the pages after it."""
    trim = _box(obj.get("/TrimBox"))
    if "/TrimBox" in obj and trim is None:
        out.add(error("boxes", "The TrimBox is malformed.",
                      "Rebuild the file with 'posters build'; if it was edited, set the trim box "
                      "again in the editor's page box settings.", number))
    if trim is None:
        if not want.screen and "/TrimBox" not in obj:
            out.add(error(
                "boxes",
                f"The page has no TrimBox, so the printer cannot tell where to cut "
                f"(finished size {want.trim_label}).",
                f"Set the trim box to the finished size, {_fmt(want.bleed_mm + want.slug_mm, 2)} mm inside "
                "the page edge on every side (rebuild the file with 'posters build', or use the "
                "editor's page box settings).",
                number,
            ))
        return first_trim
    tw_, th_ = trim[2] - trim[0], trim[3] - trim[1]
    if first_trim is None:
        first_trim = (number, tw_, th_)
    elif not (_close(tw_, first_trim[1]) and _close(th_, first_trim[2])):
        out.add(error(
            "boxes",
            f"The trim size {_size_mm(trim)} differs from page {first_trim[0]}'s "
            f"{_fmt(first_trim[1] * MM_PER_PT, 2)} × {_fmt(first_trim[2] * MM_PER_PT, 2)} mm; "
            "all pages of a print file must have the same finished size.",
            "Build each size as its own PDF.",
            number,
        ))
    tw, th = want.trim
    if want.screen:
        if not _same_box(trim, media):
            out.add(error(
                "boxes",
                f"The TrimBox ({_size_mm(trim)}) differs from the page "
                f"({_size_mm(media)}), but this screen file has no bleed.",
                "Remove the TrimBox or make it equal to the MediaBox.",
                number,
            ))
    elif not (_close(tw_, tw) and _close(th_, th)):
        out.add(error(
            "boxes",
            f"The finished size (TrimBox) is {_size_mm(trim)}; expected {want.trim_label}.",
            "Set the TrimBox to the finished poster size.",
            number,
        ))
    elif not _same_box(trim, _inset(media, want.margin)):
        out.add(error(
            "boxes",
            "The TrimBox is the right size but not centred: it must sit "
            f"{_fmt(want.bleed_mm + want.slug_mm, 2)} mm inside every page edge.",
            f"Centre the trim box: {_fmt(want.bleed_mm + want.slug_mm, 2)} mm inside every page edge "
            "(rebuild the file with 'posters build').",
            number,
        ))
    return first_trim


def _check_bleed(obj, media: tuple, want: _Want, number: int, out: _Collector) -> None:
    """The BleedBox (or what it defaults to) is the trim grown by the bleed."""
    trim = _box(obj.get("/TrimBox"))
    # around the file's own trim when it has one (the trim's place is judged on its own), else inside the marks
    want_bleed = _inset(trim, -float(want.bleed_mm) * PT_PER_MM) if trim is not None else _inset(media, float(want.slug_mm) * PT_PER_MM)
    bleedbox_raw = obj.get("/BleedBox")
    bleedbox = _box(bleedbox_raw)
    crop = _box(_inherited(obj, "/CropBox"))
    effective_bleed = bleedbox or crop or media
    if bleedbox_raw is not None and bleedbox is None:
        out.add(error("boxes", "The BleedBox is malformed.",
                      "Rebuild the file with 'posters build'; if it was edited, set the bleed box "
                      "again in the editor's page box settings.", number))
    elif not _same_box(effective_bleed, want_bleed):
        where = "BleedBox" if bleedbox else "bleed area (no BleedBox, so the page)"
        same_size = _same_box((0, 0, effective_bleed[2] - effective_bleed[0], effective_bleed[3] - effective_bleed[1]), (0, 0, want_bleed[2] - want_bleed[0], want_bleed[3] - want_bleed[1]))
        if same_size:
            out.add(error(
                "boxes",
                f"The {where} is the right size ({_size_mm(effective_bleed)}) but not around the trim: "
                f"it must reach {_fmt(want.bleed_mm, 2)} mm beyond the TrimBox on every side.",
                "Set the BleedBox to the trim area grown by the bleed.",
                number,
            ))
            return
        out.add(error(
            "boxes",
            f"The {where} is {_size_mm(effective_bleed)}; expected "
            f"{_fmt(want_bleed[2] * MM_PER_PT - want_bleed[0] * MM_PER_PT, 2)} × "
            f"{_fmt(want_bleed[3] * MM_PER_PT - want_bleed[1] * MM_PER_PT, 2)} mm "
            f"(trim plus {_fmt(want.bleed_mm, 2)} mm on every side).",
            "Set the BleedBox to the trim area grown by the bleed.",
            number,
        ))


def _check_placement(obj, media: tuple, number: int, out: _Collector) -> None:
    """Nothing that changes how the page is placed: a CropBox, /Rotate, /UserUnit."""
    crop = _box(_inherited(obj, "/CropBox"))
    if crop is not None and not _same_box(crop, media):
        out.add(error(
            "boxes",
            f"The page has a CropBox ({_size_mm(crop)}) smaller or different from the "
            "page; the bleed or marks may be cut off when it is placed or printed.",
            "Remove the CropBox or make it equal to the MediaBox.",
            number,
        ))
    rotate = int(_num(_inherited(obj, "/Rotate"), 0)) % 360
    if rotate:
        out.add(error(
            "boxes",
            f"The page is rotated by {rotate}° (/Rotate); imposition software may "
            "place it sideways.",
            "Draw the page in its final orientation instead of rotating it.",
            number,
        ))
    if "/UserUnit" in obj and not _close(_num(obj.get("/UserUnit"), 1.0), 1.0, 1e-9):
        out.add(error(
            "boxes",
            f"The page uses a UserUnit of {_num(obj.get('/UserUnit'))}, so its real "
            "size differs from the numbers in its boxes; PDF/X does not allow this.",
            "Draw at 1 unit = 1 point.",
            number,
        ))
