"""Unit conversion and the y-axis flip, in one place.

Layouts speak millimetres from the trim's top-left corner (how designers
measure); PDF speaks points from the page's bottom-left corner.
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


def mm_to_px(mm: float, dpi: float) -> float:
    return mm / MM_PER_INCH * dpi


def flip_y(top_mm: float, height_mm: float, page_height_mm: float) -> float:
    """Bottom edge (from the page's bottom) of a box given by its top edge."""
    return page_height_mm - top_mm - height_mm
