"""Streams compressed before pikepdf saves a file, exactly as qpdf's writer
would compress them while saving.

qpdf compresses every stream it writes that is not compressed yet, with zlib
at zlib's default level. Done here instead, with the same zlib at the same
level, the bytes are the same, and the work can be shared and kept:

* a font program (and its character map) is the same bytes in most of a
  build's files: it is compressed once per process, not once per file;
* the save that follows only copies the streams (nothing is decoded or
  compressed again), and saving a file twice does not compress it twice.

Used where a file is saved once but must come out as if saved twice (a
tagged screen PDF, render/tagged.py), and for a print PDF, compressed once
its slug is drawn and then saved by the PDF/X pass (batch.make_output).

A stream qpdf would leave as it is (already Flate; a filter it does not
undo at its default level, such as DCT for photographs) is left as it is
here too; the document's XMP, which qpdf always writes uncompressed, and an
empty stream are not compressed either. A stream in a filter qpdf does undo
(LZW, ASCII85, ASCIIHex, Flate in an array) is decoded and compressed anew,
as qpdf does.

A file saved this way has each stream's /Filter among the stream's other
keys (in their order), as a file qpdf compressed, read back and saved again
has it: qpdf puts a /Filter last only in the save that compresses.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict

import pikepdf
from pikepdf import Array, Name, Stream

LEVEL = zlib.Z_DEFAULT_COMPRESSION  # qpdf's writer's level
# the filters qpdf's writer undoes at its default decode level ("generalized")
UNDONE = frozenset({"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx"})
FLATE = (Name.FlateDecode, Name("/Fl"))

_SHARED: OrderedDict[bytes, bytes] = OrderedDict()  # a font program's (or other recurring stream's) bytes -> compressed
_SHARED_MAX = 512


FONT_PROGRAMS = (Name("/Type1C"), Name("/CIDFontType0C"), Name("/OpenType"))


def _shared(stream: Stream, data: bytes) -> bool:
    """A font program, its character map, an ICC profile (/N) or any small stream:
    the same bytes in file after file (and a small one costs zlib most in setting up)."""
    return len(data) < 4096 or data.startswith(b"/CIDInit") or "/Length1" in stream or "/Length2" in stream or "/N" in stream or stream.get("/Subtype") in FONT_PROGRAMS


def _deflate(data: bytes, keep: bool) -> bytes:
    if not keep:
        return zlib.compress(data, LEVEL)
    hit = _SHARED.get(data)
    if hit is None:
        hit = _SHARED[data] = zlib.compress(data, LEVEL)
        if len(_SHARED) > _SHARED_MAX:
            _SHARED.popitem(last=False)
    else:
        _SHARED.move_to_end(data)
    return hit


def _pending(doc: pikepdf.Pdf) -> tuple[list[tuple[Stream, bytes]], int]:
    """The streams qpdf's writer would compress, each with the data it would compress;
    and how many streams are Flate already (copied as they are)."""
    pending: list[tuple[Stream, bytes]] = []
    kept = 0
    metadata = doc.Root.get("/Metadata")
    metadata = metadata.objgen if isinstance(metadata, Stream) else None
    for obj in doc.objects:
        if not isinstance(obj, Stream):
            continue
        f = obj.get("/Filter")
        if obj.objgen == metadata:
            if f is not None:  # qpdf writes the document's XMP uncompressed
                obj.write(obj.read_bytes())
            continue
        if f is None:
            data = obj.read_raw_bytes()
        elif isinstance(f, Name) and f in FLATE:
            kept += 1
            continue
        else:
            chain = [f] if isinstance(f, Name) else list(f) if isinstance(f, Array) else []
            if not chain or any(str(n) not in UNDONE for n in chain):
                continue
            try:
                data = obj.read_bytes()
            except pikepdf.PdfError:
                continue  # qpdf, failing too, writes it as it is
        if data:
            pending.append((obj, data))
    return pending, kept


def _apply(pending: list[tuple[Stream, bytes]]) -> None:
    for obj, data in pending:
        obj.write(_deflate(data, _shared(obj, data)), filter=Name.FlateDecode)


def compress(doc: pikepdf.Pdf) -> None:
    """Compress, in place, every stream of `doc` that qpdf's writer would compress."""
    _apply(_pending(doc)[0])


def xmp_has_version(doc: pikepdf.Pdf) -> bool:
    """Whether the document's XMP has a pdf:PDFVersion: pikepdf reads the packet again on saving
    to set it to the file's version, only worth its time when the packet has one."""
    metadata = doc.Root.get("/Metadata")
    return isinstance(metadata, Stream) and b"PDFVersion" in metadata.read_bytes()


def _save_options(doc: pikepdf.Pdf) -> dict:
    return dict(compress_streams=True, stream_decode_level=pikepdf.StreamDecodeLevel.none, fix_metadata_version=xmp_has_version(doc))


def save(doc: pikepdf.Pdf, out, **options) -> None:
    """`doc` saved to `out` with every stream compressed here (see the module docstring)."""
    compress(doc)
    doc.save(out, **_save_options(doc), **options)
