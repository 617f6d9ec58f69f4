"""Helpline and link read-back: what the PDF says, read from the file itself.

The helpline must appear in the PDF's text (extracted with pypdfium2)
exactly in its display form, and no other phone-number-like run of digits
may appear: a poster with a second, different number is as dangerous as one
with the wrong number. In screen editions the tel: link must dial the
helpline and every web link must pass the campaign's URL rules.
"""

from __future__ import annotations

from posters.inputs import phone as phones
from posters.inputs.urls import UrlRefused, check_url, foreign_addresses
from posters.verify.findings import Finding, error


def page_texts(pdf: bytes, pages=None) -> list[str]:
    from posters.verify.pages import open_pages

    doc, own = open_pages(pdf, pages)
    try:
        out = []
        for i in range(len(doc)):
            if hasattr(doc, "textpage"):  # shared pages keep the text layer for the painted check
                out.append(doc.textpage(i).get_text_range())
                continue
            page = doc[i]
            text_page = page.get_textpage()
            out.append(text_page.get_text_range())
            text_page.close()
        return out
    finally:
        if own:
            doc.close()


def check_helpline(texts: list[str], display: str, e164: str) -> list[Finding]:
    """[helpline] The number appears exactly, in display form, and no other number does
    (by the one rule for numbers in text, posters.phones)."""
    out: list[Finding] = []
    pages_with_it = [n for n, t in enumerate(texts, start=1) if display in " ".join(t.split())]
    others = []
    for n, t in enumerate(texts, start=1):
        for run in phones.foreign_numbers(t):
            others.append((n, run))
    if not pages_with_it:
        found = f"; the text has {', '.join(repr(r) for _, r in others)} instead" if others else ""
        out.append(
            error(
                "helpline",
                f"the helpline {display} is not in the poster's text{found}",
                "do not print this file: a wrong number sends someone looking for help to the wrong place; rebuild it with 'posters build'",
            )
        )
    for n, run in others:
        out.append(
            error(
                "helpline",
                f"the poster shows the number {run!r}, which is not the helpline {display}",
                "only the Stop it Now! helpline may appear; rebuild the file with 'posters build'",
                n,
            )
        )
    return out


def check_addresses(texts: list[str], allowed: list[str]) -> list[Finding]:
    """[helpline] No web address in the poster's text leads off the allow-list (read back, as a reader types it in)."""
    return [
        error(
            "helpline",
            f"the poster shows the web address {a!r}, which is not on the charity's own site ({', '.join(allowed)})",
            "do not print this file: a wrong address sends someone looking for help elsewhere; remove the address from the copy or layout and rebuild",
            n,
        )
        for n, t in enumerate(texts, start=1)
        for a in dict.fromkeys(foreign_addresses(t, allowed))
    ]


def link_uris(pdf) -> list[tuple[int, str]]:
    """(page, URI) for every link annotation; `pdf` is bytes or an open pikepdf.Pdf."""
    import io

    import pikepdf

    if not isinstance(pdf, pikepdf.Pdf):
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return link_uris(doc)
    out = []
    for n, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", None) or []:
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                out.append((n, str(action.URI)))
    return out


def check_links(pdf, *, tel: str, allowed: list[str]) -> list[Finding]:
    """[links] Screen editions: a tel: link that dials the helpline; web links only to allowed hosts."""
    uris = link_uris(pdf)
    out = []
    tels = [(n, u) for n, u in uris if u.lower().startswith("tel:")]
    if not tels:
        out.append(error("links", f"there is no tap-to-call link ({tel}) on the helpline", "screen editions link the number so a phone can dial it; rebuild with 'posters build'"))
    for n, u in tels:
        if u != tel:
            out.append(error("links", f"the tap-to-call link dials {u!r}, not the helpline {tel!r}", "rebuild the file with 'posters build'", n))
    for n, u in uris:
        if u.lower().startswith("tel:"):
            continue
        try:
            check_url(u, allowed)
        except UrlRefused as exc:
            out.append(error("links", f"a link leads to {u!r}: {exc}", "links may only lead to the charity's own site; rebuild with 'posters build'", n))
    return out
