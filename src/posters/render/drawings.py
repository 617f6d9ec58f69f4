"""SVG drawings (logos, icons) drawn onto a ReportLab canvas: ReportLab's own
operators, recorded the first time a drawing is drawn and replayed after.

Drawn at the origin (its placement is a `cm` of its own before it), a logo's
operators are the same in every file; drawing it through ReportLab's renderer
cost more than anything else on a page.
"""

from __future__ import annotations

from dataclasses import dataclass

_OPS: dict = {}  # (drawing's id, profile, fill mode, graphics state, text state) -> (drawing, steps)
_OPS_MAX = 256


def draw(c, drawing, profile: str) -> None:
    """Draw an SVG drawing at the origin: ReportLab's own operators, replayed when recorded before.

    Replayed are operators that name nothing (no font, graphics state, colour space,
    image or shading: their names and resources belong to each document), recorded only
    when drawing them left nothing else behind. What ReportLab asks of the canvas and the
    document on the way (the fonts it sets, each line of text it draws with them: a
    TrueType font's codes and name are the document's; a PDF version for transparency)
    is asked again, for real, on each replay. A drawing with anything else is drawn by
    ReportLab every time, as before."""
    text_state = (c._charSpace, c._wordSpace, c._horizScale, c._rise, c._textRenderMode)
    key = (id(drawing), profile, c._fillMode, tuple(sorted(c._extgstate._d.items())), text_state)
    hit = _OPS.get(key)
    if hit is not None and hit[0] is drawing:
        for step in hit[1]:
            if isinstance(step, _SetFont):
                c.setFont(step.name, step.size, step.leading)
            elif isinstance(step, _MinVersion):
                c._doc.ensureMinPdfVersion(*step.keys)
            elif isinstance(step, _Text):
                c.drawString(step.x, step.y, step.text, mode=step.mode)
            else:
                c._code.extend(step)
        return
    from reportlab.graphics import renderPDF

    steps: list = []
    start = len(c._code)
    set_font = c.setFont

    def recording_set_font(name, size, leading=None):
        nonlocal start
        steps.append(c._code[start:])
        set_font(name, size, leading)
        steps.append(_SetFont(name, size, leading))
        start = len(c._code)

    draw_string = c.drawString

    def recording_draw_string(x, y, text, mode=None, **rest):
        nonlocal start
        if rest:  # not how the renderer draws text: left unrecorded, so the drawing is not kept
            steps.append(["/"])
        steps.append(c._code[start:])
        draw_string(x, y, text, mode=mode, **rest)
        steps.append(_Text(x, y, text, mode))
        start = len(c._code)

    min_version = c._doc.ensureMinPdfVersion

    def recording_min_version(*keys):
        steps.append(_MinVersion(keys))  # transparency, say: the file's version is raised on each replay too
        min_version(*keys)

    before = _left_behind(c)
    c.setFont = recording_set_font
    c.drawString = recording_draw_string
    c._doc.ensureMinPdfVersion = recording_min_version
    try:
        renderPDF.draw(drawing, c, 0, 0, showBoundary=False)
    finally:
        del c.setFont, c.drawString, c._doc.ensureMinPdfVersion
    steps.append(c._code[start:])
    # no names, and no text but what drawString drew (a TrueType font's codes and names are the
    # document's, assigned as it is used: that text is drawn again, for real, on each replay)
    names_nothing = all("/" not in op and "BT" not in op for step in steps if isinstance(step, list) for op in step)
    steps = [step for step in steps if step != []]
    if names_nothing and _left_behind(c) == before:
        if len(_OPS) >= _OPS_MAX:
            _OPS.clear()
        _OPS[key] = (drawing, tuple(tuple(step) if isinstance(step, list) else step for step in steps))


@dataclass(frozen=True)
class _SetFont:
    """A font ReportLab set while drawing (its name in the file is the document's own)."""

    name: str
    size: float
    leading: float | None


@dataclass(frozen=True)
class _Text:
    """A line of a drawing's text, drawn where and as the renderer drew it."""

    x: float
    y: float
    text: str
    mode: int | None


@dataclass(frozen=True)
class _MinVersion:
    """A PDF version ReportLab asked the document for while drawing (by feature, e.g. transparency)."""

    keys: tuple


def _left_behind(c) -> tuple:
    """What drawing can leave on a canvas besides operators: colours, shadings, forms, links, graphics states, images."""
    return (len(c._colorsUsed), len(c._shadingUsed), len(c._formsinuse), len(c._annotationrefs), len(c._extgstate._c), c._currentPageHasImages)
