"""Stage 3, render: a plan drawn to files.

- `pdf`: the plan drawn with ReportLab; `painter`: the drawing primitives.
- `pdfx`: ReportLab's PDF turned into PDF/X for print suppliers.
- `png`: screen PNGs at exact pixel sizes.
"""
