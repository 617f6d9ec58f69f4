"""Shrink-to-fit text: the largest size, from the style's size down to its
minimum, at which every paragraph fits its box. Text never overflows or is
clipped: if it does not fit at the minimum, the caller reports an error.

Sizes step down by 0.5 pt so results are stable and reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from posters import fonts

PARAGRAPH_GAP = 0.5  # extra space between paragraphs (e.g. Welsh and English), in lines


@dataclass(frozen=True)
class Fitted:
    size: float
    leading: float  # baseline-to-baseline distance, pt
    paragraphs: tuple[tuple[str, ...], ...]  # lines per paragraph
    height: float  # pt, from the first line's ascender to the last line's descender
    widest: float  # pt


def wrap(text: str, weight: str, size: float, max_width: float) -> list[str] | None:
    """Greedy line breaking; None if a single word is wider than the box."""
    lines: list[str] = []
    for hard in text.split("\n"):
        words = hard.split()
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if fonts.width(trial, weight, size) <= max_width:
                line = trial
                continue
            if not line:
                return None
            lines.append(line)
            if fonts.width(word, weight, size) > max_width:
                return None
            line = word
        lines.append(line)
    return lines


def measure(paragraphs: list[str], weight: str, size: float, leading_ratio: float, max_width: float) -> Fitted | None:
    asc, desc = fonts.ascent_descent(weight)
    leading = size * leading_ratio
    wrapped = []
    for p in paragraphs:
        lines = wrap(p, weight, size, max_width)
        if lines is None:
            return None
        wrapped.append(tuple(lines))
    n_lines = sum(len(p) for p in wrapped)
    gaps = (len(wrapped) - 1) * PARAGRAPH_GAP * leading
    height = size * asc + (n_lines - 1) * leading + gaps + size * desc
    widest = max(fonts.width(line, weight, size) for p in wrapped for line in p)
    return Fitted(size, leading, tuple(wrapped), height, widest)


def fit(paragraphs: list[str], weight: str, max_size: float, min_size: float, leading_ratio: float, box_w: float, box_h: float) -> Fitted | None:
    """The largest size on the 0.5 pt grid from max_size down to min_size that fits (see _fit)."""
    return _fit(tuple(paragraphs), weight, max_size, min_size, leading_ratio, box_w, box_h)


@lru_cache(maxsize=2048)
def _fit(paragraphs: tuple[str, ...], weight: str, max_size: float, min_size: float, leading_ratio: float, box_w: float, box_h: float) -> Fitted | None:
    """The largest size on the 0.5 pt grid from max_size down to min_size that fits.

    A pure function of its arguments (a weight names one font file), kept per
    process: the same lines in the same box and style recur across editions,
    languages and messages.

    Fitting is monotonic (greedy wrapping at a smaller size never needs more
    lines, since every width scales with the size), so the grid is bisected
    rather than walked: about 6 measurements instead of up to 100.
    """

    def at(step: int) -> Fitted | None:
        # the last step is the minimum itself: a scaled style's sizes are off the grid
        # (39.62 down to 33.96 pt), and the grid alone would stop above or below it
        m = measure(paragraphs, weight, max(max_size - step * 0.5, min_size), leading_ratio, box_w)
        return m if m is not None and m.height <= box_h + 1e-6 else None

    steps = max(0, math.ceil((max_size - min_size) / 0.5 - 1e-9))
    best = at(0)
    if best is not None:
        return best
    lo, hi = 0, steps  # at(lo) does not fit; find the smallest step that does
    found = at(hi)
    if found is None:
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        m = at(mid)
        if m is None:
            lo = mid
        else:
            hi, found = mid, m
    return found
