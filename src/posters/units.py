"""Unit conversion between millimetres, points and pixels.

The y-axis flip (layouts measure from the trim's top, PDF from the page's
bottom) lives with the page geometry, in `posters.plan.geometry`.
"""

from __future__ import annotations

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
PT_PER_MM = PT_PER_INCH / MM_PER_INCH


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    return pt / PT_PER_MM


def px_to_mm(px: float, dpi: float) -> float:
    return px / dpi * MM_PER_INCH
