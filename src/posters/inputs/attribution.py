"""Attribution on the QR link: one short code per output, and the table that
turns codes back into edition, format, message and language.

A long tracking query (`utm_source=greater-manchester&utm_medium=...`, 110-135
characters) pushes the QR code to version 7-8, and every module shrinks by a
third or more in the same printed square; phones then miss it. The compact
scheme puts one parameter on the charity's own address, e.g.
`https://get-help.stopitnow.org.uk/?s=gm4sw` (42 characters, version 3), and
the charity's analytics team reads the code with `attribution.csv`.

Everything here is data: the query key, the code template and each code come
from campaign.toml (formats, messages, languages, the regional edition) and
from each force's force.toml (its edition code), so adding a force stays one
folder. A code is letters and digits only: it cannot carry a URL or anything
about a person.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

import zxingcpp

from posters.csv_cells import row

KEY = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
CODE = re.compile(r"^[a-z0-9]{1,4}$")
CATEGORIES = ("edition", "format", "message", "lang")
# query keys that browsers, frameworks or analytics tools treat as a place to go
REDIRECT_KEYS = {"url", "u", "next", "redirect", "redirect_uri", "redirect_url", "return", "return_to", "returnto", "goto", "dest", "destination", "target", "continue", "r", "to", "link", "out"}
DEFAULT_MAX_VERSION = 4
WEB_FORMAT = "web"  # the accessible web page stands in for a layout format
CSV_NAME = "attribution.csv"


@dataclass(frozen=True)
class Scheme:
    """The compact attribution scheme: `?<key>=<code>`, code from `template`."""

    key: str
    template: str
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # category -> name -> code

    def code(self, edition: str, fmt: str, message: str, lang: str) -> str:
        names = {"edition": edition, "format": fmt, "message": message, "lang": lang}
        parts = {}
        for cat in CATEGORIES:
            if "{" + cat + "}" in self.template:
                table = self.codes.get(cat, {})
                if names[cat] not in table:
                    raise MissingCode(cat, names[cat])
                parts[cat] = table[names[cat]]
        return self.template.format(**parts)

    def channel_code(self, platform: str) -> str:
        """The code a caption's link adds for the platform it is posted on (`[qr.attribution.channel]`)."""
        table = self.codes.get("channel", {})
        if platform not in table:
            raise MissingCode("channel", platform)
        return table[platform]

    def with_editions(self, edition_codes: dict[str, str]) -> "Scheme":
        return Scheme(self.key, self.template, {**self.codes, "edition": dict(edition_codes)})

    def with_codes(self, category: str, codes: dict[str, str]) -> "Scheme":
        """The scheme with more codes in one table (a layout format, say)."""
        return Scheme(self.key, self.template, {**self.codes, category: {**self.codes.get(category, {}), **codes}})


class MissingCode(KeyError):
    def __init__(self, category: str, name: str):
        super().__init__(f"{category} {name!r} has no attribution code")
        self.category = category
        self.name = name


def parse_scheme(t, probs) -> Scheme | None:
    """[qr.attribution] of campaign.toml: key, template and the code tables
    for formats, messages and languages (editions come from force.toml)."""
    key = t.text("key", hint='the query key, e.g. key = "s"')
    template = t.text("template", "{edition}{format}{message}{lang}")
    ok = True
    if key is not None and (not KEY.match(key) or key in REDIRECT_KEYS or key.startswith("utm_")):
        probs.add(t.key("key"), f"{key!r} is not a plain attribution key", 'use a short lower-case name that no site reads as a place to go, e.g. key = "s"')
        ok = False
    if template is not None:
        from posters.inputs.schema import placeholder_problem

        wrong = placeholder_problem(template, CATEGORIES)
        if wrong is not None:
            probs.add(t.key("template"), f"{template[:80]!r} {wrong}", "use {edition}, {format}, {message} and {lang}, written plain")
            ok = False
        else:
            sample = template.format(**{c: "x" for c in CATEGORIES})
            if not re.fullmatch(r"[a-z0-9]*", sample) or "{edition}" not in template:
                probs.add(t.key("template"), f"{template!r} must be placeholders, letters and digits, and name the edition", 'for example template = "{edition}{format}{message}{lang}"')
                ok = False
    codes: dict[str, dict[str, str]] = {}
    for cat in ("format", "message", "lang", "channel"):
        # channel: the platform a caption's link is posted on, added after the output's code
        sub = t.table(cat, required=cat != "channel" and template is not None and "{" + cat + "}" in template)
        if not sub or not sub.ok:
            continue
        table = {}
        for name in list(sub.data):
            code = sub.text(name)
            if code is None:
                continue
            if not CODE.match(code):
                probs.add(sub.key(name), f"{code!r} is not a short code", "use one to four lower-case letters or digits")
                ok = False
                continue
            if code in table.values():
                other = next(n for n, c in table.items() if c == code)
                probs.add(sub.key(name), f"code {code!r} is also the code of {other!r}", "give each its own code, or the analytics team cannot tell them apart")
                ok = False
                continue
            table[name] = code
        sub.done()
        codes[cat] = table
    t.done()
    if not ok or key is None or template is None:
        return None
    return Scheme(key, template, codes)


def check_edition_code(code: object) -> str | None:
    """Why an edition's code is refused, or None."""
    if not isinstance(code, str) or not CODE.match(code):
        return f"{code!r} is not a short code"
    return None


def qr_version(payload: str, ec: str) -> int:
    """The QR version the encoder picks for this payload (1-40).

    For a payload in ASCII the encoder's choices (which mode for which run of
    characters, hence the version) depend only on each character's class:
    digit, the other alphanumeric-mode characters, or any other byte. So the
    version is asked once per pattern of classes, not once per link: the
    table of every link of 45 forces took 0.65 s encoding each one."""
    return encoded_version(payload.translate(_CLASS) if payload.isascii() else payload, ec)


# each ASCII character as the first of its class: digits, QR's alphanumeric set, any other byte
_CLASS = {c: "0" if chr(c).isdigit() else "A" if chr(c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" else "a" for c in range(128)}


TOO_LONG = 41  # past version 40, the largest QR symbol


def _clipped(link: str, most: int = 300) -> str:
    return link if len(link) <= most else f"{link[:most]}..."


@lru_cache(maxsize=4096)
def encoded_version(payload: str, ec: str) -> int:
    """The version of the symbol the encoder makes for exactly this payload; TOO_LONG when no
    QR symbol can hold it (the encoder raises), for the version check to refuse it by its key."""
    try:
        symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
    except ValueError:
        return TOO_LONG
    n = memoryview(symbol.to_image(scale=1, add_quiet_zones=False)).shape[0]
    return (n - 17) // 4


@dataclass(frozen=True)
class Row:
    code: str
    edition: str
    format: str
    message: str
    language: str
    link: str
    version: int
    channel: str = ""  # the platform a caption's link is for; "" for the QR link itself


def captioned_platforms(campaign, layout) -> list[str]:
    """The platforms of a screen layout whose posts carry a caption (and so a caption link)."""
    return [p for p in layout.platforms if p in campaign.platforms and campaign.platforms[p].captions]


def links(campaign, editions, layouts) -> list[tuple[tuple, str]]:
    """Every link the project can print, publish or post: ((edition, format, message, lang, channel), link)."""
    out = []
    for e in editions:
        for lay in [*layouts, None]:
            fmt, msgs = (lay.format, lay.messages) if lay is not None else (WEB_FORMAT, tuple(campaign.messages))
            channels = captioned_platforms(campaign, lay) if lay is not None else []
            for lang in e.languages:
                for m in msgs:
                    out.append(((e.slug, fmt, m, lang, ""), campaign.qr_payload(e.slug, fmt, m, lang)))
                    for ch in channels:
                        out.append(((e.slug, fmt, m, lang, ch), campaign.caption_link(e.slug, fmt, m, lang, ch)))
    return out


def rows(project) -> list[Row]:
    """Every link the project can print, publish or post, with its code and QR version."""
    c = project.campaign
    out = []
    for (edition, fmt, m, lang, ch), link in links(c, project.editions, project.layouts):
        code = c.attribution.code(edition, fmt, m, lang) + (c.attribution.channel_code(ch) if ch else "") if c.attribution else ""
        out.append(Row(code, edition, fmt, m, lang, link, qr_version(link, c.ec_level), ch))
    return out


def csv_text(table: list[Row], campaign) -> str:
    """The mapping for the analytics team: one line per code."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    key = campaign.attribution.key if campaign.attribution else ""
    w.writerow([f"code ({key}=)" if key else "code", "edition", "format", "message", "language", "channel", "link", "qr_version"])
    for r in sorted(table, key=lambda r: (r.edition, r.format, r.message, r.language, r.channel)):
        w.writerow(row([r.code, r.edition, r.format, r.message, r.language, r.channel, r.link, r.version]))
    return buf.getvalue()


def manifest_section(table: list[Row], campaign) -> dict:
    scheme, max_version = campaign.attribution, campaign.max_qr_version
    return {
        "query_key": scheme.key if scheme else None,
        "template": scheme.template if scheme else None,
        "max_qr_version": max_version,
        "file": CSV_NAME,
        "codes": {r.code: {"edition": r.edition, "format": r.format, "message": r.message, "language": r.language, **({"channel": r.channel} if r.channel else {})} for r in table if r.code},
    }


def bind_editions(campaign, editions):
    """The campaign with its scheme's edition codes filled in from the editions."""
    import dataclasses

    if campaign.attribution is None:
        return campaign
    codes = {e.slug: e.code for e in editions if e.code}
    return dataclasses.replace(campaign, attribution=campaign.attribution.with_editions(codes))


def _who(who: tuple) -> str:
    return "/".join(w for w in who if w)


def check_scheme(campaign, editions, layouts):
    """Problems with the scheme for this project: (campaign-wide, per layout file).

    A layout whose format has no code fails on its own, like any broken
    layout; a scheme whose longest link needs a QR version above the limit
    stops the build, naming that link and its version.
    """
    from posters.errors import Problem

    general: list[Problem] = []
    per_layout: dict[str, list[Problem]] = {}
    s = campaign.attribution
    file = campaign.file
    if s is not None:
        fmt_codes = s.codes.get("format", {})
        if "{format}" in s.template:
            for lay in layouts:
                if lay.format not in fmt_codes:
                    per_layout.setdefault(lay.file, []).append(
                        Problem(file, f"qr.attribution.format.{lay.format}", f"layout {lay.file} ({lay.format}) has no attribution code", f'add {lay.format} = "<code>" under [qr.attribution.format] in {file}')
                    )
            if WEB_FORMAT not in fmt_codes:
                general.append(Problem(file, f"qr.attribution.format.{WEB_FORMAT}", "the accessible web page has no attribution code", f'add {WEB_FORMAT} = "<code>" under [qr.attribution.format]'))
        for cat, names in (("message", sorted(campaign.messages)), ("lang", sorted({lang for e in editions for lang in e.languages}))):
            if "{" + cat + "}" in s.template:
                for n in names:
                    if n not in s.codes.get(cat, {}):
                        general.append(Problem(file, f"qr.attribution.{cat}.{n}", f"{cat} {n!r} has no attribution code", f'add "{n}" = "<code>" under [qr.attribution.{cat}]'))
        for e in editions:
            if not e.code:
                where = campaign.file if e.regional else e.forces[0].file
                key = "regional.attribution" if e.regional else "attribution"
                general.append(Problem(where, key, f"edition {e.slug!r} has no attribution code", 'add attribution = "<code>" (one to four lower-case letters or digits)'))
    if general:
        return general, per_layout
    good = [lay for lay in layouts if lay.file not in per_layout]
    longest = None
    seen: dict[str, tuple] = {}
    qr_links = set()
    for who, link in links(campaign, editions, good):
        if not who[-1]:
            qr_links.add(link)
        if longest is None or len(link) > len(longest):
            longest = link
        if link in seen and seen[link] != who:
            general.append(Problem(file, "qr.attribution", f"{_who(seen[link])} and {_who(who)} get the same link {link}", "give each edition, format, message, language and channel its own code"))
            return general, per_layout
        seen[link] = who
    if longest is not None:
        v = qr_version(longest, campaign.ec_level)
        if v > campaign.max_qr_version:
            key = "qr.attribution" if s is not None else "qr.tracking"
            general.append(
                Problem(
                    file,
                    key,
                    f"the longest {'QR' if longest in qr_links else 'caption'} link, {_clipped(longest)} ({len(longest)} characters), "
                    + (f"is too long for any QR code at error correction {campaign.ec_level}" if v == TOO_LONG else f"needs QR version {v} at error correction {campaign.ec_level}")
                    + f"; the limit is version {campaign.max_qr_version}",
                    "shorten the attribution: one short key and short codes (see [qr.attribution]); every character above the limit shrinks the printed modules",
                )
            )
    return general, per_layout
