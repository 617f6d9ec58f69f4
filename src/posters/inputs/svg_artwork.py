"""SVG artwork as design programs save it, made safe and plain before svglib
reads it.

- A DOCTYPE (Illustrator and Affinity write one) is accepted and removed: its
  DTD is never loaded, nothing is fetched. An internal subset may declare only
  plain text entities (Illustrator's `&ns_svg;` and friends), which are
  substituted here, once; an entity that refers to another entity (the
  "billion laughs" pattern), an external or parameter entity, or any other
  declaration is refused.
- Transparency (`opacity`, `fill-opacity`, `stroke-opacity`, `stop-opacity`
  below 1) is found and listed: screen files keep it (svglib drops the
  `opacity` attribute, so it is pushed down onto fill and stroke), print
  files refuse it, since PDF/X-1a cannot carry transparency.
- Live text is accepted only in the project's own font, which is embedded;
  text in any other font is refused, naming the font, since it would be set
  in a different font than the designer chose.
"""

from __future__ import annotations

import re

MAX_ENTITIES = 100
MAX_ENTITY_VALUE = 4096
OUR_FONTS = ("source sans pro", "sourcesanspro", "source sans 3")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(?P<name>[^\s\[>]+)(?P<ids>[^\[>]*)(?:\[(?P<subset>.*?)\]\s*)?>", re.S | re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_DECL = re.compile(rb"<!(?P<what>[A-Z]+)\s*(?P<body>(?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>", re.S)
_ENTITY = re.compile(rb"^(?P<name>[A-Za-z_][\w.-]*)\s+(?P<q>[\"'])(?P<value>.*)(?P=q)\s*$", re.S)
_OPACITY = ("opacity", "fill-opacity", "stroke-opacity", "stop-opacity")


class ArtworkError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


def without_doctype(raw: bytes) -> bytes:
    """The SVG with its DOCTYPE removed and its plain text entities substituted."""
    m = _DOCTYPE.search(raw)
    if m is None:
        if b"<!entity" in raw.lower():
            raise ArtworkError("declares entities outside a DOCTYPE", "export the logo again as plain SVG")
        return raw
    if m.group("name").lower() != b"svg":
        raise ArtworkError(f"says it is a {m.group('name').decode('latin-1')!r} document, not SVG", "export the logo as SVG or PNG")
    entities = _entities(_COMMENT.sub(b"", m.group("subset") or b""))
    body = raw[: m.start()] + raw[m.end() :]
    if b"<!doctype" in body.lower() or b"<!entity" in body.lower():
        raise ArtworkError("has a second DOCTYPE or a stray entity declaration", "export the logo again as plain SVG")
    for name, value in entities.items():
        body = body.replace(b"&" + name + b";", value)
    return body


def _entities(subset: bytes) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    rest = _DECL.sub(b"", subset).strip()
    if rest:
        raise ArtworkError("has a DOCTYPE with content that is not a declaration", "export the logo again as plain SVG")
    for d in _DECL.finditer(subset):
        what = d.group("what").upper()
        if what != b"ENTITY":
            raise ArtworkError(
                f"has a DOCTYPE that declares {what.decode('latin-1').lower()} rules, which the tool does not read",
                "export the logo again without a DOCTYPE (Illustrator: File > Export > Export As > SVG)",
            )
        body = d.group("body").strip()
        if body.startswith(b"%"):
            raise ArtworkError("has a DOCTYPE with a parameter entity, which is refused", "export the logo again without a DOCTYPE")
        e = _ENTITY.match(body)
        if e is None:
            raise ArtworkError(
                "has a DOCTYPE entity that points at another file or web address, which is refused (nothing was read or fetched)",
                "export the logo again without a DOCTYPE",
            )
        value = e.group("value")
        if b"&" in value or b"<" in value or b"%" in value:
            raise ArtworkError(
                f"has a DOCTYPE entity ({e.group('name').decode('latin-1')}) that refers to other entities or markup: the pattern of an 'entity bomb', refused",
                "export the logo again without a DOCTYPE",
            )
        if len(value) > MAX_ENTITY_VALUE or len(out) >= MAX_ENTITIES:
            raise ArtworkError("has more DOCTYPE entities, or longer ones, than a logo needs", "export the logo again without a DOCTYPE")
        out[e.group("name")] = value
    return out


def _style(el) -> dict[str, str]:
    out = {}
    for part in (el.get("style") or "").split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip().lower()] = v.strip()
    return out


def _number(v: str | None) -> float | None:
    if v is None:
        return None
    try:
        return float(v.strip().rstrip("%")) / (100 if v.strip().endswith("%") else 1)
    except ValueError:
        return None


def _describe(el) -> str:
    from lxml import etree

    tag = etree.QName(el).localname
    ident = el.get("id")
    return f"<{tag} id={ident!r}>" if ident else f"<{tag}> (line {el.sourceline})"


def inspect(root) -> tuple[list[str], list[str]]:
    """(what is transparent, fonts of live text not ours) in a parsed SVG tree."""
    from lxml import etree

    transparent: list[str] = []
    fonts: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        style = _style(el)
        for prop in _OPACITY:
            v = _number(style.get(prop, el.get(prop)))
            if v is not None and v < 1:
                transparent.append(f"{prop} {v:g} on {_describe(el)}")
        if etree.QName(el).localname in ("text", "tspan") and "".join(el.itertext()).strip():
            family = style.get("font-family") or _inherited(el, "font-family")
            if not family:
                fonts.append("no font named (the viewer's default)")
            else:
                first = family.split(",")[0].strip().strip("'\"")
                if first.lower() not in OUR_FONTS:
                    fonts.append(first)
    return transparent, sorted(set(fonts))


def _inherited(el, prop: str) -> str | None:
    while el is not None and isinstance(el.tag, str):
        v = _style(el).get(prop) or el.get(prop)
        if v:
            return v
        el = el.getparent()
    return None


def push_down_opacity(root) -> None:
    """svglib ignores `opacity` (group or element): multiply it into every
    fill-opacity and stroke-opacity below, so screen files keep it (exact for
    shapes that do not overlap, which is how logos are drawn)."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        style = _style(el)
        v = _number(style.get("opacity", el.get("opacity")))
        if v is None or v >= 1:
            continue
        for d in el.iter():
            if not isinstance(d.tag, str):
                continue
            ds = _style(d)
            for prop in ("fill-opacity", "stroke-opacity"):
                own = _number(ds.pop(prop, None) or d.get(prop))
                d.set(prop, f"{(own if own is not None else 1.0) * v:g}")
            if d is el:
                ds.pop("opacity", None)
                d.attrib.pop("opacity", None)
            if d.get("style") is not None:
                d.set("style", ";".join(f"{k}:{val}" for k, val in ds.items()))
