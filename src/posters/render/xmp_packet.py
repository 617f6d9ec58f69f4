"""A file's XMP packet, written as pikepdf writes it, from a template per set
of properties.

Every output gets a fresh packet with the same properties in the same order
(PDF/X's, or a tagged file's, and the file's facts); only their values
differ. pikepdf builds each packet through XPath look-ups, property by
property; here the packet pikepdf writes for a set of properties is made
once, with a marker in place of each value, and each file's packet is that
template with its values filled in, escaped as the XML serialiser escapes
text. A value with a character that needs more than that (a control
character, or one of the private-use characters the markers are made of)
goes through pikepdf as before.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Name

_MARK = "\ue000{}\ue001"
_PLAIN = re.compile("[^\\x00-\\x1f\ue000-\uf8ff\ud800-\udfff\ufffe\uffff]*\\Z")
_TEMPLATES: dict[tuple, list[bytes]] = {}

Value = str | list[str]


def write(doc: pikepdf.Pdf, properties: list[tuple[str, Value]]) -> None:
    """`doc`'s XMP packet: these properties, in this order, in a document that has none yet."""
    values = [v for _, value in properties for v in (value if isinstance(value, list) else [value])]
    if Name.Metadata in doc.Root or not all(isinstance(v, str) and _PLAIN.match(v) for v in values):
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key, value in properties:
                meta[key] = value
        return
    shape = tuple((key, len(value) if isinstance(value, list) else None) for key, value in properties)
    parts = _TEMPLATES.get(shape)
    if parts is None:
        parts = _TEMPLATES[shape] = _template(shape)
    out = [parts[0]]
    for value, part in zip(values, parts[1:]):
        out.append(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8"))
        out.append(part)
    doc.Root.Metadata = pikepdf.Stream(doc, b"".join(out))
    doc.Root.Metadata[Name.Type] = Name.Metadata
    doc.Root.Metadata[Name.Subtype] = Name.XML


def _template(shape: tuple) -> list[bytes]:
    """The packet pikepdf writes for these properties, split at each value's marker."""
    n = 0
    with pikepdf.new() as blank:
        with blank.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key, items in shape:
                if items is None:
                    meta[key] = _MARK.format(n)
                    n += 1
                else:
                    meta[key] = [_MARK.format(n + i) for i in range(items)]
                    n += items
        xml = blank.Root.Metadata.read_bytes()
    parts = re.split(rb"\xee\x80\x80(\d+)\xee\x80\x81", xml)  # the markers, in UTF-8
    if [int(i) for i in parts[1::2]] != list(range(n)):
        raise RuntimeError("an XMP template lost a value's place")
    return parts[0::2]
