"""`image`: a photograph or texture (JPEG, PNG, TIFF) in its box.

    [[pages.elements]]
    type = "image"
    file = "assets/images/texture.png"   # from the project folder
    box_mm = [0, 0, 210, 150]
    fit = "fill"           # fill the box, cropping (default); "fit": all of it, inside the box
    focal = [0.5, 0.3]     # with fill: the point of the image kept in view (0-1 across, down)
    bleed = true           # edges on the trim run into the bleed, as for a rect

Only the visible part is placed (a filled box holds the crop, not the whole
photo), so the resolution check judges what prints. Colour is the
renderer's job: print files get CMYK (through the printer's profile with
--icc, else a stated default), screen files sRGB.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from posters.elements.base import ALIGN, VALIGN, Box, Kind, ParseCtx, PlaceCtx, PlaceError, Placed, read_box, register
from posters.elements.shape import EDGE, check_edges
from posters.inputs.schema import Table

FITS = ("fill", "fit")


@dataclass(frozen=True)
class ImageSpec:
    box: Box
    path: Path
    shown: str  # the file as the layout names it
    fit: str
    focal: tuple[float, float]
    bleed: bool
    align: str
    valign: str


@dataclass
class Picture:
    """The visible part of an image, placed: pixels and where they came from."""

    photo: object  # posters.inputs.images.Photo
    crop: tuple[int, int, int, int]  # pixel box of the source shown (left, top, right, bottom)
    shown: str

    @property
    def pixels(self) -> tuple[int, int]:
        l, t, r, b = self.crop
        return (r - l, b - t)

    @property
    def whole(self) -> bool:
        return self.crop == (0, 0, *self.photo.size)

    def visible(self):
        return self.photo.image if self.whole else self.photo.image.crop(self.crop)

    def srgb_at(self, box: Box, x_mm: float, y_mm: float) -> tuple[int, int, int]:
        """The image's colour on screen at a point of the page (averaged over about 1 % of its width)."""
        return _sample(_thumbnail(self, "RGB"), box, x_mm, y_mm)[:3]

    def cmyk_at(self, box: Box, x_mm: float, y_mm: float) -> tuple[float, float, float, float]:
        """The image's ink at a point of the page, as a print file carries it (0-1 each)."""
        return tuple(v / 255 for v in _sample(_thumbnail(self, "CMYK"), box, x_mm, y_mm))  # type: ignore[return-value]


def _sample(thumb, box: Box, x_mm: float, y_mm: float):
    u = min(max((x_mm - box.x) / box.w, 0.0), 1.0)
    v = min(max((y_mm - box.y) / box.h, 0.0), 1.0)
    return thumb.getpixel((min(int(u * thumb.width), thumb.width - 1), min(int(v * thumb.height), thumb.height - 1)))


_THUMBS: dict = {}


def _thumbnail(p: Picture, mode: str):
    """A small copy of the visible part, for sampling what lies behind text:
    in RGB (screen) or in the CMYK a print file gets (the stated default
    conversion for an RGB image)."""
    key = (p.photo.path, p.crop, mode)
    hit = _THUMBS.get(key)
    if hit is None:
        from PIL import Image

        from posters.inputs.images import gcr_cmyk

        im = p.visible()
        im = im.resize((max(1, min(128, im.width)), max(1, min(128, im.height))), Image.Resampling.BOX)
        if mode == "CMYK":
            im = im if im.mode == "CMYK" else gcr_cmyk(im)
        else:
            im = im.convert("RGB")
        if len(_THUMBS) > 64:
            _THUMBS.clear()
        hit = _THUMBS[key] = im
    return hit


def parse(t: Table, ctx: ParseCtx) -> ImageSpec | None:
    from posters.inputs.load import element_file

    box = read_box(t, ctx)
    name, path = element_file(t, ctx, "assets/images/your-image.jpg", (".jpg", ".jpeg", ".png", ".tif", ".tiff"), "a JPEG, PNG or TIFF file", "export the image as JPEG (photographs) or PNG (flat artwork)")
    fit = t.text("fit", "fill", choices=FITS)
    focal = t.numbers("focal", 2, (0.5, 0.5), lo=0, hint="focal = [across, down], each from 0 to 1")
    if focal is not None and any(v > 1 for v in focal):
        ctx.probs.add(t.key("focal"), f"{list(focal)} is outside the image", "focal = [across, down], each from 0 (left, top) to 1 (right, bottom)")
        focal = None
    bleed = bool(t.boolean("bleed", False))
    align = t.text("align", "center", choices=ALIGN)
    valign = t.text("valign", "middle", choices=VALIGN)
    if fit == "fill" or bleed:
        check_edges(t, ctx, box, bleed)
    if None in (box, path, fit, focal, align, valign):
        return None
    return ImageSpec(box, path, name, fit, tuple(focal), bleed, align, valign)


def _area(spec: ImageSpec, ctx: PlaceCtx) -> Box:
    b = spec.box
    x0, y0, x1, y1 = b.x, b.y, b.right, b.bottom
    if spec.bleed:
        (pw, ph), bleed = ctx.geometry.layout_trim, ctx.geometry.layout_bleed
        x0 = -bleed if x0 <= EDGE else x0
        y0 = -bleed if y0 <= EDGE else y0
        x1 = pw + bleed if x1 >= pw - EDGE else x1
        y1 = ph + bleed if y1 >= ph - EDGE else y1
    return Box(x0, y0, x1 - x0, y1 - y0)


def place(spec: ImageSpec, ctx: PlaceCtx, key: str) -> list[Placed]:
    from posters.errors import display_path
    from posters.inputs.images import ImageFileError, open_photo

    shown = display_path(spec.path, ctx.campaign.root)
    try:
        photo = open_photo(spec.path)
    except ImageFileError as exc:
        raise PlaceError(f"the image {exc.message}", exc.hint, file=shown) from None
    except OSError as exc:
        raise PlaceError(f"the image cannot be read ({exc.strerror})", "check the file", file=shown) from None
    area = _area(spec, ctx)
    pw, ph = photo.size
    if spec.fit == "fit":
        from posters.elements.logo import fit_in

        return [Placed("image", key, fit_in(area, photo.aspect, spec.align, spec.valign), Picture(photo, (0, 0, pw, ph), shown))]
    # fill: scale to cover the area, then keep the focal point in view
    scale = max(area.w / pw, area.h / ph)  # mm per pixel
    vw, vh = min(pw, round(area.w / scale)), min(ph, round(area.h / scale))
    fx, fy = spec.focal
    left = min(max(round(fx * pw - vw / 2), 0), pw - vw)
    top = min(max(round(fy * ph - vh / 2), 0), ph - vh)
    return [Placed("image", key, area, Picture(photo, (left, top, left + vw, top + vh), shown))]


def draw(placed: Placed, painter) -> None:
    painter.picture(placed.content, placed.box)


def describe(placed: Placed) -> str:
    return f"the image {placed.content.shown}"


register(Kind("image", parse, place, draw, describe, ("box_mm", "fit", "focal"), in_safe_zone=False))
