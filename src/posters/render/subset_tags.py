"""Font subset tags made from the subset itself.

ReportLab tags the subsets of each file AAAAAA+, AAAAAB+, ... in the order it meets them, so
two files carry different subsets of the same typeface under the same name. PDF requires
different subsets in one file to have different tags (ISO 32000-1, 9.6.4). One file is fine;
but a proof sheet places the pages of many files on one page, and a printer's imposition or a
merge puts several files into one, and a RIP or an editor that takes fonts by name can then set
one file's text with another file's glyphs. Each tag is made here from the font program's own
bytes: the same subset has the same tag in every file, and a different subset another.
"""

from __future__ import annotations

import hashlib
import re

import pikepdf
from pikepdf import Dictionary, Name

_TAGGED = re.compile(r"^/[A-Z]{6}\+")
_PROGRAMS = ("/FontFile2", "/FontFile3", "/FontFile")


def retag(doc: pikepdf.Pdf) -> int:
    """Give every subset font the pages of `doc` use (directly or in their forms) a tag from its
    program's bytes; returns how many were renamed."""
    n = 0
    for obj in _fonts(doc):
        base = obj.get("/BaseFont")
        if not isinstance(base, Name) or not _TAGGED.match(str(base)):
            continue
        descriptor = _descriptor(obj)
        program = next((descriptor.get(k) for k in _PROGRAMS if descriptor is not None and isinstance(descriptor.get(k), pikepdf.Stream)), None)
        if program is None:
            continue  # nothing embedded to name it by: the font check reports it
        name = Name("/" + tag_of(program.read_bytes()) + str(base)[7:])
        obj.BaseFont = name
        if descriptor.get("/FontName") is not None:
            descriptor.FontName = name
        n += 1
    return n


def _fonts(doc: pikepdf.Pdf) -> list[Dictionary]:
    """The font dictionaries of the pages' resources and of the forms they draw, each once.
    (Walking every object of the file costs several times more, for the same few fonts.)"""
    found: dict[tuple, Dictionary] = {}
    seen: set[tuple] = set()
    stack = [page.obj.get("/Resources") for page in doc.pages]
    while stack:
        res = stack.pop()
        if not isinstance(res, Dictionary):
            continue
        for font in (res.get("/Font") or {}).values() if isinstance(res.get("/Font"), Dictionary) else ():
            if isinstance(font, Dictionary):
                found.setdefault(font.objgen if font.objgen != (0, 0) else (id(font), 0), font)
        xobjects = res.get("/XObject")
        for x in xobjects.values() if isinstance(xobjects, Dictionary) else ():
            if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == Name.Form and x.objgen not in seen:
                seen.add(x.objgen)
                stack.append(x.get("/Resources"))
    return list(found.values())


def _descriptor(font: Dictionary):
    d = font.get("/FontDescriptor")
    if d is None and isinstance(font.get("/DescendantFonts"), pikepdf.Array) and len(font.DescendantFonts):
        d = font.DescendantFonts[0].get("/FontDescriptor")
    return d if isinstance(d, Dictionary) else None


def tag_of(program: bytes) -> str:
    """Six capital letters from the program's sha256 (26^6, over 300 million tags)."""
    v = int.from_bytes(hashlib.sha256(program).digest()[:8], "big")
    letters = []
    for _ in range(6):
        v, r = divmod(v, 26)
        letters.append(chr(ord("A") + r))
    return "".join(letters)
