"""Cells of the CSV files the tool writes for spreadsheets (translations, captions, quantities,
attribution codes): a cell that begins with = + - @, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets (a line of copy could fetch a web page or
change other cells on the translator's computer). Such a cell is written with a leading
apostrophe, which those programs show as text; reading a translation file back removes it."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def row(values) -> list[str]:
    return [cell(v) for v in values]


def plain(text: str) -> str:
    """A cell as written by `cell`, read back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text
