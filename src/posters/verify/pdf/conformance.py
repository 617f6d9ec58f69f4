"""The [pdfx] check: the file declares, and is structured as, the expected
PDF/X flavour (PDF/X-1a:2003 or PDF/X-4).

Structural only: content rules live in the fonts/colour/boxes checks.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from posters.verify.findings import Finding, error
from posters.verify.pdf._common import (
    PdfSource,
    _box,
    _Collector,
    _inherited,
    _name,
    _num,
    _opened,
)

PDFX1A = "PDF/X-1a:2003"
PDFX4 = "PDF/X-4"


def _icc_is_cmyk(data: bytes) -> bool:
    """ICC header check, kept independent of posters.render.pdfx (verify what was written)."""
    return len(data) >= 132 and data[36:40] == b"acsp" and data[16:20] == b"CMYK"


def _version_tuple(version: str) -> tuple[int, int]:
    try:
        major, minor = version.split(".")[:2]
        return int(major), int(minor)
    except ValueError:
        return (0, 0)


def _annotation_problems(doc: pikepdf.Pdf, out: _Collector) -> None:
    for number, page in enumerate(doc.pages, start=1):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        media = _box(_inherited(page.obj, "/MediaBox"))
        area = _box(page.obj.get("/BleedBox")) or _box(_inherited(page.obj, "/CropBox")) or media
        for annot in annots:
            if not isinstance(annot, Dictionary):
                continue
            subtype = _name(annot.get("/Subtype", ""))
            if subtype in ("PrinterMark", "TrapNet"):
                continue
            rect = _box(annot.get("/Rect"))
            if area is None or rect is None or (
                rect[0] < area[2] and rect[2] > area[0] and rect[1] < area[3] and rect[3] > area[1]
            ):
                out.add(error(
                    "pdfx",
                    f"The page has a {subtype or 'unknown'} annotation (e.g. a clickable link) "
                    "inside the printed area; PDF/X does not allow this.",
                    "Leave links out of the print file (keep them in the web/accessible version).",
                    number,
                ))


def _has_javascript(doc: pikepdf.Pdf) -> bool:
    root = doc.Root
    names = root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        return True
    for key in ("/OpenAction", "/AA"):
        action = root.get(key)
        if isinstance(action, Dictionary):
            if _name(action.get("/S", "")) == "JavaScript" or key == "/AA":
                return True
    return False


def check_pdfx(
    pdf: PdfSource,
    expect: str,
    *,
    condition_identifier: str | None = None,
) -> list[Finding]:
    """[pdfx] The file declares and is structured as the expected PDF/X flavour.

    ``expect`` is "PDF/X-1a:2003" or "PDF/X-4". Checked for both: not
    encrypted; trailer /ID present; Info /Title non-empty, /GTS_PDFXVersion
    equal to ``expect`` (for X-4 only if present), /Trapped /True or /False,
    /CreationDate and /ModDate present; exactly one /GTS_PDFX output intent
    with an OutputConditionIdentifier; every page has a TrimBox or ArtBox (not
    both); no annotations inside the printed area; no JavaScript.

    PDF/X-1a:2003 also: PDF version at most 1.4; output condition FOGRA39
    (or ``condition_identifier``) with RegistryName http://www.color.org; an
    embedded profile, if any, is CMYK; XMP, if present, agrees with Info;
    no JPEG 2000 / JBIG2 images.
    PDF/X-4 also: PDF version 1.6; a CMYK DestOutputProfile (N 4); XMP
    metadata with pdfxid:GTS_PDFXVersion "PDF/X-4", dc:title,
    xmpMM:DocumentID, xmpMM:VersionID and xmpMM:RenditionClass; if
    ``condition_identifier`` is given, the intent must name it.

    This is a structural check, not a full ISO 15930 validator: content
    rules live in the fonts/colour/boxes checks, and a final preflight by the
    printer (e.g. Acrobat or callas) is still worthwhile.
    """
    if expect not in (PDFX1A, PDFX4):
        raise ValueError(f"expect must be {PDFX1A!r} or {PDFX4!r}, not {expect!r}")
    out = _Collector()
    x1a = expect == PDFX1A
    fix_version_hint = (
        "Rebuild the file with 'posters build' (it writes PDF/X-1a:2003 for FOGRA39); "
        "if someone edited it, ask them to export it again as PDF/X-1a:2003." if x1a
        else "Rebuild the file with 'posters build --icc' and the printer's CMYK profile (it writes PDF/X-4); "
        "if someone edited it, ask them to export it again as PDF/X-4."
    )

    def bad(message: str, hint: str = fix_version_hint, page: int | None = None) -> None:
        out.add(error("pdfx", message, hint, page))

    with _opened(pdf) as doc:
        _check_file(doc, expect, bad)
        title = _check_info(doc, expect, bad)
        _check_output_intent(doc, expect, condition_identifier, bad)
        _check_xmp(doc, expect, title, bad)
        _check_pages(doc, bad)
        _annotation_problems(doc, out)
        if _has_javascript(doc):
            bad("The file contains JavaScript or automatic actions, which PDF/X forbids.",
                "Remove document actions from the print file.")
        if x1a:
            _check_image_filters(doc, bad)
    return out.items


def _check_file(doc: pikepdf.Pdf, expect: str, bad) -> None:
    """Not encrypted, the PDF version of the flavour, a document ID."""
    x1a = expect == PDFX1A
    if doc.is_encrypted:
        bad("The file is encrypted; PDF/X files must not be.")
    version = str(doc.pdf_version)
    vt = _version_tuple(version)
    if x1a and vt > (1, 4):
        bad(f"The file is PDF {version}; {expect} needs PDF 1.4 (or lower).")
    if not x1a and vt != (1, 6):
        bad(f"The file is PDF {version}; {expect} files are written as PDF 1.6.")
    trailer_id = doc.trailer.get("/ID")
    if not (isinstance(trailer_id, Array) and len(trailer_id) == 2):
        bad("The file has no document ID (trailer /ID), which PDF/X requires.")


def _check_info(doc: pikepdf.Pdf, expect: str, bad) -> str:
    """The document information: title, declared flavour, trapping, dates. Returns the title."""
    info = doc.trailer.get("/Info")
    info = info if isinstance(info, Dictionary) else Dictionary()
    title = str(info.get("/Title", "")).strip()
    if not title:
        bad("The document has no title (Info /Title); PDF/X requires one.")
    declared = info.get("/GTS_PDFXVersion")
    if declared is None:
        if expect == PDFX1A:
            bad(f"The file does not declare itself as {expect} (Info /GTS_PDFXVersion missing).")
    elif str(declared) != expect:
        bad(f"The file declares itself as '{declared}', not {expect}.")
    trapped = info.get("/Trapped")
    if not (isinstance(trapped, Name) and _name(trapped) in ("True", "False")):
        bad("The trapping status (Info /Trapped) must be True or False for PDF/X.",
            "Set the document's trapping status to False (not trapped): the printer does the trapping.")
    for key in ("/CreationDate", "/ModDate"):
        if not str(info.get(key, "")).strip():
            bad(f"The document has no {key[1:]}, which PDF/X requires.")
    return title


def _check_output_intent(doc: pikepdf.Pdf, expect: str, condition_identifier: str | None, bad) -> None:
    """Exactly one PDF/X output intent, naming the printing condition; its profile, if any, CMYK."""
    x1a = expect == PDFX1A
    intents = doc.Root.get("/OutputIntents")
    gts = [
        oi for oi in (intents if isinstance(intents, Array) else [])
        if isinstance(oi, Dictionary) and _name(oi.get("/S", "")) == "GTS_PDFX"
    ]
    if not gts:
        bad("The file has no PDF/X output intent, so the printing condition "
            "(e.g. FOGRA39 coated paper) is not stated.")
        return
    if len(gts) > 1:
        bad(f"The file has {len(gts)} PDF/X output intents; exactly one is allowed.")
    oi = gts[0]
    ident = str(oi.get("/OutputConditionIdentifier", "")).strip()
    want_ident = condition_identifier or ("FOGRA39" if x1a else None)
    profile = oi.get("/DestOutputProfile")
    if not ident:
        bad("The output intent has no OutputConditionIdentifier.")
    elif want_ident and ident != want_ident:
        bad(f"The output intent names the printing condition '{ident}', "
            f"expected '{want_ident}'.")
    if x1a and profile is None:
        registry = str(oi.get("/RegistryName", "")).strip()
        if registry != "http://www.color.org":
            bad("The output intent has no ICC profile, so it must name a registered "
                "condition with RegistryName http://www.color.org "
                f"(found '{registry or 'none'}').")
    if profile is None and not x1a:
        bad("The output intent has no embedded ICC profile (DestOutputProfile); "
            "PDF/X-4 requires the printer's CMYK profile.",
            "Ask the printer for their CMYK output profile and build with 'posters build --icc PROFILE.icc'.")
    if profile is not None:
        data = profile.read_bytes() if isinstance(profile, Stream) else b""
        if not _icc_is_cmyk(data) or int(_num(profile.get("/N"), 0)) != 4:
            bad("The embedded output profile is not a CMYK (4-channel) ICC profile.",
                "Use the printer's CMYK output profile.")


def _check_xmp(doc: pikepdf.Pdf, expect: str, title: str, bad) -> None:
    """The XMP metadata: required for PDF/X-4, and where present it agrees with the document information."""
    x1a = expect == PDFX1A
    has_xmp = "/Metadata" in doc.Root
    if not (has_xmp or not x1a):
        return
    try:
        meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        xmp_ver = meta.get("pdfxid:GTS_PDFXVersion") if not x1a else (
            meta.get("pdfx:GTS_PDFXVersion") or meta.get("pdfxid:GTS_PDFXVersion")
        )
        xmp_title = meta.get("dc:title")
        extra = {k: meta.get(k) for k in
                 ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass")}
    except Exception as exc:  # noqa: BLE001 - any XMP parse failure is a finding
        bad(f"The XMP metadata could not be read ({exc}).")
        xmp_ver, xmp_title, extra = None, None, {}
        has_xmp = False
    if not x1a:
        if not has_xmp:
            bad("The file has no XMP metadata; PDF/X-4 requires it.")
        elif xmp_ver != expect:
            bad(f"The XMP metadata declares '{xmp_ver or 'nothing'}' "
                f"(pdfxid:GTS_PDFXVersion), not {expect}.")
        for key, value in extra.items():
            if has_xmp and not value:
                bad(f"The XMP metadata lacks {key}, which PDF/X-4 requires.")
        if has_xmp and not xmp_title:
            bad("The XMP metadata has no title (dc:title).")
    elif xmp_ver is not None and xmp_ver != expect:
        bad(f"The XMP metadata declares '{xmp_ver}', which disagrees with {expect}.")
    if has_xmp and xmp_title is not None and title and str(xmp_title) != title:
        bad(f"The XMP title '{xmp_title}' disagrees with the document title '{title}'.")


def _check_pages(doc: pikepdf.Pdf, bad) -> None:
    """Every page states its finished size: a TrimBox or an ArtBox, not both."""
    for number, page in enumerate(doc.pages, start=1):
        has_trim, has_art = "/TrimBox" in page.obj, "/ArtBox" in page.obj
        if not (has_trim or has_art):
            bad("The page has no TrimBox (or ArtBox); PDF/X requires the finished size.",
                "Rebuild the file with 'posters build'; if it was edited, set its trim box to the "
                "finished size in the editor's page box settings.", number)
        elif has_trim and has_art:
            bad("The page has both a TrimBox and an ArtBox; PDF/X allows only one.",
                "Remove the ArtBox.", number)


def _check_image_filters(doc: pikepdf.Pdf, bad) -> None:
    """PDF/X-1a (PDF 1.4) has no JPEG 2000 or JBIG2."""
    flagged: set[str] = set()
    for obj in doc.objects:
        if not isinstance(obj, Stream):
            continue
        filters = obj.get("/Filter")
        names = [_name(f) for f in filters] if isinstance(filters, Array) else (
            [_name(filters)] if filters is not None else [])
        for f in names:
            if f in ("JPXDecode", "JBIG2Decode") and f not in flagged:
                flagged.add(f)
                bad(f"The file contains {f[:-6]}-compressed images, which PDF 1.4 "
                    "and PDF/X-1a do not allow.",
                    "Place images as JPEG, TIFF or PNG data instead.")
