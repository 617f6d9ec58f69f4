"""Checks on a written PDF, the way a print supplier's preflight would see it.

The checks live in the :mod:`posters.verify.pdf` package, one module per
check (``fonts``, ``boxes``, ``colour``, ``images``, ``pdfx``) plus the shared
plumbing and content-stream interpreter. This module keeps the names it has
always had, so ``from posters.verify.pdf_checks import check_fonts`` and
``pdf_checks.PDFX1A`` work as before.
"""

from __future__ import annotations

# Re-exports: __all__ comes from the package; BASE14, BOX_TOLERANCE_PT, MM_PER_PT,
# PT_PER_MM and Matrix are outside it, as they always were.
from posters.verify.pdf import (  # noqa: F401
    BASE14,
    BOX_TOLERANCE_PT,
    INK_LIMIT_PERCENT,
    MIN_BLACK_TEXT_PT,
    MM_PER_PT,
    PDFX1A,
    PDFX4,
    PPI_ERROR_BELOW,
    PPI_WARN_BELOW,
    PT_PER_MM,
    Matrix,
    PdfSource,
    __all__,
    check_all,
    check_boxes,
    check_colour_print,
    check_fonts,
    check_images_resolution,
    check_no_transparency,
    check_pdfx,
)

