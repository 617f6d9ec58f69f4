"""Reading a tagged PDF the way a screen reader does: the structure tree in
order, each element's text gathered from the marked content its MCIDs name
in the page's content stream (decoded through the fonts' ToUnicode maps),
with the language in force for it.

Used by the PDF/UA check (verify/pdf/pdfua.py) and by the tests of reading
order; it reads the file alone, never the plan it was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from posters.verify.pdf import content
from posters.verify.pdf._common import ReadOnce

_MAX_DEPTH = 64


@dataclass
class Node:
    """One structure element, as read: its type, language, alternative text, text and children."""

    role: str
    lang: str | None  # its own /Lang, or the nearest ancestor's, or the document's
    alt: str | None
    obj: Dictionary
    text: str = ""  # the marked content it holds directly, in order
    kids: list["Node"] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annots: list[Dictionary] = field(default_factory=list)  # annotations it holds by OBJR

    def walk(self):
        yield self
        for k in self.kids:
            yield from k.walk()

    @property
    def all_text(self) -> str:
        return " ".join(t for t in [self.text] + [k.all_text for k in self.kids] if t)


# ---------------------------------------------------------------- text by MCID


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")




def _unicode_map(font: Dictionary) -> tuple[dict[bytes, str], int]:
    """The font's ToUnicode map (code bytes -> text) and its code length in bytes; read once
    for all files that carry the same map (the answer is only ever looked up in, never changed)."""
    tu = font.get("/ToUnicode")
    if not isinstance(tu, pikepdf.Stream):
        return {}, 1
    return _maps(tu)


MAX_MAP_CODES = 1 << 17  # two-byte codes are 65,536; a map with more is not one a font needs


def _read_unicode_map(data: bytes) -> tuple[dict[bytes, str], int]:
    out: dict[bytes, str] = {}
    width = 1
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        hexes = _HEX.findall(block)
        for src, dst in zip(hexes[::2], hexes[1::2]):
            width = len(src) // 2
            out[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            lo, hi, dst = m.group(1), m.group(2), m.group(3)
            width = len(lo) // 2
            if not width:
                continue  # a code of half a byte: not a range a reader can map
            a, b = int(lo, 16), int(hi, 16)
            # a range may differ only in its last byte (ISO 32000-1, 9.10.3): at most 256 codes.
            # A file's own range is not trusted further: <0000> <FFFFFFFF> would be four billion.
            b = min(b, a | 0xFF)
            if dst.startswith(b"["):
                targets = [bytes.fromhex(h.decode()).decode("utf-16-be", "replace") for h in _HEX.findall(dst)]
            else:
                start = int(dst[1:-1], 16)
                targets = [chr(start + i) if start + i <= 0x10FFFF else "\ufffd" for i in range(b - a + 1)]
            for i, t in zip(range(a, b + 1), targets):
                out[i.to_bytes(width, "big")] = t
            if len(out) > MAX_MAP_CODES:
                return out, width  # more codes than any font has; the rest is not read
    return out, width


_maps = ReadOnce(_read_unicode_map, kept=64)  # a campaign's files carry a handful of fonts


def _decode(raw: bytes, font: tuple[dict[bytes, str], int] | None) -> str:
    if font is None or not font[0]:
        return raw.decode("latin-1")
    table, width = font
    return "".join(table.get(raw[i : i + width], "") for i in range(0, len(raw), width))


def marked_text(page: pikepdf.Page, doc: pikepdf.Pdf | None = None) -> dict[int, str]:
    """The text shown under each MCID of a page's content stream (lines joined by spaces);
    `doc`, the page's document, lets a verification share the parsed content (verify.pdf.content)."""
    fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    decoded: dict[str, tuple[dict[bytes, str], int]] = {}
    current = None
    stack: list[int | None] = []
    parts: dict[int, list[str]] = {}
    for name, inst in content.of_page(doc, page):  # operands read only where they matter
        if name in ("BDC", "BMC"):
            mcid = None
            operands = inst.operands
            if name == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
            stack.append(mcid if mcid is not None else (stack[-1] if stack else None))
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name == "Tf":
            key = str(inst.operands[0])
            if key not in decoded and key in fonts:
                decoded[key] = _unicode_map(fonts[key])
            current = decoded.get(key)
        elif name in ("Tj", "'", '"', "TJ") and stack and stack[-1] is not None:
            operands = inst.operands
            items = operands[-1] if name == "TJ" else [operands[-1]]
            text = "".join(_decode(bytes(s), current) for s in items if isinstance(s, pikepdf.String))
            parts.setdefault(stack[-1], []).append(text)
    return {k: " ".join(v) for k, v in parts.items()}


# ---------------------------------------------------------------- the tree


def read_structure(pdf: pikepdf.Pdf) -> Node | None:
    """The structure tree in order, or None when the document has none."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return None
    pages = {tuple(p.obj.objgen): i for i, p in enumerate(pdf.pages)}
    texts: dict[int, dict[int, str]] = {}

    def text_of(page_index: int, mcid: int) -> str:
        if page_index not in texts:
            texts[page_index] = marked_text(pdf.pages[page_index], pdf)
        return texts[page_index].get(mcid, "")

    doc_lang = str(pdf.Root.Lang) if "/Lang" in pdf.Root else None
    top = Node("StructTreeRoot", doc_lang, None, root)
    seen: set = set()

    def visit(obj, parent: Node, page_index: int | None, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        if isinstance(obj, Array):
            for k in obj:
                visit(k, parent, page_index, depth + 1)
            return
        if isinstance(obj, int) or (isinstance(obj, pikepdf.Object) and obj._type_code == pikepdf.ObjectType.integer):
            if page_index is not None:
                parent.mcids.append((page_index, int(obj)))
                t = text_of(page_index, int(obj))
                parent.text = f"{parent.text} {t}".strip() if t else parent.text
            return
        if not isinstance(obj, Dictionary):
            return
        kind = obj.get("/Type")
        pg = obj.get("/Pg")
        here = pages.get(tuple(pg.objgen), page_index) if isinstance(pg, Dictionary) else page_index
        if kind == Name.OBJR:
            target = obj.get("/Obj")
            if isinstance(target, Dictionary):
                parent.annots.append(target)
            return
        if kind == Name.MCR:
            mcid = obj.get("/MCID")
            if mcid is not None and here is not None:
                visit(mcid, parent, here, depth + 1)
            return
        og = tuple(obj.objgen)
        if og != (0, 0):
            if og in seen:
                return
            seen.add(og)
        s = obj.get("/S")
        lang = str(obj.Lang) if "/Lang" in obj else parent.lang
        alt = str(obj.Alt) if "/Alt" in obj else (str(obj.ActualText) if "/ActualText" in obj else None)
        node = Node(str(s)[1:] if isinstance(s, Name) else "?", lang, alt, obj)
        parent.kids.append(node)
        if "/K" in obj:
            visit(obj.K, node, here, depth + 1)

    if "/K" in root:
        visit(root.K, top, None, 0)
    return top


def reading_order(pdf: pikepdf.Pdf) -> list[tuple[str, str | None, str]]:
    """What a screen reader reads, in order: (structure type, language, text or
    alternative text) for each element that holds text or has alternative text."""
    tree = read_structure(pdf)
    if tree is None:
        return []
    out = []
    for node in tree.walk():
        if node.alt:
            out.append((node.role, node.lang, node.alt))
        elif node.text:
            out.append((node.role, node.lang, node.text))
    return out
