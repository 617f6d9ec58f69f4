"""Translations that cannot drift: an English edit marks exactly the Welsh
entries that translate it as stale (and no longer reviewed); the build warns,
--release refuses; `posters translations` exports for a translator and imports
the reviewed file back (CSV, XLIFF 1.2, XLIFF 2.0), keeping the file's comments."""

from __future__ import annotations

import csv
import io

import pytest

from posters.cli import main
from posters.inputs import translation_records as tr
from posters.inputs.project import load_project

EN = "assets/campaign/copy/en.toml"
CY = "assets/campaign/copy/cy.toml"


def _edit(proj, file: str, old: str, new: str) -> None:
    p = proj / file
    text = p.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    p.write_text(text.replace(old, new), encoding="utf-8")


def _entries(proj) -> dict[str, tr.Entry]:
    c = load_project(proj).campaign
    return {e.key: e for e in tr.campaign_entries(c)["cy"]}


def _review_all(proj, tmp_path) -> None:
    """Sign off every Welsh line as it is, through the export and import a reviewer would use."""
    out = tmp_path / "all.csv"
    assert main(["--project", str(proj), "translations", "--lang", "cy", "--export", str(out), "--all"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for r in rows:
        r["reviewed"] = "yes"
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert main(["--project", str(proj), "translations", "--lang", "cy", "--import", str(out)]) == 0


def test_every_welsh_entry_records_the_english_it_translates(project):
    c = project.campaign
    es = tr.campaign_entries(c)["cy"]
    assert es and all(e.recorded_digest == tr.digest(e.source_now) for e in es)
    # the Welsh fixes are a proposal: nothing is marked reviewed until a qualified translator signs it off
    assert all(e.state == "unreviewed" for e in es) and not c.copies["cy"].reviewed


def test_an_english_edit_marks_exactly_the_affected_welsh_entries_stale(project_copy, tmp_path):
    _review_all(project_copy, tmp_path)
    before = _entries(project_copy)
    assert all(e.reviewed for e in before.values())
    assert load_project(project_copy).campaign.copies["cy"].reviewed
    _edit(project_copy, EN, 'danger = "If a child is in immediate danger, call 999."', 'danger = "If a child is in danger now, call 999."')
    _edit(project_copy, EN, 'cta = "Get confidential advice"', 'cta = "Get confidential advice now"')
    after = _entries(project_copy)
    stale = {k for k, e in after.items() if e.stale}
    assert stale == {"common.danger", "message.family.cta"}
    for k in stale:
        assert not after[k].reviewed and after[k].source_then == before[k].source_now
    assert all(after[k].reviewed for k in after if k not in stale)
    assert not load_project(project_copy).campaign.copies["cy"].reviewed


def test_a_stale_translation_warns_and_release_refuses(project_copy, tmp_path, capsys):
    _edit(project_copy, EN, 'danger = "If a child is in immediate danger, call 999."', 'danger = "If a child is in danger now, call 999."')
    args = ["--project", str(project_copy), "build", "-q", "-e", "north-wales", "-l", "wallet-card", "-L", "cy-en", "-m", "self", "-o", str(tmp_path / "out")]
    assert main(args) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert f"warning: {CY}: translated_from: entries translate a source line that has changed since (1): common.danger" in err
    assert main([*args, "--release"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: {CY}: translated_from: entries translate a source line that has changed since (1): common.danger" in err


def test_the_listing_shows_old_and_new_source_side_by_side(project_copy, capsys):
    _edit(project_copy, EN, 'danger_short = "Child in danger? Call 999."', 'danger_short = "A child in danger? Call 999."')
    assert main(["--project", str(project_copy), "translations", "--lang", "cy"]) == 0
    out = capsys.readouterr().out
    assert "common.danger_short" in out and "stale" in out
    assert "Child in danger? Call 999." in " ".join(out.split()) and "A child in danger? Call" in " ".join(out.split())


@pytest.mark.parametrize("fmt,suffix", [("csv", ".csv"), ("xliff12", ".xlf"), ("xliff20", ".xliff")])
def test_export_and_import_round_trip(project_copy, tmp_path, fmt, suffix):
    cy = project_copy / CY
    _edit(project_copy, EN, 'qr_caption = "Scan for confidential self-help"', 'qr_caption = "Scan for free, confidential self-help"')
    out = tmp_path / f"cy{suffix}"
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--export", str(out), "--format", fmt]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Scan for free, confidential self-help" in text and "Sganiwch am hunangymorth cyfrinachol" in text
    # the reviewer's work: a new Welsh line for the changed source, and sign-off on it
    new_cy = "Sganiwch am hunangymorth cyfrinachol am ddim"
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        for r in rows:
            if r["key"] == "common.qr_caption":
                assert r["state"] == "stale" and r["previous_source"] == "Scan for confidential self-help"
                r["target"], r["reviewed"] = new_cy, "yes"
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        text = buf.getvalue()
    elif fmt == "xliff12":
        unit = text[text.index('id="common.qr_caption"'):]
        unit = unit[: unit.index("</trans-unit>")]
        new = unit.replace('state="needs-review-translation">Sganiwch am hunangymorth cyfrinachol<', f'state="final">{new_cy}<')
        assert new != unit
        text = text.replace(unit, new)
    else:
        unit = text[text.index('id="common.qr_caption"'):]
        unit = unit[: unit.index("</unit>")]
        new = unit.replace('state="translated"', 'state="final"').replace(">Sganiwch am hunangymorth cyfrinachol<", f">{new_cy}<")
        assert new != unit
        text = text.replace(unit, new)
    out.write_text(text, encoding="utf-8")
    comments = [line for line in cy.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(out), "--format", fmt]) == 0
    after = _entries(project_copy)
    e = after["common.qr_caption"]
    assert e.target == new_cy and not e.stale and e.reviewed
    # the rest came back as it went out: still unreviewed, unchanged
    before = {k: v for k, v in after.items() if k != "common.qr_caption"}
    assert all(v.state == "unreviewed" for v in before.values())
    assert load_project(project_copy).campaign.copies["cy"].get("self", "qr_caption") == new_cy
    # comments and layout of the file are kept
    text_after = cy.read_text(encoding="utf-8")
    assert [line for line in text_after.splitlines() if line.startswith("#")] == comments
    # and a second export of the same entries, imported unchanged, changes nothing
    again = tmp_path / f"again{suffix}"
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--export", str(again), "--format", fmt]) == 0
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(again), "--format", fmt]) == 0
    assert cy.read_text(encoding="utf-8") == text_after


def test_an_import_after_the_source_changed_again_stays_stale(project_copy, tmp_path, capsys):
    out = tmp_path / "cy.csv"
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--export", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for r in rows:
        r["reviewed"] = "yes"
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    _edit(project_copy, EN, 'danger_short = "Child in danger? Call 999."', 'danger_short = "A child in danger? Call 999."')
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(out)]) == 0
    assert "still stale" in capsys.readouterr().out
    after = _entries(project_copy)
    assert after["common.danger_short"].stale and not after["common.danger_short"].reviewed
    assert after["common.danger"].reviewed


def test_an_import_that_would_break_the_copy_is_refused_and_changes_nothing(project_copy, tmp_path, capsys):
    cy = project_copy / CY
    before = cy.read_text(encoding="utf-8")
    out = tmp_path / "cy.csv"
    out.write_text('key,state,source,previous_source,target,reviewed\ncommon.danger,unreviewed,"If a child is in immediate danger, call 999.",,"Ffoniwch 0800 123 4567",yes\n', encoding="utf-8")
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{CY}: common.danger:" in err and "not imported" in err
    assert cy.read_text(encoding="utf-8") == before


def test_an_unknown_key_in_the_import_is_named(project_copy, tmp_path, capsys):
    out = tmp_path / "cy.csv"
    out.write_text("key,state,source,previous_source,target,reviewed\ncommon.nope,unreviewed,x,,y,yes\n", encoding="utf-8")
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(out)]) == 1
    assert "cy.csv: common.nope: is not a line of assets/campaign/copy/en.toml" in capsys.readouterr().err


def test_mark_needs_review_flags_only_the_named_entries(project_copy, tmp_path):
    _review_all(project_copy, tmp_path)
    cy = project_copy / CY
    assert tr.mark_needs_review(cy, ["common.danger"]) == ["common.danger"]
    after = _entries(project_copy)
    assert not after["common.danger"].reviewed and after["common.danger"].state == "unreviewed"
    assert all(e.reviewed for k, e in after.items() if k != "common.danger")


def test_a_hand_edited_digest_is_refused(project_copy):
    from posters.errors import InputError

    text = (project_copy / CY).read_text(encoding="utf-8")
    d = tr.digest("If a child is in immediate danger, call 999.")
    (project_copy / CY).write_text(text.replace(d, "0" * 16), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    assert any(p.key == "translated_from.common.danger.digest" for p in exc.value.problems)


def test_a_reviewed_line_changed_afterwards_is_no_longer_reviewed(project_copy, tmp_path, capsys):
    """The review is of the words: changing them by hand (or in the studio) undoes it, and --release refuses."""
    _review_all(project_copy, tmp_path)
    assert _entries(project_copy)["message.self.cta"].reviewed
    _edit(project_copy, CY, 'cta = "Cewch gymorth cyfrinachol i stopio"', 'cta = "Peidiwch â ffonio, mae hyn yn wastraff amser"')
    after = _entries(project_copy)
    assert after["message.self.cta"].state == "edited" and not after["message.self.cta"].reviewed
    assert all(e.reviewed for k, e in after.items() if k != "message.self.cta")
    args = ["--project", str(project_copy), "build", "-q", "-e", "north-wales", "-l", "wallet-card", "-L", "cy", "-m", "self", "-o", str(tmp_path / "out")]
    assert main([*args, "--release"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: {CY}: translated_from: entries were changed after they were reviewed (1): message.self.cta" in err
    # reviewed again (the import records the new words), it is signed off
    _review_all(project_copy, tmp_path)
    assert _entries(project_copy)["message.self.cta"].reviewed


def test_a_line_that_a_spreadsheet_would_run_as_a_formula_goes_out_as_text_and_comes_back_as_written(project_copy, tmp_path):
    formula = '=WEBSERVICE(A2)&"Sgwrs fyw"'  # (a line naming a web address off the allow-list is refused on its own)
    _edit(project_copy, CY, 'live_chat = "Sgwrs fyw"', "live_chat = '" + formula + "'")
    out = tmp_path / "cy.csv"
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--export", str(out), "--all"]) == 0
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert rows["common.live_chat"]["target"] == "'" + formula  # shown as text by Excel, LibreOffice and Sheets
    assert not any(v.startswith(("=", "+", "@")) for r in rows.values() for v in r.values())
    from posters.inputs.translation_files import read_units

    [unit] = [u for u in read_units(out.read_text(encoding="utf-8"), "csv", out.name) if u.key == "common.live_chat"]
    assert unit.target == formula


def test_an_import_too_large_or_with_a_key_twice_is_refused_and_changes_nothing(project_copy, tmp_path, capsys):
    cy = (project_copy / CY).read_bytes()
    twice = tmp_path / "twice.csv"
    row = 'common.live_chat,unreviewed,Live chat,Live chat,"{}",no\n'
    twice.write_text("key,state,source,previous_source,target,reviewed\n" + row.format("Sgwrs fyw") + row.format("Sgwrs"), encoding="utf-8")
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(twice)]) == 1
    assert "common.live_chat: is in the file more than once" in capsys.readouterr().err
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as f:
        f.write("key,state,source,previous_source,target,reviewed\n")
        for _ in range(5_000):
            f.write(row.format("A" * 1000))
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(big)]) == 1
    assert "is over 4 MB; a translation file for this campaign is at most that" in capsys.readouterr().err
    assert (project_copy / CY).read_bytes() == cy


def test_a_csv_field_too_long_for_the_reader_is_one_error(project_copy, tmp_path, capsys):
    big = tmp_path / "field.csv"
    big.write_text("key,state,source,previous_source,target,reviewed\ncommon.live_chat,unreviewed,x,x,\"" + "A" * 200_000 + "\",no\n", encoding="utf-8")
    assert main(["--project", str(project_copy), "translations", "--lang", "cy", "--import", str(big)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "not a CSV file this tool can read" in err
