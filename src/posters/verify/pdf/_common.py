"""Plumbing shared by the PDF checks: opening a PDF, collecting findings, and
reading PDF objects.

Every check takes the PDF as a path, as bytes, or as an open ``pikepdf.Pdf``
(:data:`PdfSource`); :func:`_opened` turns any of those into an open document.
Also here: unit conversion, number/name/box readers, page-attribute
inheritance, and indirect-object identity (used to stop reference loops).
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pikepdf
from pikepdf import Array, Dictionary

from posters.units import PT_PER_MM
from posters.verify.findings import Finding

PdfSource = str | os.PathLike | bytes | bytearray | pikepdf.Pdf

MM_PER_PT = 1 / PT_PER_MM  # unit conversion lives in posters.units

_MAX_DEPTH = 24


@contextmanager
def _opened(source: PdfSource) -> Iterator[pikepdf.Pdf]:
    """Yield an open Pdf; close it afterwards only if we opened it."""
    if isinstance(source, pikepdf.Pdf):
        yield source
        return
    if isinstance(source, (bytes, bytearray)):
        pdf = pikepdf.Pdf.open(io.BytesIO(bytes(source)))
    else:
        pdf = pikepdf.Pdf.open(os.fspath(source))
    try:
        yield pdf
    finally:
        pdf.close()


class _Collector:
    """Collects findings, dropping exact repeats (same page, same message)."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._seen: set[tuple] = set()

    def add(self, finding: Finding) -> None:
        key = (finding.check, finding.severity, finding.message, finding.page)
        if key not in self._seen:
            self._seen.add(key)
            self.items.append(finding)


def _num(obj: object, default: float = 0.0) -> float:
    try:
        return float(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _name(obj: object) -> str:
    """'/DeviceRGB' -> 'DeviceRGB'; other objects -> str()."""
    text = str(obj)
    return text[1:] if text.startswith("/") else text


def _inherited(page_obj: Dictionary, key: str) -> object | None:
    """Page attribute lookup that follows /Parent (MediaBox, CropBox, Resources, Rotate)."""
    node: object | None = page_obj
    for _ in range(64):
        if not isinstance(node, Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _objkey(obj: object) -> tuple[int, int] | None:
    """(object number, generation) of an indirect object; None for a direct one.

    Direct objects cannot form reference loops, and Python wrapper ids are
    reused, so they are never used as identity keys.
    """
    try:
        og = tuple(obj.objgen)  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        return None
    return og if og != (0, 0) else None  # type: ignore[return-value]


def _bytes_key(stream: pikepdf.Stream) -> tuple:
    """What a stream's decoded bytes are known by, so that what is read from them (a font
    program, a ToUnicode map) is read once however many files carry the same bytes: the digest
    of the stored bytes where they are plain Flate (the same stored bytes inflate to the same
    bytes), else of the decoded bytes. Raises as reading the stream would."""
    if stream.get("/Filter") == pikepdf.Name.FlateDecode and "/DecodeParms" not in stream:
        return ("flate", hashlib.sha256(stream.read_raw_bytes()).digest())
    return ("decoded", hashlib.sha256(stream.read_bytes()).digest())


class ReadOnce:
    """What `read` makes of a stream's decoded bytes, kept for every file that carries the same
    bytes (see _bytes_key): at most `kept` answers, all forgotten at once past that. An answer is
    only ever looked up in; the lock keeps the studio's threads from reading one twice."""

    def __init__(self, read, kept: int):
        self.read = read
        self.kept = kept
        self.answers: dict[tuple, object] = {}
        self._lock = threading.Lock()

    def __call__(self, stream: pikepdf.Stream):
        key = _bytes_key(stream)
        with self._lock:
            found = self.answers.get(key)
            if found is None:
                found = self.read(stream.read_bytes())
                if len(self.answers) >= self.kept:
                    self.answers.clear()
                self.answers[key] = found
            return found


def _fmt(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _box(obj: object) -> tuple[float, float, float, float] | None:
    if not isinstance(obj, Array) or len(obj) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in obj)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
