"""[safety] What a PDF does besides being looked at, and whether it is safe to read at all.

Run before every other check, in the build and in `posters check`:

- **actions**: nothing may run or navigate when the file is opened or on a
  page or field event: no OpenAction of any kind, no /AA, no JavaScript, no
  Launch, no embedded or attached files, no forms that submit or import, and
  a URI action only as the link of a link annotation (whose address the link
  check judges). A poster is read, not run.
- **content**: every content stream (pages, form XObjects, patterns,
  annotation appearances) holds only PDF operators and finite numbers of sane
  size; a writer that met nan or inf writes the words `nan`/`inf`, which a
  printer's RIP reads as unknown operators.
- **bounds**: streams are inflated while counting, never into memory (or not
  at all while Flate's greatest ratio already keeps them within the limits), and
  a file whose streams inflate beyond the limits (a compression bomb) is refused
  before any other check or renderer touches it; the object graph walked is
  bounded too, and so is the drawing a renderer would run: pages, and forms
  counted as often as they are drawn through forms drawing forms (a few kB
  that draw a form 30^7 times took PDFium 24 GB).
"""

from __future__ import annotations

import base64
import math
import zlib
from collections import Counter
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from posters.verify.findings import Finding, error
from posters.verify.pdf import content
from posters.verify.pdf._common import PdfSource, _opened

MAX_STREAM_INFLATED = 256 * 1024 * 1024  # one stream: a 40-megapixel CMYK logo is 160 MB
MAX_TOTAL_INFLATED = 512 * 1024 * 1024  # all streams of one file
MAX_OBJECTS = 200_000  # objects walked in one file (a poster has a few hundred)
MAX_PAGES = 50  # a poster has one page or two; an imposed sheet two
# Drawing instructions as a renderer runs them: each form counted as often as it is drawn, through
# every level of forms drawing forms. A few kB of forms seven deep, each drawing the one below 30
# times, are 30^7 drawings: PDFium took 24 GB and two minutes on one (its time cannot be cut short).
# A poster runs a few thousand instructions and draws a few dozen forms and images.
MAX_DRAWN_INSTRUCTIONS = 2_000_000
MAX_DRAWS = 100_000  # forms and images drawn (Do), counted the same way
MAX_FORM_DEPTH = 32  # forms inside forms
MAX_NUMBER = 1e7  # PDF units (1/72 in): 3.5 km; a poster's numbers are far smaller
# A number in a content stream is written in digits, with no exponent: one above MAX_NUMBER (or
# not finite, or beyond 64 bits) has at least this many digits in a row before any point, and
# the parser's other null comes from the word itself. A stream with neither holds no number
# that is too big, and its operands need not be read one by one; either anywhere (a long
# fraction, a string, image data) sends the stream to that reading. Digits are all made 0
# first, so the run is found by a plain search (in C, far faster than a pattern).
_ALL_DIGITS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * len(str(int(MAX_NUMBER)))
MAX_IMAGE_PIXELS = 100_000_000
# Deflate cannot inflate more than 1032 times: one length/distance pair gives at most 258 bytes
# and takes at least two bits. A Flate stream that even at that ratio stays within the limits
# need not be inflated to know it does; its size is measured only when the limits could be
# reached (then every such stream so far is measured, and the limits decide exactly as ever).
_FLATE_MOST = 1032
_FLATE_EXTRA = 1024  # and a margin, for the stream's header and trailer
# Drawing instructions (content streams of pages, forms, patterns), inflated, in one file. Reading
# them costs about 100 times their size in memory (1 MB is ~130,000 operators), so they are
# measured before any is parsed: a poster's run to a few hundred kB, and 200 MB of plain
# operators (a 0.5 MB file) would take 18 GB and minutes to read.
MAX_CONTENT_INFLATED = 16 * 1024 * 1024

# Every operator of PDF 2.0's content streams (ISO 32000-2, Annex A).
OPERATORS = frozenset(
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q "
    "re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"".split()
)
ACTION_TYPES = frozenset(
    "GoTo GoToR GoToE GoToDp Launch Thread URI Sound Movie Hide Named SubmitForm ResetForm ImportData "
    "SetOCGState Rendition Trans GoTo3DView JavaScript RichMediaExecute".split()
)
# annotations that play, attach or embed something
ACTING_ANNOTS = frozenset("FileAttachment Sound Movie Screen RichMedia 3D Widget".split())
HINT = "a poster must not run or open anything: print the file the build wrote, or rebuild it with 'posters build'"


@dataclass
class _Walk:
    findings: list[Finding] = field(default_factory=list)
    seen: set = field(default_factory=set)
    visited: int = 0
    inflated: int = 0
    unmeasured: list = field(default_factory=list)  # Flate streams known only to be small enough (see _FLATE_MOST)
    bounded: int = 0  # the most they can inflate to, together
    content: list = field(default_factory=list)  # (stream, where) to parse
    too_big: bool = False
    doc: pikepdf.Pdf | None = None  # whose streams are parsed (see verify.pdf.content)

    def add(self, message: str, hint: str = HINT, page: int | None = None) -> None:
        if not any(f.message == message for f in self.findings):
            self.findings.append(error("safety", message, hint, page))


def check_safety(pdf: PdfSource, max_content: int = MAX_CONTENT_INFLATED, bound_drawing: bool = True) -> list[Finding]:
    """[safety] No actions, embedded files or scripts; only PDF operators and finite numbers; streams within bounds.
    `bound_drawing` False: the caller bounds the drawing itself, in its own words (a PDF logo, inputs/pdf_artwork.py)."""
    with _opened(pdf) as doc:
        w = _Walk(doc=doc)
        pages = len(doc.pages)
        if pages > MAX_PAGES:
            w.add(f"the file has more than {MAX_PAGES} pages ({pages}); a poster has one or two, so it was not read further", "this is not a file the build wrote; check the original")
            return w.findings
        _walk_document(doc, w)
        if not w.too_big:
            _bound_content(w, max_content)
        if not w.too_big:
            for stream, where in w.content:
                _check_content(stream, where, w)
        if not w.too_big and bound_drawing:
            _bound_drawing(doc, w)
        return w.findings


def _bound_content(w: _Walk, limit: int) -> None:
    """Refuse, before any is parsed, drawing instructions too large to read (see MAX_CONTENT_INFLATED).

    A stream a page lists in its contents counts each time it is listed: a renderer joins them all
    and reads the whole (one 1 kB stream listed 100,000 times is 100 MB to read). A form is
    counted once here, and as often as it is drawn by _bound_drawing."""
    total = 0
    seen = set()
    for stream, where in w.content:
        og = stream.objgen
        if og != (0, 0) and not where.startswith("page "):
            if og in seen:
                continue
            seen.add(og)
        total += _stream_size(stream, limit - total + 1)
        if total > limit:
            w.add(
                f"the file's drawing instructions inflate to more than {limit // 2**20} MB; the file was not read further",
                "this is not a file the build wrote",
            )
            w.too_big = True
            return


class _TooMuch(Exception):
    pass


class _Type3(Exception):
    pass


def _bound_drawing(doc: pikepdf.Pdf, w: _Walk) -> None:
    """Refuse a file whose forms, drawn as often as they are drawn, come to more than a renderer
    should run (MAX_DRAWN_INSTRUCTIONS, MAX_DRAWS, MAX_FORM_DEPTH), before any renderer reads it."""
    memo: dict[tuple, tuple[int, int]] = {}

    def tiles(resources, depth: int, inside: frozenset) -> tuple[int, int]:
        """A tiling pattern's cell is run once per tile over the page: counted as the page's area
        over the cell's (the pattern is counted whether or not a fill uses it)."""
        pats = resources.get("/Pattern") if isinstance(resources, Dictionary) else None
        ops = draws = 0
        for pat in pats.values() if isinstance(pats, Dictionary) else ():
            if not isinstance(pat, Stream) or pat.stream_dict.get("/PatternType") != 1 or pat.objgen in inside:
                continue
            n = pattern_tiles(pat, area)
            if n > MAX_DRAWS:
                raise _TooMuch(f"a pattern of more than {MAX_DRAWS:,} tiles")
            try:
                inner = content.of_stream(doc, pat)
            except Exception:  # noqa: BLE001 - reported by the content check
                inner = []
            own = pat.stream_dict.get("/Resources")
            po, pd = run(inner, own if isinstance(own, Dictionary) else resources, depth + 1, inside | {pat.objgen})
            ops, draws = ops + round(n * po), draws + round(n * (pd + 1))
        return ops, draws

    def form(x, resources, depth: int, inside: frozenset) -> tuple[int, int]:
        """What drawing a form (or a soft mask's group, or an annotation's appearance) once runs."""
        og = x.objgen
        if og in inside:
            return 0, 0  # a form that draws itself: a renderer stops there (and the file is odd, not endless)
        if depth + 1 > MAX_FORM_DEPTH:
            raise _TooMuch(f"forms inside forms more than {MAX_FORM_DEPTH} deep")
        key = (og, id(resources)) if x.stream_dict.get("/Resources") is None else (og, None)
        if key not in memo or og == (0, 0):
            try:
                inner = content.of_stream(doc, x)
            except Exception:  # noqa: BLE001 - reported by the content check
                inner = []
            own = x.stream_dict.get("/Resources")
            memo[key] = run(inner, own if isinstance(own, Dictionary) else resources, depth + 1, inside | {og})
        return memo[key]

    def run(instructions, resources, depth: int, inside: frozenset) -> tuple[int, int]:
        if depth > MAX_FORM_DEPTH:
            raise _TooMuch(f"forms and patterns inside each other more than {MAX_FORM_DEPTH} deep")
        _no_type3(resources)
        ops, draws = tiles(resources, depth, inside)
        ops += len(instructions)
        uses = Counter((op, str(inst.operands[0])) for op, inst in instructions if op in ("Do", "gs") and len(inst.operands) == 1)
        xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        states = resources.get("/ExtGState") if isinstance(resources, Dictionary) else None
        for (op, name), n in uses.items():
            if op == "Do":
                draws += n
                x = xobjects.get(name) if isinstance(xobjects, Dictionary) else None
            else:
                # a graphics state's soft mask is a form (its group), run each time the state is set
                state = states.get(name) if isinstance(states, Dictionary) else None
                mask = state.get("/SMask") if isinstance(state, Dictionary) else None
                x = mask.get("/G") if isinstance(mask, Dictionary) else None
                if isinstance(x, Stream):
                    draws += n
            if not isinstance(x, Stream) or x.stream_dict.get("/Subtype") != Name.Form:
                continue
            fo, fd = form(x, resources, depth, inside)
            ops += n * fo
            draws += n * fd
            if ops > MAX_DRAWN_INSTRUCTIONS or draws > MAX_DRAWS:
                raise _TooMuch("")
        return ops, draws

    def appearances(page) -> tuple[int, int]:
        """Annotations' appearances are forms a viewer draws over the page: each state counted once."""
        ops = draws = 0
        for annot in page.obj.get("/Annots", None) or []:
            ap = annot.get("/AP") if isinstance(annot, Dictionary) else None
            for kind in ap.values() if isinstance(ap, Dictionary) else ():
                for x in [kind] if isinstance(kind, Stream) else kind.values() if isinstance(kind, Dictionary) else ():
                    if isinstance(x, Stream):
                        fo, fd = form(x, Dictionary(), 0, frozenset())
                        ops, draws = ops + fo, draws + fd + 1
                        if ops > MAX_DRAWN_INSTRUCTIONS or draws > MAX_DRAWS:
                            raise _TooMuch("")
        return ops, draws

    total_ops = total_draws = 0
    area = 0.0
    try:
        for page in doc.pages:
            try:
                x0, y0, x1, y1 = (float(v) for v in page.mediabox)
                area = abs((x1 - x0) * (y1 - y0))
            except (TypeError, ValueError):
                area = 14_400.0 ** 2  # the largest page a viewer takes
            memo.clear()  # tiles depend on the page's area
            try:
                instructions = content.of_page(doc, page)
            except Exception:  # noqa: BLE001 - reported by the content check
                continue
            o, d = run(instructions, page.obj.get("/Resources"), 0, frozenset())
            ao, ad = appearances(page)
            total_ops, total_draws = total_ops + o + ao, total_draws + d + ad
            if total_ops > MAX_DRAWN_INSTRUCTIONS or total_draws > MAX_DRAWS:
                raise _TooMuch("")
    except _Type3:
        w.add(
            "the file's drawing uses a Type 3 font (letters drawn as drawings of their own, run for every letter and not bounded here); "
            "the build never writes one, so the file was not read further",
            "this is not a file the build wrote; check the original",
        )
        w.too_big = True
    except _TooMuch as exc:
        why = str(exc) or f"with each form counted as often as it is drawn, more than {MAX_DRAWN_INSTRUCTIONS:,} instructions or {MAX_DRAWS:,} forms and images drawn"
        w.add(f"the file's drawing is too much to render ({why}; a poster runs a few thousand); the file was not read further", "this is not a file the build wrote; check the original")
        w.too_big = True


def pattern_tiles(pattern: Stream, area: float) -> float:
    """How many times a tiling pattern's cell is run over `area` (square points): the area over the
    cell's (its steps through its matrix); infinite for a cell of no size or one that cannot be read."""
    try:
        m = [float(v) for v in pattern.stream_dict.get("/Matrix", [1, 0, 0, 1, 0, 0])][:4]
        cell = abs(float(pattern.stream_dict.XStep) * float(pattern.stream_dict.YStep) * (m[0] * m[3] - m[1] * m[2]))
    except (AttributeError, TypeError, ValueError, IndexError):
        cell = 0.0
    return area / cell if cell > 0 and math.isfinite(cell) else math.inf


def _no_type3(resources) -> None:
    """A Type 3 font's letters are content streams of their own, which may draw forms: refused outright."""
    fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
    for font in fonts.values() if isinstance(fonts, Dictionary) else ():
        if isinstance(font, Dictionary) and font.get("/Subtype") == Name.Type3:
            raise _Type3()


def _stream_size(stream: Stream, limit: int) -> int:
    """Bytes a content stream decodes to, counted without keeping them (flate), stopped past `limit`."""
    filters = stream.stream_dict.get("/Filter")
    try:
        if filters == Name.FlateDecode or (isinstance(filters, Array) and list(filters) == [Name.FlateDecode]):
            return _inflated_size(stream.read_raw_bytes(), limit)
        if filters is None or (isinstance(filters, Array) and len(filters) == 0):
            return len(stream.read_raw_bytes())
        return len(stream.read_bytes())  # other filters were bounded by _bound_stream
    except Exception:  # noqa: BLE001 - a damaged stream is reported when it is parsed
        return 0


def is_refused_unread(findings: list[Finding]) -> bool:
    """Whether the safety findings say the file must not be opened by anything else (a bomb, an endless graph)."""
    return any(f.check == "safety" and f.message.startswith(("the file's streams", "the file's drawing", "a stream", "the file has more than")) for f in findings)


def _walk_document(doc: pikepdf.Pdf, w: _Walk) -> None:
    root = doc.Root
    if "/OpenAction" in root:
        w.add("the file has an OpenAction: it acts (runs, jumps or opens something) as soon as it is opened")
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        if "/JavaScript" in names:
            w.add("the file carries JavaScript")
        if "/EmbeddedFiles" in names:
            w.add("the file carries embedded files")
    acro = root.get("/AcroForm")
    if isinstance(acro, Dictionary) and "/XFA" in acro:
        w.add("the file has an XFA form, which runs scripts")
    pages = list(doc.pages)
    page_of = {}
    for n, page in enumerate(pages, start=1):
        og = page.obj.objgen
        if og != (0, 0):
            page_of[og] = n
        contents = page.obj.get("/Contents")
        for s in (contents if isinstance(contents, Array) else [contents]):
            if isinstance(s, Stream):
                w.content.append((s, f"page {n}"))
        for annot in page.obj.get("/Annots", None) or []:
            if isinstance(annot, Dictionary):
                _check_annotation(annot, n, w)
    _visit(doc.trailer, w, key="", link_action=False)


def _check_annotation(annot: Dictionary, page: int, w: _Walk) -> None:
    subtype = str(annot.get("/Subtype", ""))[1:]
    if subtype in ACTING_ANNOTS:
        w.add(f"page {page} has a {subtype} annotation, which plays, attaches or submits something", page=page)
    action = annot.get("/A")
    if isinstance(action, Dictionary):
        kind = str(action.get("/S", ""))[1:]
        if subtype != "Link" or kind not in ("URI", "GoTo"):
            w.add(f"page {page} has a {subtype or 'an'} annotation with a {kind or 'unknown'} action", page=page)


def _visit(obj, w: _Walk, key: str, link_action: bool, depth: int = 0) -> None:
    """Every object reachable from the trailer, once; flags actions and embedded files wherever they hide."""
    # No depth cap: an object past a cap would go unread (a script hidden 80 dictionaries deep
    # passed unseen). Loops end at `seen`, and the walk at MAX_OBJECTS.
    stack = [(obj, key, link_action, depth)]
    while stack:
        obj, key, link_action, depth = stack.pop()
        if isinstance(obj, (Dictionary, Stream, Array)):
            og = obj.objgen
            if og != (0, 0):
                if og in w.seen:
                    continue
                w.seen.add(og)
            w.visited += 1
            if w.visited > MAX_OBJECTS:
                w.add(f"the file has more than {MAX_OBJECTS} objects, more than any poster; it was not read further", "this is not a file the build wrote")
                w.too_big = True
                return
        if isinstance(obj, Array):
            # only what can hold something is walked (a number or a name holds nothing); the
            # long arrays of a font's glyph widths are passed over without reading each number
            if not _only_scalars(obj):
                stack.extend((item, key, False, depth + 1) for item in obj if isinstance(item, _CONTAINERS))
            continue
        if not isinstance(obj, (Dictionary, Stream)):
            continue
        d = obj.stream_dict if isinstance(obj, Stream) else obj
        # its entries read in one call (each lookup on the dictionary itself costs as much as
        # reading them all); a null entry is no entry, as the dictionary's own lookups have it
        entries = {k: v for k, v in d.items() if v is not None}
        if entries.get("/ShadingType") == 1:
            # its colour is a function of x and y, worked out for every point it covers (a PostScript
            # function of 64 kB kept PDFium busy for minutes): no poster needs one
            w.add(
                "the file's drawing has a function-based shading (type 1), which a renderer works out point by point "
                "without bound; the build never writes one, so the file was not read further",
                "this is not a file the build wrote; check the original (a logo: export it again with its gradients as plain ones, or flattened)",
            )
            w.too_big = True
            return
        if isinstance(obj, Stream):
            _bound_stream(obj, w)
            if w.too_big:
                return
            if entries.get("/Subtype") == Name.Form or entries.get("/PatternType") == 1:
                w.content.append((obj, "a drawing (form or pattern) in the file"))
        kind = entries.get("/S")
        if isinstance(kind, Name) and str(kind)[1:] in ACTION_TYPES and entries.get("/Type", Name.Action) == Name.Action:
            name = str(kind)[1:]
            if not (link_action and name in ("URI", "GoTo")):
                w.add(f"the file has a {name} action outside a link ({key or 'in the document'}), which runs or navigates on its own")
        if "/AA" in entries:
            w.add("the file has additional actions (/AA), which run on page or field events")
        if "/JS" in entries:
            w.add("the file carries JavaScript")
        if "/EF" in entries or "/EmbeddedFile" == str(entries.get("/Type", "")):
            w.add("the file carries embedded files")
        is_link = entries.get("/Subtype") == Name.Link
        for k in d.keys():  # in the dictionary's own order, so findings come in the order they always did
            if k in ("/Parent", "/P") or k not in entries:  # back links: everything they reach is reached from the root
                continue
            stack.append((entries[k], k, is_link and k == "/A", depth + 1))


_CONTAINERS = (Dictionary, Stream, Array)


def _only_scalars(array: Array) -> bool:
    """True when the array holds no array, dictionary or reference (a stream is always one):
    written out, it has none of '[' inside, '<<' or 'R'. Any of them, even inside a string or
    a name, answers False, and the array is read item by item."""
    try:
        text = array.unparse(resolved=True)
    except Exception:  # noqa: BLE001 - read item by item
        return False
    return b"R" not in text and b"<<" not in text and text.count(b"[") == 1


def _bound_stream(stream: Stream, w: _Walk) -> None:
    """Count what the stream inflates to, without keeping it; refuse a bomb."""
    d = stream.stream_dict
    try:
        raw = stream.read_raw_bytes()
    except Exception as exc:  # noqa: BLE001 - a damaged stream is reported, not raised
        w.add(f"a stream cannot be read ({type(exc).__name__})", "the file is damaged; rebuild it with 'posters build'")
        return
    filters = d.get("/Filter")
    filters = [str(f) for f in (filters if isinstance(filters, Array) else [filters] if filters is not None else [])]
    if filters == ["/FlateDecode"] and (most := _FLATE_MOST * len(raw) + _FLATE_EXTRA) <= MAX_STREAM_INFLATED:
        w.unmeasured.append(stream)
        w.bounded += most
        if w.inflated + w.bounded > MAX_TOTAL_INFLATED:
            _measure(w)
            _refuse_over_total(w)
        return
    size = len(raw)
    data = raw
    for f in filters:
        if f in ("/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"):
            try:
                pixels = int(d.get("/Width", 0)) * int(d.get("/Height", 0))
            except (TypeError, ValueError):
                pixels = 0
            if pixels > MAX_IMAGE_PIXELS:
                w.add(f"a stream is an image of {pixels} pixels, over the limit of {MAX_IMAGE_PIXELS}", "this is not a file the build wrote")
                w.too_big = True
            return
        if f == "/FlateDecode":
            size = _inflated_size(data, MAX_STREAM_INFLATED)
            data = None  # not kept: a later filter in the chain is unusual and is not followed
        elif f == "/ASCIIHexDecode" and data is not None:
            data = bytes.fromhex(data.decode("latin-1").split(">")[0].replace(" ", "").replace("\n", "").replace("\r", ""))
            size = len(data)
        elif f == "/ASCII85Decode" and data is not None:
            try:
                data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=b" \t\n\r\x0b")
            except ValueError:
                data = b""
            size = len(data)
        elif len(raw) * 256 > MAX_STREAM_INFLATED:  # LZW, RunLength: at most a few hundred times larger
            w.add(f"a stream uses {f[1:]} and is too large to inflate safely", "this is not a file the build wrote")
            w.too_big = True
            return
        if size > MAX_STREAM_INFLATED:
            break
    w.inflated += size
    if size > MAX_STREAM_INFLATED:
        w.add(f"a stream inflates to more than {MAX_STREAM_INFLATED // 2**20} MB (a compression bomb); the file was not read further", "this is not a file the build wrote")
        w.too_big = True
    elif w.inflated + w.bounded > MAX_TOTAL_INFLATED:
        _measure(w)
        _refuse_over_total(w)


def _measure(w: _Walk) -> None:
    """Inflate, counting, the streams so far known only by their bound (see _FLATE_MOST)."""
    for stream in w.unmeasured:
        w.inflated += _inflated_size(stream.read_raw_bytes(), MAX_STREAM_INFLATED)
    w.unmeasured.clear()
    w.bounded = 0


def _refuse_over_total(w: _Walk) -> None:
    if w.inflated > MAX_TOTAL_INFLATED:
        w.add(f"the file's streams inflate to more than {MAX_TOTAL_INFLATED // 2**20} MB; the file was not read further", "this is not a file the build wrote")
        w.too_big = True


def _inflated_size(data: bytes, limit: int) -> int:
    """Bytes `data` inflates to, counted in 1 MB steps and stopped past `limit`; memory stays small."""
    d = zlib.decompressobj()
    total = 0
    chunk = data
    try:
        while chunk or d.unconsumed_tail:
            out = d.decompress(chunk or d.unconsumed_tail, 1 << 20)
            chunk = b""
            total += len(out)
            if total > limit:
                return total
            if d.eof or (not out and not d.unconsumed_tail):
                break
    except zlib.error:
        pass  # damaged data: what was inflated so far is what a reader gets
    return total


def _check_content(stream: Stream, where: str, w: _Walk) -> None:
    try:
        instructions = content.of_stream(w.doc, stream)
    except Exception as exc:  # noqa: BLE001
        w.add(f"the content of {where} cannot be read ({type(exc).__name__})", "the file is damaged; rebuild it with 'posters build'")
        return
    numbers_small = _no_long_number(stream)
    for op, inst in instructions:
        if op == content.INLINE_IMAGE:
            continue
        if op not in OPERATORS:
            shown = op if len(op) < 20 else op[:20] + "..."
            w.add(f"the content of {where} has {shown!r}, which is not a PDF operator (a writer met a number that is not a number, or the file was damaged)", "rebuild the file with 'posters build'")
            return
        if numbers_small:
            continue
        for operand in inst.operands:
            bad = _bad_number(operand)
            if bad is not None:
                w.add(f"the content of {where} has the number {bad}, which no printer can use", "rebuild the file with 'posters build'")
                return


def _no_long_number(stream: Stream) -> bool:
    """True when the stream's bytes, as the parser read them, have no run of digits long enough
    for a number over MAX_NUMBER (see _LONG_RUN). False whenever that cannot be known: a filter
    other than Flate, or data that will not decode; then every operand is read."""
    filters = stream.stream_dict.get("/Filter")
    if not (filters is None or filters == Name.FlateDecode or (isinstance(filters, Array) and len(filters) <= 1 and all(f == Name.FlateDecode for f in filters))):
        return False
    try:
        data = stream.read_bytes()
    except Exception:  # noqa: BLE001 - the operands decide
        return False
    return b"null" not in data and _LONG_RUN not in data.translate(_ALL_DIGITS_ZERO)


def _bad_number(operand) -> str | None:
    values = operand if isinstance(operand, Array) else [operand]
    for v in values:
        if v is None:  # the parser's null for a number beyond 64 bits
            return "(a number beyond the 64-bit range)"
        if isinstance(v, (int, float)) or type(v).__name__ == "Decimal":
            f = float(v)
            if not math.isfinite(f) or abs(f) > MAX_NUMBER:
                return str(v)
        elif isinstance(v, Array):
            inner = _bad_number(v)
            if inner is not None:
                return inner
    return None
