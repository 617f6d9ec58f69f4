"""Facts as data: every fact the copy states has a source and a date checked;
an unsourced fact is refused, an old or unconfirmed one reported, and
`--release` refuses to build while any is unsettled."""

from __future__ import annotations

import datetime as dt

import pytest

from posters.cli import main
from posters.errors import InputError
from posters.inputs.project import load_project

CAMPAIGN = "assets/campaign/campaign.toml"


def _edit(proj, old: str, new: str, file: str = CAMPAIGN) -> None:
    p = proj / file
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_published_fact_is_in_the_data_with_source_and_date(project):
    facts = project.campaign.facts
    assert set(facts.items) >= {"hours", "free_calls", "languages", "live_chat", "secure_messaging", "confidentiality"}
    for f in facts.items.values():
        assert f.source.startswith("https://") and isinstance(f.checked, dt.date)
    # taken from the brief, so not confirmed: they must be re-checked on the live site before shipping
    assert facts.items["hours"].checked_from == "campaign brief" and not facts.items["hours"].confirmed
    # contact routes and the policy are on the charity's own, allow-listed host
    for fid in ("live_chat", "secure_messaging", "confidentiality"):
        assert facts.items[fid].url.startswith("https://www.stopitnow.org.uk/")


def test_a_fact_without_a_source_is_refused_naming_file_and_key(project_copy):
    _edit(project_copy, 'source = "https://www.stopitnow.org.uk/helpline/"\nchecked = 2026-11-30\nchecked_from = "campaign brief"\nconfirmed = false\nnote = "Long', 'checked = 2026-11-30\nchecked_from = "campaign brief"\nconfirmed = false\nnote = "Long')
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    (p,) = [p for p in exc.value.problems if p.key == "facts.hours.source"]
    assert p.file == CAMPAIGN and "without a source" in p.message and p.hint


def test_a_fact_from_the_brief_cannot_be_marked_confirmed(project_copy):
    _edit(project_copy, 'confirmed = false\nnote = "Long', 'confirmed = true\nnote = "Long')
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    assert any(p.key == "facts.hours.confirmed" for p in exc.value.problems)


def test_an_old_fact_is_reported_with_its_age(project):
    facts = project.campaign.facts
    young = facts.report(today=dt.date(2026, 12, 1))
    assert not any(p.key.endswith(".checked") for p in young)
    old = facts.report(today=dt.date(2026, 11, 30) + dt.timedelta(days=facts.max_age_days + 1))
    aged = [p for p in old if p.key == "facts.hours.checked"]
    assert aged and aged[0].severity == "warning" and f"{facts.max_age_days + 1} days ago" in aged[0].message


def test_the_max_age_is_data(project_copy):
    _edit(project_copy, "max_age_days = 183", "max_age_days = 30")
    facts = load_project(project_copy).campaign.facts
    assert any(p.key == "facts.hours.checked" for p in facts.report(today=dt.date(2027, 1, 15)))


def test_unconfirmed_facts_warn_and_release_refuses(project_copy, tmp_path, capsys):
    args = ["--project", str(project_copy), "build", "-q", "-e", "cumbria", "-l", "wallet-card", "-L", "en", "-m", "self", "-o", str(tmp_path / "out")]
    assert main(args) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "warning: assets/campaign/campaign.toml: facts.hours:" in err and "campaign brief" in err
    assert main([*args, "--release"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "error: assets/campaign/campaign.toml: facts.hours:" in err and "nothing was built" in err
