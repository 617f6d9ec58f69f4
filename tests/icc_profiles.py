"""Small, valid ICC v2 CMYK output (printer) profiles made in the test, so no
printer's licensed profile is needed: LittleCMS opens them and converts
through them like any press profile.

`cmyk_profile(lab_of)` samples `lab_of(c, m, y, k)` (inks 0..1 -> D50 L*a*b*)
on a 5-point grid per ink for the A2B0 table; the B2A0 table (what an RGB
image is converted through for print) is a plain undercolour removal unless
`inks_of` gives another.
"""

from __future__ import annotations

import struct
from itertools import product


def _s15(v: float) -> bytes:
    return struct.pack(">i", int(round(v * 65536)))


def _pad(b: bytes) -> bytes:
    return b + b"\0" * (-len(b) % 4)


def _desc(text: str) -> bytes:
    a = text.encode("ascii") + b"\0"
    return b"desc" + b"\0" * 4 + struct.pack(">I", len(a)) + a + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67


def _lut8(n_in: int, n_out: int, grid: int, sample) -> bytes:
    head = b"mft1" + b"\0" * 4 + bytes([n_in, n_out, grid, 0])
    head += b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    identity = bytes(range(256))
    clut = bytearray()
    for idx in product(range(grid), repeat=n_in):  # first input varies slowest, as ICC requires
        clut += bytes(max(0, min(255, int(round(v)))) for v in sample(tuple(i / (grid - 1) for i in idx)))
    return head + identity * n_in + bytes(clut) + identity * n_out


def naive_lab(c: float, m: float, y: float, k: float) -> tuple[float, float, float]:
    """A plain subtractive model: enough for a profile that behaves like a press."""
    from posters.appearance import srgb_to_lab

    rgb = tuple(int(round(255 * (1 - v) * (1 - k))) for v in (c, m, y))
    return srgb_to_lab(rgb)


def cmyk_profile(lab_of=naive_lab, name: str = "Test press", inks_of=None) -> bytes:
    """`inks_of(L, a, b)` (each 0..1 as the table encodes them) -> C, M, Y, K (0..1): the
    RGB-to-CMYK direction; by default all grey on the black plate."""

    def a2b(inks):
        L, a, b = lab_of(*inks)
        return (L * 255 / 100, a + 128, b + 128)

    def b2a(lab):
        if inks_of is not None:
            return tuple(v * 255 for v in inks_of(*lab))
        L = lab[0]
        k = 1 - L
        return (0, 0, 0, k * 255)

    tags = [
        (b"desc", _desc(name)),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright, test data\0"),
        (b"wtpt", b"XYZ " + b"\0" * 4 + _s15(0.9642) + _s15(1.0) + _s15(0.8249)),
        (b"A2B0", _lut8(4, 3, 5, a2b)),
        (b"B2A0", _lut8(3, 4, 2, b2a)),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += _pad(data)
    size = offset + len(body)
    header = struct.pack(">I", size) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + b"prtr" + b"CMYK" + b"Lab "
    header += b"\0" * 12 + b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 8 + b"\0" * 8 + struct.pack(">I", 0)
    header += _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\0" * 4
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + body
