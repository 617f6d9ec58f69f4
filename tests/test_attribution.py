"""The compact attribution scheme: every link the project can print is on
the charity's own host, carries one short code, and fits QR version 4 at
error correction M; a scheme that does not fit is refused by name."""

from __future__ import annotations

import dataclasses

import pytest

from posters.inputs import attribution
from posters.inputs.attribution import qr_version
from posters.errors import InputError
from posters.inputs.project import load_project
from posters.inputs.urls import check_url


def test_every_shipped_link_is_version_4_or_lower_and_decodes_back(project):
    rows = attribution.rows(project)
    assert len(rows) > 200  # every edition x format x language x message, and the web pages
    assert max(r.version for r in rows) <= 4  # the caption links too: one may end up in a code
    assert len({r.code for r in rows}) == len(rows)  # one code, one output (or one caption's platform)
    for r in rows:
        assert check_url(r.link, project.campaign.allowed_hosts) == r.link
        assert r.link == f"{project.campaign.url}/?s={r.code}"
        assert r.code.isalnum() and r.code.islower()


def test_version_is_the_one_in_print(project, logos):
    """qr_version agrees with the symbol the qr element draws."""
    from posters.elements.qr import matrix

    link = max((r.link for r in attribution.rows(project) if not r.channel), key=len)  # a link in a printed code
    assert len(matrix(link, "M")) == 17 + 4 * qr_version(link, "M") == 29


def test_old_utm_scheme_is_refused_naming_its_longest_link(project_copy):
    p = project_copy / "assets" / "campaign" / "campaign.toml"
    text = p.read_text(encoding="utf-8").replace(
        "max_version = 4",
        'max_version = 4\n[qr.tracking]\nutm_source = "{edition}"\nutm_medium = "{format}"\nutm_campaign = "{campaign}"\nutm_content = "{message}"',
    )
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    (problem,) = exc.value.problems
    # a caption's link (on X: channel code x) is one character longer than the landscape's own QR link
    longest = "https://get-help.stopitnow.org.uk/?utm_source=greater-manchester&utm_medium=social-landscape&utm_campaign=nwr-2026&utm_content=family&s=gmlfex"
    assert problem.key == "qr.attribution"
    assert f"the longest caption link, {longest} ({len(longest)} characters), needs QR version 8" in problem.message
    assert "the limit is version 4" in problem.message


def test_the_limit_is_data(project_copy):
    p = project_copy / "assets" / "campaign" / "campaign.toml"
    p.write_text(p.read_text(encoding="utf-8").replace("max_version = 4", "max_version = 2"), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    # the longest link is a caption link (one character more than any printed code): version 4
    assert "needs QR version 4" in exc.value.problems[0].message and "limit is version 2" in exc.value.problems[0].message


def test_codes_that_collide_are_refused(project):
    s = project.campaign.attribution
    # "nw" + "4" + ... and "n" + "w4"... : the template is the only way codes combine, so
    # two names with one code inside a table are the collision to catch
    bad = dataclasses.replace(s, codes={**s.codes, "message": {"self": "s", "family": "s"}})
    campaign = dataclasses.replace(project.campaign, attribution=bad)
    general, _ = attribution.check_scheme(campaign, project.editions, project.layouts)
    assert general and "get the same link" in general[0].message


def test_a_new_format_without_a_code_fails_alone(project):
    s = project.campaign.attribution
    codes = {k: v for k, v in s.codes["format"].items() if k != "wallet-card"}
    campaign = dataclasses.replace(project.campaign, attribution=dataclasses.replace(s, codes={**s.codes, "format": codes}))
    general, per_layout = attribution.check_scheme(campaign, project.editions, project.layouts)
    assert not general
    (problems,) = per_layout.values()
    assert problems[0].key == "qr.attribution.format.wallet-card" and "has no attribution code" in problems[0].message


from hypothesis import given, settings
from hypothesis import strategies as st

# runs of one class each: long runs make the encoder switch modes (numeric, alphanumeric, byte)
_RUNS = st.lists(st.tuples(st.sampled_from(["0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", "abcdefghijklmnopqrstuvwxyz?=&_~#!@", "é✓"]), st.integers(1, 40)), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(runs=_RUNS, seed=st.integers(0, 2**16), ec=st.sampled_from(["L", "M", "Q", "H"]))
def test_version_by_character_classes_is_the_encoders(runs, seed, ec):
    """qr_version asks the encoder once per pattern of character classes: for any
    payload it must give the version of the symbol made from the payload itself."""
    import random

    rng = random.Random(seed)
    payload = "".join(rng.choice(chars) for chars, n in runs for _ in range(n))
    assert qr_version(payload, ec) == attribution.encoded_version.__wrapped__(payload, ec)
