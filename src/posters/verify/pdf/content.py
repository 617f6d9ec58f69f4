"""Drawing instructions read once per verified file.

The safety check, the content interpreter (colour, images), the glyph check,
the tagged-structure reader and the PDF/UA check all read the same content
streams. While :func:`shared` is open for a document (the verification of one
file), each stream is parsed once and its instructions handed to every check
that asks; outside it (a check called on its own) every request parses, as
before. Either way a check gets exactly what ``pikepdf.parse_content_stream``
gives, as (operator, instruction) pairs: the operator as text, read once, and
the instruction whose ``operands`` a check reads only for the operators it
needs (turning every operand into a Python value costs more than the parse).
A stream that cannot be parsed raises the same exception for every check that
asks, so each reports it in its own words.

A parse is remembered by the stream's (or page's) object number within the
document, never by a Python object id: wrappers are made afresh on every
access and their ids are reused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pikepdf
from pikepdf import Name, Stream

#: (operator as text, pikepdf's instruction); an inline image's instruction has .iimage
Instructions = list[tuple[str, "pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage"]]

INLINE_IMAGE = "INLINE IMAGE"  # the operator pikepdf gives an inline image (BI ... ID ... EI)

_shared: dict[int, dict] = {}  # id(document) -> {key: Instructions or the exception the parse raised}


@contextmanager
def shared(doc: pikepdf.Pdf) -> Iterator[None]:
    """While open, every stream of `doc` is parsed at most once (nested use is harmless)."""
    key = id(doc)
    if key in _shared:
        yield
        return
    _shared[key] = {}
    try:
        yield
    finally:
        del _shared[key]


def sharing(doc: pikepdf.Pdf | None) -> bool:
    """Whether `doc`'s streams are being shared (a check alone may then read less, its own way)."""
    return doc is not None and id(doc) in _shared


def of_stream(doc: pikepdf.Pdf | None, stream: Stream) -> Instructions:
    """The instructions of one content stream (a page's, a form's, a pattern's)."""
    return _remembered(doc, _key(stream), stream)


def of_page(doc: pikepdf.Pdf | None, page: pikepdf.Page) -> Instructions:
    """The instructions of a page's content, its streams taken as one (as pikepdf does)."""
    obj = page.obj
    contents = obj.get("/Contents")
    if isinstance(contents, Stream) and obj.get("/Type") == Name.Page and contents.get("/Type") != Name.Page:
        # a page with one stream is that stream: shared with the safety check, which reads
        # stream by stream. Should it not parse, the page is parsed as a page, so the error
        # each check reports names the page as it always did.
        try:
            return of_stream(doc, contents)
        except Exception:  # noqa: BLE001 - parsed again below, as a page, for its own error
            pass
    og = obj.objgen
    return _remembered(doc, ("page", og) if og != (0, 0) else None, page)


def _key(stream: Stream) -> tuple | None:
    og = stream.objgen
    return og if og != (0, 0) else None  # a direct object has no identity to remember it by


def _remembered(doc: pikepdf.Pdf | None, key: tuple | None, source) -> Instructions:
    cache = _shared.get(id(doc)) if doc is not None and key is not None else None
    if cache is None:
        return _parse(source)
    if key not in cache:
        try:
            cache[key] = _parse(source)
        except Exception as exc:  # noqa: BLE001 - given to every check that asks, as the parse would
            cache[key] = exc
    found = cache[key]
    if isinstance(found, Exception):
        raise found.with_traceback(None)
    return found


def _parse(source) -> Instructions:
    return [(str(inst.operator), inst) for inst in pikepdf.parse_content_stream(source)]
