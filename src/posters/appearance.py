"""What a CMYK colour looks like once printed: one documented method, used by
the contrast check on print files and by the load-time match between a
colour's `cmyk` and `srgb`.

Without a printer's profile (the default), a CMYK tint is predicted with the
Yule-Nielsen modified Neugebauer model (n = 2, which stands in for dot gain)
over the 16 solid and overprint colours of offset on coated paper, taken
from the ISO 12647-2 aims that FOGRA39 characterises (paper L*a*b* 95/0/-2,
cyan 55/-37/-50, magenta 48/74/-3, yellow 89/-5/93, black 16/0/0, and the
two- and three-colour overprints); overprints with black are the colour
without black, darkened by black's reflectance. The predicted colour is then
taken to sRGB relative to the paper (paper white shows as white, as the eye
adapts to it), through D50 -> D65 Bradford adaptation.

With `--icc`, the printer's CMYK output profile replaces the model: LittleCMS
(through Pillow's ImageCms) converts each colour to sRGB with the relative
colorimetric intent. A PDF/X-4 file carries that profile in its output
intent, so `posters check` uses it too.

Colour difference is CIEDE2000 (Sharma, Wu and Dalal's formulation).
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from itertools import product

CMYK = tuple[float, float, float, float]  # each 0..1
RGB = tuple[int, int, int]

# The default's name, as reports and the README give it.
DEFAULT_METHOD = "offset on coated paper (FOGRA39 aims, Yule-Nielsen Neugebauer model)"
# The largest CIEDE2000 difference allowed between a colour's cmyk (as printed, by
# the default method) and its srgb. Around 5 a person comparing the two side by
# side sees them as one colour with a visible shift; beyond 10 they are different colours.
MAX_DELTA_E = 10.0
YULE_NIELSEN_N = 2.0

_D50 = (0.9642, 1.0, 0.8251)
_D65 = (0.95047, 1.0, 1.08883)

# ISO 12647-2 (paper types 1 and 2) L*a*b* aims, D50: keys are the inks laid down (c, m, y).
_PRIMARIES_LAB = {
    (0, 0, 0): (95.0, 0.0, -2.0),
    (1, 0, 0): (55.0, -37.0, -50.0),
    (0, 1, 0): (48.0, 74.0, -3.0),
    (0, 0, 1): (89.0, -5.0, 93.0),
    (0, 1, 1): (47.0, 68.0, 48.0),
    (1, 0, 1): (50.0, -65.0, 27.0),
    (1, 1, 0): (24.0, 22.0, -46.0),
    (1, 1, 1): (23.0, 0.0, 0.0),
}
_BLACK_LAB = (16.0, 0.0, 0.0)


def lab_to_xyz(lab, white=_D50):
    L, a, b = lab
    fy = (L + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inv(t):
        return t**3 if t**3 > 216 / 24389 else (116 * t - 16) / (24389 / 27)

    return tuple(w * inv(f) for w, f in zip(white, (fx, fy, fz)))


def xyz_to_lab(xyz, white=_D50):
    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, white))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


# Bradford chromatic adaptation, D50 <-> D65 (Lindbloom's matrices).
_D50_TO_D65 = ((0.9555766, -0.0230393, 0.0631636), (-0.0282895, 1.0099416, 0.0210077), (0.0122982, -0.0204830, 1.3299098))
_D65_TO_D50 = ((1.0478112, 0.0228866, -0.0501270), (0.0295424, 0.9904844, -0.0170491), (-0.0092345, 0.0150436, 0.7521316))
_XYZ_TO_LIN = ((3.2404542, -1.5371385, -0.4985314), (-0.9692660, 1.8760108, 0.0415560), (0.0556434, -0.2040259, 1.0572252))
_LIN_TO_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750), (0.0193339, 0.1191920, 0.9503041))


def _mul(m, v):
    return tuple(sum(m[i][j] * v[j] for j in range(3)) for i in range(3))


def _paper_relative(xyz):
    """Scale so the paper is the D50 white: what a person adapted to the sheet sees."""
    paper = _PRIMARY_XYZ[(0, 0, 0, 0)]
    return tuple(v * w / p for v, w, p in zip(xyz, _D50, paper))


def _primaries_xyz() -> dict[tuple[int, int, int, int], tuple[float, float, float]]:
    out = {}
    paper = lab_to_xyz(_PRIMARIES_LAB[(0, 0, 0)])
    black = lab_to_xyz(_BLACK_LAB)
    for (c, m, y), lab in _PRIMARIES_LAB.items():
        xyz = lab_to_xyz(lab)
        out[(c, m, y, 0)] = xyz
        # black over the other inks: their reflectance times black's (relative to paper)
        out[(c, m, y, 1)] = tuple(v * k / p for v, k, p in zip(xyz, black, paper))
    return out


_PRIMARY_XYZ = _primaries_xyz()


def model_xyz(cmyk: CMYK) -> tuple[float, float, float]:
    """D50 XYZ of a CMYK tint printed by the default method (not paper-relative)."""
    n = YULE_NIELSEN_N
    acc = [0.0, 0.0, 0.0]
    for corner, xyz in _PRIMARY_XYZ.items():
        w = 1.0
        for ink, on in zip(cmyk, corner):
            w *= ink if on else 1.0 - ink
        if w:
            for i in range(3):
                acc[i] += w * xyz[i] ** (1 / n)
    return tuple(v**n for v in acc)


def model_lab(cmyk: CMYK) -> tuple[float, float, float]:
    """Paper-relative D50 L*a*b* of a CMYK tint by the default method."""
    return xyz_to_lab(_paper_relative(model_xyz(cmyk)))


def _encode(lin: float) -> int:
    lin = min(1.0, max(0.0, lin))
    v = 12.92 * lin if lin <= 0.0031308 else 1.055 * lin ** (1 / 2.4) - 0.055
    return int(round(v * 255))


def _decode(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab_to_srgb(lab) -> RGB:
    lin = _mul(_XYZ_TO_LIN, _mul(_D50_TO_D65, lab_to_xyz(lab)))
    return tuple(_encode(v) for v in lin)  # type: ignore[return-value]


def srgb_to_lab(rgb: RGB) -> tuple[float, float, float]:
    return xyz_to_lab(_mul(_D65_TO_D50, _mul(_LIN_TO_XYZ, tuple(_decode(c) for c in rgb))))


def printed_srgb(cmyk: CMYK, profile: "PrinterProfile | None" = None) -> RGB:
    """The sRGB a CMYK colour shows as on paper: through `profile` when given, else the default method."""
    if profile is not None:
        return profile.to_srgb(cmyk)
    return _default_srgb(tuple(cmyk))


@lru_cache(maxsize=4096)
def _default_srgb(cmyk: CMYK) -> RGB:
    # the same few ink mixes are asked for in every output's checks; the model is pure
    return lab_to_srgb(model_lab(cmyk))


def delta_e2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cbar = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cbar**7 / (cbar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dLp = L2 - L1
    dCp = c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dHp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    Lbar = (L1 + L2) / 2
    cbarp = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbarp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbarp = (h1p + h2p) / 2
    else:
        hbarp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = 1 - 0.17 * math.cos(math.radians(hbarp - 30)) + 0.24 * math.cos(math.radians(2 * hbarp)) + 0.32 * math.cos(math.radians(3 * hbarp + 6)) - 0.20 * math.cos(math.radians(4 * hbarp - 63))
    d_theta = 30 * math.exp(-(((hbarp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbarp**7 / (cbarp**7 + 25**7))
    sl = 1 + 0.015 * (Lbar - 50) ** 2 / math.sqrt(20 + (Lbar - 50) ** 2)
    sc = 1 + 0.045 * cbarp
    sh = 1 + 0.015 * cbarp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh))


def cmyk_srgb_difference(cmyk: CMYK, rgb: RGB) -> float:
    """CIEDE2000 between a CMYK colour as printed (default method) and an sRGB colour on screen."""
    return delta_e2000(model_lab(cmyk), srgb_to_lab(rgb))


@lru_cache(maxsize=256)
def matching_cmyk(rgb: RGB) -> tuple[int, int, int, int]:
    """The CMYK (whole percent, total ink at most 300 %) that prints closest to an sRGB colour by the default method."""
    target = srgb_to_lab(rgb)

    def cost(c):
        return delta_e2000(model_lab(tuple(v / 100 for v in c)), target) + sum(c) * 1e-4  # ties: less ink

    best = min((c for c in product(range(0, 101, 10), repeat=4) if sum(c) <= 300), key=cost)
    for step in (5, 2, 1):
        improved = True
        while improved:
            improved = False
            for i, d in product(range(4), (-step, step)):
                cand = list(best)
                cand[i] = min(100, max(0, cand[i] + d))
                cand = tuple(cand)
                if sum(cand) <= 300 and cost(cand) < cost(best) - 1e-9:
                    best, improved = cand, True
    return best  # type: ignore[return-value]


class PrinterProfile:
    """A printer's CMYK output profile, opened by LittleCMS, converting CMYK to sRGB (relative colorimetric)."""

    def __init__(self, data: bytes):
        from PIL import ImageCms

        self._profile = ImageCms.ImageCmsProfile(io.BytesIO(data))  # PyCMSError when LittleCMS cannot read it
        self._transform = ImageCms.buildTransform(self._profile, ImageCms.createProfile("sRGB"), "CMYK", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        self._cache: dict[CMYK, RGB] = {}

    def to_srgb(self, cmyk: CMYK) -> RGB:
        if cmyk not in self._cache:
            from PIL import Image

            px = Image.new("CMYK", (1, 1), tuple(int(round(v * 255)) for v in cmyk))
            self._cache[cmyk] = tuple(self._transform.apply(px).getpixel((0, 0)))[:3]
        return self._cache[cmyk]


@lru_cache(maxsize=4)
def printer_profile(data: bytes) -> PrinterProfile:
    """One opened profile per profile's bytes, however many outputs use it."""
    return PrinterProfile(data)
