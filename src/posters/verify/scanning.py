"""What a phone needs to read a printed QR code, as three rules per output.

- The symbol (without its quiet zone) is at least a tenth of the scan distance.
- Each module is at least 0.4 mm for items held in the hand, 1.0 mm for
  anything scanned from a metre or more, 1.5 mm from 3 m.
- At the declared distance a 1280 px wide camera frame puts at least 2.5
  pixels on each module. The camera assumed is a phone's main camera, a 26 mm
  (35 mm-equivalent) lens: a horizontal field of view of 2 * atan(18 / 26) =
  69.4 degrees, so the frame is 1.385 x the distance wide.

What limits scanning in practice is the last one; the other two are the
print trade's rules of thumb. Each is reported on its own when it fails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LENS_MM = 26.0  # 35 mm-equivalent focal length of a phone's main camera
FRAME_WIDTH_MM = 36.0  # the 35 mm frame the equivalent focal length refers to
FOV_DEG = math.degrees(2 * math.atan(FRAME_WIDTH_MM / 2 / LENS_MM))
FRAME_PX = 1280
MIN_PX_PER_MODULE = 2.5
SYMBOL_PER_DISTANCE = 1 / 10
HAND_HELD_BELOW_M = 1.0
MODULE_RULES_MM = ((3.0, 1.5), (HAND_HELD_BELOW_M, 1.0), (0.0, 0.4))  # (from distance m, minimum module mm)


def frame_width_mm(distance_m: float) -> float:
    """Width of the scene a phone frames at this distance."""
    return 2 * distance_m * 1000 * math.tan(math.radians(FOV_DEG) / 2)


def px_per_module(module_mm: float, distance_m: float, frame_px: int = FRAME_PX) -> float:
    return module_mm * frame_px / frame_width_mm(distance_m)


def min_module_mm(distance_m: float) -> float:
    return next(m for d, m in MODULE_RULES_MM if distance_m >= d)


@dataclass(frozen=True)
class Failure:
    rule: str  # "symbol", "module", "camera"
    message: str
    hint: str


def check(modules: int, module_mm: float, distance_m: float) -> list[Failure]:
    """Every rule the code breaks at this distance (empty if it reads)."""
    out = []
    symbol = modules * module_mm
    need = distance_m * 1000 * SYMBOL_PER_DISTANCE
    if symbol + 1e-6 < need:
        out.append(
            Failure(
                "symbol",
                f"the QR symbol is {symbol:.1f} mm wide without its quiet zone; scanned from {distance_m:g} m it must be at least {need:.0f} mm (a tenth of the distance)",
                "make the QR box larger, or shorten the link so the code needs fewer modules",
            )
        )
    floor = min_module_mm(distance_m)
    if module_mm + 1e-6 < floor:
        held = "held in the hand" if distance_m < HAND_HELD_BELOW_M else f"scanned from {distance_m:g} m"
        out.append(Failure("module", f"its modules are {module_mm:.2f} mm; a code {held} needs at least {floor:g} mm", "make the QR box larger or the link shorter"))
    ppm = px_per_module(module_mm, distance_m)
    if ppm + 1e-6 < MIN_PX_PER_MODULE:
        out.append(
            Failure(
                "camera",
                f"from {distance_m:g} m a {FRAME_PX} px wide phone frame ({FOV_DEG:.0f} degree lens) gets {ppm:.2f} px per module; phones need {MIN_PX_PER_MODULE:g}",
                "make the QR box larger, or lower scan_distance_m if people really scan it from closer",
            )
        )
    return out
