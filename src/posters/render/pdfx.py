"""Turn ReportLab output into PDF/X files for print suppliers.

ReportLab writes ordinary PDF. A print supplier's preflight wants PDF/X: the
same page content plus a declaration of the printing condition (the output
intent), a few document-information keys, and a file identifier. This module
adds those with pikepdf; it never changes what is drawn on the page.

Two flavours:

* :func:`make_pdfx1a` -- PDF/X-1a:2003 (PDF 1.4) for the registered
  characterisation FOGRA39 ("Coated FOGRA39 (ISO 12647-2:2004)"). A registered
  condition needs no embedded ICC profile, so the project can produce it
  without any licensed file.
* :func:`make_pdfx4` -- PDF/X-4 (PDF 1.6). PDF/X-4 needs the printer's CMYK
  output profile embedded, which only the printer can supply; it is passed in
  as bytes.

Output is deterministic: the same input bytes and arguments give byte-identical
output, run after run. For that the caller supplies the document dates (a
constant by default) and the 16-byte document ID (derived from content, see
:func:`derive_doc_id`); nothing depends on the clock or on randomness.

Checks that the *content* is fit for PDF/X (fonts embedded, CMYK only, no
transparency for X-1a, boxes) live in :mod:`posters.verify.pdf`; this
module only refuses inputs it cannot turn into a well-formed PDF/X file
(no TrimBox/ArtBox, encrypted input, an RGB profile for X-4, a bad date or ID).
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import pikepdf
from pikepdf import Array, Dictionary, Name, String

__all__ = [
    "DEFAULT_DATE",
    "FOGRA39_CONDITION",
    "FOGRA39_IDENTIFIER",
    "PDFX1A_VERSION",
    "PDFX4_VERSION",
    "PRODUCER",
    "REGISTRY_NAME",
    "PdfxError",
    "derive_doc_id",
    "icc_is_cmyk",
    "make_pdfx1a",
    "make_pdfx4",
]

#: Fixed document date used unless the caller passes one, so builds are reproducible.
DEFAULT_DATE = "D:20260101000000Z"

PDFX1A_VERSION = "PDF/X-1a:2003"
PDFX4_VERSION = "PDF/X-4"

FOGRA39_IDENTIFIER = "FOGRA39"
FOGRA39_CONDITION = "Coated FOGRA39 (ISO 12647-2:2004)"
REGISTRY_NAME = "http://www.color.org"

#: Written as /Producer and /Creator (and their XMP equivalents).
PRODUCER = "posters"

# ReportLab fills these Info keys with placeholders; they are not carried over.
_REPORTLAB_PLACEHOLDERS = {"", "anonymous", "unspecified", "untitled"}

_DATE_RE = re.compile(
    r"^D:(?P<Y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})"
    r"(?:(?P<z>Z)(?:00'?(?:00'?)?)?|(?P<sign>[+-])(?P<oh>\d{2})'?(?P<om>\d{2})'?)$"
)


class PdfxError(ValueError):
    """The input cannot be turned into a well-formed PDF/X file."""


# --------------------------------------------------------------------------- building blocks


def derive_doc_id(*parts: bytes) -> bytes:
    """A 16-byte document ID from content (e.g. the ReportLab bytes and the edition name).

    Convenience for callers; any stable 16-byte value will do.
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.digest()[:16]


def _icc_header(icc_bytes: bytes) -> tuple[bytes, bytes] | None:
    """(device class, data colour space) from an ICC header, or None if it is not an ICC profile."""
    if not isinstance(icc_bytes, (bytes, bytearray, memoryview)):
        return None
    icc = bytes(icc_bytes)
    if len(icc) < 132 or icc[36:40] != b"acsp":
        return None
    declared = int.from_bytes(icc[0:4], "big")
    if declared > len(icc) or declared < 132:
        return None
    return icc[12:16], icc[16:20]


def icc_is_cmyk(icc_bytes: bytes) -> bool:
    """True if ``icc_bytes`` is an ICC profile whose data colour space is CMYK.

    Header check only (ICC.1 section 7.2): size field, the 'acsp' signature at
    byte 36 and the colour space signature 'CMYK' at bytes 16-20. The profile's
    tags are not validated.
    """
    header = _icc_header(icc_bytes)
    return header is not None and header[1] == b"CMYK"


def _check_icc_for_output_intent(icc_profile: bytes) -> bytes:
    header = _icc_header(icc_profile)
    if header is None:
        raise PdfxError(
            "The output profile is not an ICC profile (no 'acsp' signature in its header). "
            "Ask the printer for their CMYK output profile (.icc)."
        )
    device_class, space = header
    if space != b"CMYK":
        raise PdfxError(
            f"The output profile is a {space.decode('latin-1').strip()} profile, not CMYK. "
            "PDF/X-4 for print needs the printer's CMYK output profile; an RGB or grey "
            "profile (such as sRGB) cannot describe a four-colour press."
        )
    if device_class != b"prtr":
        raise PdfxError(
            f"The CMYK profile is of class '{device_class.decode('latin-1')}', not an output "
            "(printer, 'prtr') profile. PDF/X needs the printer's output profile."
        )
    return bytes(icc_profile)


def _parse_date(date: str) -> str:
    """Validate a PDF date string and return the matching XMP (ISO 8601) date."""
    m = _DATE_RE.match(date or "")
    if not m:
        raise PdfxError(
            f"Document date {date!r} is not a full PDF date like 'D:20260101000000Z' "
            "or \"D:20260101000000+01'00'\"."
        )
    iso = f"{m['Y']}-{m['m']}-{m['d']}T{m['H']}:{m['M']}:{m['S']}"
    if m["z"] or (m["oh"] == "00" and m["om"] == "00"):
        return iso + "Z"
    return f"{iso}{m['sign']}{m['oh']}:{m['om']}"


def _check_doc_id(doc_id: bytes) -> bytes:
    if not isinstance(doc_id, (bytes, bytearray)) or len(doc_id) != 16:
        raise PdfxError("doc_id must be exactly 16 bytes (e.g. from derive_doc_id()).")
    return bytes(doc_id)


def _text(value: object) -> str:
    return str(value) if value is not None else ""


# --------------------------------------------------------------------------- core


def _open(pdf_bytes: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.Pdf.open(io.BytesIO(bytes(pdf_bytes)))
    except pikepdf.PdfError as exc:
        raise PdfxError(f"The input is not a readable PDF: {exc}") from exc
    try:
        _check(pdf)
    except PdfxError:
        pdf.close()
        raise
    return pdf


def _check(pdf: pikepdf.Pdf) -> None:
    if pdf.is_encrypted:
        raise PdfxError("The input PDF is encrypted; PDF/X forbids encryption.")
    for number, page in enumerate(pdf.pages, start=1):
        if Name.TrimBox not in page.obj and Name.ArtBox not in page.obj:
            raise PdfxError(
                f"Page {number} has no TrimBox (or ArtBox). PDF/X needs the finished "
                "size on every page: set each page's trim box to the finished size."
            )


def _set_info(pdf: pikepdf.Pdf, *, title: str, version: str, date: str) -> dict[str, str]:
    """Replace the Info dictionary; return the optional entries kept (for XMP)."""
    old = pdf.trailer.get(Name.Info)
    kept: dict[str, str] = {}
    if isinstance(old, Dictionary):
        for key in ("/Author", "/Subject", "/Keywords"):
            value = _text(old.get(key)).strip()
            if value and value not in _REPORTLAB_PLACEHOLDERS:
                kept[key] = value
    info = Dictionary(
        Title=String(title),
        Creator=String(PRODUCER),
        Producer=String(PRODUCER),
        CreationDate=String(date),
        ModDate=String(date),
        Trapped=Name("/False"),
        GTS_PDFXVersion=String(version),
    )
    for key, value in kept.items():
        info[key] = String(value)
    pdf.trailer.Info = pdf.make_indirect(info)
    return kept


def _set_xmp(
    pdf: pikepdf.Pdf,
    *,
    title: str,
    version: str,
    xmp_date: str,
    doc_id: bytes,
    kept: dict[str, str],
    extra: dict[str, str] | None = None,
) -> None:
    """Write a fresh XMP packet that agrees with the Info dictionary, and `extra`
    properties after it (what the file is: posters.render.xmp_facts).

    pikepdf's editor mark (which stamps the current time) is switched off and
    the Info dictionary is written by us, so the packet is deterministic.
    """
    if Name.Metadata in pdf.Root:
        del pdf.Root.Metadata
    doc_uuid = f"uuid:{uuid.UUID(bytes=doc_id)}"
    from posters.render import xmp_packet

    properties: list[tuple[str, xmp_packet.Value]] = [("dc:format", "application/pdf"), ("dc:title", title)]
    if "/Author" in kept:
        properties.append(("dc:creator", [kept["/Author"]]))
    if "/Subject" in kept:
        properties.append(("dc:description", kept["/Subject"]))
    if "/Keywords" in kept:
        properties.append(("pdf:Keywords", kept["/Keywords"]))
    properties += [
        ("xmp:CreateDate", xmp_date),
        ("xmp:ModifyDate", xmp_date),
        ("xmp:MetadataDate", xmp_date),
        ("xmp:CreatorTool", PRODUCER),
        ("pdf:Producer", PRODUCER),
        ("pdf:Trapped", "False"),
        ("xmpMM:DocumentID", doc_uuid),
        ("xmpMM:InstanceID", doc_uuid),
        ("xmpMM:VersionID", "1"),
        ("xmpMM:RenditionClass", "default"),
        # pdfxid: PDF/X-4's own key; pdfx: the Acrobat-era key for PDF/X-1a and PDF/X-3
        ("pdfxid:GTS_PDFXVersion" if version == PDFX4_VERSION else "pdfx:GTS_PDFXVersion", version),
    ]
    # in the same packet, not a second reading and writing of it
    properties += list((extra or {}).items())
    xmp_packet.write(pdf, properties)


def _set_output_intent(
    pdf: pikepdf.Pdf,
    *,
    identifier: str,
    condition: str,
    registry: str | None,
    info: str,
    profile: bytes | None,
) -> None:
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(identifier),
        OutputCondition=String(condition),
        Info=String(info),
    )
    if registry:
        intent.RegistryName = String(registry)
    if profile is not None:
        stream = pdf.make_stream(profile)
        stream.N = 4
        stream.Alternate = Name.DeviceCMYK
        intent.DestOutputProfile = stream
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _save(pdf: pikepdf.Pdf, *, version: str, doc_id: bytes, compress_here: bool = False) -> bytes:
    """Save without object streams, with /ID [doc_id doc_id] and stable bytes.

    `compress_here`: every stream compressed before the save, as qpdf would, font programs
    once per process (render/flate.py); the file is then as one saved twice (compressed by
    qpdf, read back, saved again). Otherwise qpdf compresses what is not compressed yet,
    as in a single save."""
    # qpdf keeps the first /ID element and always regenerates the second; with
    # deterministic_id the second is a digest of the content (no clock), so the
    # bytes are already stable. We then overwrite the second element with the
    # first, in place and at equal length, so no xref offset moves.
    from posters.render import flate

    pdf.trailer.ID = Array([String(doc_id), String(doc_id)])
    out = io.BytesIO()
    options = dict(
        min_version=version,
        force_version=version,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        deterministic_id=True,
        linearize=False,
        qdf=False,
    )
    if compress_here:
        flate.save(pdf, out, **options)
    else:
        pdf.save(out, compress_streams=True, fix_metadata_version=flate.xmp_has_version(pdf), **options)
    data = out.getvalue()
    return _patch_second_id(data, doc_id)


_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9a-fA-F]{32})>\s*<([0-9a-fA-F]{32})>\s*\]")


def _patch_second_id(data: bytes, doc_id: bytes) -> bytes:
    tail_start = data.rfind(b"trailer")
    if tail_start < 0:
        raise PdfxError("Internal error: saved PDF has no classic trailer to set /ID in.")
    tail = data[tail_start:]
    match = _ID_RE.search(tail)
    if not match or bytes.fromhex(match.group(1).decode()) != doc_id:
        raise PdfxError("Internal error: could not find the document /ID in the saved PDF.")
    first = match.group(1)
    start, end = match.span(2)
    patched_tail = tail[:start] + first + tail[end:]
    return data[:tail_start] + patched_tail


def _build(
    pdf_bytes: bytes | pikepdf.Pdf,
    *,
    title: str,
    doc_id: bytes,
    date: str,
    pdf_version: str,
    pdfx_version: str,
    identifier: str,
    condition: str,
    registry: str | None,
    profile: bytes | None,
    extra_xmp: dict[str, str] | None = None,
) -> bytes:
    if not isinstance(title, str) or not title.strip():
        raise PdfxError("PDF/X needs a non-empty document title.")
    doc_id = _check_doc_id(doc_id)
    xmp_date = _parse_date(date)
    if isinstance(pdf_bytes, pikepdf.Pdf):  # already open: changed in place, and left open
        pdf, owned = pdf_bytes, False
        _check(pdf)
    else:
        pdf, owned = _open(pdf_bytes), True
    try:
        kept = _set_info(pdf, title=title, version=pdfx_version, date=date)
        _set_xmp(
            pdf, title=title, version=pdfx_version, xmp_date=xmp_date, doc_id=doc_id, kept=kept, extra=extra_xmp
        )
        _set_output_intent(
            pdf,
            identifier=identifier,
            condition=condition,
            registry=registry,
            info=condition,
            profile=profile,
        )
        return _save(pdf, version=pdf_version, doc_id=doc_id)
    finally:
        if owned:
            pdf.close()


def make_pdfx1a(
    pdf_bytes: bytes | pikepdf.Pdf,
    *,
    title: str,
    doc_id: bytes,
    date: str = DEFAULT_DATE,
    extra_xmp: dict[str, str] | None = None,
) -> bytes:
    """Return ``pdf_bytes`` as PDF/X-1a:2003 for the registered FOGRA39 condition.
    (An open :class:`pikepdf.Pdf` instead of bytes is made PDF/X in place and left
    open: one reading of a file that had other work done on it first.)

    Writes a PDF 1.4 file without object streams; a fresh Info dictionary
    (/Title, /GTS_PDFXVersion, /Trapped /False, fixed /CreationDate and /ModDate,
    /Producer and /Creator "posters"); a matching XMP packet; one /GTS_PDFX
    output intent (FOGRA39, registry http://www.color.org, no embedded profile);
    and the trailer /ID [doc_id doc_id].

    ``doc_id`` must be 16 bytes derived from content (see :func:`derive_doc_id`)
    and ``date`` a PDF date; with both fixed, the output is byte-identical run
    to run. Raises :class:`PdfxError` if a page has no TrimBox/ArtBox, the input
    is encrypted or unreadable, or an argument is malformed.
    """
    return _build(
        pdf_bytes,
        title=title,
        doc_id=doc_id,
        date=date,
        pdf_version="1.4",
        pdfx_version=PDFX1A_VERSION,
        identifier=FOGRA39_IDENTIFIER,
        condition=FOGRA39_CONDITION,
        registry=REGISTRY_NAME,
        profile=None,
        extra_xmp=extra_xmp,
    )


def make_pdfx4(
    pdf_bytes: bytes | pikepdf.Pdf,
    *,
    title: str,
    doc_id: bytes,
    icc_profile: bytes,
    condition_identifier: str,
    output_condition: str | None = None,
    registry_name: str | None = REGISTRY_NAME,
    date: str = DEFAULT_DATE,
    extra_xmp: dict[str, str] | None = None,
) -> bytes:
    """Return ``pdf_bytes`` as PDF/X-4 (PDF 1.6) with the printer's CMYK profile embedded.

    ``icc_profile`` must be a CMYK output ('prtr') ICC profile; anything else
    (for example sRGB) raises :class:`PdfxError`. ``condition_identifier`` names
    the printing condition (e.g. "FOGRA51", or the printer's own name);
    ``output_condition`` is a human-readable description (defaults to the
    identifier); ``registry_name`` is written when not None. Metadata, dates and
    /ID are as for :func:`make_pdfx1a`, plus the XMP pdfxid:GTS_PDFXVersion that
    PDF/X-4 requires.
    """
    profile = _check_icc_for_output_intent(icc_profile)
    if not condition_identifier or not condition_identifier.strip():
        raise PdfxError("PDF/X-4 needs an output condition identifier (e.g. 'FOGRA51').")
    return _build(
        pdf_bytes,
        title=title,
        doc_id=doc_id,
        date=date,
        pdf_version="1.6",
        pdfx_version=PDFX4_VERSION,
        identifier=condition_identifier,
        condition=output_condition or condition_identifier,
        registry=registry_name,
        profile=profile,
        extra_xmp=extra_xmp,
    )
