"""The accessible HTML alternative: valid, semantic, real links, every language, Welsh first."""

from __future__ import annotations

import dataclasses
import json
import hashlib
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from posters.publish.accessible import page_html, write_accessible
from posters.inputs.urls import host_allowed

VOID = {"meta", "link", "br", "img", "hr", "input"}


class Page(HTMLParser):
    """Collects links, lang attributes, headings and text in document order; checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[str] = []
        self.langs: list[str] = []  # every lang attribute, in order
        self.headings: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "lang" in a:
            self.langs.append(a["lang"])
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()
        if tag in {"h1", "h2", "h3", "h4"} and self._heading is not None:
            self.headings.append((tag, "".join(self._heading)))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    assert not p.errors, p.errors
    assert not p.stack, f"unclosed: {p.stack}"
    return p


def all_pages(project):
    return [(e, lang) for e in project.editions for lang in e.languages]


def test_every_page_parses_with_real_links_and_language(project):
    c = project.campaign
    for edition, lang in all_pages(project):
        html = page_html(c, edition, lang)
        assert html.startswith("<!DOCTYPE html>")
        p = parse(html)
        root = p.tags[0]
        assert root == ("html", {"lang": lang.split("-")[0]})
        assert c.helpline_tel.startswith("tel:+44")
        sections = len(c.messages) * len(lang.split("-"))  # each message in each language
        assert p.links.count(c.helpline_tel) == sections, (edition.slug, lang)
        routes = {f.url for f in c.facts.items.values() if f.url}  # chat, secure messaging, the policy
        web = [u for u in p.links if u.startswith("https://") and u not in routes]
        assert len(web) == sections
        # each language links every contact route and the confidentiality policy once
        assert sorted(u for u in p.links if u in routes) == sorted(list(routes) * len(lang.split("-")))
        for u in routes:
            parts = urlsplit(u)
            assert parts.scheme == "https" and host_allowed(parts.hostname, c.allowed_hosts)
        for u in web:
            parts = urlsplit(u)
            assert parts.scheme == "https" and host_allowed(parts.hostname, c.allowed_hosts)
            assert u.startswith(c.url.rstrip("/"))
            assert u.startswith(f"{c.url}/?s={edition.code}h")  # the web page's format code
        text = " ".join(p.text)
        assert c.helpline_display in text
        for code in lang.split("-"):
            copy = c.copies[code]
            for key in ("danger", "charity_line"):
                assert copy.common[key] in text
            for m in c.messages:
                assert copy.get(m, "headline") in [h for _, h in p.headings]
        assert [t for t, _ in p.headings].count("h1") == 1


def test_no_external_resources(project):
    for edition, lang in all_pages(project):
        p = parse(page_html(project.campaign, edition, lang))
        for tag, a in p.tags:
            assert tag not in {"script", "img", "link", "iframe"}
            assert "src" not in a
            assert "style" not in a  # inline style attributes would override the reader's colours


def test_bilingual_page_is_welsh_first(project):
    nw = next(e for e in project.editions if "cy-en" in e.languages)
    c = project.campaign
    p = parse(page_html(c, nw, "cy-en"))
    sections = [a["lang"] for t, a in p.tags if t == "section" and "lang" in a]
    assert sections == ["cy", "en"]
    heads = [h for _, h in p.headings]
    for m in c.messages:
        assert heads.index(c.copies["cy"].get(m, "headline")) < heads.index(c.copies["en"].get(m, "headline"))
    text = "".join(p.text)
    assert text.index(c.copies["cy"].common["danger"]) < text.index(c.copies["en"].common["danger"])


def test_welsh_only_page_has_no_english_copy(project):
    nw = next(e for e in project.editions if "cy" in e.languages)
    c = project.campaign
    p = parse(page_html(c, nw, "cy"))
    assert set(p.langs) == {"cy"}
    text = "".join(p.text)
    assert c.copies["en"].get("self", "headline") not in text
    assert nw.forces[0].names["cy"] in text


def test_copy_is_escaped(project):
    c = project.campaign
    en = c.copies["en"]
    hostile = dataclasses.replace(en, common={**en.common, "danger": 'Call 999 <script>alert("x")</script> & "quotes"'})
    c2 = dataclasses.replace(c, copies={**c.copies, "en": hostile})
    html = page_html(c2, project.editions[-1], "en")
    assert "<script" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    p = parse(html)
    assert 'Call 999 <script>alert("x")</script> & "quotes"' in "".join(p.text)


def test_written_pages_match_their_manifest_entries(project, tmp_path):
    slugs = [e.slug for e in project.editions]
    entries = write_accessible(tmp_path, project, slugs)
    assert len(entries) == sum(len(e.languages) for e in project.editions)
    for e in entries:
        data = (tmp_path / e.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e.sha256
        assert e.file == f"{e.edition}/accessible.{e.language}.html"


@pytest.mark.parametrize("lang", ["en"])
def test_page_reads_in_order_without_css(project, lang):
    """Without the style sheet, the text order is: heading, message, number, link, 999 line, charity."""
    c = project.campaign
    p = parse(page_html(c, project.editions[0], lang))
    text = " ".join(t.strip() for t in p.text if t.strip())
    copy = c.copies[lang]
    first = next(iter(c.messages))
    order = [copy.get(first, "headline"), copy.get(first, "body"), c.helpline_display, copy.common["danger"], copy.common["charity_line"]]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def _metas(p: Page) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for tag, a in p.tags:
        if tag == "meta" and ("property" in a or "name" in a):
            out.setdefault(a.get("property") or a.get("name"), []).append(a.get("content", ""))
    return out


def test_pages_name_the_partners_and_never_an_internal_label(project):
    c = project.campaign
    internal = [e.name for e in project.editions if e.regional] + list(c.messages.values())
    for edition, lang in all_pages(project):
        p = parse(page_html(c, edition, lang))
        public = "".join(p.text) + " ".join(v for vs in _metas(p).values() for v in vs)
        for label in internal:
            assert label not in public, (edition.slug, lang, label)
        assert any(tag == "ul" and a.get("class") == "partners" for tag, a in p.tags)
        partners_ul = [t for t in p.text if t.strip()]  # each partner is an item of its own
        for code in lang.split("-"):
            for f in edition.forces:
                assert f.names.get(code, f.name) in partners_ul
            assert f"{c.charity_programme} ({c.charity_name})" in partners_ul
            assert c.copies[code].common["partner_list"] in partners_ul
    regional = next(e for e in project.editions if e.regional)
    p = parse(page_html(c, regional, "cy-en"))
    assert [h for t, h in p.headings if t == "h2"] == [f"Cymraeg: {c.regional_names['cy']}", f"English: {c.regional_names['en']}"]


def test_regional_edition_needs_a_public_name_in_each_language(project_copy):
    from posters.errors import InputError
    from posters.inputs.project import load_project

    p = project_copy / "assets" / "campaign" / "campaign.toml"
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace('en = "North Wales and North West England"\n', ""), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    (problem,) = exc.value.problems
    assert problem.key == "regional.names" and "no public name for the regional edition in English (en)" in problem.message
    assert "Regional edition, all partners" in problem.hint


def test_open_graph_and_twitter_tags_point_at_the_link_preview(project, tmp_path):
    """The tags name the edition's link-preview image in the page's language; the build puts it beside the page."""
    import io

    import zxingcpp
    from PIL import Image

    from posters.cli import main
    from conftest import ROOT

    out = tmp_path / "out"
    assert main(["--project", str(ROOT), "build", "-q", "-j", "2", "-o", str(out), "-e", "north-wales", "-l", "link-preview"]) == 0
    c = project.campaign
    nw = project.edition("north-wales")
    for lang in nw.languages:
        page = out / "north-wales" / f"accessible.{lang}.html"
        m = _metas(parse(page.read_text(encoding="utf-8")))
        (image,) = m["og:image"]
        assert m["twitter:image"] == [image] and m["twitter:card"] == ["summary_large_image"]
        assert image == f"link-preview.self.{lang}.png"
        png = Image.open(page.parent / image)  # beside the page, as in the pack's web/ folder
        assert png.size == (1200, 630) and (m["og:image:width"], m["og:image:height"]) == (["1200"], ["630"])
        (code,) = [r.text for r in zxingcpp.read_barcodes(png.convert("L")) if r.valid]
        assert code == c.qr_payload("north-wales", "link-preview", "self", lang)
        kit = json.loads((out / "north-wales" / "social" / f"link-preview.self.{lang}.json").read_text(encoding="utf-8"))
        assert m["og:image:alt"] == [" ".join(kit["alt_text"].split())] == m["twitter:image:alt"]
        first = lang.split("-")[0]
        assert m["og:locale"] == [{"cy": "cy_GB", "en": "en_GB"}[first]]
        assert m["og:title"][0].startswith(c.charity_programme) and c.copies[first].get("self", "headline") in m["og:description"][0]
