"""The accessible alternative to the posters: one plain HTML page per edition
and language, for forces to publish beside any poster they put online (Public
Sector Bodies Accessibility Regulations 2018).

Everything printed comes from the campaign data and the copy files; every
piece of text is escaped. The page loads nothing from elsewhere and reads in
order without its style sheet: headings, the message, the helpline as a tel:
link, the self-help site as a real link, the 999 line and the charity line.
A bilingual edition's page carries each language in its own section with its
own `lang`, Welsh first.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from posters import atomic
from posters.inputs.attribution import WEB_FORMAT  # the web page's stand-in for a layout format in its link

# No colours are set: the reader's own (browser or high-contrast) colours apply,
# and the defaults are black on white. The page only sets a readable measure and size.
STYLE = (
    "body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;"
    "max-width:40rem;margin:0 auto;padding:1rem}"
    ".number{font-size:2rem;font-weight:700}"
    "a{text-decoration:underline}"
)


def file_name(lang: str) -> str:
    return f"accessible.{lang}.html"


def edition_name(edition, lang: str) -> str:
    if edition.regional:
        return edition.name
    return edition.forces[0].names.get(lang, edition.name)


def _link_text(url: str) -> str:
    return url.removeprefix("https://").rstrip("/")


def _text(copy, message: str | None, key: str) -> str | None:
    value = copy.get(message, key) if message else copy.common.get(key)
    return escape(value) if value else None


def _message_block(campaign, edition, lang: str, copy, message: str, level: int) -> list[str]:
    h, h2 = f"h{level}", f"h{level + 1}"
    anchor = f"{lang}-{message}"
    out = [f'<section id="{escape(anchor)}" aria-labelledby="{escape(anchor)}-h">']
    headline = _text(copy, message, "headline") or escape(campaign.messages[message])
    out.append(f'<{h} id="{escape(anchor)}-h">{headline}</{h}>')
    for key, wrap in (("subhead", "<p><strong>{}</strong></p>"), ("body", "<p>{}</p>")):
        t = _text(copy, message, key)
        if t:
            out.append(wrap.format(t))
    label = _text(copy, message, "helpline_label")
    if label:
        out.append(f"<{h2}>{label}</{h2}>")
    out.append(f'<p class="number"><a href="{escape(campaign.helpline_tel)}">{escape(campaign.helpline_display)}</a></p>')
    t = _text(copy, message, "anonymous")
    if t:
        out.append(f"<p>{t}</p>")
    cta = _text(copy, message, "cta")
    if cta:
        out.append(f"<{h2}>{cta}</{h2}>")
    href = campaign.qr_payload(edition.slug, WEB_FORMAT, message, lang)
    out.append(f'<p><a href="{escape(href)}">{escape(_link_text(campaign.url))}</a></p>')
    out.append("</section>")
    return out


def _language_block(campaign, edition, lang: str, level: int) -> list[str]:
    copy = campaign.copies[lang]
    out = []
    t = _text(copy, None, "partners")
    if t:
        out.append(f"<p>{t}</p>")
    for message in campaign.messages:
        out += _message_block(campaign, edition, lang, copy, message, level)
    t = _text(copy, None, "danger")
    if t:
        out.append(f"<p><strong>{t}</strong></p>")
    t = _text(copy, None, "charity_line")
    if t:
        out.append(f"<p>{t}</p>")
    return out


def page_html(campaign, edition, lang: str) -> str:
    """The page for one language of an edition; `lang` may be a pair such as cy-en (first language first)."""
    parts = lang.split("-")
    names = [edition_name(edition, p) for p in parts]
    title = escape(f"{campaign.charity_programme} – {' / '.join(dict.fromkeys(names))}")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(parts[0])}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(campaign.charity_programme)}</h1>",
    ]
    if len(parts) == 1:
        out.append(f"<p>{escape(names[0])}</p>")
        out += ["</header>", "<main>"]
        out += _language_block(campaign, edition, parts[0], 2)
    else:
        # each language is a whole section; a short contents list lets a reader skip to theirs
        out.append("<nav><ul>")
        for p in parts:
            out.append(f'<li><a href="#{escape(p)}" lang="{escape(p)}" hreflang="{escape(p)}">{escape(campaign.language_names.get(p, p))}</a></li>')
        out += ["</ul></nav>", "</header>", "<main>"]
        for p, name in zip(parts, names):
            out.append(f'<section id="{escape(p)}" lang="{escape(p)}" aria-labelledby="{escape(p)}-h">')
            out.append(f'<h2 id="{escape(p)}-h">{escape(campaign.language_names.get(p, p))}: {escape(name)}</h2>')
            out += _language_block(campaign, edition, p, 3)
            out.append("</section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def write_accessible(out_dir: Path, project, slugs: list[str]) -> list[dict]:
    """Write every language's page for each edition named; return their manifest entries."""
    entries = []
    for slug in slugs:
        edition = project.edition(slug)
        for lang in edition.languages:
            data = page_html(project.campaign, edition, lang).encode("utf-8")
            path = out_dir / slug / file_name(lang)
            atomic.write_bytes(path, data)
            entries.append(
                {
                    "file": path.relative_to(out_dir).as_posix(),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                    "edition": slug,
                    "language": lang,
                    "type": "html",
                }
            )
    return entries
