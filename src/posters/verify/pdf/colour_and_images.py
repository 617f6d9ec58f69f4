"""The [colour] and [images] checks of one file from one pass of the content
interpreter, where both run (print files): each gets exactly the findings it
gets alone (check_colour_print, check_images_resolution), for the cost of
interpreting the content once.

Should the shared pass fail in any way (a visitor raising, a file that cannot
be read), nothing of it is used: each check then runs on its own, as it always
did, and fails or passes in its own words.
"""

from __future__ import annotations

from posters.verify.findings import Finding
from posters.verify.pdf import images
from posters.verify.pdf._common import PdfSource, _Collector, _opened
from posters.verify.pdf.colour import _ColourVisitor, check_colour_print
from posters.verify.pdf.interpreter import _scan, _Tee


class ColourAndImages:
    """Both checks' findings for one file, each asked for with its own call (so a check that
    cannot run fails alone); the pass runs at the first call."""

    def __init__(self, pdf: PdfSource, *, scale: float = 1.0, viewing_distance_m: float | None = None, thresholds: tuple[float, float] | None = None) -> None:
        self.pdf = pdf
        self.scale = scale
        self.viewing_distance_m = viewing_distance_m
        self.thresholds = thresholds
        self._shared: tuple[list[Finding], list[Finding]] | None = None
        self._tried = False

    def colour(self) -> list[Finding]:
        shared = self._pass()
        return shared[0] if shared is not None else check_colour_print(self.pdf, scale=self.scale)

    def images(self) -> list[Finding]:
        shared = self._pass()
        if shared is not None:
            return shared[1]
        return images.check_images_resolution(self.pdf, scale=self.scale, viewing_distance_m=self.viewing_distance_m, thresholds=self.thresholds)

    def _pass(self) -> tuple[list[Finding], list[Finding]] | None:
        if not self._tried:
            self._tried = True
            colour, resolution = _ColourVisitor(_Collector(), scale=self.scale), images._ResolutionVisitor()
            try:
                with _opened(self.pdf) as doc:
                    _scan(doc, _Tee(colour, resolution))
                self._shared = (colour.out.items, images._findings(resolution, self.scale, self.viewing_distance_m, self.thresholds))
            except Exception:  # noqa: BLE001 - each check runs alone and says what went wrong
                self._shared = None
        return self._shared
