"""The campaign: helpline, QR target, palette, messages and copy per language.

Loaded from `assets/campaign/campaign.toml` and the copy files it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from posters.inputs import phone as hl
from posters.colours import Colour
from posters.errors import Problems, display_path
from posters.inputs.load import read_toml, safe_asset_path
from posters.inputs.schema import Table
from posters.inputs.urls import UrlRefused, check_url, with_tracking
from posters.inputs.colour_table import read_colours
from posters.inputs.logo_rules import LogoRule, read_logo_rule
from posters.inputs.attribution import DEFAULT_MAX_VERSION, Scheme, check_edition_code, parse_scheme
from posters.inputs import translations as trans
from posters.inputs.facts import Facts, expand, read_facts, unknown_placeholders

EC_LEVELS = ("L", "M", "Q", "H")

# The numbers Stop it Now! publishes for this helpline. campaign.toml chooses the
# one to print, and it must be one of these: a mistyped or tampered digit in the
# data cannot ship. If the charity publishes a new number, add it here in a
# reviewed change (and update campaign.toml).

# Tracking on the QR link is aggregate attribution only: utm_* keys whose values
# are plain labels, so no parameter can carry a redirect target or anything personal.
TRACKING_KEY = re.compile(r"^utm_[a-z]+$")
TRACKING_VALUE = re.compile(r"^[A-Za-z0-9._-]+$")

# A run of at least ten digits with the separators people type in phone numbers.
_PHONE = re.compile(r"\+?\(?\d[\d\s().\-]{7,}\d")


@dataclass(frozen=True)
class Copy:
    language: str
    file: str
    reviewed: bool  # source language: the file's own flag; a translation: every entry reviewed and none stale
    common: dict[str, str]  # placeholders ({policy}, {programme}, ...) filled in
    messages: dict[str, dict[str, str]]
    raw: dict[str, str] = field(default_factory=dict)  # key path -> text as written, what translations are made from
    records: dict[str, "trans.Record"] = field(default_factory=dict)  # key path -> what it was translated from
    is_source: bool = True

    def get(self, message: str, key: str) -> str | None:
        return self.messages.get(message, {}).get(key, self.common.get(key))

    def keys(self) -> set[str]:
        out = set(self.common)
        for m in self.messages.values():
            out |= set(m)
        return out


@dataclass(frozen=True)
class Campaign:
    root: Path
    file: str
    id: str
    name: str
    helpline_e164: str
    url: str
    allowed_hosts: list[str]
    ec_level: str
    quiet_zone: int
    tracking: dict[str, str]
    attribution: Scheme | None
    max_qr_version: int
    charity_name: str
    charity_programme: str
    charity_logo: Path | None
    charity_logo_rule: "LogoRule"
    regional_slug: str
    regional_code: str | None
    regional_name: str
    regional_languages: list[str]
    regional_colours: dict[str, Colour]
    messages: dict[str, str]
    language_names: dict[str, str]
    copies: dict[str, Copy]
    colours: dict[str, Colour] = field(default_factory=dict)
    facts: Facts | None = None
    source_language: str = "en"
    charity_names: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {programme, charity}
    regional_names: dict[str, str] = field(default_factory=dict)  # lang -> the regional edition's name

    @property
    def helpline_display(self) -> str:
        return hl.display(self.helpline_e164)

    @property
    def helpline_tel(self) -> str:
        return hl.tel_uri(self.helpline_e164)

    def qr_payload(self, edition: str, fmt: str, message: str, lang: str) -> str:
        values = {"edition": edition, "format": fmt, "message": message, "lang": lang, "campaign": self.id}
        params = {k: v.format(**values) for k, v in self.tracking.items()}
        if self.attribution is not None:
            params[self.attribution.key] = self.attribution.code(edition, fmt, message, lang)
        return check_url(with_tracking(self.url, params), self.allowed_hosts)


def phone_numbers(text: str) -> list[str]:
    """Phone-number-like runs in a text (10 to 13 digits once separators are dropped)."""
    return [m.group().strip() for m in _PHONE.finditer(text) if 10 <= len(hl.digits_only(m.group())) <= 13]


def is_number(found: str, e164: str | None) -> bool:
    """Whether a number as typed ('0808 1000 900', '+44 808 1000 900') is `e164`."""
    if not e164 or not hl.is_e164_uk(e164):
        return False
    d = hl.digits_only(found)
    if d.startswith("44") and len(d) == 12:
        d = "0" + d[2:]
    return d == hl.national_digits(e164)


def check_numbers(data: object, probs: Problems, e164: str | None, key: str = "", skip: tuple[str, ...] = ()) -> None:
    """Refuse any phone number, in any text of a data file, that is not the campaign's helpline.

    Layout names, force names and labels end up in the PDF's text or metadata;
    a second number there could send a caller somewhere else.
    """
    if key in skip:
        return
    if isinstance(data, dict):
        for k, v in data.items():
            check_numbers(v, probs, e164, f"{key}.{k}" if key else str(k), skip)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            check_numbers(v, probs, e164, f"{key}[{i}]", skip)
    elif isinstance(data, str):
        for n in phone_numbers(data):
            if not is_number(n, e164):
                shown = f" ({hl.display(e164)})" if e164 and hl.is_e164_uk(e164) else ""
                probs.add(
                    key,
                    f"has the phone number {n!r}, which is not the campaign's helpline{shown}",
                    "remove it: the helpline element prints the one number from campaign.toml",
                )


def load_campaign(root: Path) -> Campaign:
    folder = root / "assets" / "campaign"
    path = folder / "campaign.toml"
    shown = display_path(path, root)
    probs = Problems(shown)
    data = read_toml(path, shown, root)
    t = Table(data, probs, "")

    cid = t.text("id")
    name = t.text("name")
    h = t.table("helpline")
    e164 = h.text("e164", hint='for example e164 = "+448081000900"') if h else None
    if e164 is not None and not hl.is_e164_uk(e164):
        probs.add("helpline.e164", f"{e164!r} is not a UK number in +44 form", 'write it as "+44" and ten digits')
        e164 = None
    # The number is entered twice on purpose, in two forms: one wrong digit in
    # either cannot reach a poster unnoticed.
    published = h.text("published", hint='the number as the charity prints it, e.g. published = "0808 1000 900"') if h else None
    if e164 is not None and published is not None and hl.display(e164) != published.strip():
        probs.add(
            "helpline.e164",
            f"{e164} reads as {hl.display(e164)}, but helpline.published says {published.strip()}",
            "the helpline is entered twice so that a wrong digit is caught: check both against the number Stop it Now! publishes",
        )
        e164 = None
    if h:
        h.done()

    q = t.table("qr")
    url = allowed = ec = quiet = None
    tracking: dict[str, str] = {}
    scheme = None
    max_version = DEFAULT_MAX_VERSION
    if q:
        max_version = q.number("max_version", DEFAULT_MAX_VERSION, lo=1, hi=40, hint="the largest QR version any output may carry; 4 or lower keeps modules large enough for phones")
        allowed = q.texts("allowed_hosts")
        url = q.text("url")
        ec = q.text("error_correction", "M", choices=EC_LEVELS)
        quiet = q.number("quiet_zone_modules", 4, lo=4, hi=16, hint="print needs a quiet zone of at least 4 modules")
        if allowed is not None:
            for i, a in enumerate(allowed):
                if not a or not a.isascii() or "/" in a or ":" in a or "@" in a or a != a.lower():
                    probs.add(f"qr.allowed_hosts[{i}]", f"{a!r} is not a plain lower-case host name", 'for example "stopitnow.org.uk"')
        if url is not None and allowed:
            # The allow-list names the charity's own domain: every entry must be
            # the self-help site's host or a parent domain of it, so an unrelated
            # host cannot be slipped in beside the real one.
            site = (urlsplit(url).hostname or "").lower()
            for i, a in enumerate(allowed):
                if a and not (site == a or site.endswith("." + a)):
                    probs.add(
                        f"qr.allowed_hosts[{i}]",
                        f"{a!r} is not the self-help site's domain ({site})",
                        "list only the charity's own domain, e.g. stopitnow.org.uk",
                    )
        if url is not None and allowed:
            try:
                check_url(url, allowed)
            except UrlRefused as exc:
                probs.add("qr.url", str(exc), "the QR may only lead to the charity's own site over https")
        tr = q.table("tracking", required=False)
        if tr:
            for k in list(tr.data):
                v = tr.text(k)
                if not TRACKING_KEY.match(k):
                    probs.add(f"qr.tracking.{k}", f"{k!r} is not an attribution parameter", "only utm_* parameters (aggregate attribution) may be added to the QR link")
                    continue
                if v is not None:
                    try:
                        sample = v.format(edition="e", format="f", message="m", lang="l", campaign="c")
                    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
                        probs.add(f"qr.tracking.{k}", f"unknown placeholder {exc}", "use {edition}, {format}, {message}, {lang} or {campaign}")
                        continue
                    if not TRACKING_VALUE.match(sample):
                        probs.add(f"qr.tracking.{k}", f"{v!r} is not a plain label", "use placeholders and letters, digits, '-', '_' or '.' only")
                        continue
                    tracking[k] = v
            tr.done()
        at = q.table("attribution", required=False)
        if at:
            scheme = parse_scheme(at, probs)
            if scheme is not None and scheme.key in tracking:
                probs.add("qr.attribution.key", f"{scheme.key!r} is also a tracking parameter", "use another key")
        q.done()

    c = t.table("charity")
    charity_logo = None
    charity_rule = LogoRule(0.0, 0.0)
    cname = cprog = None
    charity_names: dict[str, dict[str, str]] = {}
    if c:
        cname = c.text("name")
        cprog = c.text("programme")
        charity_rule = read_logo_rule(c, probs)
        nt = c.table("names", required=False)
        if nt and nt.ok:
            for code in list(nt.data):
                n1 = nt.table(code)
                if n1 and n1.ok:
                    charity_names[code] = {"programme": n1.text("programme"), "charity": n1.text("charity")}
                    n1.done()
            nt.done()
        logo = c.raw("logo")
        if logo is not None:
            charity_logo, p = safe_asset_path(root, folder, logo, shown, "charity.logo")
            if p:
                probs.items.append(p)
        c.done()

    r = t.table("regional")
    rslug = rname = rcode = None
    rlangs: list[str] = []
    rnames: dict[str, str] = {}
    rcolours: dict[str, Colour] = {}
    if r:
        rslug = r.text("slug")
        rname = r.text("name")
        rlangs = r.texts("languages") or []
        rn = r.table("names", required=False)
        if rn and rn.ok:
            for code in list(rn.data):
                v = rn.text(code)
                if v:
                    rnames[code] = v
            rn.done()
        if scheme is not None:
            rcode = r.text("attribution", hint='the regional edition\'s code on the QR link, e.g. attribution = "rg"')
            why = check_edition_code(rcode) if rcode is not None else None
            if why:
                probs.add("regional.attribution", why, "use one to four lower-case letters or digits")
                rcode = None
        else:
            r.raw("attribution", None)
        # the regional edition wears the campaign's colours where a force edition wears its force's
        rcolours = read_colours(r, "colours", probs, prefix="force.")
        for c in ("primary", "accent"):
            if f"force.{c}" not in rcolours:
                probs.add(f"regional.colours.{c}", "is missing", f"add [regional.colours.{c}] with cmyk and srgb")
        r.done()

    messages: dict[str, str] = {}
    m = t.table("messages")
    if m and m.ok:
        for mid in list(m.data):
            mt = m.table(mid)
            if mt:
                messages[mid] = mt.text("label", mid)
                mt.done()
        m.done()
    if m is not None and not messages:
        probs.add("messages", "names no message", "add at least [messages.self]")

    facts = read_facts(t, probs, allowed)
    if facts is not None:
        facts = Facts(facts.max_age_days, facts.items, facts.classes, shown)
    source_language = t.text("source_language", "en", hint='the language copy is written in and translated from, e.g. source_language = "en"')

    lang_names: dict[str, str] = {}
    copies: dict[str, Copy] = {}
    lt = t.table("languages")
    if lt and lt.ok:
        for code in list(lt.data):
            l1 = lt.table(code)
            if not l1:
                continue
            lang_names[code] = l1.text("name", code)
            cf = l1.raw("copy")
            l1.done()
            if cf is None:
                continue
            cpath, p = safe_asset_path(root, folder, cf, shown, f"languages.{code}.copy")
            if p:
                probs.items.append(p)
                continue
            values = dict(facts.placeholders() if facts else {})
            values.update({k: v for k, v in charity_names.get(code, {"programme": cprog, "charity": cname}).items() if v})
            copies[code] = _load_copy(cpath, root, code, set(messages), probs, e164, values, code != source_language)
        lt.done()
    if copies and source_language not in copies:
        probs.add("source_language", f"{source_language!r} has no copy file under [languages]", f"languages with copy: {', '.join(sorted(copies))}")
    if source_language in copies:
        from dataclasses import replace

        src = copies[source_language]
        for code, cp in list(copies.items()):
            if code != source_language:
                es = trans.entries(src.raw, cp.raw, cp.records, code, cp.file)
                copies[code] = replace(cp, reviewed=bool(es) and all(e.reviewed for e in es if e.target is not None))
    if facts is not None and source_language in copies:
        src = copies[source_language]
        for f in facts.items.values():
            for i, k in enumerate(f.copy):
                if k not in src.keys():
                    probs.add(f"facts.{f.id}.copy[{i}]", f"{k!r} is not a key of {src.file}", "name the copy keys that state this fact")

    colours = read_colours(t, "colours", probs)
    t.done()
    check_numbers(data, probs, e164, skip=("helpline.e164",))
    probs.raise_if_errors()
    return Campaign(
        root=root,
        file=shown,
        id=cid,
        name=name,
        helpline_e164=e164,
        url=url,
        allowed_hosts=allowed,
        ec_level=ec,
        quiet_zone=int(quiet),
        tracking=tracking,
        attribution=scheme,
        max_qr_version=int(max_version),
        charity_name=cname,
        charity_programme=cprog,
        charity_logo=charity_logo,
        charity_logo_rule=charity_rule,
        regional_slug=rslug,
        regional_code=rcode,
        regional_name=rname,
        regional_languages=rlangs,
        regional_colours=rcolours,
        messages=messages,
        language_names=lang_names,
        copies=copies,
        colours=colours,
        facts=facts,
        source_language=source_language,
        charity_names=charity_names,
        regional_names=rnames,
    )


def _load_copy(path: Path, root: Path, code: str, messages: set[str], outer: Problems, e164: str | None = None, values: dict[str, str] | None = None, translated: bool = False) -> Copy:
    shown = display_path(path, root)
    probs = Problems(shown)
    data = read_toml(path, shown, root)
    t = Table(data, probs, "")
    lang = t.text("language")
    if lang is not None and lang != code:
        probs.add("language", f"says {lang!r} but the campaign lists this file for {code!r}", "fix one of the two")
    reviewed = t.boolean("reviewed", False)
    if translated and "reviewed" in t.data:
        probs.add("reviewed", "a translation is reviewed line by line, not as a whole file", "remove it; each entry's review is recorded in [translated_from] ('posters translations --import' sets it)")
    common = _strings(t.table("common"), probs)
    per: dict[str, dict[str, str]] = {}
    mt = t.table("message", required=False)
    if mt and mt.ok:
        for mid in list(mt.data):
            if mid not in messages:
                mt.raw(mid)
                probs.add(f"message.{mid}", "is not a message the campaign defines", f"messages are: {', '.join(sorted(messages))}")
                continue
            per[mid] = _strings(mt.table(mid), probs)
        mt.done()
    records = _read_records(t, probs) if translated else {}
    if not translated:
        t.raw(trans.RECORDS, None)
        if trans.RECORDS in t.data:
            probs.add(trans.RECORDS, "is only for translated copy files", "the source language's copy is what others are translated from; remove this table")
    t.done()
    raw = trans.raw_entries(data if isinstance(data, dict) else {})
    values = values or {}
    for key, text in raw.items():
        for name in unknown_placeholders(text, values):
            probs.add(key, f"{{{name}}} is not a placeholder the campaign fills in", f"placeholders: {', '.join('{' + v + '}' for v in sorted(values))}")
    common = {k: expand(v, values) for k, v in common.items()}
    per = {m: {k: expand(v, values) for k, v in d.items()} for m, d in per.items()}
    texts = [(f"common.{k}", v) for k, v in common.items()]
    texts += [(f"message.{m}.{k}", v) for m, d in per.items() for k, v in d.items()]
    for key, text in texts:
        found = phone_numbers(text) or (["0808"] if "0808" in text else [])
        for n in found:
            what = "repeats the helpline number" if is_number(n, e164) else "is not the campaign's helpline"
            probs.add(key, f"copy contains the phone number {n!r}, which {what}", "the helpline is printed by the helpline element from campaign.toml; remove numbers from copy")
    outer.items.extend(probs.items)
    return Copy(code, shown, bool(reviewed), common, per, raw, records, not translated)


def _read_records(t: Table, probs: Problems) -> dict[str, "trans.Record"]:
    """[translated_from]: per entry, the digest and text of the source it translates, and whether it was reviewed."""
    rt = t.table(trans.RECORDS, required=False)
    out: dict[str, tr.Record] = {}
    if rt is None or not rt.ok:
        return out

    def leaf(tt: Table, path: str) -> None:
        d = tt.text("digest")
        s = tt.text("source")
        rv = tt.boolean("reviewed", False)
        tt.done()
        if d is not None and s is not None:
            if d != trans.digest(s):
                probs.add(tt.key("digest"), "does not match the recorded source text", "the record was edited by hand: re-import the translation with 'posters translations --import'")
            out[path] = trans.Record(d, s, bool(rv))

    def walk(tt: Table, path: str) -> None:
        for k in list(tt.data):
            sub = tt.table(k)
            if sub is None or not sub.ok:
                continue
            p = f"{path}.{k}" if path else k
            if "digest" in sub.data:
                leaf(sub, p)
            else:
                walk(sub, p)
                sub.done()

    walk(rt, "")
    rt.done()
    return out


def _strings(t: Table | None, probs: Problems) -> dict[str, str]:
    out: dict[str, str] = {}
    if not t or not t.ok:
        return out
    for k in list(t.data):
        v = t.text(k)
        if v is not None:
            if not v.strip():
                probs.add(t.key(k), "is empty", "write the text or remove the key")
            out[k] = v
    return out
