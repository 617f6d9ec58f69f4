"""Exchange files for translators: CSV, XLIFF 1.2 and XLIFF 2.0, out and back.

An export carries, per entry that needs a translator or reviewer, its key
path, the source text as it is now, the source text the current translation
was made from (so a reviewer sees what changed), and the current
translation. An import reads the reviewed file back and writes the copy
file with tomlkit (comments and order kept), atomically. An entry comes back
as reviewed when the file says so (CSV `reviewed` = yes; XLIFF 1.2 state
"final" or "signed-off"; XLIFF 2.0 state "final" or "reviewed"), and it is
recorded as the translation of the source text the file carries: if the
source changed again after the export, the entry stays stale.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from posters.inputs.translation_records import Entry
from posters.csv_cells import plain, row

FORMATS = ("csv", "xliff12", "xliff20")
CSV_COLUMNS = ["key", "state", "source", "previous_source", "target", "reviewed"]
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X20 = "urn:oasis:names:tc:xliff:document:2.0"
_REVIEWED_12 = ("final", "signed-off")
_REVIEWED_20 = ("final", "reviewed")


class ExchangeError(ValueError):
    """A translator's file that cannot be imported; the message says where and why."""


@dataclass(frozen=True)
class Unit:
    key: str
    source: str
    target: str
    reviewed: bool


def format_for(path: Path, given: str | None) -> str:
    if given:
        return given
    name = path.name.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".xliff") or name.endswith(".xlf"):
        return "xliff12"
    raise ExchangeError(f"{path.name}: cannot tell the format from the name; pass --format csv, xliff12 or xliff20")


# --- export ---------------------------------------------------------------------------------


def export(entries: list[Entry], fmt: str, source_lang: str, target_lang: str, original: str) -> str:
    if fmt == "csv":
        return _csv(entries)
    if fmt == "xliff12":
        return _xliff12(entries, source_lang, target_lang, original)
    if fmt == "xliff20":
        return _xliff20(entries, source_lang, target_lang, original)
    raise ExchangeError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _csv(entries: list[Entry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in entries:
        w.writerow(row([e.key, e.state, e.source_now or "", e.source_then or "", e.target or "", "no"]))
    return buf.getvalue()


def _note(e: Entry) -> str:
    if e.state == "stale":
        return f"The source changed. It was: {e.source_then}"
    return f"State: {e.state}"


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xliff12(entries: list[Entry], src: str, tgt: str, original: str) -> str:
    ET.register_namespace("", X12)
    root = ET.Element(f"{{{X12}}}xliff", {"version": "1.2"})
    f = ET.SubElement(root, f"{{{X12}}}file", {"original": original, "source-language": src, "target-language": tgt, "datatype": "plaintext"})
    body = ET.SubElement(f, f"{{{X12}}}body")
    for e in entries:
        u = ET.SubElement(body, f"{{{X12}}}trans-unit", {"id": e.key, "resname": e.key})
        ET.SubElement(u, f"{{{X12}}}source").text = e.source_now or ""
        state = "needs-translation" if e.target is None else ("needs-review-translation" if e.state in ("stale", "edited", "unreviewed", "no record") else "translated")
        ET.SubElement(u, f"{{{X12}}}target", {"state": state}).text = e.target or ""
        ET.SubElement(u, f"{{{X12}}}note").text = _note(e)
    return _xml(root)


def _xliff20(entries: list[Entry], src: str, tgt: str, original: str) -> str:
    ET.register_namespace("", X20)
    root = ET.Element(f"{{{X20}}}xliff", {"version": "2.0", "srcLang": src, "trgLang": tgt})
    f = ET.SubElement(root, f"{{{X20}}}file", {"id": "f1", "original": original})
    for e in entries:
        u = ET.SubElement(f, f"{{{X20}}}unit", {"id": e.key})
        notes = ET.SubElement(u, f"{{{X20}}}notes")
        ET.SubElement(notes, f"{{{X20}}}note").text = _note(e)
        seg = ET.SubElement(u, f"{{{X20}}}segment", {"state": "initial" if e.target is None else "translated"})
        ET.SubElement(seg, f"{{{X20}}}source").text = e.source_now or ""
        ET.SubElement(seg, f"{{{X20}}}target").text = e.target or ""
    return _xml(root)


# --- import ---------------------------------------------------------------------------------


def read_units(text: str, fmt: str, name: str) -> list[Unit]:
    if fmt == "csv":
        return _read_csv(text, name)
    if fmt in ("xliff12", "xliff20"):
        return _read_xliff(text, name)
    raise ExchangeError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _read_csv(text: str, name: str) -> list[Unit]:
    try:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise ExchangeError(f"{name}: not a CSV file this tool can read ({exc})") from None
    if rows and not {"key", "source", "target", "reviewed"} <= set(rows[0]):
        raise ExchangeError(f"{name}: the header must name the columns {', '.join(CSV_COLUMNS)}")
    out = []
    for i, r in enumerate(rows, start=2):
        flag = (r.get("reviewed") or "").strip().lower()
        if flag not in ("yes", "no", "true", "false", "y", "n", ""):
            raise ExchangeError(f"{name}: line {i}: reviewed is {r.get('reviewed')!r}; write yes or no")
        if not (r.get("key") or "").strip():
            raise ExchangeError(f"{name}: line {i}: the key is empty")
        out.append(Unit(r["key"].strip(), plain(r.get("source") or ""), plain(r.get("target") or ""), flag in ("yes", "true", "y")))
    return out


def _read_xliff(text: str, name: str) -> list[Unit]:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ExchangeError(f"{name}: XLIFF files with a DOCTYPE or entities are refused")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise ExchangeError(f"{name}: not well-formed XML ({exc})") from None
    out = []
    if root.tag == f"{{{X12}}}xliff":
        for u in root.iter(f"{{{X12}}}trans-unit"):
            src = u.find(f"{{{X12}}}source")
            tgt = u.find(f"{{{X12}}}target")
            state = tgt.get("state", "") if tgt is not None else ""
            out.append(Unit(u.get("id", ""), _text(src), _text(tgt), state in _REVIEWED_12 or u.get("approved") == "yes"))
    elif root.tag == f"{{{X20}}}xliff":
        for u in root.iter(f"{{{X20}}}unit"):
            seg = u.find(f"{{{X20}}}segment")
            if seg is None:
                raise ExchangeError(f"{name}: unit {u.get('id')!r} has no segment")
            out.append(Unit(u.get("id", ""), _text(seg.find(f"{{{X20}}}source")), _text(seg.find(f"{{{X20}}}target")), seg.get("state", "") in _REVIEWED_20))
    else:
        raise ExchangeError(f"{name}: not an XLIFF 1.2 or 2.0 file (root element {root.tag!r})")
    return out


def _text(el) -> str:
    return "".join(el.itertext()) if el is not None else ""
