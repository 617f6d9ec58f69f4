"""A built page as a form XObject, to place on a proof or a press sheet.

pikepdf's `Page.as_form_xobject` (qpdf's getFormXObjectForPage) gives the
form the page's content decoded, so every save of a sheet compressed each
placed page again: most of a proof's time. A page whose content is one Flate
stream (every page this tool writes) gets the same form, its dictionary as
qpdf makes it (bounding box, matrix, resources), holding the page's own
compressed bytes, which a save copies as they are. Any other page (several
content streams, another filter, parameters) goes through qpdf unchanged.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Name, Stream


def page_form(page: pikepdf.Page) -> Stream:
    form = page.as_form_xobject()
    contents = page.obj.get("/Contents")
    if isinstance(contents, Stream) and _flate_only(contents) and "/DecodeParms" not in contents:
        form.write(contents.read_raw_bytes(), filter=Name.FlateDecode)
    return form


def _flate_only(stream: Stream) -> bool:
    f = stream.get("/Filter")
    if isinstance(f, Array) and len(f) == 1:
        f = f[0]
    return isinstance(f, Name) and f == Name.FlateDecode
