"""Checks on a written PDF, the way a print supplier's preflight would see it.

Every check takes the PDF as a path, as bytes, or as an open ``pikepdf.Pdf``
and returns a list of :class:`~posters.verify.findings.Finding` (empty when
the file passes). Check ids: ``fonts``, ``boxes``, ``colour``, ``images``,
``pdfx``, ``pdfua`` (accessible screen PDFs). Messages are meant for a print
team; hints say how to fix.

The content checks (``colour``, ``images``) run a small content-stream
interpreter: it follows q/Q, cm, colour operators, text state and Do into Form
XObjects (recursively) and tiling patterns. It is not a renderer. Known
approximations are documented on each check.

Modules: ``_common`` (opening a PDF, findings collector, object readers),
``colourspace`` (colour spaces in print terms), ``content`` (each content
stream parsed once per verified file, shared by every check that reads it),
``interpreter`` (the content-stream interpreter), and one module per check:
``font_embedding`` (fonts), ``boxes``, ``colour``, ``images`` (with
``colour_and_images``: both from one interpreter pass), ``conformance`` (pdfx),
``pdfua`` with ``structure`` (reading a tagged file's structure tree and its
text by MCID), ``safety``.
"""

from __future__ import annotations

from posters.verify.pdf._common import PdfSource
from posters.verify.pdf.boxes import check_boxes
from posters.verify.pdf.colour import check_colour_print
from posters.verify.pdf.conformance import PDFX1A, PDFX4, check_pdfx
from posters.verify.pdf.font_embedding import check_fonts
from posters.verify.pdf.images import check_images_resolution
from posters.verify.pdf.pdfua import check_pdfua

__all__ = [
    "PDFX1A",
    "PDFX4",
    "PdfSource",
    "check_boxes",
    "check_colour_print",
    "check_fonts",
    "check_images_resolution",
    "check_pdfua",
    "check_pdfx",
]

