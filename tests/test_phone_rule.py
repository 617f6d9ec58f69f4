"""The one rule for phone numbers in text (posters.inputs.phone), used at input and at read-back."""

from __future__ import annotations

import pytest

from posters.inputs import phone


@pytest.mark.parametrize(
    "text",
    [
        "0800 1111",  # a short national number
        "0800\u20131111", "0800\u20141111", "0800\u20121111", "0800\u22121111",  # en dash, em dash, figure dash, minus
        "0800/1111", "0800\u20441111", "0800_1111", "0800.1111",  # slashes, underscore, dot
        "0800\u00ad1111", "0800\u200b1111", "0800\u00a01111", "0800\u20091111",  # soft hyphen, zero-width, no-break and thin spaces
        "\uff10\uff18\uff10\uff10 1111", "\u0660\u0668\u0660\u0660 1111",  # full-width and Arabic-Indic digits
        "call 111", "call 101", "116 123", "+44 20 7946 0000", "020 7946 0000", "0207-946-0000",
    ],
)
def test_a_second_number_is_found_however_it_is_written(text):
    assert phone.foreign_numbers(text), text


@pytest.mark.parametrize(
    "text",
    [
        "0808 1000 900", "+44 808 1000 900", "+44 (0) 808 1000 900", "0808\u20131000\u2013900",  # the helpline
        "If a child is in immediate danger, call 999.",
        "under-18s", "2026", "checked 2026-11-28", "1080 x 1350", "#1e2a3b", "a4-poster", "version 1.2.3",
    ],
)
def test_the_helpline_999_and_ordinary_figures_are_not_second_numbers(text):
    assert phone.foreign_numbers(text) == [], text


def test_the_helpline_is_recognised_in_any_separators():
    assert phone.helpline_numbers("ring 0808\u00ad1000\u2009900 today") == ["0808 1000 900"]
