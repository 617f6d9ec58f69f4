"""The campaign: helpline, QR target, palette, messages and copy per language.

Loaded from `assets/campaign/campaign.toml` and the copy files it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from posters import helpline as hl
from posters.colours import Colour
from posters.errors import Problems, display_path
from posters.load import read_toml, safe_asset_path
from posters.schema import Table
from posters.urls import UrlRefused, check_url, with_tracking
from posters.colour_table import read_colours

EC_LEVELS = ("L", "M", "Q", "H")


@dataclass(frozen=True)
class Copy:
    language: str
    file: str
    reviewed: bool
    common: dict[str, str]
    messages: dict[str, dict[str, str]]

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
    charity_name: str
    charity_programme: str
    charity_logo: Path | None
    regional_slug: str
    regional_name: str
    regional_languages: list[str]
    regional_colours: dict[str, Colour]
    messages: dict[str, str]
    language_names: dict[str, str]
    copies: dict[str, Copy]
    colours: dict[str, Colour] = field(default_factory=dict)

    @property
    def helpline_display(self) -> str:
        return hl.display(self.helpline_e164)

    @property
    def helpline_tel(self) -> str:
        return hl.tel_uri(self.helpline_e164)

    def qr_payload(self, edition: str, fmt: str, message: str, lang: str) -> str:
        values = {"edition": edition, "format": fmt, "message": message, "lang": lang, "campaign": self.id}
        params = {k: v.format(**values) for k, v in self.tracking.items()}
        return check_url(with_tracking(self.url, params), self.allowed_hosts)


def load_campaign(root: Path) -> Campaign:
    folder = root / "assets" / "campaign"
    path = folder / "campaign.toml"
    shown = display_path(path, root)
    probs = Problems(shown)
    t = Table(read_toml(path, shown), probs, "")

    cid = t.text("id")
    name = t.text("name")
    h = t.table("helpline")
    e164 = h.text("e164", hint='for example e164 = "+448081000900"') if h else None
    if e164 is not None and not hl.is_e164_uk(e164):
        probs.add("helpline.e164", f"{e164!r} is not a UK number in +44 form", 'write it as "+44" and ten digits')
        e164 = None
    if h:
        h.done()

    q = t.table("qr")
    url = allowed = ec = quiet = None
    tracking: dict[str, str] = {}
    if q:
        allowed = q.texts("allowed_hosts")
        url = q.text("url")
        ec = q.text("error_correction", "M", choices=EC_LEVELS)
        quiet = q.number("quiet_zone_modules", 4, lo=4, hi=16, hint="print needs a quiet zone of at least 4 modules")
        if allowed is not None:
            for i, a in enumerate(allowed):
                if not a or not a.isascii() or "/" in a or ":" in a or "@" in a or a != a.lower():
                    probs.add(f"qr.allowed_hosts[{i}]", f"{a!r} is not a plain lower-case host name", 'for example "stopitnow.org.uk"')
        if url is not None and allowed:
            try:
                check_url(url, allowed)
            except UrlRefused as exc:
                probs.add("qr.url", str(exc), "the QR may only lead to the charity's own site over https")
        tr = q.table("tracking", required=False)
        if tr:
            for k in list(tr.data):
                v = tr.text(k)
                if v is not None:
                    try:
                        v.format(edition="e", format="f", message="m", lang="l", campaign="c")
                        tracking[k] = v
                    except (KeyError, IndexError, ValueError) as exc:
                        probs.add(f"qr.tracking.{k}", f"unknown placeholder {exc}", "use {edition}, {format}, {message}, {lang} or {campaign}")
            tr.done()
        q.done()

    c = t.table("charity")
    charity_logo = None
    cname = cprog = None
    if c:
        cname = c.text("name")
        cprog = c.text("programme")
        logo = c.raw("logo")
        if logo is not None:
            charity_logo, p = safe_asset_path(root, folder, logo, shown, "charity.logo")
            if p:
                probs.items.append(p)
        c.done()

    r = t.table("regional")
    rslug = rname = None
    rlangs: list[str] = []
    rcolours: dict[str, Colour] = {}
    if r:
        rslug = r.text("slug")
        rname = r.text("name")
        rlangs = r.texts("languages") or []
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
            copies[code] = _load_copy(cpath, root, code, set(messages), probs)
        lt.done()

    colours = read_colours(t, "colours", probs)
    t.done()
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
        charity_name=cname,
        charity_programme=cprog,
        charity_logo=charity_logo,
        regional_slug=rslug,
        regional_name=rname,
        regional_languages=rlangs,
        regional_colours=rcolours,
        messages=messages,
        language_names=lang_names,
        copies=copies,
        colours=colours,
    )


def _load_copy(path: Path, root: Path, code: str, messages: set[str], outer: Problems) -> Copy:
    shown = display_path(path, root)
    probs = Problems(shown)
    t = Table(read_toml(path, shown), probs, "")
    lang = t.text("language")
    if lang is not None and lang != code:
        probs.add("language", f"says {lang!r} but the campaign lists this file for {code!r}", "fix one of the two")
    reviewed = t.boolean("reviewed", False)
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
    t.done()
    for text in [*common.values(), *(v for d in per.values() for v in d.values())]:
        digits = hl.digits_only(text)
        if "0808" in text or len(digits) >= 10:
            probs.add("", f"copy contains a phone number ({text!r})", "the helpline is printed by the helpline element from campaign.toml; remove numbers from copy")
            break
    outer.items.extend(probs.items)
    return Copy(code, shown, bool(reviewed), common, per)


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
