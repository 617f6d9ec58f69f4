"""Facts about the helpline that the copy states, each with its source and age,
and the rule table of which facts each format class must print.

A fact is something the charity publishes and may change: opening hours,
that calls are free from mobiles and landlines, that the line can be used in
English or Welsh, the live chat and secure messaging pages, the limits of
confidentiality and the policy that sets them out. Each lives in
`[facts.<id>]` of campaign.toml with the page it was checked against
(`source`), the day it was checked (`checked`), and whether that check was
made on the live page or taken from the campaign brief (`checked_from`).
A fact without a source is refused; a fact checked longer ago than
`[facts] max_age_days`, or not yet confirmed against the live page, is
reported (a warning; `posters build --release` refuses).

`[carry]` is the rule table: which facts each class of format must print.
The build reads every output's text back from its PDF and checks that each
fact its class requires is there (`verify/facts_readback.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from posters.errors import Problem, Problems
from posters.inputs.schema import Table, suggest
from posters.inputs.urls import UrlRefused, check_url

# The self-help site's address, printed in words: not a [facts] entry (it is
# the QR target in [qr]) but a rule of the table like the others.
ADDRESS = "address"
CHECKED_FROM = ("live site", "campaign brief")
# A placeholder in copy: {policy} -> the printed form of facts.<id>.url for the
# fact whose `placeholder` is "policy".
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Fact:
    id: str
    says: str  # the fact in plain English, for reviewers and the accessible page's sources list
    source: str  # the page it was checked against
    checked: dt.date
    checked_from: str  # "live site" or "campaign brief"
    confirmed: bool  # checked against the live page and found to hold
    copy: tuple[str, ...] = ()  # copy keys that state it
    url: str | None = None  # a page of its own (chat, messaging, the policy): printed and linked
    placeholder: str | None = None  # name under which copy can print the url, e.g. {policy}
    note: str = ""

    def age_days(self, today: dt.date) -> int:
        return (today - self.checked).days


@dataclass(frozen=True)
class FormatClass:
    name: str
    formats: tuple[str, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    max_age_days: int
    items: dict[str, Fact]
    classes: dict[str, FormatClass]
    file: str = ""

    def placeholders(self) -> dict[str, str]:
        return {f.placeholder: shown(f.url) for f in self.items.values() if f.placeholder and f.url}

    def class_of(self, fmt: str) -> FormatClass | None:
        return next((c for c in self.classes.values() if fmt in c.formats), None)

    def required(self, fmt: str) -> tuple[str, ...]:
        c = self.class_of(fmt)
        return c.facts if c else ()

    def report(self, today: dt.date | None = None) -> list[Problem]:
        """Facts that need attention before shipping: too old, or not confirmed on the live page."""
        today = today or dt.date.today()
        out = []
        for f in self.items.values():
            if f.age_days(today) > self.max_age_days:
                out.append(Problem(self.file, f"facts.{f.id}.checked", f"was last checked on {f.checked.isoformat()}, {f.age_days(today)} days ago (more than {self.max_age_days})", f"check it again on {f.source} and set checked to the day you did", "warning"))
            if not f.confirmed:
                came = "taken from the campaign brief, not the live site" if f.checked_from == "campaign brief" else "not yet confirmed"
                out.append(Problem(self.file, f"facts.{f.id}", f"{f.says!r} is {came}", f"confirm it on {f.source} before shipping, then set checked_from = \"live site\" and confirmed = true", "warning"))
        return out


def shown(url: str) -> str:
    """A link as printed: no scheme, no trailing slash."""
    return url.removeprefix("https://").rstrip("/")


def expand(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str, values: dict[str, str]) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1) not in values]


def read_facts(t: Table, probs: Problems, allowed_hosts: list[str] | None, formats_hint: str = "") -> Facts | None:
    """Read `[facts]` and `[carry]` from campaign.toml."""
    ft = t.table("facts", required=False)
    if ft is None:
        probs.add("facts", "is missing", "add [facts] with max_age_days and one [facts.<id>] per fact the copy states (see the README)")
        return None
    max_age = ft.number("max_age_days", 183, lo=1, hi=3660, hint="warn when a fact was checked longer ago than this many days, e.g. 183 (six months)")
    items: dict[str, Fact] = {}
    for fid in [k for k in ft.data if k != "max_age_days"]:
        f = ft.table(fid)
        if not f or not f.ok:
            continue
        fact = _read_fact(fid, f, probs, allowed_hosts)
        if fact is not None:
            items[fid] = fact
    ft.done()
    places = [f.placeholder for f in items.values() if f.placeholder]
    for p in {p for p in places if places.count(p) > 1}:
        probs.add("facts", f"more than one fact has placeholder = {p!r}", "give each fact its own placeholder name")

    classes: dict[str, FormatClass] = {}
    ct = t.table("carry", required=False)
    if ct is None:
        probs.add("carry", "is missing", "add the rule table: [carry.<class>] with formats = [...] and facts = [...]")
    elif ct.ok:
        seen: dict[str, str] = {}
        known = sorted([*items, ADDRESS])
        for name in list(ct.data):
            c = ct.table(name)
            if not c or not c.ok:
                continue
            fmts = c.texts("formats", hint='the layout formats of this class, e.g. formats = ["a4-poster"]') or []
            needs = c.texts("facts", hint=f'the facts it must print, from: {", ".join(known)}') or []
            c.done()
            for fmt in fmts:
                if fmt in seen:
                    probs.add(f"carry.{name}.formats", f"{fmt!r} is also in carry.{seen[fmt]}", "put each format in one class")
                seen[fmt] = name
            for i, n in enumerate(needs):
                if n not in known:
                    probs.add(f"carry.{name}.facts[{i}]", f"{n!r} is not a fact", suggest(n, known))
            classes[name] = FormatClass(name, tuple(fmts), tuple(n for n in needs if n in known))
        ct.done()
    return Facts(int(max_age or 183), items, classes)


def _read_fact(fid: str, f: Table, probs: Problems, allowed_hosts: list[str] | None) -> Fact | None:
    says = f.text("says", hint="the fact in plain words, e.g. says = \"Free to call from UK landlines and mobiles\"")
    source = f.raw("source", None)
    if source is None or source == "":
        probs.add(f.key("source"), "is missing: a fact without a source cannot be re-checked", "add source = \"https://...\", the charity's page that states it")
        source = None
    elif not isinstance(source, str) or not source.startswith("https://"):
        probs.add(f.key("source"), f"{source!r} is not an https address", "give the charity's page that states the fact, e.g. source = \"https://www.stopitnow.org.uk/...\"")
        source = None
    checked = f.raw("checked", None)
    if checked is None:
        probs.add(f.key("checked"), "is missing: the date the fact was last checked", "add checked = 2026-11-30 (a TOML date, no quotes)")
    elif isinstance(checked, dt.datetime) or not isinstance(checked, dt.date):
        probs.add(f.key("checked"), f"{checked!r} is not a date", "write checked = 2026-11-30, without quotes")
        checked = None
    came = f.text("checked_from", choices=CHECKED_FROM, hint='"live site" (you read the charity\'s page) or "campaign brief"')
    confirmed = f.boolean("confirmed", False)
    if confirmed and came == "campaign brief":
        probs.add(f.key("confirmed"), "is true, but checked_from says the fact was taken from the campaign brief", "confirm it on the live page, then set checked_from = \"live site\"")
    copy = f.texts("copy", [], hint='the copy keys that state this fact, e.g. copy = ["hours"]')
    url = f.text("url", None)
    if url is not None and allowed_hosts:
        try:
            check_url(url, allowed_hosts)
        except UrlRefused as exc:
            probs.add(f.key("url"), str(exc), "contact routes and policies are printed and linked: they must be on the charity's own site")
            url = None
    placeholder = f.text("placeholder", None)
    if placeholder is not None and (url is None or not re.fullmatch(r"[a-z_]+", placeholder)):
        probs.add(f.key("placeholder"), "needs a url and a lower-case name", 'e.g. url = "https://..." and placeholder = "policy"')
        placeholder = None
    note = f.text("note", "")
    f.done()
    if None in (says, source, checked, came):
        return None
    return Fact(fid, says, source, checked, came, bool(confirmed), tuple(copy or ()), url, placeholder, note or "")
