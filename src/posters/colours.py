"""Colours as print and screen need them: CMYK for print, sRGB for screen.

Every named colour carries both forms, so the print renderer never converts
(no surprise conversions at the printer) and contrast checks can use sRGB.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    name: str
    cmyk: tuple[float, float, float, float]  # each 0..1
    srgb: tuple[int, int, int]  # each 0..255

    @property
    def total_ink(self) -> float:
        """Total area coverage in percent."""
        return sum(self.cmyk) * 100

    @property
    def hex(self) -> str:
        return "#%02x%02x%02x" % self.srgb


def parse_hex(text: str) -> tuple[int, int, int] | None:
    s = text.strip()
    if len(s) != 7 or s[0] != "#":
        return None
    try:
        return tuple(int(s[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    except ValueError:
        return None


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio, 1..21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)
