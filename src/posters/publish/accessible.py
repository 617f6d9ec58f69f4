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
EDITION_KEYS = ("partners", "danger", "charity_line", "contact_more", "partner_list")
# the screen format whose image a shared link to the page shows (Open Graph, Twitter card):
# the layout that lists this platform
PREVIEW_PLATFORM = "link-previews"
OG_LOCALES = {"en": "en_GB", "cy": "cy_GB"}
# other ways to reach the helpline: (fact in campaign.toml, copy key naming it)
ROUTES = (("live_chat", "live_chat"), ("secure_messaging", "secure_messaging"))


def file_name(lang: str) -> str:
    return f"accessible.{lang}.html"


def edition_name(edition, lang: str, campaign=None) -> str:
    """The edition's name as the public sees it in `lang`: a force's own name, or the regional
    edition's public name ([regional.names]); never the project's internal label."""
    if edition.regional:
        names = campaign.regional_names if campaign is not None else {}
        return names.get(lang) or next(iter(names.values()), "") if names else ""
    return edition.forces[0].names.get(lang, edition.name)


def preview_layout(project, edition, lang: str):
    """The link-preview layout built for this edition and language, or None."""
    return next((lay for lay in project.layouts if PREVIEW_PLATFORM in lay.platforms and lay.profile == "screen" and lay.builds(edition.slug, lang)), None)


def preview_of(project, edition, lang: str) -> dict | None:
    """What the page's Open Graph and Twitter card tags say about its preview image: the
    first message's link preview in the page's language, its size and its alt text."""
    from posters.publish.social import alt_text

    lay = preview_layout(project, edition, lang)
    if lay is None or not lay.messages:
        return None
    message = next((m for m in project.campaign.messages if m in lay.messages), lay.messages[0])
    parts = lang.split("-")
    return {
        "image": f"{lay.format}.{message}.{lang}.png",
        "width": lay.size_px[0] if lay.size_px else None,
        "height": lay.size_px[1] if lay.size_px else None,
        "alt": " ".join(alt_text(project.campaign, edition, lay, code, message) for code in parts),  # the social kit's, on one line
    }


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
    from posters.publish.social import partner_names

    name = edition_name(edition, lang, campaign)
    return {
        "code": lang,
        "name": name,
        "partner_names": partner_names(campaign, edition, lang),
        "routes": routes,
        "confidentiality": confidentiality,
        "language_name": campaign.language_names.get(lang, lang),
        "messages": messages,
        **{key: copy.common.get(key) or None for key in EDITION_KEYS},
    }


def page_html(campaign, edition, lang: str, preview: dict | None = None) -> str:
    """The page for one language of an edition; `lang` may be a pair such as cy-en (first language first).
    `preview` (see preview_of): the image a shared link to the page shows."""
    from posters.html_pages import render

    languages = [_language(campaign, edition, p) for p in lang.split("-")]
    title = f"{campaign.charity_programme} – {' / '.join(dict.fromkeys(l['name'] for l in languages))}"
    first = languages[0]["messages"][0] if languages[0]["messages"] else {}
    description = " ".join(x for l in languages for x in (l["messages"][0].get("headline"), l["messages"][0].get("subhead")) if x) if first else ""
    codes = lang.split("-")
    return render(
        "accessible.html",
        title=title,
        description=f"{description} {campaign.helpline_display}".strip(),
        locale=OG_LOCALES.get(codes[0], codes[0]),
        alternate_locales=[OG_LOCALES.get(c, c) for c in codes[1:]],
        preview=preview,
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
            html = page_html(project.campaign, edition, lang, preview_of(project, edition, lang))
            for f in check_page_facts(html, project.campaign, lang.split("-")):
                if problems is not None:
                    problems.append(Problem(f"{slug}/{file_name(lang)}", f.check, f.message, f.hint))
            data = html.encode("utf-8")
            path = out_dir / slug / file_name(lang)
            atomic.write_bytes(path, data)
            entries.append(Entry.of(out_dir, path, data, edition=slug, language=lang))
    return entries
