"""An output's PDF opened once in PDFium for the checks that draw or read it.

PDFium keeps a page's decoded images with the loaded page: the first render of
a page decodes them (close to a second for an A4 on a photographic
background, a CMYK JPEG), and every later render of the same loaded page
reuses them. The QR read-back, the text read-back and the painted-text check
each opened the file anew and paid that again for every crop; loaded once,
they share it. The checks themselves are unchanged.

The painted check takes objects off a page to find what covers a line, so it
is the last check to use the pages; `fresh` gives it a new parse when it
needs the page as the file has it.
"""

from __future__ import annotations


class Pages:
    def __init__(self, pdf: bytes):
        import pypdfium2 as pdfium

        self.doc = pdfium.PdfDocument(pdf)
        self._loaded: dict[int, object] = {}

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, index: int):
        if index not in self._loaded:
            self._loaded[index] = self.doc[index]
        return self._loaded[index]

    def fresh(self, index: int):
        """The page parsed again from the file (the caller closes it)."""
        return self.doc[index]

    def close(self) -> None:
        for page in self._loaded.values():
            page.close()
        self._loaded.clear()
        self.doc.close()

    def __enter__(self) -> "Pages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_pages(pdf: bytes, pages: Pages | None) -> tuple[object, bool]:
    """`pages` when a caller shares them, else the file opened for this check alone; and whether the check must close it."""
    if pages is not None:
        return pages, False
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf), True
