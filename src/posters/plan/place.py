"""Plan: one output (edition x layout x language x message) as a list of
placed elements per page, in mm. Knows nothing about how it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.colours import Colour
from posters.elements.base import REGISTRY, PlaceCtx, PlaceError, Placed
from posters.errors import InputError, Problem
from posters.inputs.attribution import MissingCode
from posters.plan.geometry import PageGeometry

QR_DARK = Colour("qr_dark", (0.0, 0.0, 0.0, 1.0), (0, 0, 0))
PAPER = Colour("paper", (0.0, 0.0, 0.0, 0.0), (255, 255, 255))


@dataclass(frozen=True)
class PagePlan:
    name: str
    elements: tuple[Placed, ...]


@dataclass(frozen=True)
class OutputPlan:
    edition: object
    layout: object
    lang: str  # e.g. "en", "cy", "cy-en"
    message: str
    payload: str
    palette: dict[str, Colour]
    pages: tuple[PagePlan, ...]
    geometry: PageGeometry
    campaign: object = None  # the campaign it was planned for: a tagged screen PDF's words come from its copy

    @property
    def langs(self) -> list[str]:
        return self.lang.split("-")

    @property
    def stem(self) -> str:
        return f"{self.layout.format}.{self.message}.{self.lang}"

    @property
    def title(self) -> str:
        return f"{self.edition.name} - {self.layout.name} - {self.message} - {self.lang}"


def palette_for(campaign, edition) -> dict[str, Colour]:
    pal = dict(campaign.colours)
    pal.update(edition.colours if not edition.regional else campaign.regional_colours)
    pal["qr_dark"] = QR_DARK
    pal.setdefault("paper", PAPER)
    return pal


def plan_output(campaign, edition, layout, lang: str, message: str, logos) -> OutputPlan:
    try:
        payload = campaign.qr_payload(edition.slug, layout.format, message, lang)
    except MissingCode as exc:  # a project refuses these on loading; a layout planned on its own may still lack one
        raise InputError([Problem(campaign.file, f"qr.attribution.{exc.category}.{exc.name}", f"{exc.category} {exc.name!r} has no attribution code", f'add {exc.name} = "<code>" under [qr.attribution.{exc.category}]')]) from None
    palette = palette_for(campaign, edition)
    geometry = PageGeometry.of(layout)
    ctx = PlaceCtx(
        campaign=campaign,
        edition=edition,
        langs=lang.split("-"),
        message=message,
        payload=payload,
        palette=palette,
        profile=layout.profile,
        layout_file=layout.file,
        geometry=geometry,
        logos=logos,
    )
    problems: list[Problem] = []
    pages = []
    for page in layout.pages:
        placed: list[Placed] = []
        for entry in page.elements:
            try:
                placed.extend(REGISTRY[entry.kind].place(entry.spec, ctx, entry.key))
            except PlaceError as exc:
                where = f"{edition.slug}/{lang}/{message}"
                if exc.file:  # the artwork's own fault: named first, the layout after
                    problems.append(Problem(exc.file, "", f"{exc.message} [{where}]", f"{exc.hint} (placed by {layout.file}: {entry.key})"))
                else:
                    problems.append(layout.problem(entry.key, f"{exc.message} [{where}]", exc.hint))
        pages.append(PagePlan(page.name, tuple(placed)))
    if problems:
        raise InputError(problems)
    return OutputPlan(edition, layout, lang, message, payload, palette, tuple(pages), geometry, campaign)
