"""The rule table ([carry] in campaign.toml): every format prints the facts its
class requires, read back from the PDF's own text (not from the plan), one
test per format and language; the accessible web page likewise, with real
links for the contact routes and the policy."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from posters import fonts
from posters.batch import Job, make_output
from posters.inputs.facts import shown
from posters.verify.facts_readback import check_facts, check_page_facts, expected_texts, page_text_and_links
from posters.verify.text_readback import page_texts

from conftest import ROOT

FORMATS = sorted(tomllib.loads(p.read_text(encoding="utf-8"))["format"] for p in (ROOT / "layouts").glob("*.toml"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_layout_format_is_in_one_class_of_the_rule_table(project):
    facts = project.campaign.facts
    for fmt in FORMATS:
        assert facts.class_of(fmt) is not None, fmt
    # every layout file the project has, the derived sizes and the 48-sheet included
    for path in sorted((ROOT / "layouts").glob("*.toml")):
        fmt = tomllib.loads(path.read_text(encoding="utf-8"))["format"]
        assert facts.class_of(fmt) is not None, f"{path.name}: {fmt} is in no class of [carry]"
    assert project.layout_problems == {}
    # the rules, as the data states them
    for fmt in FORMATS:
        need = facts.required(fmt)
        assert "address" in need, fmt
    for fmt in ("a5-flyer", "dl-leaflet", "a4-poster", "a3-poster", "a2-poster", "a1-poster", "6-sheet"):
        assert {"hours", "free_calls", "languages"} <= set(facts.required(fmt)), fmt
    for fmt in ("dl-leaflet", "a4-poster", "a3-poster", "a2-poster", "a1-poster", "6-sheet", "web"):
        assert "confidentiality" in facts.required(fmt), fmt


@pytest.mark.parametrize("lang", ["en", "cy-en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_prints_the_facts_its_class_requires(project, logos, fmt, lang):
    fonts.register_all()
    made = make_output(project, logos, Job("north-wales", fmt, lang, "self"), verify=False)
    pdf = next(iter(made.files.values()))
    text = _flat(" ".join(page_texts(pdf)))
    c = project.campaign
    assert shown(c.url) in text  # the address on every format
    for fid in c.facts.required(fmt):
        for code in lang.split("-"):
            for key in c.facts.items[fid].copy if fid != "address" else ():
                assert _flat(c.copies[code].get("self", key)) in text, (fmt, lang, fid, key)
        if fid == "confidentiality":
            assert shown(c.facts.items["confidentiality"].url) in text  # the policy link
    assert check_facts(page_texts(pdf), expected_texts(c, fmt, lang.split("-"), "self"), fmt) == []


def test_the_check_fails_when_a_layout_drops_a_required_fact(project_copy, logos):
    from posters.inputs.project import load_project

    lay = project_copy / "layouts" / "a5-flyer.toml"
    text = lay.read_text(encoding="utf-8")
    assert 'copy = "call_details"' in text
    lay.write_text(text.replace('copy = "call_details"', 'copy = "qr_caption"'), encoding="utf-8")
    proj = load_project(project_copy)
    fonts.register_all()
    made = make_output(proj, logos, Job("cumbria", "a5-flyer", "en", "self"), verify=True)
    found = [f for f in made.findings if f.check == "facts"]
    assert {"hours", "free_calls", "languages"} <= {fid for fid in ("hours", "free_calls", "languages") if any(repr(fid) in f.message for f in found)}
    assert all(f.severity == "error" and "a5-flyer" in f.message for f in found)


def test_the_build_runs_the_facts_check_on_every_output(project, logos):
    fonts.register_all()
    made = make_output(project, logos, Job("cumbria", "wallet-card", "en", "self"), verify=True)
    assert "facts" in made.checks and not [f for f in made.findings if f.check == "facts"]


@pytest.mark.parametrize("lang", ["en", "cy-en"])
def test_the_web_page_carries_every_fact_with_real_links(project, lang):
    from posters.publish.accessible import page_html

    c = project.campaign
    html = page_html(c, project.edition("north-wales"), lang)
    assert check_page_facts(html, c, lang.split("-")) == []
    text, hrefs = page_text_and_links(html)
    for fid in ("live_chat", "secure_messaging", "confidentiality"):
        assert c.facts.items[fid].url in hrefs
    for code in lang.split("-"):
        assert _flat(c.copies[code].common["call_details"]) in _flat(text)


def test_the_web_page_check_fails_without_the_policy_link(project):
    from posters.publish.accessible import page_html

    c = project.campaign
    html = page_html(c, project.edition("cumbria"), "en").replace(f'href="{c.facts.items["confidentiality"].url}"', 'href="#"')
    assert any("confidentiality" in f.message for f in check_page_facts(html, c, ["en"]))


def test_a_layout_whose_format_is_in_no_class_is_refused(project_copy):
    from posters.inputs.project import load_project

    src = (project_copy / "layouts" / "a5-flyer.toml").read_text(encoding="utf-8")
    (project_copy / "layouts" / "a6-flyer.toml").write_text(src.replace('format = "a5-flyer"', 'format = "a6-flyer"'), encoding="utf-8")
    proj = load_project(project_copy)
    (p,) = proj.layout_problems["layouts/a6-flyer.toml"]
    assert p.key == "format" and "[carry]" in p.message and "carry.poster" in p.hint
    assert "a6-flyer" not in [lay.format for lay in proj.layouts]
