"""Shrink-to-fit with a scaled style's sizes, which lie off the 0.5 pt grid (an A1 made
from the A4 master has 39.62 pt text with a 33.96 pt minimum): the fit tries the minimum
itself and never sets text below it."""

from __future__ import annotations

from posters import fonts
from posters.plan import textfit

TEXT = "Free from mobiles and landlines, 9am to 9pm"
WEIGHT = "semibold"


def test_text_that_fits_only_at_its_off_grid_minimum_is_set_at_the_minimum():
    low, high = 33.961322539, 39.621542962  # steps of 0.5 from the top stop at 34.12, above the minimum
    width = fonts.width(TEXT, WEIGHT, low) + 0.01
    at_min = textfit.measure([TEXT], WEIGHT, low, 1.1, width)
    assert at_min is not None
    fitted = textfit.fit([TEXT], WEIGHT, high, low, 1.1, width, at_min.height)
    assert fitted is not None and abs(fitted.size - low) < 1e-9


def test_text_is_never_set_below_its_minimum():
    low, high = 16.970562748, 19.798989873  # the grid from the top would go on to 16.80
    width = fonts.width(TEXT, WEIGHT, low) + 0.01
    at_min = textfit.measure([TEXT], WEIGHT, low, 1.1, width)
    fitted = textfit.fit([TEXT], WEIGHT, high, low, 1.1, width, at_min.height)
    assert fitted is not None and fitted.size >= low - 1e-9
