"""Make a screen PDF a tagged PDF/UA-1 file, from the marks its pages were
drawn with (render/marked.py).

What is added (all with pikepdf; what is drawn is not changed):

* the structure tree, in reading order: the headline (H1) first, then each
  element that is read in the layout's order (P for copy, the helpline and
  the address, Figure for the QR code), the partners' logos (Figure) last.
  A link is a Link element holding what it shows and an object reference
  (OBJR) to its annotation (a link on decoration holds its reference alone); text in two languages is one Span per language,
  each with its /Lang;
* the parent tree, which leads from each MCID and annotation back to its
  element (/StructParents on pages, /StructParent on annotations);
* on each link annotation, /Contents: what it does, in the output's words;
  /Tabs /S on pages with annotations;
* the document's /Lang (its first language: Welsh in a bilingual edition),
  /MarkInfo, /ViewerPreferences /DisplayDocTitle, a /Title in that language
  (the headline and the programme), and XMP with dc:title, dc:language and
  the PDF/UA identification (pdfuaid:part 1).

The bytes are deterministic: objects are made in the same order every time
and saved as render/pdfx.py saves (fixed /ID from the input's own).
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from posters.elements.base import ARTIFACT, REGISTRY
from posters.render.words import joined, words_for

PDF_VERSION = "1.7"  # PDF/UA-1 is a profile of ISO 32000-1 (PDF 1.7)
PDFUA_PART = "1"


def reading_rank(marked) -> int:
    """Heading first, the partners last, the rest in the layout's order."""
    return 0 if marked.role == "H1" else (2 if marked.read_last else 1)


def title_of(plan) -> str:
    """The document's title in its (first) language: the headline, then the programme."""
    words = words_for(plan, plan.langs[0])
    headline = words.copy.get(plan.message, "headline") or plan.campaign.messages.get(plan.message, plan.message)
    return f"{' '.join(headline.split())} – {words.programme}"


def tag(pdf: bytes, plan, marks: list, extra_xmp: dict[str, str] | None = None) -> bytes:
    """`pdf` tagged from its pages' `marks`. `extra_xmp`: more XMP properties
    (the file's facts, render/xmp_facts.py) written in the same pass."""
    from posters.render.pdfx import _save

    words = [words_for(plan, lang) for lang in plan.langs]
    lang = plan.langs[0]
    bilingual = len(plan.langs) > 1
    title = title_of(plan)
    doc = pikepdf.open(io.BytesIO(pdf))
    try:
        root = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
        root.K = Array([document])

        def element(role: str, parent, page) -> Dictionary:
            e = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent, Pg=page.obj, K=Array()))
            parent.K.append(e)
            return e

        page_nums: list = []
        annot_nums: list = []
        next_key = len(doc.pages)
        for number, (page, pm) in enumerate(zip(doc.pages, marks)):
            page.obj.StructParents = number
            annots = page.obj.get("/Annots")
            if isinstance(annots, Array) and len(annots):
                page.obj.Tabs = Name.S  # tab order follows the structure
            owner: dict[int, Dictionary] = {}  # MCID -> the element that holds it
            for m in sorted(pm.elements, key=reading_rank):
                kind = REGISTRY[m.placed.kind]
                link = None
                if m.role == ARTIFACT:  # decoration with a link: the link alone
                    link = element("Link", document, page)
                    holder = link
                elif m.annots and m.role == "Figure":
                    link = element("Link", document, page)  # a linked figure (the QR code): the link holds the figure
                    holder = element("Figure", link, page)
                else:
                    holder = element(m.role, document, page)
                    if m.annots:
                        link = element("Link", holder, page)  # a linked line (the number, the address)
                if m.role == "Figure":
                    holder.Alt = String(joined([kind.alt(m.placed, w) for w in words]))
                into = link if link is not None and m.role != "Figure" else holder
                for seq in m.sequences:
                    if bilingual and seq.lang in plan.langs:
                        span = element("Span", into, page)
                        span.Lang = String(seq.lang)
                        span.K = seq.mcid
                        owner[seq.mcid] = span
                    else:
                        into.K.append(seq.mcid)
                        owner[seq.mcid] = into
                for index in m.annots:
                    annot = annots[index]
                    uri = str(annot.get("/A", Dictionary()).get("/URI", ""))
                    annot.Contents = String(joined([w.link(uri) for w in words]))
                    annot.StructParent = next_key
                    link.K.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj))
                    annot_nums += [next_key, link]
                    next_key += 1
            page_nums += [number, doc.make_indirect(Array([owner[i] for i in sorted(owner)]))]
        root.ParentTree = doc.make_indirect(Dictionary(Nums=Array(page_nums + annot_nums)))
        root.ParentTreeNextKey = next_key

        doc.Root.StructTreeRoot = root
        doc.Root.Lang = String(lang)
        doc.Root.MarkInfo = Dictionary(Marked=True)
        doc.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        doc.docinfo[Name.Title] = String(title)
        from posters.render import xmp_packet

        xmp_packet.write(doc, [("dc:title", title), ("dc:language", [lang]), ("pdfuaid:part", PDFUA_PART), *(extra_xmp or {}).items()])
        from posters.render.subset_tags import retag

        retag(doc)  # each font subset named by its own bytes (render/subset_tags.py)
        doc_id = bytes(doc.trailer.ID[0])
        # one pass where there were two (tags, then facts): compressed here, the bytes are the two passes' (render/flate.py)
        return _save(doc, version=PDF_VERSION, doc_id=doc_id, compress_here=True)
    finally:
        doc.close()
