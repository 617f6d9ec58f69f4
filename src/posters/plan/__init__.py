"""Stage 2, plan: one output as placed elements per page, in mm.

- `place`: an edition x layout x language x message planned page by page.
- `textfit`: shrink-to-fit text sizes.
"""
