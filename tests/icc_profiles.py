"""A small but real CMYK output (printer) profile, built byte by byte, for tests.

ICC v2.1 with the tags LittleCMS needs to convert colours: a description,
the white point, a copyright, and 8-bit lookup tables both ways (A2B0:
CMYK -> Lab, B2A0: Lab -> CMYK) on a 2-point grid. The colours are crude; the
profile is well-formed, which is what the tests need.
"""

from __future__ import annotations

import struct


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _pad(b: bytes) -> bytes:
    return b + b"\0" * (-len(b) % 4)


def _lut8(n_in: int, n_out: int, clut: bytes) -> bytes:
    identity = b"".join(_s15(1.0 if i == j else 0.0) for i in range(3) for j in range(3))
    ramp = bytes(range(256))
    return b"mft1" + b"\0" * 4 + bytes([n_in, n_out, 2, 0]) + identity + ramp * n_in + clut + ramp * n_out


def cmyk_output_profile() -> bytes:
    # A2B0: each CMYK corner of the 2^4 grid -> Lab (L from ink coverage, a/b neutral)
    a2b = bytearray()
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    ink = min(1.0, (c + m + y) / 3 + k)
                    a2b += bytes([round(255 * (1 - ink)), 128, 128])
    # B2A0: each Lab corner of the 2^3 grid -> CMYK (grey component on K)
    b2a = bytearray()
    for lum in (0, 1):
        for _a in (0, 1):
            for _b in (0, 1):
                b2a += bytes([0, 0, 0, 255 * (1 - lum)])
    desc_text = b"Test CMYK printer profile\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 4 + b"\0" * 4 + b"\0" * 2 + b"\0" + b"\0" * 67
    wtpt = b"XYZ " + b"\0" * 4 + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    cprt = b"text" + b"\0" * 4 + b"No copyright, test data\0"
    tags = [(b"desc", desc), (b"wtpt", wtpt), (b"cprt", cprt), (b"A2B0", _lut8(4, 3, bytes(a2b))), (b"B2A0", _lut8(3, 4, bytes(b2a)))]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, data = b"", b""
    for sig, body in tags:
        entries += sig + struct.pack(">II", offset + len(data), len(body))
        data += _pad(body)
    size = 128 + table_size + len(data)
    header = bytearray(128)
    struct.pack_into(">I", header, 0, size)
    header[8:12] = bytes([2, 0x10, 0, 0])
    header[12:16] = b"prtr"
    header[16:20] = b"CMYK"
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    header[68:80] = _s15(0.9642) + _s15(1.0) + _s15(0.8249)  # D50 illuminant
    return bytes(header) + struct.pack(">I", len(tags)) + entries + data
