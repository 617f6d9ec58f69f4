"""The [pdfua] check: a screen PDF is accessible (PDF/UA-1, ISO 14289-1),
rule by rule, each finding named by its failure condition in the Matterhorn
Protocol 1.02 (the PDF Association's list of ways a file fails PDF/UA).

Only conditions a machine can decide are checked, and of those the ones
that apply to what the project makes (no forms, tables, lists, notes,
optional content or embedded files: those conditions cannot occur, and the
safety check refuses several of them anyway). What only a person can judge
(that the alternative text is right, that the reading order makes sense,
that decoration really is decoration) is listed in the README; the tests
read the files back by structure for the reading order.

RULES below is the one list of what is checked; the README copies it.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from posters.verify.findings import Finding, error
from posters.verify.pdf import content
from posters.verify.pdf._common import PdfSource, _Collector, _name, _opened
from posters.verify.pdf.font_embedding import _font_program, _iter_font_dicts
from posters.verify.pdf.structure import read_structure

CHECK = "pdfua"

#: Matterhorn failure condition -> what it means, in the report's words.
RULES = {
    "01-003": "content marked as an artifact is inside tagged content",
    "01-004": "tagged content is inside content marked as an artifact",
    "01-005": "content is neither marked as an artifact nor tagged as real content",
    "01-007": "the structure is marked as suspect (MarkInfo /Suspects true)",
    "02-001": "a structure type is neither standard nor mapped to a standard one",
    "06-001": "the document has no XMP metadata",
    "06-002": "the XMP metadata does not identify the file as PDF/UA",
    "06-003": "the XMP metadata has no dc:title",
    "07-001": "the viewer preferences do not say to show the document's title (DisplayDocTitle)",
    "07-002": "the viewer preferences say not to show the document's title (DisplayDocTitle false)",
    "10-001": "character codes cannot be mapped to Unicode (a font has no ToUnicode map)",
    "11-001": "the natural language of text on the page cannot be determined",
    "11-002": "the natural language of alternative text cannot be determined",
    "11-004": "the natural language of an annotation's description cannot be determined",
    "11-006": "the natural language of the document's metadata cannot be determined",
    "13-004": "a Figure has no alternative text",
    "14-002": "the first heading is not H1",
    "14-003": "heading levels are skipped",
    "28-004": "an annotation has no description (/Contents)",
    "28-008": "a page with annotations has no tab order (/Tabs)",
    "28-009": "a page with annotations has a tab order other than the structure's (/Tabs /S)",
    "28-011": "a link annotation is not inside a Link element",
    "28-012": "a link annotation has no description in its /Contents",
    "30-002": "a form XObject holds marked content (MCIDs) and is drawn more than once",
    "31-009": "a font is not embedded",
}
#: Required by ISO 14289-1 itself, with no failure condition of their own in the Matterhorn list:
#: the file says it is tagged (6.2), and has the structure tree its tags belong to (7.1).
MARKED = "ISO 14289-1 6.2"
TREE = "ISO 14289-1 7.1"

HINT = "rebuild the file with 'posters build': screen PDFs are made tagged; a file edited since (or made elsewhere) may have lost its tags"

STANDARD_TYPES = frozenset(
    """Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6
    L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot
    Ruby RB RT RP Warichu WT WP Figure Formula Form""".split()
)
PAINTING = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "INLINE IMAGE"})
LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
HEADING = re.compile(r"^H([1-6])$")


def finding(rule: str, detail: str = "", page: int | None = None) -> Finding:
    words = RULES.get(rule, "")
    label = f"Matterhorn {rule}" if rule in RULES else rule
    text = f"{label}: {words}" if words else label
    return error(CHECK, f"{text}{f' ({detail})' if detail else ''}", HINT, page)


def _lang_ok(value: str | None) -> bool:
    return bool(value) and bool(LANG.match(value))


def check_pdfua(pdf: PdfSource) -> list[Finding]:
    out = _Collector()
    with _opened(pdf) as doc:
        _catalog(doc, out)
        _metadata(doc, out)
        tree = read_structure(doc)
        parent_tree = _parent_tree(doc)
        _content(doc, parent_tree, out)
        if tree is not None:
            _structure(doc, tree, out)
        _annotations(doc, parent_tree, out)
        _forms(doc, out)
        _fonts(doc, out)
    return out.items


# ---------------------------------------------------------------- document level


def _catalog(doc: pikepdf.Pdf, out: _Collector) -> None:
    root = doc.Root
    mark = root.get("/MarkInfo")
    if not isinstance(mark, Dictionary) or mark.get("/Marked") is not True:
        out.add(error(CHECK, f"{MARKED}: the document is not marked as tagged (MarkInfo /Marked true)", HINT))
    elif mark.get("/Suspects") is True:
        out.add(finding("01-007"))
    if not isinstance(root.get("/StructTreeRoot"), Dictionary):
        out.add(error(CHECK, f"{TREE}: the document has no structure tree, so nothing on it is tagged for a screen reader", HINT))
    prefs = root.get("/ViewerPreferences")
    shown = prefs.get("/DisplayDocTitle") if isinstance(prefs, Dictionary) else None
    if shown is None:
        out.add(finding("07-001"))
    elif shown is not True:
        out.add(finding("07-002"))
    lang = str(root.Lang) if "/Lang" in root else None
    if lang is not None and not _lang_ok(lang):
        out.add(finding("11-001", f"the document's /Lang {lang!r} is not a language code"))
    if lang is None:
        out.add(finding("11-006", "the document has no /Lang"))


def _metadata(doc: pikepdf.Pdf, out: _Collector) -> None:
    if not isinstance(doc.Root.get("/Metadata"), Stream):
        out.add(finding("06-001"))
        return
    meta = doc.open_metadata()
    if str(meta.get("pdfuaid:part", "")).strip() != "1":
        out.add(finding("06-002", "pdfuaid:part is not 1"))
    if not str(meta.get("dc:title", "")).strip():
        out.add(finding("06-003"))


# ---------------------------------------------------------------- content


def _parent_tree(doc: pikepdf.Pdf) -> dict[int, object]:
    """The parent tree's number tree, flattened: key -> value."""
    root = doc.Root.get("/StructTreeRoot")
    tree = root.get("/ParentTree") if isinstance(root, Dictionary) else None
    out: dict[int, object] = {}
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Dictionary) or depth > 32:
            continue
        nums = node.get("/Nums")
        if isinstance(nums, Array):
            for i in range(0, len(nums) - 1, 2):
                try:
                    out[int(nums[i])] = nums[i + 1]
                except (TypeError, ValueError):
                    continue
        kids = node.get("/Kids")
        if isinstance(kids, Array):
            stack.extend((k, depth + 1) for k in kids)
    return out


def _content(doc: pikepdf.Pdf, parent_tree: dict[int, object], out: _Collector) -> None:
    """01-003, 01-004, 01-005: every painting operator is inside an artifact or
    inside marked content whose MCID the structure tree holds, never both."""
    for number, page in enumerate(doc.pages, start=1):
        key = page.obj.get("/StructParents")
        listed = parent_tree.get(int(key)) if key is not None else None
        known = {i for i, v in enumerate(listed) if isinstance(v, Dictionary)} if isinstance(listed, Array) else set()
        stack: list[tuple[str, int | None]] = []  # ("artifact" | "tagged" | "other", MCID)
        untagged = unlisted = 0
        try:
            ops = content.of_page(doc, page)
        except pikepdf.PdfError as exc:
            out.add(finding("01-005", f"the page's content cannot be read: {exc}", number))
            continue
        for name, inst in ops:
            if name in ("BDC", "BMC"):
                operands = inst.operands
                tag = _name(operands[0])
                props = operands[1] if name == "BDC" and len(operands) > 1 else None
                mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                in_artifact = any(k == "artifact" for k, _ in stack)
                in_tagged = any(k == "tagged" for k, _ in stack)
                if tag == "Artifact":
                    if in_tagged:
                        out.add(finding("01-003", page=number))
                    stack.append(("artifact", None))
                elif mcid is not None:
                    if in_artifact:
                        out.add(finding("01-004", f"MCID {mcid}", number))
                    stack.append(("tagged", mcid))
                else:
                    stack.append(("other", None))
            elif name == "EMC":
                if stack:
                    stack.pop()
            elif name in PAINTING:
                kinds = [k for k, _ in stack]
                if "artifact" in kinds:
                    continue
                mcids = [m for k, m in stack if k == "tagged"]
                if not mcids:
                    untagged += 1
                elif mcids[-1] not in known:
                    unlisted += 1
        if untagged:
            out.add(finding("01-005", f"{untagged} drawing operation(s) outside any marked content", number))
        if unlisted:
            out.add(finding("01-005", f"{unlisted} drawing operation(s) in marked content that no structure element holds", number))


# ---------------------------------------------------------------- structure


def _structure(doc: pikepdf.Pdf, tree, out: _Collector) -> None:
    role_map = doc.Root.StructTreeRoot.get("/RoleMap")
    role_map = role_map if isinstance(role_map, Dictionary) else Dictionary()
    headings: list[int] = []
    for node in tree.walk():
        if node is tree:
            continue
        role = node.role
        for _ in range(8):  # follow the role map to a standard type
            if role in STANDARD_TYPES or "/" + role not in role_map:
                break
            role = _name(role_map["/" + role])
        if role not in STANDARD_TYPES:
            out.add(finding("02-001", f"/{node.role}"))
        own = str(node.obj.Lang) if "/Lang" in node.obj else None
        if own is not None and not _lang_ok(own):
            out.add(finding("11-001", f"/Lang {own!r} on a {node.role} element is not a language code"))
        if node.text and not _lang_ok(node.lang):
            out.add(finding("11-001", f"{node.role} {_short(node.text)}"))
        if role == "Figure":
            if not (node.alt or "").strip():
                out.add(finding("13-004"))
            elif not _lang_ok(node.lang):
                out.add(finding("11-002", _short(node.alt)))
        if m := HEADING.match(role):
            headings.append(int(m.group(1)))
    if headings and headings[0] != 1:
        out.add(finding("14-002", f"it is H{headings[0]}"))
    for a, b in zip(headings, headings[1:]):
        if b > a + 1:
            out.add(finding("14-003", f"H{b} follows H{a}"))
            break


def _short(text: str | None) -> str:
    one = " ".join((text or "").split())
    return repr(one if len(one) <= 40 else one[:39] + "…")


# ---------------------------------------------------------------- annotations


def _annotations(doc: pikepdf.Pdf, parent_tree: dict[int, object], out: _Collector) -> None:
    doc_lang = str(doc.Root.Lang) if "/Lang" in doc.Root else None
    for number, page in enumerate(doc.pages, start=1):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array) or not len(annots):
            continue
        tabs = page.obj.get("/Tabs")
        if tabs is None:
            out.add(finding("28-008", page=number))
        elif tabs != Name.S:
            out.add(finding("28-009", f"it is {tabs}", number))
        for annot in annots:
            if not isinstance(annot, Dictionary):
                continue
            subtype = annot.get("/Subtype")
            if subtype in (Name.Widget, Name.Popup, Name.PrinterMark):
                continue
            described = bool(str(annot.get("/Contents", "")).strip())
            key = annot.get("/StructParent")
            parent = parent_tree.get(int(key)) if key is not None else None
            if subtype == Name.Link:
                target = str(annot.get("/A", Dictionary()).get("/URI", "")) or "a link"
                if not described:
                    out.add(finding("28-012", target, number))
                if not (isinstance(parent, Dictionary) and parent.get("/S") == Name.Link and _holds(parent, annot)):
                    out.add(finding("28-011", target, number))
            elif not described:
                out.add(finding("28-004", f"a {subtype} annotation", number))
            if described and not _lang_ok(_lang_of(parent) or doc_lang):
                out.add(finding("11-004", page=number))


def _holds(element: Dictionary, annot: Dictionary) -> bool:
    """Whether an element holds the annotation by an object reference (OBJR)."""
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, Array) else [kids]
    return any(isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR and k.get("/Obj") is not None and k.Obj.objgen == annot.objgen for k in items)


def _lang_of(element: object) -> str | None:
    for _ in range(64):
        if not isinstance(element, Dictionary):
            return None
        if "/Lang" in element:
            return str(element.Lang)
        element = element.get("/P")
    return None


# ---------------------------------------------------------------- forms


def _forms(doc: pikepdf.Pdf, out: _Collector) -> None:
    """30-002: a form drawn twice would put the same MCIDs on the page twice."""
    uses: dict[tuple, int] = {}
    forms: dict[tuple, tuple[Stream, int]] = {}
    for number, page in enumerate(doc.pages, start=1):
        xobjects = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
        if not isinstance(xobjects, Dictionary):
            continue
        try:
            ops = content.of_page(doc, page)
        except pikepdf.PdfError:
            continue  # reported by 01-005
        for op, inst in ops:
            if op != "Do":
                continue
            operands = inst.operands
            if str(operands[0]) not in xobjects:
                continue
            form = xobjects[str(operands[0])]
            if isinstance(form, Stream) and form.get("/Subtype") == Name.Form:
                key = tuple(form.objgen)
                uses[key] = uses.get(key, 0) + 1
                forms.setdefault(key, (form, number))
    for key, count in uses.items():
        form, number = forms[key]
        if count > 1 and b"/MCID" in form.read_bytes():
            out.add(finding("30-002", f"drawn {count} times", number))


# ---------------------------------------------------------------- fonts


def _fonts(doc: pikepdf.Pdf, out: _Collector) -> None:
    """31-009: every font that text is shown in is embedded; 10-001: its codes map to Unicode."""
    for page, res_name, font in _iter_font_dicts(doc):
        subtype = _name(font.get("/Subtype", ""))
        if subtype == "Type3":
            continue
        target = font
        if subtype == "Type0":
            kids = font.get("/DescendantFonts")
            target = kids[0] if isinstance(kids, Array) and len(kids) else font
        base = _name(font.get("/BaseFont", res_name))
        if _font_program(target.get("/FontDescriptor")) is None:
            out.add(finding("31-009", base, page))
        encoding = font.get("/Encoding")
        standard = encoding in (Name.WinAnsiEncoding, Name.MacRomanEncoding) and subtype in ("TrueType", "Type1")
        if "/ToUnicode" not in font and not standard:
            out.add(finding("10-001", base, page))
