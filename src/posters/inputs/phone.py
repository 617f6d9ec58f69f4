"""Display and dialling forms of a UK helpline number, derived from one stored value.

The number is stored once, as E.164 (`+448081000900`); every printed or linked
form is computed here so no second copy can drift.
"""

from __future__ import annotations

import re

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
