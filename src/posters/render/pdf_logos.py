"""PDF logos placed as vectors.

ReportLab cannot import a page of another PDF, so the painter draws a PDF
logo as an empty named form (a placeholder of the logo's size, drawn in the
page's painting order with the placement matrix), and once the document is
written each placeholder is replaced by the logo's own page as a form
XObject: its content stream and resources copied unchanged (pikepdf), as
`posters impose` places one-up pages. The form is clipped to the logo's
TrimBox and moved so the TrimBox's corner is its origin.
"""

from __future__ import annotations

import io


class VectorLogos:
    """The PDF logos of one document, by the form name the painter gave each."""

    def __init__(self):
        self.by_path: dict = {}  # logo path -> form name
        self.files: dict[str, bytes] = {}  # form name -> the logo's PDF

    def name_for(self, logo) -> tuple[str, bool]:
        """(form name, whether it is new to this document)."""
        name = self.by_path.get(logo.path)
        if name is not None:
            return name, False
        name = self.by_path[logo.path] = f"PdfLogo{len(self.by_path) + 1}"
        self.files[name] = logo.pdf
        return name, True

    def place(self, data: bytes, xobject_name) -> bytes:
        """The written document with every placeholder replaced by its logo."""
        if not self.files:
            return data
        import pikepdf
        from pikepdf import Array, Name

        out = pikepdf.open(io.BytesIO(data))
        forms = {}
        for name, raw in self.files.items():
            with pikepdf.open(io.BytesIO(raw)) as src:
                page = src.pages[0]
                x0, y0 = (float(v) for v in list(page.trimbox)[:2])
                form = page.as_form_xobject()
                form.Matrix = Array([1, 0, 0, 1, -x0, -y0])
                forms[Name("/" + xobject_name(name))] = out.copy_foreign(form)
        for page in out.pages:
            xobjects = page.Resources.get("/XObject")
            if xobjects is None:
                continue
            for key, form in forms.items():
                if key in xobjects:
                    xobjects[key] = form
        buf = io.BytesIO()
        out.save(buf, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        out.close()
        return buf.getvalue()
