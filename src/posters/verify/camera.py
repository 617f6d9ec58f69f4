"""A phone camera photographing a printed QR code: what zxing-cpp sees when a
person points a phone at a poster, not the clean render the read-back uses.

One shot, in the order light and optics act on it:
1. the printed square and the page around it, rendered from the PDF at
   `SOURCE_PX_PER_MODULE`; ink and paper lose contrast (matte stock, glare,
   faded print): black reflects 12-28 %, white 68-92 %;
2. the sheet seen through a pinhole lens (`posters.verify.scanning`: 26 mm
   equivalent, 69 degree field, 1280 px wide frame) from the declared scan
   distance +/- 15 %, tilted up to 20 degrees about a random axis, turned to
   any angle, and off the frame's centre by a little;
3. uneven light: a linear fall-off across the frame to 55-85 % brightness;
4. blur (focus and hand shake): Gaussian, 0.5-1.1 px;
5. sensor noise: Gaussian, sigma 2-7 grey levels;
6. JPEG at quality 55-85, as a phone's preview stream is compressed.

Only the part of the frame around the code is simulated (the pixels a
decoder needs); its scale is that of the full 1280 px frame. Every number
comes from a `random.Random` seeded by the caller, so a run is repeatable to
the byte. No numpy: the few sums are plain Python, the pixels are Pillow's.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

from posters.verify import scanning

SOURCE_PX_PER_MODULE = 10
SURROUND = 0.35  # page shown around the code's square, as a fraction of its side
NOISE_TILE = 256


@dataclass(frozen=True)
class Shot:
    """The degradations of one photograph."""

    distance_m: float
    tilt_deg: float
    tilt_axis_deg: float
    rotation_deg: float
    offset: tuple[float, float]  # of the code's centre from the crop's centre, in code sides
    blur_px: float
    light_low: float  # brightness at the dark end of the fall-off (1.0 = even)
    light_angle_deg: float
    black: float  # reflectance of ink, 0-1
    white: float  # reflectance of paper, 0-1
    noise_sigma: float
    jpeg_quality: int


def random_shot(rng: random.Random, distance_m: float) -> Shot:
    return Shot(
        distance_m=distance_m * rng.uniform(0.85, 1.15),
        tilt_deg=rng.uniform(0, 20),
        tilt_axis_deg=rng.uniform(0, 180),
        rotation_deg=rng.uniform(0, 360),
        offset=(rng.uniform(-0.08, 0.08), rng.uniform(-0.08, 0.08)),
        blur_px=rng.uniform(0.5, 1.1),
        light_low=rng.uniform(0.55, 0.85),
        light_angle_deg=rng.uniform(0, 360),
        black=rng.uniform(0.12, 0.28),
        white=rng.uniform(0.68, 0.92),
        noise_sigma=rng.uniform(2, 7),
        jpeg_quality=rng.randint(55, 85),
    )


@dataclass(frozen=True)
class Printed:
    """The printed code and the page around it, as a grey image, with its scale."""

    image: Image.Image  # "L"
    px_per_mm: float


def printed_area(pdf: bytes, region, side_mm: float) -> Printed:
    """Render the QR square of `region` (qr_readback.Region, in points) and a
    margin of the page around it."""
    from posters.render.png import rasterise
    from posters.units import PT_PER_MM

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pw, ph = doc[region.page].get_size()
    finally:
        doc.close()
    m = (region.x1 - region.x0) * SURROUND
    x0, y0 = max(0.0, region.x0 - m), max(0.0, region.y0 - m)
    x1, y1 = min(pw, region.x1 + m), min(ph, region.y1 + m)
    px_per_mm = SOURCE_PX_PER_MODULE * region.modules / side_mm
    dpi = px_per_mm * 25.4
    im = rasterise(pdf, region.page, dpi=dpi, crop_pt=(x0, y0, pw - x1, ph - y1)).convert("L")
    # the crop may be cut by the page edge: pad with paper so the code stays centred
    full = round((region.x1 - region.x0 + 2 * m) / PT_PER_MM * px_per_mm)
    canvas = Image.new("L", (full, full), 255)
    left = round((x0 - (region.x0 - m)) / PT_PER_MM * px_per_mm)
    top = round(((region.y1 + m) - y1) / PT_PER_MM * px_per_mm)
    canvas.paste(im, (left, top))
    return Printed(canvas, px_per_mm)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 x 8)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(i + 1, n):
            f = m[r][i] / m[i][i]
            for c in range(i, n + 1):
                m[r][c] -= f * m[i][c]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (m[i][n] - sum(m[i][c] * x[c] for c in range(i + 1, n))) / m[i][i]
    return x


def _perspective(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE): output (dst) -> input (src)."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return _solve(a, b)


def _noise_tile(rng: random.Random) -> Image.Image:
    data = bytes(max(0, min(255, round(128 + rng.gauss(0, 32)))) for _ in range(NOISE_TILE * NOISE_TILE))
    return Image.frombytes("L", (NOISE_TILE, NOISE_TILE), data)


class Camera:
    """Photographs a printed area; holds one noise tile (unit sigma 32) made from the seed."""

    def __init__(self, seed: int):
        self.noise = _noise_tile(random.Random(seed))

    def photograph(self, printed: Printed, code_side_mm: float, shot: Shot, rng: random.Random) -> Image.Image:
        src = printed.image
        sw, sh = src.size
        # print: ink and paper reflectances (contrast loss)
        lo, hi = shot.black * 255, shot.white * 255
        src = src.point([round(lo + (hi - lo) * v / 255) for v in range(256)])
        # camera geometry: pixels per mm on the sheet at this distance
        cam_ppm = scanning.FRAME_PX / scanning.frame_width_mm(shot.distance_m)
        down = printed.px_per_mm / cam_ppm
        if down > 1.5:  # the warp samples points; low-pass first, as the lens and sensor area do
            src = src.filter(ImageFilter.GaussianBlur(down / 2.5))
        f = scanning.FRAME_PX / (2 * math.tan(math.radians(scanning.FOV_DEG) / 2))  # focal length in px
        d = shot.distance_m * 1000
        rot, tilt, axis = (math.radians(v) for v in (shot.rotation_deg, shot.tilt_deg, shot.tilt_axis_deg))
        ax, ay = math.cos(axis), math.sin(axis)

        def project(u: float, v: float) -> tuple[float, float]:
            # turn in the plane, then tilt the plane about the axis (ax, ay, 0) (Rodrigues)
            x, y = u * math.cos(rot) - v * math.sin(rot), u * math.sin(rot) + v * math.cos(rot)
            dot = ax * x + ay * y
            c, s = math.cos(tilt), math.sin(tilt)
            px = x * c + ax * dot * (1 - c)
            py = y * c + ay * dot * (1 - c)
            pz = (ax * y - ay * x) * s
            z = d + pz
            return f * px / z, f * py / z

        half_w, half_h = sw / printed.px_per_mm / 2, sh / printed.px_per_mm / 2
        corners_mm = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
        cam = [project(u, v) for u, v in corners_mm]
        size = round(code_side_mm * cam_ppm * (1 + 2 * SURROUND) * 1.15)
        cx = size / 2 + shot.offset[0] * code_side_mm * cam_ppm
        cy = size / 2 + shot.offset[1] * code_side_mm * cam_ppm
        dst = [(x + cx, y + cy) for x, y in cam]
        srcpts = [(0, 0), (sw, 0), (sw, sh), (0, sh)]
        coeffs = _perspective(dst, srcpts)
        # outside the printed area the frame shows more paper of the same tone
        frame = src.transform((size, size), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR, fillcolor=round(hi))
        # uneven light: a linear fall-off in a random direction
        grad = Image.linear_gradient("L").rotate(shot.light_angle_deg, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=128)
        grad = grad.resize((size, size), Image.Resampling.BILINEAR)
        low = shot.light_low * 255
        grad = grad.point([round(low + (255 - low) * v / 255) for v in range(256)])
        frame = ImageChops.multiply(frame, grad)
        frame = frame.filter(ImageFilter.GaussianBlur(shot.blur_px))
        # sensor noise: a window of the seeded tile, scaled to this shot's sigma
        ox, oy = rng.randrange(NOISE_TILE), rng.randrange(NOISE_TILE)
        tile = ImageChops.offset(self.noise, ox, oy)
        if size > NOISE_TILE:
            reps = -(-size // NOISE_TILE)
            big = Image.new("L", (NOISE_TILE * reps, NOISE_TILE * reps))
            for i in range(reps):
                for j in range(reps):
                    big.paste(tile, (i * NOISE_TILE, j * NOISE_TILE))
            tile = big
        tile = tile.crop((0, 0, size, size))
        k = shot.noise_sigma / 32
        tile = tile.point([round(128 + (v - 128) * k) for v in range(256)])
        frame = ImageChops.add(frame, tile, scale=1.0, offset=-128)
        buf = io.BytesIO()
        frame.save(buf, "JPEG", quality=shot.jpeg_quality)
        buf.seek(0)
        return Image.open(buf, formats=["JPEG"]).convert("L")


def decode(image: Image.Image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def scan_rate(pdf: bytes, region, side_mm: float, distance_m: float, expected: str, shots: int, seed: int) -> tuple[int, int]:
    """How many of `shots` photographs decode to exactly `expected`."""
    printed = printed_area(pdf, region, side_mm)
    rng = random.Random(seed)
    cam = Camera(seed)
    ok = 0
    for _ in range(shots):
        shot = random_shot(rng, distance_m)
        if decode(cam.photograph(printed, side_mm, shot, rng)) == [expected]:
            ok += 1
    return ok, shots
