"""[facts] Every output prints the facts its format class must carry.

The rule table (`[carry]` in campaign.toml) names, per class of format, the
facts an output must print: the self-help address on every format, the
opening hours from A5 up, the confidentiality policy link on the DL, A4 and
larger. What must appear is worked out from the campaign data (the copy
lines that state each fact, in each language of the output, and the printed
form of its link); whether it does is read from the PDF's own text, not
from the plan that made it.
"""

from __future__ import annotations

from posters.inputs.facts import ADDRESS, shown
from posters.verify.findings import Finding, error


def expected_texts(campaign, fmt: str, langs: list[str], message: str) -> list[tuple[str, str]]:
    """(fact id, text that must be printed) for an output of format `fmt`."""
    facts = campaign.facts
    if facts is None:
        return []
    out: list[tuple[str, str]] = []
    for fid in facts.required(fmt):
        if fid == ADDRESS:
            out.append((fid, shown(campaign.url)))
            continue
        fact = facts.items[fid]
        for lang in langs:
            copy = campaign.copies[lang]
            for key in fact.copy:
                text = copy.get(message, key)
                out.append((fid, text if text is not None else f"<copy key {key} missing from {copy.file}>"))
        if fact.url and not fact.copy and fmt != "web":
            out.append((fid, shown(fact.url)))  # on the web page the route is a link, checked as one
    return out


def _flat(text: str) -> str:
    # lines are broken at spaces when set; the read-back joins them with line breaks
    return " ".join(text.replace("\u00ad", "").split())


def check_facts(texts: list[str], expected: list[tuple[str, str]], fmt: str = "") -> list[Finding]:
    whole = _flat(" ".join(texts))
    out = []
    for fid, text in expected:
        if _flat(text) not in whole:
            out.append(error(
                "facts",
                f"the {fmt or 'output'} must print the fact {fid!r} ({text!r}), but its text does not have it",
                "the rule table [carry] in campaign.toml says which facts each format prints: add an element for it to the layout (or change the table, with a reason)",
            ))
    return out


def page_text_and_links(html: str) -> tuple[str, set[str]]:
    """What a reader of a web page meets: its text, and where its links lead."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hrefs: set[str] = set()
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "script", "title"):
                self.skip += 1
            if tag == "a":
                self.hrefs.update(v for k, v in attrs if k == "href" and v)

        def handle_endtag(self, tag):
            if tag in ("style", "script", "title"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    r = Reader()
    r.feed(html)
    return " ".join(r.parts), r.hrefs


def check_page_facts(html: str, campaign, langs: list[str], fmt: str = "web") -> list[Finding]:
    """[facts] The accessible page: every fact of its class in its text, and each contact route and the policy as a real link."""
    text, hrefs = page_text_and_links(html)
    out = []
    for message in campaign.messages:
        out += [f for f in check_facts([text], expected_texts(campaign, fmt, langs, message), "web page") if f not in out]
    facts = campaign.facts
    for fid in facts.required(fmt) if facts else ():
        fact = facts.items.get(fid)
        if fact is not None and fact.url and fact.url not in hrefs:
            out.append(error("facts", f"the web page must link to {fact.url} ({fid}), but no link leads there", "the page template (templates/accessible.html) links each contact route and the policy"))
    return out
