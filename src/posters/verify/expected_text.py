"""The expected text of a painted line, drawn by Pillow, and a rendered line judged against it.

The expected text is a coverage mask on the rendered region's pixel grid: each
glyph drawn by Pillow in the campaign's typeface at PDFium's glyph origin and
size. From it come the two sets of pixels the judgement reads: those well
inside the glyphs (where the ink must be) and those well clear of them (where
the ground must be), a band `EDGE_PX` wide along every edge left out.

Drawing the glyphs and deriving those two sets costs more than judging a line
against them, and the same line is drawn at the same place in many outputs (the
helpline of every edition of a format), so a worker keeps them: `Expected` is
one mask, keyed by exactly what it is drawn from (weight, image size, and each
glyph's character, pixel position and pixel size), so two lines share a mask
only when Pillow would draw the same pixels for both. The cache is bounded by
the pixels it holds and drops the least recently used masks first.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

EDGE_PX = 2  # the band along glyph edges that is not judged
MAX_WRONG = 0.02  # share of judged pixels that may disagree (noise, hinting)
MIN_SEPARATION = 35.0  # ink and ground must differ by this much (mean per channel, 0-255) to be read at all
CACHE_PIXELS = 24_000_000  # the masks a worker keeps, in pixels (one byte each)

# thresholds as lookup tables: Pillow applies a list in C, a function is called 256 times first
_SOLID = [255 if v >= 128 else 0 for v in range(256)]  # the glyphs' body
_TOUCHED = [255 if v >= 8 else 0 for v in range(256)]  # any trace of a glyph
_FULL = [255 if v >= 250 else 0 for v in range(256)]  # box-blurred solid: EDGE_PX from every edge inside
_EMPTY = [255 if v < 5 else 0 for v in range(256)]  # box-blurred traces: EDGE_PX from every edge outside
_CAP = [min(v, math.floor(MIN_SEPARATION)) for v in range(256)]  # d > min(other, 35) <=> d > other or d > 35


@lru_cache(maxsize=64)
def font(weight: str, px: int):
    from PIL import ImageFont

    from posters import fonts

    return ImageFont.truetype(str(fonts.font_file(weight)), px)


Placement = tuple[str, float, float, int]  # character, x and y of its origin in pixels, size in pixels


def placements(glyphs, origin: tuple[float, float], scale: float) -> tuple[Placement, ...]:
    """Where Pillow draws each glyph (of posters.verify.painted) on the region's pixel grid."""
    ox, oy = origin
    return tuple((g.char, (g.x - ox) * scale, (oy - g.y) * scale, max(1, round(g.size * scale))) for g in glyphs)


def draw(weight: str, size_px: tuple[int, int], where: tuple[Placement, ...]):
    """The expected text alone, as a coverage mask (L mode)."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", size_px, 0)
    pen = ImageDraw.Draw(mask)
    for char, x, y, px in where:
        pen.text((x, y), char, fill=255, font=font(weight, px), anchor="ls")
    return mask


@dataclass(frozen=True)
class Judged:
    """The pixels a mask judges: well inside its glyphs, and well clear of them (L, 0 or 255), with their counts."""

    inner: object
    clear: object
    n_ink: int
    n_clear: int


def judged(mask) -> Judged:
    from PIL import ImageFilter

    # erosion and dilation by EDGE_PX, as a box blur of the binary mask (a rank filter costs ten times as much)
    inner = mask.point(_SOLID).filter(ImageFilter.BoxBlur(EDGE_PX)).point(_FULL)
    clear = mask.point(_TOUCHED).filter(ImageFilter.BoxBlur(EDGE_PX)).point(_EMPTY)
    return Judged(inner, clear, inner.histogram()[255], clear.histogram()[255])


class Expected:
    """One expected text mask and what each nudge of it judges (made on first use)."""

    def __init__(self, mask, cache: "_Cache | None" = None):
        self.mask = mask
        self._nudged: dict[tuple[int, int], Judged] = {}
        self._cache = cache
        self.pixels = mask.size[0] * mask.size[1]  # held: the mask, and two images per nudge judged

    def at(self, dx: int, dy: int) -> Judged:
        if (dx, dy) not in self._nudged:
            from PIL import ImageChops

            self._nudged[(dx, dy)] = judged(ImageChops.offset(self.mask, dx, dy) if dx or dy else self.mask)
            grown = 2 * self.mask.size[0] * self.mask.size[1]
            self.pixels += grown
            if self._cache is not None:
                self._cache.total += grown
        return self._nudged[(dx, dy)]


class _Cache:
    def __init__(self, budget: int):
        self.budget = budget
        self.entries: OrderedDict[tuple, Expected] = OrderedDict()
        self.total = 0  # pixels held
        self._lock = threading.Lock()  # the studio checks from more than one thread

    def get(self, weight: str, size_px: tuple[int, int], where: tuple[Placement, ...]) -> Expected:
        key = (weight, tuple(size_px), where)
        with self._lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
                return hit
        made = Expected(draw(weight, size_px, where), self)
        with self._lock:
            self.entries[key] = made
            self.total += made.pixels
        return made

    def trim(self) -> None:
        """Drop the least recently used masks until the rest fit the budget (the newest always stays)."""
        with self._lock:
            while self.total > self.budget and len(self.entries) > 1:
                _, old = self.entries.popitem(last=False)
                old._cache = None
                self.total -= old.pixels

    def clear(self) -> None:
        with self._lock:
            for e in self.entries.values():
                e._cache = None
            self.entries.clear()
            self.total = 0


CACHE = _Cache(CACHE_PIXELS)


def judge(actual, j: Judged) -> str:
    """'' when `actual` (RGB) shows one ink inside the glyphs and one ground clear of them; else what is wrong."""
    from PIL import ImageStat

    if not j.n_ink or not j.n_clear:
        return "it is too small to judge"
    ink = tuple(int(v) for v in ImageStat.Stat(actual, j.inner).median)
    ground = tuple(int(v) for v in ImageStat.Stat(actual, j.clear).median)
    if sum(abs(a - b) for a, b in zip(ink, ground)) / 3 < MIN_SEPARATION:
        return "its letters cannot be told apart from what is around them (covered, or painted in the colour behind it)"
    d_ink, d_ground = _away(actual, ink), _away(actual, ground)
    # a pixel is not ink when it is nearer the ground than the ink, or far from the ink in any case;
    # as one difference: d_ink > min(d_ground, MIN_SEPARATION), counted under the judged pixels only
    lost = j.n_ink - _not_above(d_ink, d_ground, j.inner)
    extra = j.n_clear - _not_above(d_ground, d_ink, j.clear)
    if lost > MAX_WRONG * j.n_ink:
        return f"{100 * lost / j.n_ink:.0f}% of its letters' ink is missing or a different colour (covered or partly hidden)"
    if extra > MAX_WRONG * j.n_ink:
        return "marks that are not part of its letters are painted over or among them (overprinted, or drawn in other shapes)"
    return ""


def _away(actual, colour):
    """Mean difference per channel from one colour, per pixel (L)."""
    from PIL import Image, ImageChops

    return ImageChops.difference(actual, Image.new("RGB", actual.size, colour)).convert("L", matrix=(1 / 3, 1 / 3, 1 / 3, 0))


def _not_above(d, other, where) -> int:
    """How many pixels under `where` have d <= min(other, MIN_SEPARATION)."""
    from PIL import ImageChops

    return ImageChops.subtract(d, other.point(_CAP)).histogram(where)[0]
