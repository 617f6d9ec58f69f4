"""The campaign: helpline, QR target, palette, messages and copy per language.

Loaded from `assets/campaign/campaign.toml` and the copy files it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from posters import anchors, names
from posters.inputs import phone as hl
from posters.colours import Colour
from posters.errors import Problems, display_path
from posters.inputs.load import read_toml, safe_asset_path
from posters.inputs.schema import Table, suggest
from posters.inputs.urls import UrlRefused, check_url, host_allowed, with_tracking
from posters.inputs.colour_table import read_colours
from posters.inputs.logo_rules import LogoRule, read_logo_rule
from posters.inputs.attribution import DEFAULT_MAX_VERSION, Scheme, check_edition_code, parse_scheme
from posters.inputs import translation_records as trans
from posters.inputs.facts import Facts, expand, read_facts, unknown_placeholders

EC_LEVELS = ("L", "M", "Q", "H")

# Tracking on the QR link is aggregate attribution only: utm_* keys whose values
# are plain labels, so no parameter can carry a redirect target or anything personal.
TRACKING_KEY = re.compile(r"^utm_[a-z]+$")
TRACKING_VALUE = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Copy:
    language: str
    file: str
    reviewed: bool
    common: dict[str, str]
    messages: dict[str, dict[str, str]]
    # copy keys ("common.KEY" or "message.ID.KEY") whose English changed since this
    # translation was last checked; the studio adds them when English is edited
    needs_review: tuple[str, ...] = ()
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

    def source(self, message: str | None, key: str) -> str:
        """The file a line comes from (a force's own copy, or the campaign's)."""
        return self.file

    def over(self, local: "Copy") -> "Copy":
        """This copy with a force's own lines laid over it, key by key."""
        if not local.common and not local.messages:
            return self
        # the force's lines win over the campaign's, its [common] over the
        # campaign's per-message lines too: a local line is never silently unused
        messages = {m: {**self.messages.get(m, {}), **local.common, **local.messages.get(m, {})} for m in sorted({*self.messages, *local.messages})}
        return LocalCopy(self.language, self.file, self.reviewed and local.reviewed, {**self.common, **local.common}, messages, self.needs_review, local=local, base=self)


@dataclass(frozen=True)
class LocalCopy(Copy):
    """A force's copy: the campaign's lines with the force's own over them."""

    local: Copy | None = None
    base: Copy | None = None

    def source(self, message: str | None, key: str) -> str:
        own = self.local.messages.get(message, {}) if message else {}
        return self.local.file if key in own or key in self.local.common else self.base.file


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
    version: str = "1"  # the campaign's print version: on every release pack's name, sheet slug and approval
    facts: Facts | None = None
    source_language: str = "en"
    charity_names: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {programme, charity}
    regional_names: dict[str, str] = field(default_factory=dict)  # lang -> the regional edition's public name
    platforms: dict[str, "Platform"] = field(default_factory=dict)  # where screen images are used, by id ([platforms])

    @property
    def helpline_display(self) -> str:
        return hl.display(self.helpline_e164)

    @property
    def helpline_tel(self) -> str:
        return hl.tel_uri(self.helpline_e164)

    def caption_link(self, edition: str, fmt: str, message: str, lang: str, platform: str) -> str:
        """The link a caption on `platform` carries: the output's own code followed by the
        platform's channel code (`?s=gmqsei`), so a post on one platform can be told from
        one on another; on the charity's own site like the QR link, checked the same way."""
        params = _tracking_values(self, edition, fmt, message, lang)
        if self.attribution is not None:
            params[self.attribution.key] = self.attribution.code(edition, fmt, message, lang) + self.attribution.channel_code(platform)
        return check_url(with_tracking(self.url, params), list(anchors.ALLOWED_HOSTS))

    def qr_payload(self, edition: str, fmt: str, message: str, lang: str) -> str:
        params = _tracking_values(self, edition, fmt, message, lang)
        if self.attribution is not None:
            params[self.attribution.key] = self.attribution.code(edition, fmt, message, lang)
        return check_url(with_tracking(self.url, params), list(anchors.ALLOWED_HOSTS))


def _tracking_values(campaign: "Campaign", edition: str, fmt: str, message: str, lang: str) -> dict[str, str]:
    values = {"edition": edition, "format": fmt, "message": message, "lang": lang, "campaign": campaign.id}
    return {k: v.format(**values) for k, v in campaign.tracking.items()}


@dataclass(frozen=True)
class Platform:
    """Where a screen image is used (`[platforms.<id>]` in campaign.toml): its name as
    people know it, and whether posts there carry a caption (a social platform) and
    how long one may be."""

    id: str
    name: str
    captions: bool = True
    caption_max: int | None = None  # characters, where the platform limits them
    alt_max: int | None = None  # characters of an image's alt text, where the platform limits them


def check_numbers(data: object, probs: Problems, e164: str | None = None, key: str = "", skip: tuple[str, ...] = ()) -> None:
    """Refuse any phone number, in any text of a data file, that is not the campaign's helpline.

    Layout names, force names and labels end up in the PDF's text or metadata;
    a second number there could send a caller somewhere else. What counts as a
    number is the one rule in posters.inputs.phone; the helpline is the tool's.
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
        for n in hl.foreign_numbers(data):
            probs.add(
                key,
                f"has the phone number {n!r}, which is not the campaign's helpline ({hl.display(anchors.HELPLINE_E164)})",
                "remove it: the helpline element prints the one number from campaign.toml",
            )


def load_campaign(root: Path) -> Campaign:
    """campaign.toml and its copy files; every problem in them is collected before one InputError."""
    folder = root / "assets" / "campaign"
    path = folder / "campaign.toml"
    shown = display_path(path, root)
    probs = Problems(shown)
    data = read_toml(path, shown, root)
    t = Table(data, probs, "")

    cid = t.text("id")
    name = t.text("name")
    version = t.text("version", "1")
    if version is not None and not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,15}", version):
        probs.add("version", f"{version!r} is not a short version label", 'use letters, digits, "." or "-", e.g. version = "2"')
        version = "1"
    e164 = _helpline(t.table("helpline"), probs)
    qr = _qr(t.table("qr"), probs)
    charity = _charity(t.table("charity"), probs, root, folder, shown)
    regional = _regional(t.table("regional"), probs, qr.scheme)
    messages = _messages(t.table("messages"), probs)
    facts = read_facts(t, probs, list(anchors.ALLOWED_HOSTS))
    if facts is not None:
        facts = Facts(facts.max_age_days, facts.items, facts.classes, shown)
    source_language = t.text("source_language", "en", hint='the language copy is written in and translated from, e.g. source_language = "en"')
    fills = facts.placeholders() if facts else {}
    lang_names, copies = _languages(t.table("languages"), probs, root, folder, shown, set(messages), e164, charity, fills, source_language)
    copies = _bind_translations(copies, source_language, facts, probs)
    for i, code in enumerate(regional.languages):
        if not names.LANGUAGES.match(code) or not all(part in copies for part in code.split("-")):
            probs.add(f"regional.languages[{i}]", f"{code!r} is not a language of the campaign", f"use {', '.join(sorted(copies)) or 'a language listed under [languages]'} or a pair like cy-en")
    colours = read_colours(t, "colours", probs)
    platforms = _platforms(t.table("platforms", required=False), probs, qr.scheme)
    for code in sorted({part for lang in regional.languages for part in lang.split("-")}):
        if regional.slug and code in copies and code not in regional.names:
            # the regional edition's name is shown to the public (its web page): never the internal label
            probs.add("regional.names", f"has no public name for the regional edition in {campaign_language(lang_names, code)}", f'add {code} = "..." under [regional.names], the name the public sees (not the internal label {regional.name!r})')
    t.done()
    check_numbers(data, probs, e164, skip=("helpline.e164",))
    check_addresses(data, probs)
    probs.raise_if_errors()
    return Campaign(
        root=root,
        file=shown,
        id=cid,
        name=name,
        helpline_e164=e164,
        url=qr.url,
        allowed_hosts=qr.allowed,
        ec_level=qr.ec,
        quiet_zone=int(qr.quiet),
        tracking=qr.tracking,
        attribution=qr.scheme,
        max_qr_version=int(qr.max_version),
        charity_name=charity.name,
        charity_programme=charity.programme,
        charity_logo=charity.logo,
        charity_logo_rule=charity.rule,
        regional_slug=regional.slug,
        regional_code=regional.code,
        regional_name=regional.name,
        regional_languages=regional.languages,
        regional_colours=regional.colours,
        messages=messages,
        language_names=lang_names,
        copies=copies,
        colours=colours,
        version=version or "1",
        facts=facts,
        source_language=source_language,
        charity_names=charity.names,
        regional_names=regional.names,
        platforms=platforms,
    )


def campaign_language(names: dict[str, str], code: str) -> str:
    return f"{names.get(code, code)} ({code})"


def _named_tables(t: Table, probs: Problems, section: str, what: str, example: str):
    """Each [section.<id>] table in the file's order, as (id, table); an id that is not a slug
    is reported under its key and skipped, and so is an entry that is not a table."""
    for tid in list(t.data):
        if why := names.slug_problem(tid, what):
            t.raw(tid)
            probs.add(f"{section}.{tid}", why, f"use lower-case letters, digits and hyphens, e.g. [{section}.{example}]")
            continue
        sub = t.table(tid)
        if sub:
            yield tid, sub


def _platforms(pt: Table | None, probs: Problems, scheme) -> dict[str, Platform]:
    """[platforms]: each place screen images are used, by id; a platform with captions needs a
    channel code under [qr.attribution.channel] for its caption's link."""
    out: dict[str, Platform] = {}
    if not pt or not pt.ok:
        return out
    for pid, p1 in _named_tables(pt, probs, "platforms", "platform id", "instagram"):
        name = p1.text("name", hint='the name people know it by, e.g. name = "Instagram"')
        captions = p1.boolean("captions", True)
        limit = p1.number("caption_max", None, lo=50, hi=100_000, unit="characters")
        alt_limit = p1.number("alt_max", None, lo=50, hi=100_000, unit="characters")
        p1.done()
        if name is None:
            continue
        if captions and scheme is not None and pid not in scheme.codes.get("channel", {}):
            probs.add(f"platforms.{pid}", f"{name} has captions but no channel code for their link", f'add {pid} = "<code>" under [qr.attribution.channel] (one to four letters or digits), or captions = false')
        out[pid] = Platform(pid, name, bool(captions), int(limit) if limit is not None else None, int(alt_limit) if alt_limit is not None else None)
    pt.done()
    if scheme is not None:
        for pid in scheme.codes.get("channel", {}):
            if pid not in out:
                probs.add(f"qr.attribution.channel.{pid}", f"{pid!r} is not a platform under [platforms]", suggest(pid, sorted(out)))
    return out


def _bind_translations(copies: dict[str, Copy], source_language: str, facts: Facts | None, probs: Problems) -> dict[str, Copy]:
    """A translation counts as reviewed only when every line is, against today's source; facts name real copy keys."""
    from dataclasses import replace

    if copies and source_language not in copies:
        probs.add("source_language", f"{source_language!r} has no copy file under [languages]", f"languages with copy: {', '.join(sorted(copies))}")
        return copies
    if not copies:
        return copies
    src = copies[source_language]
    out = dict(copies)
    for code, cp in copies.items():
        if code != source_language:
            es = trans.entries(src.raw, cp.raw, cp.records, code, cp.file, cp.needs_review)
            out[code] = replace(cp, reviewed=bool(es) and all(e.reviewed for e in es if e.target is not None))
    for f in facts.items.values() if facts else ():
        for i, k in enumerate(f.copy):
            if k not in src.keys():
                probs.add(f"facts.{f.id}.copy[{i}]", f"{k!r} is not a key of {src.file}", "name the copy keys that state this fact")
    return out


def _helpline(h: Table | None, probs: Problems) -> str | None:
    """[helpline]: the number in +44 form, or None when it is missing or wrong (and said so)."""
    if not h:
        return None
    e164 = h.text("e164", hint='for example e164 = "+448081000900"')
    if e164 is not None and not hl.is_e164_uk(e164):
        probs.add("helpline.e164", f"{e164!r} is not a UK number in +44 form", 'write it as "+44" and ten digits')
        e164 = None
    # The number is entered twice on purpose, in two forms: one wrong digit in
    # either cannot reach a poster unnoticed.
    published = h.text("published", hint='the number as the charity prints it, e.g. published = "0808 1000 900"')
    if e164 is not None and published is not None and hl.display(e164) != published.strip():
        probs.add(
            "helpline.e164",
            f"{e164} reads as {hl.display(e164)}, but helpline.published says {published.strip()}",
            "the helpline is entered twice so that a wrong digit is caught: check both against the number Stop it Now! publishes",
        )
        e164 = None
    if e164 is not None and e164 != anchors.HELPLINE_E164:
        probs.add(
            "helpline.e164",
            f"{e164} is not the Stop it Now! helpline this tool is released for ({anchors.HELPLINE_E164})",
            "the helpline is pinned in the tool itself so that changed data cannot print another number; if the charity's number really changed, it changes there in a reviewed release",
        )
        e164 = None
    h.done()
    return e164


@dataclass
class _Qr:
    url: str | None = None
    allowed: list[str] | None = None
    ec: str | None = None
    quiet: float | None = None
    tracking: dict[str, str] = field(default_factory=dict)
    scheme: object | None = None  # the attribution scheme, when [qr.attribution] is given
    max_version: float = DEFAULT_MAX_VERSION


def _qr(q: Table | None, probs: Problems) -> _Qr:
    """[qr]: the self-help link, the hosts it may lead to, and the symbol's settings."""
    out = _Qr()
    if not q:
        return out
    out.max_version = q.number("max_version", DEFAULT_MAX_VERSION, lo=1, hi=40, hint="the largest QR version any output may carry; 4 or lower keeps modules large enough for phones")
    out.allowed = allowed = q.texts("allowed_hosts")
    out.url = url = q.text("url")
    out.ec = q.text("error_correction", "M", choices=EC_LEVELS)
    out.quiet = q.number("quiet_zone_modules", 4, lo=4, hi=16, hint="print needs a quiet zone of at least 4 modules")
    if allowed is not None:
        for i, a in enumerate(allowed):
            if not a or not a.isascii() or "/" in a or ":" in a or "@" in a or a != a.lower():
                probs.add(f"qr.allowed_hosts[{i}]", f"{a!r} is not a plain lower-case host name", 'for example "stopitnow.org.uk"')
            elif not host_allowed(a, list(anchors.ALLOWED_HOSTS)):
                probs.add(
                    f"qr.allowed_hosts[{i}]",
                    f"{a!r} is not one of the hosts this tool is released for ({', '.join(anchors.ALLOWED_HOSTS)})",
                    "the QR code's hosts are pinned in the tool itself, so changed data cannot send a scan elsewhere",
                )
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
    if url is not None:
        try:
            check_url(url, list(anchors.ALLOWED_HOSTS))
        except UrlRefused as exc:
            probs.add("qr.url", str(exc), "the QR may only lead to the charity's own site over https")
    out.tracking = _tracking(q.table("tracking", required=False), probs)
    at = q.table("attribution", required=False)
    if at:
        out.scheme = parse_scheme(at, probs)
        if out.scheme is not None and out.scheme.key in out.tracking:
            probs.add("qr.attribution.key", f"{out.scheme.key!r} is also a tracking parameter", "use another key")
    q.done()
    return out


def _tracking(tr: Table | None, probs: Problems) -> dict[str, str]:
    """[qr.tracking]: utm_* labels added to the link, with placeholders for the output."""
    tracking: dict[str, str] = {}
    if not tr:
        return tracking
    for k in list(tr.data):
        v = tr.text(k)
        if not TRACKING_KEY.match(k):
            probs.add(f"qr.tracking.{k}", f"{k!r} is not an attribution parameter", "only utm_* parameters (aggregate attribution) may be added to the QR link")
            continue
        if v is not None:
            from posters.inputs.schema import placeholder_problem

            wrong = placeholder_problem(v, ("edition", "format", "message", "lang", "campaign"))
            if wrong is not None:
                probs.add(f"qr.tracking.{k}", f"{v[:80]!r} {wrong}", "use {edition}, {format}, {message}, {lang} or {campaign}, written plain")
                continue
            sample = v.format(edition="e", format="f", message="m", lang="l", campaign="c")
            if not TRACKING_VALUE.match(sample):
                probs.add(f"qr.tracking.{k}", f"{v!r} is not a plain label", "use placeholders and letters, digits, '-', '_' or '.' only")
                continue
            tracking[k] = v
    tr.done()
    return tracking


@dataclass
class _Charity:
    name: str | None = None
    programme: str | None = None
    logo: Path | None = None
    rule: LogoRule = field(default_factory=lambda: LogoRule(0.0, 0.0))
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {programme, charity}, for {programme} and {charity} in copy


def _charity(c: Table | None, probs: Problems, root: Path, folder: Path, shown: str) -> _Charity:
    """[charity]: its name, the programme's name and its logo file."""
    out = _Charity()
    if not c:
        return out
    out.name = c.text("name")
    out.programme = c.text("programme")
    out.rule = read_logo_rule(c, probs)
    nt = c.table("names", required=False)
    if nt and nt.ok:
        for code in list(nt.data):
            n1 = nt.table(code)
            if n1 and n1.ok:
                out.names[code] = {"programme": n1.text("programme"), "charity": n1.text("charity")}
                n1.done()
        nt.done()
    logo = c.raw("logo")
    if logo is not None:
        out.logo, p = safe_asset_path(root, folder, logo, shown, "charity.logo")
        if p:
            probs.items.append(p)
    c.done()
    return out


@dataclass
class _Regional:
    slug: str | None = None
    code: str | None = None  # its code on the QR link
    name: str | None = None
    languages: list[str] = field(default_factory=list)
    colours: dict[str, Colour] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # lang -> its name in that language


def _regional(r: Table | None, probs: Problems, scheme) -> _Regional:
    """[regional]: the edition with every force's logo."""
    out = _Regional()
    if not r:
        return out
    out.slug = r.text("slug")
    if out.slug is not None and (why := names.slug_problem(out.slug, "edition slug")):
        probs.add("regional.slug", why, "use lower-case letters, digits and hyphens, e.g. regional")
        out.slug = None
    out.name = r.text("name")
    out.languages = r.texts("languages") or []
    rn = r.table("names", required=False)
    if rn and rn.ok:
        for code in list(rn.data):
            v = rn.text(code)
            if v:
                out.names[code] = v
        rn.done()
    if r.has("languages") and not out.languages:
        probs.add("regional.languages", "names no language, so the regional edition would make nothing", 'list at least one, e.g. languages = ["en"]')
    if scheme is not None:
        out.code = r.text("attribution", hint='the regional edition\'s code on the QR link, e.g. attribution = "rg"')
        why = check_edition_code(out.code) if out.code is not None else None
        if why:
            probs.add("regional.attribution", why, "use one to four lower-case letters or digits")
            out.code = None
    else:
        r.raw("attribution", None)
    # the regional edition wears the campaign's colours where a force edition wears its force's
    out.colours = read_colours(r, "colours", probs, prefix="force.")
    for c in ("primary", "accent"):
        if f"force.{c}" not in out.colours:
            probs.add(f"regional.colours.{c}", "is missing", f"add [regional.colours.{c}] with cmyk and srgb")
    r.done()
    return out


def _messages(m: Table | None, probs: Problems) -> dict[str, str]:
    """[messages]: message id -> label, in the file's order."""
    messages: dict[str, str] = {}
    if m and m.ok:
        for mid, mt in _named_tables(m, probs, "messages", "message id", "self"):
            messages[mid] = mt.text("label", mid)
            mt.done()
        m.done()
    if m is not None and not messages:
        probs.add("messages", "names no message", "add at least [messages.self]")
    return messages


def _languages(lt: Table | None, probs: Problems, root: Path, folder: Path, shown: str, messages: set[str], e164: str | None, charity: "_Charity", fills: dict[str, str], source_language: str) -> tuple[dict[str, str], dict[str, Copy]]:
    """[languages]: each language's name and its copy file, read and checked."""
    lang_names: dict[str, str] = {}
    copies: dict[str, Copy] = {}
    if not (lt and lt.ok):
        return lang_names, copies
    for code in list(lt.data):
        if not names.LANGUAGE.match(code):
            lt.raw(code)
            probs.add(f"languages.{code}", f"{code!r} is not a language code: it becomes part of file names", "use a two-letter code, e.g. [languages.cy]")
            continue
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
        values = dict(fills)
        values.update({k: v for k, v in charity.names.get(code, {"programme": charity.programme, "charity": charity.name}).items() if v})
        copies[code] = _load_copy(cpath, root, code, messages, probs, e164, values, code != source_language)
    lt.done()
    return lang_names, copies


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
    needs_review: list[str] = []
    raw_review = t.raw("needs_review", [])
    if not isinstance(raw_review, list) or not all(isinstance(k, str) for k in raw_review):
        probs.add("needs_review", "must be a list of copy keys", 'for example needs_review = ["message.self.headline"]')
    else:
        needs_review = raw_review
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
        # copy names no number but the emergency one: the helpline element prints the helpline
        for n in (n for n in hl.numbers(text) if not hl.is_emergency(n)):
            what = "repeats the helpline number" if hl.is_helpline(n) else "is not the campaign's helpline"
            probs.add(key, f"copy contains the phone number {n!r}, which {what}", "the helpline is printed by the helpline element from campaign.toml; remove numbers from copy")
        for bad in address_problems(text):
            probs.add(key, *bad)
    outer.items.extend(probs.items)
    return Copy(code, shown, bool(reviewed), common, per, tuple(needs_review), raw, records, not translated)


def _read_records(t: Table, probs: Problems) -> dict[str, "trans.Record"]:
    """[translated_from]: per entry, the digest and text of the source it translates, and whether it was reviewed."""
    rt = t.table(trans.RECORDS, required=False)
    out: dict[str, trans.Record] = {}
    if rt is None or not rt.ok:
        return out

    def leaf(tt: Table, path: str) -> None:
        d = tt.text("digest")
        s = tt.text("source")
        rv = tt.boolean("reviewed", False)
        text = tt.text("text", None) if "text" in tt.data else None
        tt.done()
        if d is not None and s is not None:
            if d != trans.digest(s):
                probs.add(tt.key("digest"), "does not match the recorded source text", "the record was edited by hand: re-import the translation with 'posters translations --import'")
            out[path] = trans.Record(d, s, bool(rv), text)

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


def load_local_copy(path: Path, root: Path, code: str, campaign: "Campaign", outer: Problems) -> Copy:
    """A force's own lines in one language (`copy/<lang>.toml` in its folder):
    any key of the campaign's copy, under [common] or [message.<id>]."""
    shown = display_path(path, root)
    probs = Problems(shown)
    t = Table(read_toml(path, shown, root), probs, "")
    base = campaign.copies.get(code)
    lang = t.text("language", code)
    if lang != code:
        probs.add("language", f"says {lang!r} but the file is named {path.name}", f"name the file {lang}.toml, or fix language")
    reviewed = t.boolean("reviewed", False)
    common = _strings(t.table("common", required=False), probs)
    per: dict[str, dict[str, str]] = {}
    mt = t.table("message", required=False)
    if mt and mt.ok:
        for mid in list(mt.data):
            if mid not in campaign.messages:
                mt.raw(mid)
                probs.add(f"message.{mid}", "is not a message the campaign defines", suggest(mid, sorted(campaign.messages)))
                continue
            per[mid] = _strings(mt.table(mid), probs)
        mt.done()
    t.done()
    known = sorted(base.keys()) if base else []
    texts = [(f"common.{k}", k, v) for k, v in common.items()]
    texts += [(f"message.{m}.{k}", k, v) for m, d in per.items() for k, v in d.items()]
    for key, name, text in texts:
        if base is not None and name not in known:
            probs.add(key, f"{name!r} is not a line of the campaign's copy", suggest(name, known))
        # copy names no number but the emergency one: the helpline element prints the helpline
        for n in (n for n in hl.numbers(text) if not hl.is_emergency(n)):
            what = "repeats the helpline number" if hl.is_helpline(n) else "is not the campaign's helpline"
            probs.add(key, f"copy contains the phone number {n!r}, which {what}", "the helpline is printed by the helpline element from campaign.toml; remove numbers from copy")
        for bad in address_problems(text):
            probs.add(key, *bad)
    outer.items.extend(probs.items)
    return Copy(code, shown, bool(reviewed), common, per)


def check_addresses(data: object, probs: Problems, key: str = "") -> None:
    """Refuse a web address off the allow-list in any text of a data file (campaign.toml, force.toml):
    names and labels end up in the PDFs, the accessible pages and their link previews."""
    if isinstance(data, dict):
        for k, v in data.items():
            check_addresses(v, probs, f"{key}.{k}" if key else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            check_addresses(v, probs, f"{key}[{i}]")
    elif isinstance(data, str):
        for bad in address_problems(data):
            probs.add(key, *bad)


def address_problems(text: str) -> list[tuple[str, str]]:
    """(what is wrong, hint) for each web address in a line of text that leads off the allow-list:
    printed, it is typed in by someone looking for help as surely as the QR code is scanned."""
    from posters.inputs.urls import foreign_addresses

    allowed = list(anchors.ALLOWED_HOSTS)
    return [
        (
            f"has the web address {a!r}, which is not on the charity's own site ({', '.join(allowed)})",
            "remove it: only the charity's own addresses may be printed; the QR code and the url element carry the self-help link",
        )
        for a in foreign_addresses(text, allowed)
    ]


MAX_COPY_CHARS = 2_000  # one line of copy; the longest the campaign has is under 200
# Characters that reorder what is shown (the "Trojan Source" set): in a description or title a
# reader would hear or see words other than those written, and a number could be shown reversed.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def copy_text_problem(v: str) -> tuple[str, str] | None:
    """(what is wrong, hint) for a line of copy a reader could not be given as written."""
    if len(v) > MAX_COPY_CHARS:
        return (f"is {len(v)} characters long; a line of copy is at most {MAX_COPY_CHARS}", "shorten it; longer text belongs on the web page the QR code opens")
    for ch in v:
        if ch in _BIDI_CONTROLS:
            return (f"has the invisible direction control U+{ord(ch):04X}, which makes readers show or speak the words in another order", "delete it (retype the line if you cannot see it)")
        if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0:
            return (f"has the control character U+{ord(ch):04X}, which no reader shows and a screen reader may stop at", "delete it (retype the line if you cannot see it)")
    return None


def _strings(t: Table | None, probs: Problems) -> dict[str, str]:
    out: dict[str, str] = {}
    if not t or not t.ok:
        return out
    for k in list(t.data):
        v = t.text(k)
        if v is not None:
            if not v.strip():
                probs.add(t.key(k), "is empty", "write the text or remove the key")
            bad = copy_text_problem(v)
            if bad is not None:
                probs.add(t.key(k), *bad)
                continue
            out[k] = v
    return out
