"""Checks on plans (before drawing) and on written files (after).

- `plan_checks`, `contrast`: the safe zone, sizes for viewing distance, and
  WCAG contrast, from the plan.
- `qr_readback`, `text_readback`: the QR code decoded from the rendered page,
  the helpline and links read back from the file.
- `pdf` (a package: `conformance` for PDF/X, `font_embedding`, `boxes`,
  `colour`, `images`), `glyphs`: what a print supplier's preflight looks at (fonts,
  boxes, colour, PDF/X, image resolution, missing glyphs).
- `integrity`: the manifest and the file's fingerprint.
- `separation`, `plates`: a print file as its four printing plates, rendered
  and judged (crop marks, black overprint, helpline, total ink).
- `imposed`: an imposed sheet re-planned from its own facts and read back.
- `run`: which checks apply to an output and their collected result;
  `file_check`: the same for a PDF on disk (`posters check`);
  `report`: the words the user reads.
"""
