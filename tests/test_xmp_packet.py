"""A file's XMP packet filled into a template (render/xmp_packet.py) is the packet pikepdf writes."""

from __future__ import annotations

import pytest
import pikepdf

from posters.render import xmp_packet
from posters.render.xmp_facts import KEY

VALUES = [
    "Looking at sexual images of under-18s online? – Stop it Now!",
    'Fish & chips <b>bold</b> "quoted" \'single\' > 3',
    "Llinell gymorth: ŵ ŷ – 0808 1000 900 ✓ 𝄞",
    '{"edition":"cheshire","qr_link":"https://get-help.stopitnow.org.uk/?s=a&b=<c>"}',
    "tab\there",  # a control character: written by pikepdf itself
    "private \ue000use\ue001",  # the template's own markers: likewise
]


def packets(properties):
    ours, theirs = pikepdf.new(), pikepdf.new()
    xmp_packet.write(ours, properties)
    with theirs.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, value in properties:
            meta[key] = value
    return ours, theirs


@pytest.mark.parametrize("value", VALUES)
def test_the_packet_is_pikepdfs_and_reads_back(value):
    properties = [("dc:title", value), ("dc:language", ["cy", value]), ("pdfuaid:part", "1"), ("xmp:CreatorTool", value), (KEY, value)]
    ours, theirs = packets(properties)
    assert ours.Root.Metadata.read_bytes() == theirs.Root.Metadata.read_bytes()
    assert dict(ours.Root.Metadata.items()) == dict(theirs.Root.Metadata.items())
    meta = ours.open_metadata()
    assert meta["dc:title"] == value and meta[KEY] == value and set(meta["dc:language"]) == {"cy", value}  # a bag


def test_a_document_with_a_packet_already_gets_pikepdfs_merge():
    doc = pikepdf.new()
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "old"
    xmp_packet.write(doc, [("pdfuaid:part", "1")])
    meta = doc.open_metadata()
    assert meta["dc:title"] == "old" and meta["pdfuaid:part"] == "1"
