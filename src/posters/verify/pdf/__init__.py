"""Checks on a written PDF, the way a print supplier's preflight would see it.

Every check takes the PDF as a path, as bytes, or as an open ``pikepdf.Pdf``
and returns a list of :class:`~posters.verify.findings.Finding` (empty when
the file passes). Check ids: ``fonts``, ``boxes``, ``colour``, ``images``,
``pdfx``. Messages are meant for a print team; hints say how to fix.

The content checks (``colour``, ``images``) run a small content-stream
interpreter: it follows q/Q, cm, colour operators, text state and Do into Form
XObjects (recursively) and tiling patterns. It is not a renderer. Known
approximations are documented on each check.

Modules: ``_common`` (opening a PDF, findings collector, object readers),
``colourspace`` (colour spaces in print terms), ``interpreter`` (the
content-stream interpreter), and one module per check: ``font_embedding``
(fonts), ``boxes``, ``colour``, ``images``, ``conformance`` (pdfx). :func:`check_all` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable

from posters.verify.findings import Finding
from posters.verify.pdf._common import PdfSource, _opened
from posters.verify.pdf.boxes import check_boxes
from posters.verify.pdf.colour import (
    INK_LIMIT_PERCENT,
    MIN_BLACK_TEXT_PT,
    check_colour_print,
    check_no_transparency,
)
from posters.verify.pdf.font_embedding import check_fonts
from posters.verify.pdf.images import PPI_ERROR_BELOW, PPI_WARN_BELOW, check_images_resolution
from posters.verify.pdf.conformance import PDFX1A, PDFX4, check_pdfx

__all__ = [
    "INK_LIMIT_PERCENT",
    "MIN_BLACK_TEXT_PT",
    "PDFX1A",
    "PDFX4",
    "PPI_ERROR_BELOW",
    "PPI_WARN_BELOW",
    "PdfSource",
    "check_all",
    "check_boxes",
    "check_colour_print",
    "check_fonts",
    "check_images_resolution",
    "check_no_transparency",
    "check_pdfx",
]


def check_all(
    pdf: PdfSource,
    *,
    trim_mm: tuple[float, float],
    bleed_mm: float,
    expect: str | None = None,
    slug_mm: float = 0.0,
    condition_identifier: str | None = None,
) -> list[Finding]:
    """Run every check in this package on one PDF (opened once); ``expect`` None skips [pdfx]."""
    with _opened(pdf) as doc:
        checks: list[Callable[[], list[Finding]]] = [
            lambda: check_fonts(doc),
            lambda: check_boxes(doc, trim_mm, bleed_mm, slug_mm=slug_mm),
            lambda: check_colour_print(doc),
            lambda: check_images_resolution(doc),
        ]
        if expect is not None:
            checks.append(
                lambda: check_pdfx(doc, expect, condition_identifier=condition_identifier)
            )
        findings: list[Finding] = []
        for run in checks:
            findings.extend(run())
        return findings
