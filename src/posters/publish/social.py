"""The social kit: for every screen image, its alt text, and a caption for each
platform it is posted on with that platform's own tracking link.

Written per edition into `<edition>/social/`: one JSON file per image (what a
social media officer pastes, or a tool reads) and `captions.csv`, one row per
image and platform, for a scheduling tool's bulk import. The same texts are in
the manifest (section `social`, typed fields of `Entry`).

Everything comes from data: the lines of the copy files in the image's
language(s) (Welsh first in a bilingual image), the helpline from
campaign.toml, the partners' names from the force folders and [charity], the
links from the attribution scheme. The alt text follows the image's own
layout, element by element, so it says what the picture shows: the message,
the number, where the QR code leads, and the partners named. Each text is read
back before it is written: the helpline exactly once per language, no other
number, and each link the one the attribution table lists for it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from posters import atomic
from posters.errors import Problem
from posters.manifest import Entry
from posters.csv_cells import row

FOLDER = "social"
CSV_NAME = "captions.csv"
# copy lines the alt text does not repeat: the QR code's own sentence says where it leads
NOT_IN_ALT = ("qr_caption",)
LABEL_KEYS = ("helpline_label", "helpline_short")
CAPTION_KEYS = ("headline", "subhead")


@dataclass
class Kit:
    """One image's texts."""

    image: str  # the PNG's file name (in the edition's folder; digital/ in a pack)
    edition: str
    layout: str
    layout_name: str
    language: str  # as the edition lists it: en, cy, cy-en
    message: str
    size_px: list[int]
    alt_text: str
    alt_by_language: dict[str, str]
    captions: dict[str, str] = field(default_factory=dict)  # platform id -> caption
    links: dict[str, str] = field(default_factory=dict)  # platform id -> the caption's link
    platforms: list[str] = field(default_factory=list)
    qr_link: str = ""
    reviewed: bool = True  # every line it uses has been reviewed (a translation may not be yet)

    @property
    def json_name(self) -> str:
        return Path(self.image).stem + ".json"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def partner_names(campaign, edition, lang: str, which: str = "all") -> list[str]:
    """The partners as the language names them: the edition's force(s), then the charity's programme."""
    forces = [f.names.get(lang, f.name) for f in edition.forces]
    names = campaign.charity_names.get(lang, {})
    programme = names.get("programme") or campaign.charity_programme
    charity = names.get("charity") or campaign.charity_name
    charity_line = f"{programme} ({charity})" if charity and charity != programme else programme
    return {"all": forces + [charity_line], "forces": forces, "charity": [charity_line]}.get(which, forces + [charity_line])


def alt_text(campaign, edition, layout, lang: str, message: str) -> str:
    """What the image shows, in one language, in its reading order."""
    from posters.elements.url import shown_url

    copy = edition.copy(campaign, lang)
    kinds = [e.kind for page in layout.pages for e in page.elements]
    out: list[str] = []
    partners: list[str] = []
    last = ""  # the copy key of the line just said: a helpline label runs on into the number
    for page in layout.pages:
        for e in page.elements:
            if e.kind == "text" and e.spec.copy not in NOT_IN_ALT:
                line = copy.get(message, e.spec.copy)
                if line:
                    out.append(_sentence(line))
                    last = e.spec.copy
                continue
            if e.kind == "helpline":
                if last in LABEL_KEYS and out:
                    out[-1] = out[-1].rstrip(".:") + f": {campaign.helpline_display}."
                else:
                    out.append(f"{campaign.helpline_display}.")
            elif e.kind == "qr":
                # the words the tagged screen PDF gives its QR code, followed by the address
                out.append(f"{' '.join(copy.common.get('alt_qr', '').split()).rstrip('.:,')}: {shown_url(campaign.url)}.")
            elif e.kind == "url" and "qr" not in kinds:
                out.append(f"{shown_url(campaign.url)}.")
            elif e.kind in ("logo_strip", "logo"):
                which = getattr(e.spec, "partners", None) or ("charity" if getattr(e.spec, "which", "") == "charity" else "forces" if e.kind == "logo" else "all")
                label = copy.common.get("alt_partners", "")
                partners.append(f"{label} {', '.join(partner_names(campaign, edition, lang, which))}.".strip())
            last = ""
    out += partners  # who is behind it comes last, after what the image says
    return " ".join(dict.fromkeys(out))  # a line shown twice (a logo per side) is said once


def caption(campaign, edition, lang_parts: list[str], message: str, link: str, short: bool = False) -> str:
    """The post's text: per language the message, the helpline and the 999 line; then the call to act and the link."""
    paras = []
    ctas = []
    for lang in lang_parts:
        copy = edition.copy(campaign, lang)
        keys = ("headline",) if short else CAPTION_KEYS
        lines = [_sentence(copy.get(message, k)) for k in keys if copy.get(message, k)]
        label = copy.get(message, "helpline_short" if short else "helpline_label") or ""
        lines.append(f"{label.rstrip('.:')}: {campaign.helpline_display}." if label else f"{campaign.helpline_display}.")
        if not short and copy.get(message, "danger"):
            lines.append(_sentence(copy.get(message, "danger")))
        paras.append(" ".join(lines))
        if not short and copy.get(message, "cta"):
            ctas.append(copy.get(message, "cta").rstrip(".:"))
    # the short form (a platform that limits captions) ends with the bare link
    paras.append(f"{' / '.join(ctas)}: {link}" if ctas and not short else link)
    return "\n\n".join(paras)


def kit_for(campaign, edition, layout, lang: str, message: str, image: str) -> Kit:
    from posters.inputs.attribution import captioned_platforms

    parts = lang.split("-")
    by_lang = {code: alt_text(campaign, edition, layout, code, message) for code in parts}
    kit = Kit(
        image=image,
        edition=edition.slug,
        layout=layout.format,
        layout_name=layout.name,
        language=lang,
        message=message,
        size_px=list(layout.size_px or ()),
        alt_text="\n\n".join(by_lang[c] for c in parts),
        alt_by_language=by_lang,
        platforms=list(layout.platforms),
        qr_link=campaign.qr_payload(edition.slug, layout.format, message, lang),
        reviewed=all(campaign.copies[c].reviewed for c in parts),
    )
    for pid in captioned_platforms(campaign, layout):
        link = campaign.caption_link(edition.slug, layout.format, message, lang, pid)
        text = caption(campaign, edition, parts, message, link)
        limit = campaign.platforms[pid].caption_max
        if limit is not None and len(text) > limit:
            text = caption(campaign, edition, parts, message, link, short=True)  # the headline, the number and the link
        kit.captions[pid] = text
        kit.links[pid] = link
    return kit


def read_back(kit: Kit, campaign) -> list[str]:
    """What is wrong with a kit's texts, read back as a person would read them; empty when nothing."""
    from posters.inputs import phone as hl
    from posters.inputs.urls import UrlRefused, check_url

    out = []
    texts = {"alt text": kit.alt_text, **{f"caption for {campaign.platforms[p].name}": t for p, t in kit.captions.items()}}
    for what, text in texts.items():
        found = hl.numbers(text)
        helplines = [n for n in found if hl.is_helpline(n)]
        if len(helplines) != len(kit.language.split("-")):
            out.append(f"the {what} gives the helpline {len(helplines)} time(s), not once per language")
        for n in hl.foreign_numbers(text):
            out.append(f"the {what} has the number {n!r}, which is not the helpline")
    for pid, text in kit.captions.items():
        link = kit.links[pid]
        try:
            check_url(link, list(campaign.allowed_hosts))
        except UrlRefused as exc:
            out.append(f"the caption for {campaign.platforms[pid].name} links to {link}, which is refused: {exc}")
        if not text.endswith(link) or text.count("https://") != 1:
            out.append(f"the caption for {campaign.platforms[pid].name} does not end with its one link {link}")
        limit = campaign.platforms[pid].caption_max
        if limit is not None and len(text) > limit:
            out.append(f"the caption for {campaign.platforms[pid].name} is {len(text)} characters; the platform takes {limit}")
    for pid in kit.platforms:
        limit = campaign.platforms[pid].alt_max if pid in campaign.platforms else None
        if limit is not None and len(kit.alt_text) > limit:
            out.append(f"the alt text is {len(kit.alt_text)} characters; {campaign.platforms[pid].name} takes {limit}")
    return out


def _problem(kit: Kit, wrong: str, campaign, slug: str) -> Problem:
    """A text that did not read back, reported where it can be put right: a platform's limit in
    campaign.toml, otherwise the image's kit (its copy lines come from the copy files)."""
    where = f"{slug}/{FOLDER}/{kit.json_name}"
    for pid in kit.platforms:
        platform = campaign.platforms.get(pid)
        if platform is None:
            continue
        if f"caption for {platform.name} is " in wrong:
            return Problem(campaign.file, f"platforms.{pid}.caption_max", f"{kit.image}: {wrong}, even in its short form (headline, number, link)", f"raise caption_max if {platform.name} allows it, or shorten the headline in the copy files", "error")
        if f"; {platform.name} takes " in wrong:
            return Problem(campaign.file, f"platforms.{pid}.alt_max", f"{kit.image}: {wrong}", f"raise alt_max if {platform.name} allows it, or shorten the lines the image prints", "error")
    return Problem(where, "", wrong, "the texts come from the copy files and campaign.toml: see 'Social kit' in the README; nothing of this kit was written", "error")


def kit_json(kit: Kit, campaign) -> str:
    data = {
        "image": kit.image,
        "edition": kit.edition,
        "format": kit.layout,
        "format_name": kit.layout_name,
        "size_px": kit.size_px,
        "language": kit.language,
        "message": kit.message,
        "alt_text": kit.alt_text,
        "alt_text_by_language": kit.alt_by_language,
        "qr_link": kit.qr_link,
        "helpline": campaign.helpline_display,
        "platforms": [
            {"id": p, "name": campaign.platforms[p].name if p in campaign.platforms else p, **({"caption": kit.captions[p], "link": kit.links[p]} if p in kit.captions else {})}
            for p in kit.platforms
        ],
        "translation_reviewed": kit.reviewed,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


CSV_COLUMNS = ("image", "platform", "platform_name", "format", "language", "message", "text", "link", "alt_text", "translation_reviewed")


def kits_csv(kits: list[Kit], campaign) -> str:
    """One row per image and platform it is posted on: what a scheduling tool imports."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, as spreadsheet and scheduling tools expect
    w.writerow(CSV_COLUMNS)
    for k in kits:
        for pid, text in k.captions.items():
            w.writerow(row([k.image, pid, campaign.platforms[pid].name, k.layout, k.language, k.message, text, k.links[pid], k.alt_text, "yes" if k.reviewed else "no"]))
    return buf.getvalue()


def kits_of(project, manifest, slug: str) -> list[Kit]:
    """A kit for every screen PNG of the edition the manifest lists."""
    layouts = {lay.format: lay for lay in project.layouts}
    edition = project.edition(slug)
    out = []
    for e in sorted(manifest.files, key=lambda e: e.file):
        if e.edition != slug or e.type != "png" or e.layout not in layouts:
            continue
        lay = layouts[e.layout]
        out.append(kit_for(project.campaign, edition, lay, e.language, e.message, Path(e.file).name))
    return out


def write_social(out_dir: Path, project, manifest, slugs: list[str], problems: list[Problem] | None = None, failed: set[str] | None = None) -> list[Entry]:
    """Write each edition's social kit; return its manifest entries. A kit whose texts do not read back is
    not written, and its edition is added to `failed` (its pack would lack the kit)."""
    entries: list[Entry] = []
    campaign = project.campaign
    for slug in slugs:
        folder = out_dir / slug / FOLDER
        kits = []
        for kit in kits_of(project, manifest, slug):
            wrong = read_back(kit, campaign)
            if wrong:
                if problems is not None:
                    problems += [_problem(kit, w, campaign, slug) for w in wrong]
                if failed is not None:
                    failed.add(slug)
                continue
            kits.append(kit)
            data = kit_json(kit, campaign).encode("utf-8")
            path = folder / kit.json_name
            atomic.write_bytes(path, data)
            entries.append(
                Entry.of(
                    out_dir, path, data, edition=slug, layout=kit.layout, language=kit.language, message=kit.message, kind="social",
                    image=kit.image, alt_text=kit.alt_text, captions=dict(kit.captions) or None, links=dict(kit.links) or None,
                )
            )
        # files of images no longer made go with them
        keep = {k.json_name for k in kits} | {CSV_NAME}
        if folder.is_dir():
            for old in folder.glob("*.json"):
                if old.name not in keep and not old.is_symlink():
                    old.unlink()
        if kits:
            data = kits_csv(kits, campaign).encode("utf-8")
            path = folder / CSV_NAME
            atomic.write_bytes(path, data)
            entries.append(Entry.of(out_dir, path, data, edition=slug, kind="social-csv"))
    return entries
