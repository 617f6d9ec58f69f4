"""Local variations without forking: a force's own copy lines, layouts scoped
to editions or languages, and `build -l` trying the hardest case first."""

from __future__ import annotations

import contextlib
import io

import pytest

from posters.batch import Filters, hardest_first, jobs_for
from posters.errors import InputError
from posters.inputs.project import load_project
from posters.plan.place import plan_output

from conftest import give_code

LOCAL = """reviewed = true
[common]
partners = "A Cumbria Constabulary campaign with Stop it Now!"
headline = "Cumbria: looking at sexual images of under-18s online?"
[message.self]
subhead = "It's illegal. It harms children. Help is here in Cumbria."
"""


def local_copy(proj, text=LOCAL, force="cumbria", lang="en"):
    p = proj / "assets" / "forces" / force / "copy" / f"{lang}.toml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def texts(plan) -> list[str]:
    from posters.elements.text import SetText

    return [p.content.text for page in plan.pages for p in page.elements if isinstance(p.content, SetText)]


def run_cli(args):
    from posters.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def test_a_force_changes_lines_of_copy_for_itself(project_copy, logos):
    local_copy(project_copy)
    project = load_project(project_copy)
    lay = project.layout("a4-poster")
    mine = texts(plan_output(project.campaign, project.edition("cumbria"), lay, "en", "self", logos))
    assert "It's illegal. It harms children. Help is here in Cumbria." in mine
    # [common] in a force's file wins over the campaign's per-message line
    assert "Cumbria: looking at sexual images of under-18s online?" in mine
    family = texts(plan_output(project.campaign, project.edition("cumbria"), lay, "en", "family", logos))
    assert "Cumbria: looking at sexual images of under-18s online?" in family
    assert "You are not alone. Confidential advice is here." in family  # not overridden: the campaign's
    for other in ("cheshire", "regional"):
        theirs = texts(plan_output(project.campaign, project.edition(other), lay, "en", "self", logos))
        assert not any("Cumbria" in t for t in theirs)


def test_the_accessible_page_carries_the_force_line(project_copy):
    from posters.publish.accessible import page_html

    local_copy(project_copy)
    project = load_project(project_copy)
    html = page_html(project.campaign, project.edition("cumbria"), "en")
    assert "A Cumbria Constabulary campaign with Stop it Now!" in html


@pytest.mark.parametrize(
    "text, key, words",
    [
        ('[common]\npartnrs = "x"\n', "common.partnrs", "did you mean 'partners'"),
        ('[common]\npartners = "Call 0808 1000 900"\n', "common.partners", "phone number"),
        ('[message.selff]\nheadline = "x"\n', "message.selff", "did you mean 'self'"),
        ('[common]\npartners = ""\n', "common.partners", "is empty"),
    ],
)
def test_mistakes_in_a_force_copy_name_its_file_and_key(project_copy, text, key, words):
    local_copy(project_copy, text)
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    ps = [p for p in exc.value.problems if p.key == key]
    assert ps and ps[0].file == "assets/forces/cumbria/copy/en.toml", [p.format() for p in exc.value.problems]
    assert words in ps[0].message + ps[0].hint and ps[0].hint


def test_a_force_copy_in_a_language_it_does_not_print_is_refused(project_copy):
    local_copy(project_copy, '[common]\npartners = "x"\n', lang="cy")
    with pytest.raises(InputError) as exc:
        load_project(project_copy)
    p = exc.value.problems[0]
    assert p.file == "assets/forces/cumbria/copy/cy.toml" and "prints no 'cy'" in p.message


def test_a_force_line_that_does_not_fit_names_the_force_file(project_copy, logos):
    local_copy(project_copy, "[message.self]\nsubhead = \"" + "A very long local strapline " * 30 + "\"\n")
    project = load_project(project_copy)
    with pytest.raises(InputError) as exc:
        plan_output(project.campaign, project.edition("cumbria"), project.layout("a4-poster"), "en", "self", logos)
    p = exc.value.problems[0]
    assert p.file == "layouts/a4-poster.toml" and "does not fit" in p.message
    assert "this force's own, in assets/forces/cumbria/copy/en.toml" in p.message


def test_unreviewed_force_copy_is_a_warning(project_copy):
    local_copy(project_copy, '[common]\npartners = "x y"\n')
    ws = load_project(project_copy).warnings
    assert any(w.file == "assets/forces/cumbria/copy/en.toml" and w.key == "reviewed" for w in ws)


TRIAL_TIGHT = ("box_mm = [12, 12, 186, 56]", "box_mm = [12, 48, 186, 20]")  # the headline fits in English only


def trial(proj, scope=""):
    text = (proj / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    text = text.replace('format = "a4-poster"', 'format = "trial"').replace(*TRIAL_TIGHT)
    (proj / "layouts" / "trial.toml").write_text(scope + text, encoding="utf-8")
    if 'trial = "' not in (proj / "assets" / "campaign" / "campaign.toml").read_text(encoding="utf-8"):
        give_code(proj, "trial", "zt")


def test_layouts_scoped_to_editions_and_languages(project_copy):
    trial(project_copy, 'editions = ["north-wales", "regional"]\nlanguages = ["en"]\n')
    project = load_project(project_copy)
    jobs = [j for j in jobs_for(project, Filters()) if j.format == "trial"]
    assert {(j.edition, j.lang) for j in jobs} == {("north-wales", "en"), ("regional", "en")}
    assert len([j for j in jobs_for(project, Filters()) if j.format == "a4-poster"]) == 2 * 10


@pytest.mark.parametrize(
    "scope, key, words",
    [
        ('editions = ["cumbira"]\n', "editions[0]", "did you mean 'cumbria'"),
        ('editions = ["cumbria"]\nlanguages = ["cy"]\n', "languages", "makes nothing"),
        ('languages = ["fr"]\n', "languages[0]", "not a language of the campaign"),
    ],
)
def test_scope_mistakes(project_copy, scope, key, words):
    trial(project_copy, scope)
    ps = load_project(project_copy).layout_problems["layouts/trial.toml"]
    assert [(p.file, p.key) for p in ps] == [("layouts/trial.toml", key)]
    assert words in ps[0].message + ps[0].hint


def test_an_experimental_layout_scoped_to_english_does_not_block_the_welsh_packs(project_copy, tmp_path):
    trial(project_copy)
    code, _, err = run_cli(["--project", str(project_copy), "build", "-e", "north-wales", "-o", str(tmp_path / "a"), "-j", "1", "-q"])
    assert code == 1 and "layouts/trial.toml" in err and not (tmp_path / "a" / "north-wales.zip").exists()
    trial(project_copy, 'languages = ["en"]   # not fitted to Welsh yet\n')
    code, _, err = run_cli(["--project", str(project_copy), "build", "-e", "north-wales", "-o", str(tmp_path / "b"), "-j", "1", "-q"])
    assert code == 0, err
    assert (tmp_path / "b" / "north-wales.zip").is_file() and (tmp_path / "b" / "north-wales" / "trial.self.en.pdf").is_file()


def test_build_of_one_layout_tries_the_hardest_case_first_and_says_so(project_copy, tmp_path):
    trial(project_copy)
    project = load_project(project_copy)
    jobs, reasons = hardest_first(project, jobs_for(project, Filters(layouts=["trial"])))
    assert [j.label for j in jobs[:2]] == ["regional/trial.self.cy-en", "regional/trial.family.cy-en"]
    assert "longest language pair" in reasons[0][1] and "regional edition, 7 logos" in reasons[0][1]
    code, _, err = run_cli(["--project", str(project_copy), "build", "-l", "trial", "-o", str(tmp_path / "o"), "-j", "1"])
    flat = " ".join(err.split())
    assert code == 1
    assert "trying the hardest case first: regional/trial.self.cy-en (the longest language pair, cy-en; the regional edition, 7 logos)" in flat
    assert "hardest case regional/trial.self.cy-en: FAILED (error: layouts/trial.toml: pages[0].elements[1]: text does not fit" in flat
    assert flat.index("hardest case regional/trial.self.cy-en") < flat.index("Build summary") if "Build summary" in flat else True
