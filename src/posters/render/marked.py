"""Marked content on a screen PDF's page: what each element drew, under
which marked-content identifier (MCID), for the structure tree built
afterwards (render/tagged.py).

ReportLab has no tagging of its own, so the operators are written into the
page's content stream as it is drawn: each element that is read (a heading,
a paragraph, a figure) is drawn inside `/P <</MCID n>> BDC ... EMC`, and
decoration inside `/Artifact BMC ... EMC`, so nothing on the page is left
neither tagged nor marked as an artifact. An element whose text is in two
languages (a bilingual edition) gets one sequence per language, so each can
be given its own language in the structure tree.

The sequences are opened when an element starts, not when it first draws:
a kind that draws straight onto the canvas is still inside its element's
marked content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from posters.elements.base import ARTIFACT, ROLES, Placed


@dataclass
class Sequence:
    mcid: int
    lang: str | None = None  # None: the element's (the document's) language


@dataclass
class Marked:
    """One element as drawn on a page: its role, its sequences and its link annotations
    (an artifact is listed only when it has a link)."""

    placed: Placed
    role: str
    read_last: bool = False
    sequences: list[Sequence] = field(default_factory=list)
    annots: list[int] = field(default_factory=list)  # indexes into the page's /Annots, in the order made


class PageMarks:
    """The marked content of one page, written as it is drawn."""

    def __init__(self, canvas) -> None:
        self.c = canvas
        self.elements: list[Marked] = []
        self.annots = 0  # link annotations made on this page so far
        self._next = 0
        self._current: Marked | None = None
        self._drawn = False  # whether the open sequence holds anything yet

    def begin(self, placed: Placed, role: str, read_last: bool = False) -> None:
        if role not in ROLES:
            raise ValueError(f"element kind {placed.kind!r} has the structure role {role!r}; roles are {', '.join(ROLES)}")
        self._current = Marked(placed, role, read_last)
        if role == ARTIFACT:
            self.c.addLiteral("/Artifact BMC")
        else:
            self.elements.append(self._current)
            self._open(None)

    def span(self, lang: str) -> None:
        """The text drawn from here on is in `lang`."""
        m = self._current
        if m is None or m.role == ARTIFACT:
            return
        if not self._drawn:
            m.sequences[-1].lang = lang  # nothing drawn under it yet: the open sequence is this language's
            return
        self.c.addLiteral("EMC")
        self._open(lang)

    def drew(self) -> None:
        self._drawn = True

    def link(self) -> None:
        """A link annotation was made for the current element. Decoration that
        is a link (a kind that says no role but has one) is read as the link
        alone: its annotation, described, with nothing drawn in it."""
        m = self._current
        if m is not None:
            if m.role == ARTIFACT and not m.annots:
                self.elements.append(m)
            m.annots.append(self.annots)
        self.annots += 1

    def end(self) -> None:
        self.c.addLiteral("EMC")
        self._current = None

    def _open(self, lang: str | None) -> None:
        m = self._current
        m.sequences.append(Sequence(self._next, lang))
        self.c.addLiteral(f"/{m.role} <</MCID {self._next}>> BDC")
        self._next += 1
        self._drawn = False
