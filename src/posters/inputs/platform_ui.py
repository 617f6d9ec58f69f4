"""Where a screen image is shown, and what the platform's own controls cover.

A screen layout names its platforms (`platforms = ["instagram", "facebook"]`,
ids from `[platforms]` in campaign.toml) and may say which bands of the image
the apps cover with their own controls (`[platform_ui]`, in the image's
pixels: a story's profile bar at the top, its reply bar at the bottom). Those
bands count like the safe margin: no text, QR code or logo may sit in them.
The layout loader refuses a box that reaches into one; the plan check
(verify/plan_checks.py) looks again at what was placed, in the build and in
`posters check`.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.elements.base import Box

SIDES = ("top", "bottom", "left", "right")
_EPS = 1e-6


@dataclass(frozen=True)
class Covered:
    """One band of the image that the platforms' own controls cover."""

    side: str  # top, bottom, left or right
    px: int  # its depth in the image's pixels, as platforms publish it
    mm: float  # the same in the layout's millimetres
    trim: tuple[float, float]
    platforms: str  # "Instagram and Facebook", for messages

    @property
    def box(self) -> Box:
        w, h = self.trim
        return {
            "top": Box(0, 0, w, self.mm),
            "bottom": Box(0, h - self.mm, w, self.mm),
            "left": Box(0, 0, self.mm, h),
            "right": Box(w - self.mm, 0, self.mm, h),
        }[self.side]

    def overlaps(self, b: Box) -> bool:
        c = self.box
        return b.x < c.right - _EPS and c.x < b.right - _EPS and b.y < c.bottom - _EPS and c.y < b.bottom - _EPS

    def depth_into(self, b: Box) -> float:
        """How far (mm) the box reaches into the band."""
        w, h = self.trim
        return {"top": self.mm - b.y, "bottom": b.bottom - (h - self.mm), "left": self.mm - b.x, "right": b.right - (w - self.mm)}[self.side]

    def describe(self) -> str:
        return f"reaches into the {self.side} {self.mm:g} mm ({self.px} px) of the image, which {self.platforms} cover with their own controls"

    def hint(self) -> str:
        w, h = self.trim
        edge = {"top": f"below y = {self.mm:g} mm", "bottom": f"above y = {h - self.mm:g} mm", "left": f"right of x = {self.mm:g} mm", "right": f"left of x = {w - self.mm:g} mm"}[self.side]
        return f"keep text, the QR code and logos {edge} (the layout's [platform_ui]); a flat background may run under the controls"


def and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "the platforms"


def read_platforms(t, profile: str, campaign, probs) -> tuple[str, ...]:
    """`platforms`: the ids of the places a screen image is used; every screen layout names them."""
    known = getattr(campaign, "platforms", {}) or {}
    ids = t.texts("platforms", [], hint='platforms = ["instagram", "facebook"]: where this image is used (names under [platforms] in campaign.toml)') or []
    if profile != "screen":
        if ids:
            probs.add("platforms", "only screen layouts are posted on platforms", "remove platforms")
        return ()
    if known and t.data.get("platforms", []) == []:  # left out or empty (a wrong type is reported by texts)
        probs.add("platforms", "a screen layout names the platforms it is made for", f"add platforms = [...] with ids from [platforms] in campaign.toml: {', '.join(known)}")
    from posters.inputs.schema import suggest

    for i, pid in enumerate(ids):
        if pid not in known:
            probs.add(f"platforms[{i}]", f"{pid!r} is not a platform of the campaign", suggest(pid, sorted(known)) if known else "add it under [platforms] in campaign.toml")
    return tuple(ids)


def read_covered(t, profile: str, size_px, trim, platform_names: list[str], probs) -> tuple[Covered, ...]:
    """`[platform_ui]`: top_px, bottom_px, left_px, right_px, each the band of the image the apps cover."""
    if "platform_ui" not in t.data:
        return ()
    u = t.table("platform_ui")
    if u is None or not u.ok:
        return ()
    if profile != "screen" or size_px is None:
        probs.add("platform_ui", "only screen images are covered by a platform's controls", "remove [platform_ui]")
        u.done()
        return ()
    out = []
    for side in SIDES:
        across = side in ("left", "right")
        limit = size_px[0] if across else size_px[1]
        v = u.number(f"{side}_px", 0, lo=0, hi=limit / 2, unit="px", hint=f"{side}_px = the depth in pixels of the band the apps cover, less than half the image")
        if v is None or v == 0:
            continue
        if v != int(v):
            probs.add(u.key(f"{side}_px"), f"{v:g} is not a whole number of pixels", "platforms publish these in whole pixels")
            continue
        if trim is None:
            continue
        mm = v * (trim[0] / size_px[0] if across else trim[1] / size_px[1])
        out.append(Covered(side, int(v), round(mm, 6), tuple(trim), and_list(platform_names)))
    u.done()
    return tuple(out)
