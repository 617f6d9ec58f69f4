"""The social kit: every screen image's alt text in its own language(s) and a
caption per platform with that platform's tracking link, in the pack's social/
folder (one JSON per image, one CSV) and in the manifest. Checked by meaning:
the alt text against what the image itself shows (its PDF's text, its QR code
decoded from the PNG), the links against the attribution table."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from conftest import ROOT
from posters.cli import main
from posters.inputs import phone as hl
from posters.inputs.attribution import rows as attribution_rows
from posters.inputs.project import load_project
from posters.manifest import Entry, Manifest
from posters.publish.social import Kit, kit_for, read_back
from posters.verify.text_readback import page_texts

EDITION = "north-wales"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("social") / "out"
    assert main(["--project", str(ROOT), "build", "-e", EDITION, "-o", str(out), "-q", "-j", "2"]) == 0
    return out


def pack(out: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(out / f"{EDITION}.zip") as zf:
        return {n.removeprefix(f"{EDITION}/"): zf.read(n) for n in zf.namelist()}


def kits(out: Path) -> dict[str, dict]:
    return {n: json.loads(d) for n, d in pack(out).items() if n.startswith("social/") and n.endswith(".json")}


def test_every_screen_image_has_a_kit_in_the_pack(built, project):
    members = pack(built)
    images = {Path(n).name for n in members if n.endswith(".png") and n.startswith(("digital/", "web/"))}
    described = {k["image"] for k in kits(built).values()}
    assert images and described == images
    screen = [lay for lay in project.layouts if lay.profile == "screen"]
    assert len(images) == len(screen) * 3 * 2  # three languages, two messages
    # every image the kit names is in the pack: screen images in digital/, the link previews beside the web pages
    for k in kits(built).values():
        folder = "web" if k["format"] == "link-preview" else "digital"
        assert f"{folder}/{k['image']}" in members


def _qr_of(png: bytes) -> str:
    (r,) = [r for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"), formats=zxingcpp.BarcodeFormat.QRCode) if r.valid]
    return r.text


@pytest.mark.parametrize("lang", ["cy-en", "cy", "en"])
def test_alt_text_says_what_the_image_shows_in_its_language(built, project, lang):
    members = pack(built)
    copies = project.campaign.copies
    for fmt in ("social-story", "social-portrait", "link-preview", "social-landscape"):
        k = kits(built)[f"social/{fmt}.family.{lang}.json"]
        folder = "web" if fmt == "link-preview" else "digital"
        png = members[f"{folder}/{k['image']}"]
        pdf = members[f"digital/{Path(k['image']).stem}.pdf"]
        shown = " ".join(" ".join(t.split()) for t in page_texts(pdf))
        parts = lang.split("-")
        assert list(k["alt_text_by_language"]) == parts  # Welsh first when bilingual
        assert k["alt_text"] == "\n\n".join(k["alt_text_by_language"][c] for c in parts)
        for code in parts:
            alt = k["alt_text_by_language"][code]
            headline = copies[code].get("family", "headline")
            assert alt.startswith(headline) and headline in shown  # the message, as the image prints it
            assert hl.numbers(alt).count("0808 1000 900") == 1 and not hl.foreign_numbers(alt)
            # where the QR code leads: the host of the code decoded from the picture itself
            assert "get-help.stopitnow.org.uk" in alt and _qr_of(png).startswith("https://get-help.stopitnow.org.uk/")
            partners = "Heddlu Gogledd Cymru" if code == "cy" else "North Wales Police"
            assert f"{copies[code].common['alt_partners']} {partners}, Stop it Now! (The Lucy Faithfull Foundation)." in alt
        other = {"cy": "en", "en": "cy"}
        if lang != "cy-en":  # a one-language image says nothing in the other language
            assert copies[other[lang]].get("family", "headline") not in k["alt_text"]


def test_alt_text_follows_the_layout(project):
    """Only what the layout places: the landscape's short 999 line, the story's full one and its subhead."""
    camp, ed = project.campaign, project.edition(EDITION)
    en = camp.copies["en"]
    land = kit_for(camp, ed, project.layout("social-landscape"), "en", "self", "x.png").alt_text
    story = kit_for(camp, ed, project.layout("social-story"), "en", "self", "x.png").alt_text
    assert en.common["danger_short"] in land and en.common["danger"] not in land
    assert en.common["danger"] in story and en.get("self", "subhead") in story and en.get("self", "subhead") not in land
    assert en.common["qr_caption"] not in story  # "Scan for..." is said as where the code leads
    assert f"{en.common['helpline_label']}: 0808 1000 900." in story


def test_captions_carry_each_platforms_own_link(built, project):
    camp = project.campaign
    table = {r.link: r for r in attribution_rows(project)}
    seen_platforms = set()
    for k in kits(built).values():
        lay = project.layout(k["format"])
        assert [p["id"] for p in k["platforms"]] == list(lay.platforms)
        assert k["qr_link"] == camp.qr_payload(EDITION, k["format"], k["message"], k["language"])
        for p in k["platforms"]:
            assert p["name"] == camp.platforms[p["id"]].name
            if not camp.platforms[p["id"]].captions:
                assert "caption" not in p  # a link preview or an information screen is not posted with a caption
                continue
            seen_platforms.add(p["id"])
            link = p["link"]
            assert link == camp.caption_link(EDITION, k["format"], k["message"], k["language"], p["id"])
            row = table[link]  # the analytics team can read it back
            assert (row.edition, row.format, row.message, row.language, row.channel) == (EDITION, k["format"], k["message"], k["language"], p["id"])
            assert link.startswith(k["qr_link"]) and link != k["qr_link"] and row.version <= camp.max_qr_version
            assert p["caption"].endswith(link) and p["caption"].count("https://") == 1
            assert hl.numbers(p["caption"]).count("0808 1000 900") == len(k["language"].split("-"))
            limit = camp.platforms[p["id"]].caption_max
            assert limit is None or len(p["caption"]) <= limit
            first = k["language"].split("-")[0]
            assert p["caption"].startswith(camp.copies[first].get(k["message"], "headline"))
    assert seen_platforms == {"instagram", "facebook", "x", "linkedin"}


def test_captions_csv_imports_one_row_per_image_and_platform(built, project):
    rows = list(csv.DictReader(io.StringIO(pack(built)["social/captions.csv"].decode("utf-8"), newline="")))
    by_key = {(r["image"], r["platform"]): r for r in rows}
    expected = {(k["image"], p["id"]): p for k in kits(built).values() for p in k["platforms"] if "caption" in p}
    assert set(by_key) == set(expected)
    for key, p in expected.items():
        assert by_key[key]["text"] == p["caption"] and by_key[key]["link"] == p["link"]
        assert by_key[key]["translation_reviewed"] == ("no" if "cy" in by_key[key]["language"] else "yes")


def test_manifest_lists_the_kit_as_typed_entries(built):
    m = Manifest.from_dict(json.loads((built / "manifest.json").read_text(encoding="utf-8")))
    social = m.sections["social"]
    assert {e.kind for e in social} == {"social", "social-csv"}
    for e in social:
        assert isinstance(e, Entry) and e.unchanged(built)
        if e.kind == "social":
            k = json.loads((built / e.file).read_text(encoding="utf-8"))
            assert e.image == k["image"] and e.alt_text == k["alt_text"]
            assert (e.captions or {}) == {p["id"]: p["caption"] for p in k["platforms"] if "caption" in p}
    # the pack's manifest places them in social/
    part = json.loads(pack(built)["manifest.json"])
    assert {f["in_pack"] for f in part["files"] if f.get("kind", "").startswith("social")} == {n for n in pack(built) if n.startswith("social/")}


def test_welsh_lines_come_from_the_copy_file_unreviewed(project_copy, project):
    """The Welsh alt text is the copy file's line; new Welsh lines carry translation records, unreviewed."""
    cy = project_copy / "assets" / "campaign" / "copy" / "cy.toml"
    text = cy.read_text(encoding="utf-8")
    assert 'alt_partners = {digest = ' in text and "reviewed = false}" in text
    cy.write_text(text.replace('alt_partners = "Logos partneriaid yr ymgyrch:"', 'alt_partners = "Logos y partneriaid:"'), encoding="utf-8")
    proj = load_project(project_copy)
    k = kit_for(proj.campaign, proj.edition(EDITION), proj.layout("social-square"), "cy", "self", "x.png")
    assert "Logos y partneriaid: Heddlu Gogledd Cymru" in k.alt_text and not k.reviewed
    from posters.inputs.translation_records import campaign_entries

    states = {e.key: e for e in campaign_entries(proj.campaign)["cy"]}
    for key in ("common.alt_qr", "common.alt_partners", "common.partner_list"):
        assert states[key].state == "unreviewed" and states[key].target and not states[key].stale


def test_read_back_refuses_another_number_and_a_foreign_link(project):
    camp = project.campaign
    good = kit_for(camp, project.edition(EDITION), project.layout("social-square"), "en", "self", "x.png")
    assert read_back(good, camp) == []
    bad = Kit(**{**good.__dict__, "alt_text": good.alt_text.replace("0808 1000 900", "0808 1000 901")})
    wrong = read_back(bad, camp)
    assert any("gives the helpline 0 time(s)" in w for w in wrong) and any("'0808 1000 901'" in w for w in wrong)
    links = {**good.links, "instagram": "https://example.org/?s=x"}
    captions = {**good.captions, "instagram": good.captions["instagram"].replace(good.links["instagram"], "https://example.org/?s=x")}
    wrong = read_back(Kit(**{**good.__dict__, "links": links, "captions": captions}), camp)
    assert any("example.org" in w and "refused" in w for w in wrong)
