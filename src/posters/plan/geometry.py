"""Page geometry: where the trim sits on the page, and the one place where
layout coordinates become PDF coordinates.

Layouts measure in mm from the trim's top-left corner (how designers
measure); PDF measures in points from the page's bottom-left corner. A print
page is the trim plus the bleed on every side, plus a slug outside the bleed
for crop marks when the layout asks for them. The renderer, the checks, the
preview server and the printer's spec all read these numbers from here, so a
page box and the check of that box cannot disagree.

Large formats are supplied as scaled artwork (a 48-sheet at 1:10): the
layout and the plan stay at full size, where every check is made, while the
page (trim, bleed, media) is at `scale`; layout coordinates are scaled on
their way onto the page. Crop marks and their slug keep their usual size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from posters.units import PT_PER_MM

MARK_OFFSET_MM = 0.5  # gap between the bleed edge and the start of a crop mark
MARK_LENGTH_MM = 5.0
SLUG_MM = MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0  # room outside the bleed for the marks

Rect = tuple[float, float, float, float]  # (x0, y0, x1, y1)


@dataclass(frozen=True)
class PageGeometry:
    trim_w: float  # mm
    trim_h: float
    bleed: float  # mm on every side of the trim
    slug: float  # mm outside the bleed (crop marks); 0 without marks
    scale: float = 1.0  # page size / full size: 0.1 for artwork supplied at 1:10
    # the layout's own trim and bleed at full size, as written (not divided back out of the
    # scaled page, which would not give the written numbers exactly); None: the page's own
    full_trim: tuple[float, float] | None = None
    full_bleed: float | None = None

    @classmethod
    def of(cls, layout) -> "PageGeometry":
        s = getattr(layout, "artwork_scale", 1.0)
        tw, th = layout.trim_mm
        g = cls.from_sizes((tw * s, th * s), layout.bleed_mm * s, layout.profile == "print" and layout.crop_marks, s)
        return replace(g, full_trim=(tw, th), full_bleed=layout.bleed_mm)

    @classmethod
    def from_sizes(cls, trim_mm: tuple[float, float], bleed_mm: float, crop_marks: bool, scale: float = 1.0) -> "PageGeometry":
        return cls(float(trim_mm[0]), float(trim_mm[1]), float(bleed_mm), SLUG_MM if crop_marks else 0.0, float(scale))

    # in the layout's terms (mm at full size, what elements are placed in) ----
    @property
    def layout_trim(self) -> tuple[float, float]:
        """The trim as the layout gives it, at full size."""
        return self.full_trim if self.full_trim is not None else (self.trim_w / self.scale, self.trim_h / self.scale)

    @property
    def layout_bleed(self) -> float:
        """The bleed as the layout gives it, at full size."""
        return self.full_bleed if self.full_bleed is not None else self.bleed / self.scale

    def length(self, mm: float) -> float:
        """A length of the layout (full size) as drawn on the page."""
        return mm * self.scale

    # in mm ---------------------------------------------------------------
    @property
    def trim(self) -> tuple[float, float]:
        return (self.trim_w, self.trim_h)

    @cached_property
    def margin(self) -> float:
        """From the page edge to the trim, on every side."""
        return self.bleed + self.slug

    @cached_property
    def _trim_top(self) -> float:
        """The trim's top edge, from the page's bottom (kept: the painter asks for every point it draws)."""
        return self.margin + self.trim_h

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_w + 2 * self.margin, self.trim_h + 2 * self.margin)

    @property
    def trim_origin(self) -> tuple[float, float]:
        """The trim's bottom-left corner, from the page's bottom-left corner."""
        return (self.margin, self.margin)

    def page_y(self, y_from_trim_top: float) -> float:
        """mm from the page's bottom edge of a point given from the trim's top: the y-axis flip."""
        return self._trim_top - y_from_trim_top * self.scale

    def page_x(self, x_from_trim_left: float) -> float:
        return self.margin + x_from_trim_left * self.scale

    def rects_pt(self, boxes) -> list[Rect]:
        """Layout boxes (x, y, w, h in mm from the trim's top-left) as PDF rectangles
        (x, y, w, h in points from the page's bottom-left: the bottom-left corner and the size),
        converted together: the same arithmetic as page_x, page_y and length, once per element
        rather than three calls per number (a QR code has hundreds of rectangles)."""
        m, top, s, k = self.margin, self._trim_top, self.scale, PT_PER_MM
        return [((m + x * s) * k, (top - (y + h) * s) * k, (w * s) * k, (h * s) * k) for x, y, w, h in boxes]

    def on_page(self, x: float, y: float, w: float, h: float) -> Rect:
        """A layout box (mm from the trim's top-left) as (x0, y0, x1, y1) in mm from the page's bottom-left."""
        return (self.page_x(x), self.page_y(y + h), self.page_x(x + w), self.page_y(y))

    def from_page_top(self, x: float, y: float, w: float, h: float) -> Rect:
        """A layout box as (x, y, w, h) in mm from the page's top-left corner (what a browser measures)."""
        return (self.page_x(x), self.margin + y * self.scale, w * self.scale, h * self.scale)

    # in points -----------------------------------------------------------
    @staticmethod
    def pt(rect: Rect) -> Rect:
        return tuple(v * PT_PER_MM for v in rect)  # type: ignore[return-value]

    @property
    def media_pt(self) -> tuple[float, float]:
        return (self.media[0] * PT_PER_MM, self.media[1] * PT_PER_MM)

    @property
    def trim_box_pt(self) -> Rect:
        m = self.margin
        return self.pt((m, m, m + self.trim_w, m + self.trim_h))

    @property
    def bleed_box_pt(self) -> Rect:
        m, b = self.margin, self.bleed
        return self.pt((m - b, m - b, m + self.trim_w + b, m + self.trim_h + b))
