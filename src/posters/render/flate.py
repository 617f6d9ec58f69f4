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
tagged screen PDF, render/tagged.py), and for the slug's save, whose bytes
are made as qpdf's compressing save makes them (`saved_as_compressing`).

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

import hashlib
import io
import re
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


def saved_as_compressing(doc: pikepdf.Pdf, **options) -> bytes:
    """The bytes `doc.save(deterministic_id=True, ...)` writes when qpdf compresses the
    streams itself, made with the streams compressed here (font programs once per process).

    Those bytes differ from a save of already compressed streams in two places only,
    both recomputed here: in each stream qpdf compressed, the /Filter it adds is written
    last, after /Length, where a stream that has one gets it among its keys; and the
    second half of the document ID is an MD5 of the file up to it (and of the document
    information's strings). A print PDF's ID is derived from these bytes (batch.print_ready),
    so they are made exactly. When the file already holds Flate streams (copied as they
    are by both saves, and so not to be moved), qpdf compresses as before.

    Either way `doc`'s streams are left compressed as in the bytes returned: a later save of
    `doc` gives the bytes of those bytes read back and saved.
    """
    if not options.get("deterministic_id"):
        raise ValueError("only a save with a deterministic ID can be made this way")
    pending, kept = _pending(doc)
    out = io.BytesIO()
    if kept:
        doc.save(out, **options)
        _apply(pending)  # `doc` as the file it was saved to, for a save after this one to go on from
        return out.getvalue()
    info = doc.trailer.get("/Info")
    strings = [bytes(info[k]) for k in sorted(info.keys()) if isinstance(info[k], pikepdf.String)] if isinstance(info, pikepdf.Dictionary) else []
    _apply(pending)
    doc.save(out, **_save_options(doc), **options)
    return _as_compressing(out.getvalue(), strings)


_FILTER = b" /Filter /FlateDecode"
_ID = re.compile(rb"<([0-9a-f]{32})><([0-9a-f]{32})>")


def _as_compressing(data: bytes, info_strings: list[bytes]) -> bytes:
    out = bytearray(data)
    xref = data.rindex(b"\nxref\n") + 1
    line_end = data.index(b"\n", xref + 5)
    _first, count = map(int, data[xref + 5 : line_end].split())
    entries = line_end + 1
    offsets = sorted(int(data[e : e + 10]) for e in range(entries, entries + 20 * count, 20) if data[e + 17 : e + 18] == b"n")
    for start, stop in zip(offsets, offsets[1:] + [xref]):
        start = data.index(b"\n", start) + 1  # after "N 0 obj"
        end = data.find(b">>\nstream\n", start, stop) + 2  # qpdf writes a dictionary on one line
        if end < 2 or not data.startswith(b"<<", start):
            continue
        at = _top_level(data, start, end, _FILTER + b" ")
        if at is not None:  # the /Filter goes last, before " >>"
            out[start:end] = data[start:at] + data[at + len(_FILTER) : end - 3] + _FILTER + b" >>"
    trailer = data.rindex(b"trailer")
    id_at = data.index(b" /ID [", trailer) + len(b" /ID [")
    digest = hashlib.md5(out[:id_at]).hexdigest().encode()
    # qpdf hashes its seed as a C string: up to the first NUL (a UTF-16 title has one early)
    seed = (digest + b" QPDF " + b"".join(b" " + s for s in info_strings)).split(b"\0")[0]
    ids = _ID.match(data, id_at)
    if ids is None:
        raise ValueError("no document ID where qpdf writes it")
    out[ids.start(2) : ids.end(2)] = hashlib.md5(seed).hexdigest().encode()
    return bytes(out)


def _top_level(data: bytes, start: int, end: int, what: bytes) -> int | None:
    """Where `what` is among the keys of the dictionary data[start:end], not inside one of its values."""
    at = data.find(what, start, end)
    while at >= 0:
        before = data[start + 2 : at]
        if b"(" not in before and b"<" not in before and b"[" not in before:
            return at  # nothing before it that could hold it
        if _among_keys(data, start, at):
            return at
        at = data.find(what, at + 1, end)
    return None


def _among_keys(data: bytes, start: int, at: int) -> bool:
    """Whether data[at] is at the top level of the dictionary at data[start] (values skipped whole)."""
    i = start + 2
    while i < at:
        i = _skip(data, i)
    return i == at


def _skip(data: bytes, i: int) -> int:
    """Past the object that starts at data[i]: a dictionary, array, string or hex string; else one byte."""
    if data.startswith(b"<<", i):
        i += 2
        while not data.startswith(b">>", i):
            i = _skip(data, i)
        return i + 2
    c = data[i]
    if c == 0x5B:  # [
        i += 1
        while data[i] != 0x5D:
            i = _skip(data, i)
        return i + 1
    if c == 0x28:  # (a string), with nested brackets and escapes
        depth = 0
        while True:
            c = data[i]
            if c == 0x5C:
                i += 2
                continue
            depth += (c == 0x28) - (c == 0x29)
            i += 1
            if depth == 0:
                return i
    if c == 0x3C:  # <hex>
        return data.index(b">", i) + 1
    return i + 1
