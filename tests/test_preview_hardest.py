"""The preview, like `posters build -l NEW`, tries a new or changed layout's
hardest case first (the longest language pair, the regional edition) and
says so; layouts unchanged since the server started are left alone."""

from __future__ import annotations

from starlette.testclient import TestClient

from posters.web.app import create_app

from conftest import give_code
from test_local_variations import TRIAL_TIGHT
from test_web_browser import Server, browser, page  # noqa: F401 - the browser fixtures


def add_trial(proj):
    text = (proj / "layouts" / "a4-poster.toml").read_text(encoding="utf-8")
    text = text.replace('format = "a4-poster"', 'format = "trial"').replace(*TRIAL_TIGHT)
    (proj / "layouts" / "trial.toml").write_text(text, encoding="utf-8")
    give_code(proj, "trial", "zt")


def layouts(client) -> dict:
    return {lay["format"]: lay for lay in client.get("/api/project").json()["layouts"]}


def test_a_new_layout_is_tried_hardest_case_first_and_says_why(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    assert all(lay["hardest"] == [] for lay in layouts(client).values())  # nothing new yet
    add_trial(project_copy)
    lays = layouts(client)
    assert lays["a4-poster"]["hardest"] == []
    first = lays["trial"]["hardest"][0]
    assert first["label"] == "regional/trial.self.cy-en"
    assert first["job"] == {"edition": "regional", "layout": "trial", "lang": "cy-en", "message": "self"}
    assert first["why"] == "the longest language pair, cy-en; the regional edition, 7 logos"
    body = client.get("/api/hardest", params={"layout": "trial"}).json()
    assert body["new_or_changed"] is True
    case = body["cases"][0]
    assert case["label"] == "regional/trial.self.cy-en" and case["ok"] is False
    # the words the build prints for the same case
    assert case["verdict"].startswith("FAILED (error: layouts/trial.toml: pages[0].elements[1]: text does not fit")


def test_a_changed_layout_is_tried_too_and_a_fitting_one_says_so(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    assert client.get("/api/hardest", params={"layout": "a5-flyer"}).json()["cases"] == []
    path = project_copy / "layouts" / "a5-flyer.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a designer's note\n", encoding="utf-8")
    body = client.get("/api/hardest", params={"layout": "a5-flyer"}).json()
    assert [c["label"] for c in body["cases"]] == ["regional/a5-flyer.self.cy-en", "regional/a5-flyer.family.cy-en"]
    assert all(c["ok"] and c["verdict"] == "fits, every check passed" for c in body["cases"])


def test_an_unknown_layout_is_named(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    r = client.get("/api/hardest", params={"layout": "nope"}, headers={"accept": "application/json"})
    assert r.status_code == 404 and "unknown layout 'nope'" in r.text


def test_choosing_a_new_layout_opens_its_hardest_case_and_says_so(page, project_copy):  # noqa: F811
    s = Server(project_copy)
    try:
        add_trial(project_copy)
        page.goto(s.url + "/")
        page.wait_for_selector(".sheet[data-state=loaded]")
        page.select_option("#edition", "cheshire")
        page.select_option("#layout", "trial")
        box = page.locator("#hardest")
        box.locator("li").first.wait_for()
        assert page.locator("#edition").input_value() == "regional" and page.locator("#lang").input_value() == "cy-en"
        text = " ".join(box.inner_text().split())
        assert "Showing the hardest case first: regional/trial.self.cy-en (the longest language pair, cy-en; the regional edition, 7 logos)." in text
        assert "Hardest case regional/trial.self.cy-en" in text and "FAILED (error: layouts/trial.toml: pages[0].elements[1]: text does not fit" in text
        page.select_option("#layout", "a4-poster")
        box.wait_for(state="hidden")
    finally:
        s.stop()
