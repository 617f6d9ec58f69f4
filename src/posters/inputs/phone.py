"""Phone numbers: the helpline's display and dialling forms, and the one rule
for numbers found in text.

The number is stored once, as E.164 (`+448081000900`); every printed or linked
form is computed here so no second copy can drift.

The rule for numbers in text is used where copy and data files are read
(campaign, copy, forces, layouts) and where the finished PDF's text is read
back, so a number that gets past one gets past neither. People and editors
separate digits with every kind of dash, slash, dot, space or invisible
character; all of them are separators here, and digits from any script count
as digits. Only the campaign's helpline (pinned in `posters.anchors`) and the
emergency number may appear; anything else that reads as a number to dial is
refused, including short national numbers (0800 1111) and three-digit service
numbers (101, 111).
"""

from __future__ import annotations

import re
import unicodedata

from posters import anchors

_E164_UK = re.compile(r"^\+44(\d{10})$")


def is_e164_uk(number: str) -> bool:
    return bool(_E164_UK.match(number))


def national_digits(e164: str) -> str:
    """'+448081000900' -> '08081000900'."""
    m = _E164_UK.match(e164)
    if not m:
        raise ValueError(f"not a UK E.164 number: {e164!r}")
    return "0" + m.group(1)


def display(e164: str) -> str:
    """Grouped for reading aloud, as UK freephone numbers are printed: 0808 1000 900."""
    d = national_digits(e164)
    if d.startswith("08"):
        return f"{d[:4]} {d[4:8]} {d[8:]}"
    return f"{d[:5]} {d[5:]}"


def tel_uri(e164: str) -> str:
    """tel: link in global form (RFC 3966), which dials from any phone."""
    national_digits(e164)  # validates
    return f"tel:{e164}"


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


# --- numbers in text -----------------------------------------------------------
# Characters that are not dashes by Unicode category but are typed between digits.
_SEPARATORS = set("/\\_.()[]~:|*+,'\"\u00b7\u2022\u2027\u2044\u2215\u2212\u2010\u2011\uff0f\uff3f\u30fb")
# hex colours (#1e2a3b) and version-like tokens are not numbers to dial
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}\b")
# A run: a digit, then digits with separators between (single spaces after normalising).
_RUN = re.compile(r"\+?\d(?: ?\d)*")
# numbers someone could dial that are shorter than a national number
SHORT_SERVICE = ("101", "105", "111", "112", "116", "119", "911", "999")
# Which runs of digits read as a number to dial. UK numbers are written from a
# leading 0 (0800 1111, 0808 1000 900) or +/00 and a country code; the
# harmonised European helplines are 116 and three digits (116 123); service
# numbers are three digits. Anything else needs the length of a full number
# without its 0 (808 1000 900): so a year (2026), a date (2026-11-28) or a
# size (1080 1350) is not taken for a phone number.
MIN_DIGITS_WITHOUT_ZERO = 9


def normalise(text: str) -> str:
    """Digits as ASCII digits; every separator-like character as one space.

    NFKC folds full-width and other compatibility forms; what it leaves is
    folded by category: any dash (Pd), space (Z*), or invisible format
    character (Cf: soft hyphen, zero-width space, word joiner) separates.
    """
    return re.sub(r" +", " ", unicodedata.normalize("NFKC", text).translate(_FOLDED))


def _fold(ch: str) -> str:
    """What one character becomes (see normalise)."""
    if ch.isdigit() and not ch.isascii():
        try:
            return str(unicodedata.digit(ch))
        except ValueError:
            pass
    cat = unicodedata.category(ch)
    if ch == "+" or ch.isascii() and ch.isdigit():
        return ch
    if cat == "Pd" or cat.startswith("Z") or cat == "Cf" or ch in _SEPARATORS or ch.isspace() or cat == "Cc":
        return " "
    return ch


class _Folded(dict):
    """str.translate's table for _fold, filled as characters are met: every page's
    text is read for numbers, and asking unicodedata character by character in
    Python was a visible share of each output's checks. At most _FOLDED_MAX are
    kept (text from a file under `posters check` can hold any character)."""

    def __missing__(self, code: int) -> str:
        folded = _fold(chr(code))
        if len(self) < _FOLDED_MAX:
            self[code] = folded
        return folded


_FOLDED_MAX = 8192
_FOLDED = _Folded()


def numbers(text: str) -> list[str]:
    """Every run in `text` that reads as a number someone could dial, normalised ('0800 1111' for '0800\u20131111')."""
    text = _HEX_COLOUR.sub(" ", text)
    found = []
    for m in _RUN.finditer(normalise(text)):
        run = m.group(0)
        digits = _digits(run)
        if run.startswith("+") or digits in SHORT_SERVICE:
            found.append(run)
        elif digits.startswith("0") and len(digits) >= 3:
            found.append(run)  # a national number, or its start split off by letters or a line
        elif (digits.startswith("116") and len(digits) == 6) or len(digits) >= MIN_DIGITS_WITHOUT_ZERO:
            found.append(run)
    return found


def _digits(run: str) -> str:
    return run.replace(" ", "").lstrip("+")


def _helpline_forms() -> set[str]:
    """The helpline's digits as people write it: 0808..., 44 808..., 0044 808..., +44 (0) 808..."""
    national = national_digits(anchors.HELPLINE_E164)
    return {national, "44" + national[1:], "0044" + national[1:], "440" + national[1:]}


def is_helpline(run: str) -> bool:
    return _digits(run) in _helpline_forms()


def is_emergency(run: str) -> bool:
    return not run.startswith("+") and _digits(run) in anchors.EMERGENCY_NUMBERS


def foreign_numbers(text: str) -> list[str]:
    """Numbers in `text` that are neither the helpline nor the emergency number."""
    return [n for n in numbers(text) if not is_helpline(n) and not is_emergency(n)]


def helpline_numbers(text: str) -> list[str]:
    """Occurrences of the helpline in `text`, however separated."""
    return [n for n in numbers(text) if is_helpline(n)]
