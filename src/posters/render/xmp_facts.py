"""The facts a PDF carries about itself, in its own XMP metadata: which
edition, layout (and the digest of the layout file it was made from),
language and message it is, its QR link, page size (at full size, and the
artwork scale of a file supplied scaled), the colours it paints and the
layout's rules (safe margin, viewing and scanning distance, at full size).

They let `posters check` find, for a copy that has travelled without its
manifest, the plan it was made from, and so run the safe-zone, size and
contrast checks on it as fully as on a file in its build folder. What the
file must carry (the helpline, the allowed hosts, the exact QR link) is
still taken from the project or the manifest, never from these facts: a
file cannot vouch for itself; with no project, the rules it records can
only make the measured checks stricter than the tool's minimums.

One XMP property, `facts`, in the namespace FACTS_NS, holds the facts as
JSON (sorted keys, so the bytes are the same every build).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

FACTS_NS = "urn:posters:facts:1"
KEY = "{%s}facts" % FACTS_NS
VERSION = 1


def facts_of(plan) -> dict:
    """What the file says about itself (see the module docstring)."""
    from posters.elements.shape import Fill
    from posters.elements.text import SetText

    lay = plan.layout
    used = {}
    for page in plan.pages:
        for p in page.elements:
            colours = [p.content.colour] if isinstance(p.content, (SetText, Fill)) else []
            colours += [getattr(p.content, a, None) for a in ("fill", "stroke")] if p.kind == "panel" else []
            colours += [p.content.colour] if p.kind in ("line", "icon") else []
            for colour in colours:
                if colour is not None:
                    used[colour.name] = {"cmyk": [round(v * 100, 2) for v in colour.cmyk], "srgb": colour.hex}
    return {
        "version": VERSION,
        "edition": plan.edition.slug,
        "layout": lay.format,
        "layout_file": lay.file,
        "layout_sha256": lay.sha256,  # of the file as the project read it
        "language": plan.lang,
        "message": plan.message,
        "profile": lay.profile,
        "trim_mm": list(lay.trim_mm),
        "bleed_mm": lay.bleed_mm,
        # scaled artwork (a 48-sheet at 1:10): the page is this fraction of trim_mm
        **({"artwork_scale": lay.artwork_label} if lay.artwork_scale != 1.0 else {}),
        "qr_link": plan.payload,
        "colours": used,
        # the layout's rules the checks apply; a file checked with no project is held to
        # these, never below the tool's own minimums for its size (verify/measured.py)
        "rules": {
            "safe_mm": lay.safe_mm,
            "viewing_distance_m": lay.viewing_distance_m,
            "scan_distance_m": lay.scan_distance_m,
            "min_text_pt": lay.min_text_pt,
            # bands a platform's own controls cover (a story's bars): kept free like the safe margin
            **({"covered": [{"side": c.side, "mm": c.mm, "px": c.px, "platforms": c.platforms} for c in lay.covered]} if getattr(lay, "covered", ()) else {}),
        },
    }


def as_xmp(facts: dict) -> dict[str, str]:
    """The XMP property that holds `facts` (for a writer that adds it while it saves the file anyway)."""
    return {KEY: json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))}


def with_facts(pdf: bytes, facts: dict) -> bytes:
    """`pdf` with `facts` in its XMP metadata; version, /ID and everything else kept, bytes deterministic."""
    import pikepdf

    from posters.render.pdfx import _save

    doc = pikepdf.open(io.BytesIO(pdf))
    try:
        version = doc.pdf_version
        doc_id = bytes(doc.trailer.ID[0]) if "/ID" in doc.trailer else hashlib.md5(pdf).digest()  # noqa: S324 - an identifier, not security
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key, value in as_xmp(facts).items():
                meta[key] = value
        return _save(doc, version=version, doc_id=doc_id)
    finally:
        doc.close()


def read_facts(pdf: bytes) -> dict | None:
    """The facts a file carries; None when it has none (or they cannot be read)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            if "/Metadata" not in doc.Root:
                return None
            raw = doc.open_metadata().get(KEY)
    except Exception:  # noqa: BLE001 - a damaged file: the other checks say so
        return None
    try:
        facts = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(facts, dict) or facts.get("version") != VERSION:
        return None
    names = ("edition", "layout", "language", "message")
    if not all(isinstance(facts.get(k), str) and facts[k] for k in names):
        return None
    return facts
