"""The accessible alternative to the posters: one plain HTML page per edition
and language, for forces to publish beside any poster they put online (Public
Sector Bodies Accessibility Regulations 2018).

Everything printed comes from the campaign data and the copy files, put into
the page by its template (`templates/accessible.html`), which escapes it. The page loads nothing from elsewhere and reads in
order without its style sheet: headings, the message, the helpline as a tel:
link, the self-help site as a real link, the 999 line and the charity line.
A bilingual edition's page carries each language in its own section with its
own `lang`, Welsh first.
"""

from __future__ import annotations

from pathlib import Path

from posters import atomic
from posters.inputs.attribution import WEB_FORMAT  # the web page's stand-in for a layout format in its link
from posters.manifest import Entry

MESSAGE_KEYS = ("headline", "subhead", "body", "helpline_label", "call_details", "anonymous", "cta")
EDITION_KEYS = ("partners", "danger", "charity_line", "contact_more")
# other ways to reach the helpline: (fact in campaign.toml, copy key naming it)
ROUTES = (("live_chat", "live_chat"), ("secure_messaging", "secure_messaging"))


def file_name(lang: str) -> str:
    return f"accessible.{lang}.html"


def edition_name(edition, lang: str) -> str:
    if edition.regional:
        return edition.name
    return edition.forces[0].names.get(lang, edition.name)


def _link_text(url: str) -> str:
    return url.removeprefix("https://").rstrip("/")


def _language(campaign, edition, lang: str) -> dict:
    """What the page says in one language: the copy, unescaped (the template escapes it)."""
    copy = edition.copy(campaign, lang)
    messages = []
    for message in campaign.messages:
        m = {key: copy.get(message, key) or None for key in MESSAGE_KEYS}
        m["headline"] = m["headline"] or campaign.messages[message]
        m["anchor"] = f"{lang}-{message}"
        m["href"] = campaign.qr_payload(edition.slug, WEB_FORMAT, message, lang)
        messages.append(m)
    facts = campaign.facts.items if campaign.facts else {}
    routes = [{"text": copy.common.get(key), "href": facts[fid].url} for fid, key in ROUTES if fid in facts and facts[fid].url and copy.common.get(key)]
    conf = copy.common.get("confidentiality")
    policy = facts.get("confidentiality")
    confidentiality = None
    if conf:
        # the policy's printed address becomes a real link on the page
        shown = _link_text(policy.url) if policy and policy.url else None
        before, found, after = conf.partition(shown) if shown else (conf, "", "")
        confidentiality = {"before": before, "link": found or None, "href": policy.url if found else None, "after": after}
    name = campaign.regional_names.get(lang, edition.name) if edition.regional else edition_name(edition, lang)
    return {
        "code": lang,
        "name": name,
        "routes": routes,
        "confidentiality": confidentiality,
        "language_name": campaign.language_names.get(lang, lang),
        "messages": messages,
        **{key: copy.common.get(key) or None for key in EDITION_KEYS},
    }


def page_html(campaign, edition, lang: str) -> str:
    """The page for one language of an edition; `lang` may be a pair such as cy-en (first language first)."""
    from posters.html_pages import render

    languages = [_language(campaign, edition, p) for p in lang.split("-")]
    return render(
        "accessible.html",
        title=f"{campaign.charity_programme} – {' / '.join(dict.fromkeys(l['name'] for l in languages))}",
        programme=campaign.charity_programme,
        languages=languages,
        helpline_tel=campaign.helpline_tel,
        helpline_display=campaign.helpline_display,
        link_text=_link_text(campaign.url),
    )


def write_accessible(out_dir: Path, project, slugs: list[str], problems: list | None = None) -> list[Entry]:
    """Write every language's page for each edition named; return their manifest entries.
    A page that lacks a fact the rule table ([carry.web]) requires is reported in `problems`."""
    from posters.errors import Problem
    from posters.verify.facts_readback import check_page_facts

    entries = []
    for slug in slugs:
        edition = project.edition(slug)
        for lang in edition.languages:
            html = page_html(project.campaign, edition, lang)
            for f in check_page_facts(html, project.campaign, lang.split("-")):
                if problems is not None:
                    problems.append(Problem(f"{slug}/{file_name(lang)}", f.check, f.message, f.hint))
            data = html.encode("utf-8")
            path = out_dir / slug / file_name(lang)
            atomic.write_bytes(path, data)
            entries.append(Entry.of(out_dir, path, data, edition=slug, language=lang))
    return entries
