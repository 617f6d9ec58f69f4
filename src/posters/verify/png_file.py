"""[png] A screen PNG read back from its bytes: a PNG whose chunks are whole (each
CRC right), exactly the layout's pixel size, 8-bit RGB, and marked as sRGB,
either by an sRGB chunk or by an embedded ICC profile that is sRGB, placed
before the image data where readers look for it.

Without the marking, apps and browsers that manage colour guess the colour
space, and brand colours can shift; a file whose marking is missing or broken
fails like any other check, and is not written.
"""

from __future__ import annotations

import struct
import zlib

from posters.verify.findings import Finding, error

CHECK = "png"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CHUNKS = 10_000


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Every chunk (type, data) in file order; ValueError when the file is not a whole PNG."""
    if not data.startswith(SIGNATURE):
        raise ValueError("it does not start with the PNG signature")
    out = []
    pos = len(SIGNATURE)
    while pos < len(data):
        if len(data) - pos < 12 or len(out) >= MAX_CHUNKS:
            raise ValueError(f"it is cut off or malformed after byte {pos}")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length or len(data) < pos + 12 + length:
            raise ValueError(f"its {kind.decode('latin-1')} chunk is cut off")
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError(f"its {kind.decode('latin-1')} chunk is damaged (checksum differs)")
        out.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    if not out or out[0][0] != b"IHDR" or out[-1][0] != b"IEND":
        raise ValueError("it lacks its header or end")
    return out


def colour_marking(found: list[tuple[bytes, bytes]]) -> str | None:
    """'sRGB chunk' or 'sRGB ICC profile' when the file is marked as sRGB before its image data; None otherwise."""
    for kind, body in found:
        if kind == b"IDAT":
            return None  # a marking after the image data is not read by decoders
        if kind == b"sRGB" and len(body) == 1 and body[0] <= 3:
            return "sRGB chunk"
        if kind == b"iCCP" and _is_srgb_profile(body):
            return "sRGB ICC profile"
    return None


def _is_srgb_profile(body: bytes) -> bool:
    import io

    name, _, rest = body.partition(b"\0")
    if not rest or rest[0] != 0:
        return False
    try:
        profile = zlib.decompressobj().decompress(rest[1:], 2_000_000)
        from PIL import ImageCms

        p = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except Exception:  # noqa: BLE001 - an unreadable profile is no marking
        return False
    desc = (p.profile.profile_description or "") + " " + (p.profile.model or "")
    return p.profile.xcolor_space.strip() == "RGB" and "srgb" in desc.lower().replace(" ", "")


def check_png(data: bytes, name: str, size_px: tuple[int, int] | None) -> list[Finding]:
    try:
        found = chunks(data)
    except ValueError as exc:
        return [error(CHECK, f"{name} is not a whole PNG file: {exc}", "rebuild it with 'posters build'")]
    out = []
    ihdr = found[0][1]
    if len(ihdr) != 13:
        return [error(CHECK, f"{name} has a malformed header", "rebuild it with 'posters build'")]
    w, h, depth, colour = struct.unpack(">IIBB", ihdr[:10])
    if size_px is not None and (w, h) != tuple(size_px):
        out.append(error(CHECK, f"{name} is {w} x {h} px; the layout asks for {size_px[0]} x {size_px[1]} px", "rebuild it with 'posters build'; platforms crop or scale images of another size"))
    if (depth, colour) != (8, 2):
        out.append(error(CHECK, f"{name} is not 8-bit RGB (bit depth {depth}, colour type {colour})", "rebuild it with 'posters build'"))
    if colour_marking(found) is None:
        out.append(
            error(
                CHECK,
                f"{name} does not say its colours are sRGB (no sRGB chunk or sRGB ICC profile before its image data)",
                "rebuild it with 'posters build': without the marking, apps that manage colour guess, and the brand colours may shift",
            )
        )
    return out
