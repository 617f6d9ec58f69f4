"""An output's PDF opened once in PDFium for the checks that draw or read it.

PDFium keeps a page's decoded images with the loaded page: the first render of
a page decodes them (close to a second for an A4 on a photographic
background, a CMYK JPEG), and every later render of the same loaded page
reuses them. The QR read-back, the text read-back and the painted-text check
each opened the file anew and paid that again for every crop; loaded once,
they share it; and a photograph another output of the build showed in
byte-identical form is given its pixels decoded then (posters.verify.decoded_images).
The checks themselves are unchanged. A page's text layer is
read once too, for the text read-back and the painted check.

The painted check takes objects off a page to find what covers a line, so it
is the last check to use the pages; `fresh` gives it a new parse when it
needs the page as the file has it (a photograph given its pixels stays given:
it renders the same).
"""

from __future__ import annotations


class Pages:
    def __init__(self, pdf: bytes):
        import pypdfium2 as pdfium

        self.doc = pdfium.PdfDocument(pdf)
        self._pdf = pdf
        self._loaded: dict[int, object] = {}
        self._text: dict[int, object] = {}

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, index: int):
        if index not in self._loaded:
            from posters.verify import decoded_images

            page = self.doc[index]
            decoded_images.share(self._pdf, page, index)  # before anything renders it
            self._loaded[index] = page
        return self._loaded[index]

    def textpage(self, index: int):
        """The page's text layer, read once for the checks that need it (the text read-back, then the painted check)."""
        if index not in self._text:
            self._text[index] = self[index].get_textpage()
        return self._text[index]

    def drop_textpage(self, index: int) -> None:
        """Close the page's text layer (before objects are taken off the page)."""
        tp = self._text.pop(index, None)
        if tp is not None:
            tp.close()

    def fresh(self, index: int):
        """The page parsed again from the file (the caller closes it)."""
        return self.doc[index]

    def close(self) -> None:
        for index in list(self._text):
            self.drop_textpage(index)
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
