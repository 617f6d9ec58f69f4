"""`qr`: the self-help link as a QR code, drawn as vector paths.

Dark modules are 100 % K on a white square that includes the 4-module quiet
zone, so the code scans on any background. Runs of modules are merged into
rectangles (rows, then identical runs in consecutive rows), which keeps the
path small; the code is always square and never stretched.

The symbol is encoded by zxing-cpp's writer (C++, about 0.5 ms a code; the
pure-Python encoders spend 10-13 ms choosing the mask). Its symbols are
bit-identical to the `qrcode` package's for the same version and mask, which
the tests check on many payloads as an independent cross-check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp

from posters.elements.base import Box, Kind, ParseCtx, PlaceCtx, Placed, check_safe, read_box, register
from posters.inputs.schema import Table

EC_LEVELS = ("L", "M", "Q", "H")


@dataclass(frozen=True)
class QrSpec:
    box: Box
    align: str


@dataclass
class QrCode:
    """The symbol as placed: the box is the white square, quiet zone included."""

    payload: str
    ec: str  # error correction level
    modules: int  # modules across, without the quiet zone
    quiet: int  # quiet zone, in modules
    module_mm: float


_DARK = bytes(1 if v < 128 else 0 for v in range(256))  # a module's grey level -> 1 for dark


@lru_cache(maxsize=256)
def _rows(payload: str, ec: str) -> tuple[bytes, ...]:
    """Modules, row by row, one byte each (1 dark, 0 light); no quiet zone.
    The symbol's image is read as bytes and mapped in C, not module by module."""
    if ec not in EC_LEVELS:
        raise ValueError(f"unknown error correction level {ec!r}")
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
    image = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))
    n, width = image.shape[0], image.shape[1]
    data = image.tobytes().translate(_DARK)
    return tuple(data[r * width : r * width + n] for r in range(n))


@lru_cache(maxsize=256)
def matrix(payload: str, ec: str) -> tuple[tuple[bool, ...], ...]:
    """Modules, row by row, True for dark; no quiet zone."""
    return tuple(tuple(map(bool, row)) for row in _rows(payload, ec))


def size(payload: str, ec: str) -> int:
    """Modules across, without the quiet zone."""
    return len(_rows(payload, ec))


_RUN = re.compile(rb"\x01+")


@lru_cache(maxsize=256)
def rectangles(payload: str, ec: str) -> tuple[tuple[int, int, int, int], ...]:
    """Dark modules as (col, row, width, height) rectangles in module units."""
    open_runs: dict[tuple[int, int], list[int]] = {}
    done: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(_rows(payload, ec)):
        current: dict[tuple[int, int], list[int]] = {}
        for found in _RUN.finditer(row):  # each run of dark modules in the row
            run = (found.start(), found.end() - found.start())
            if run in open_runs:
                rect = open_runs.pop(run)
                rect[3] += 1
                current[run] = rect
            else:
                current[run] = [run[0], r, run[1], 1]
        done.extend(tuple(v) for v in open_runs.values())
        open_runs = current
    done.extend(tuple(v) for v in open_runs.values())
    return tuple(sorted(done, key=lambda t: (t[1], t[0])))


def parse(t: Table, ctx: ParseCtx) -> QrSpec:
    box = read_box(t, ctx)
    check_safe(t, ctx, box)
    align = t.text("align", "center", choices=("left", "center", "right"))
    return QrSpec(box, align)


def place(spec: QrSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    ec = ctx.campaign.ec_level
    quiet = ctx.campaign.quiet_zone
    n = size(ctx.payload, ec)
    side = min(spec.box.w, spec.box.h)
    x = spec.box.x + {"left": 0, "center": (spec.box.w - side) / 2, "right": spec.box.w - side}[spec.align]
    y = spec.box.y + (spec.box.h - side) / 2
    total = n + 2 * quiet
    module = side / total
    return [Placed("qr", key, Box(x, y, side, side), QrCode(ctx.payload, ec, n, quiet, module))]


def draw(placed: Placed, painter) -> None:
    q: QrCode = placed.content
    painter.fill_named("paper")
    painter.rect(placed.box)
    m = q.module_mm
    ox = placed.box.x + q.quiet * m
    oy = placed.box.y + q.quiet * m
    painter.fill_named("qr_dark")
    painter.rects([(ox + c * m, oy + r * m, w * m, h * m) for c, r, w, h in rectangles(q.payload, q.ec)])


def link(placed: Placed) -> tuple[Box, str]:
    return placed.box, placed.content.payload


def alt(placed: Placed, words) -> str:
    """Where the code leads, as a screen reader says it."""
    return f"{words('alt_qr')}: {words.address}"


register(Kind("qr", parse, place, draw, lambda p: "the QR code", ("box_mm", "align"), link, role=lambda p: "Figure", alt=alt))
