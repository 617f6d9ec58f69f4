"""The studio's write rules, through its routes (Starlette's TestClient) and its parts:
files stay confined to layouts/ and the copy files, every write is validated like a
build and written whole or not at all, the promise elements are protected, English
edits mark translations for review, undo/redo, and the server's guards stay on."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from posters.web import toml_edit
from posters.web.app import create_app
from posters.web.studio import Refused, covered

JOB = {"edition": "lancashire", "layout": "a4-poster", "lang": "en", "message": "self"}
HEADLINE, HELPLINE, QR, CTA, RECT = "pages[0].elements[1]", "pages[0].elements[7]", "pages[0].elements[9]", "pages[0].elements[10]", "pages[0].elements[5]"


@pytest.fixture()
def studio(project_copy):
    app = create_app(project_copy)
    return TestClient(app, raise_server_exceptions=False), project_copy, app


def edit(client, **op):
    import json

    # as a browser's JSON.stringify cannot, but any other client can: NaN and Infinity too
    return client.post("/api/edit", content=json.dumps({**JOB, **op}), headers={"content-type": "application/json"})


def box(proj: Path, key: str) -> list:
    page, index = (int(n) for n in key.replace("]", "[").split("[")[1::2])
    return tomllib.loads((proj / "layouts" / "a4-poster.toml").read_text())["pages"][page]["elements"][index]["box_mm"]


def snapshot(proj: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(proj.rglob("*")) if p.is_file()}


def test_plan_lists_each_element_with_file_key_line_box_style_and_promise(studio, project):
    client, proj, _ = studio
    body = client.get("/api/plan", params=JOB).json()
    els = {e["key"]: e for e in body["pages"][0]}
    text = (proj / "layouts" / "a4-poster.toml").read_text()
    qr = els[QR]
    assert qr["kind"] == "qr" and qr["file"] == "layouts/a4-poster.toml" and qr["promise"] is True
    assert text.splitlines()[qr["line"] - 1].strip() == "[[pages.elements]]"
    assert text.splitlines()[qr["box_line"] - 1].startswith("box_mm = [12, 204, 52, 52]")
    assert qr["box_mm"] == [12, 204, 52, 52] and "box_mm" in qr["editable"]
    assert {e["kind"] for e in els.values() if e["promise"]} == {"helpline", "qr", "url"}
    head = els[HEADLINE]
    assert head["style"]["name"] == "headline" and head["style"]["size_pt"] == 60
    assert head["copy"] == {"key": "headline", "lang": "en", "file": "assets/campaign/copy/en.toml", "text": project.campaign.copies["en"].get("self", "headline")}


def test_a_move_writes_only_that_box_keeping_comments_and_order(studio):
    client, proj, _ = studio
    path = proj / "layouts" / "a4-poster.toml"
    before = path.read_text()
    r = edit(client, op="box", key=QR, box_mm=[12, 204.5, 52, 52])
    assert r.status_code == 200, r.text
    after = path.read_text()
    diff = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert diff == [("box_mm = [12, 204, 52, 52]", "box_mm = [12, 204.5, 52, 52]")]
    assert len(before) - len(after) == len("204, 52, 52") - len("204.5, 52, 52")
    # the next output the page asks for is the edited one, drawn from the new file
    out = client.get("/api/plan", params=JOB).json()
    assert next(e for e in out["pages"][0] if e["key"] == QR)["box_mm"] == [12, 204.5, 52, 52]


@pytest.mark.parametrize(
    "op, words",
    [
        ({"op": "delete", "key": HELPLINE}, "helpline number cannot be deleted"),
        ({"op": "delete", "key": QR}, "QR code cannot be deleted"),
        ({"op": "delete", "key": "pages[0].elements[12]"}, "web address cannot be deleted"),
        ({"op": "box", "key": QR, "box_mm": [12, 204, 30, 30]}, "below the minimum"),  # too small to scan
        ({"op": "box", "key": CTA, "box_mm": [30, 204, 128, 14]}, "would cover the QR code"),
        ({"op": "box", "key": QR, "box_mm": [4, 204, 52, 52]}, "safe"),  # the build's own rule on the safe zone
        ({"op": "box", "key": QR, "box_mm": [12, 204, 0, 52]}, "width and a height"),
        ({"op": "box", "key": QR, "box_mm": [12, "x", 52, 52]}, "four numbers"),
        ({"op": "box", "key": "pages[0].elements[99]", "box_mm": [1, 1, 1, 1]}, "has no element"),
        ({"op": "box", "key": "../../etc/passwd", "box_mm": [1, 1, 1, 1]}, "is not an element"),
        ({"op": "copy", "key": QR, "text": "hi"}, "not a line of copy"),
        ({"op": "copy", "key": HEADLINE, "text": "Call 0808 1000 900 now"}, "phone number"),  # the loader's rule on copy
        ({"op": "copy", "key": HEADLINE, "text": "   "}, "empty"),
        ({"op": "box", "key": QR, "box_mm": [float("nan"), 204, 52, 52]}, "four numbers"),  # JSON's NaN: a server error before
        ({"op": "box", "key": QR, "box_mm": [12, float("inf"), 52, 52]}, "four numbers"),
        ({"op": "box", "key": QR, "edition": ["lancashire"], "box_mm": [12, 204, 52, 52]}, "edition must be a name"),  # a server error before
        ({"op": "delete", "key": RECT, "layout": {"a4-poster": 1}}, "layout must be a name"),
        ({"op": "copy", "key": HEADLINE, "text": "Looking \u202eenilno"}, "direction control U+202E"),  # the loader's rule on copy
    ],
)
def test_refused_edits_say_why_and_change_nothing(studio, op, words):
    client, proj, _ = studio
    before = snapshot(proj)
    r = edit(client, **op)
    assert r.status_code in (404, 409), r.text
    assert words in (r.json()["error"] + " " + " ".join(p["message"] for p in r.json().get("problems", [])))
    assert snapshot(proj) == before


def test_a_plain_element_may_be_deleted_and_undo_brings_it_back(studio):
    client, proj, _ = studio
    path = proj / "layouts" / "a4-poster.toml"
    before = path.read_text()
    assert edit(client, op="delete", key="pages[0].elements[13]").status_code == 200  # the 999 line
    assert 'copy = "danger"' not in path.read_text()
    assert client.post("/api/undo", json={}).status_code == 200
    assert path.read_text() == before


def test_english_edit_marks_the_translations_for_review_and_undo_redo_cover_both_files(studio):
    client, proj, _ = studio
    en, cy = proj / "assets/campaign/copy/en.toml", proj / "assets/campaign/copy/cy.toml"
    en0, cy0 = en.read_text(), cy.read_text()
    r = edit(client, op="copy", key=HEADLINE, text="Viewing sexual images of under-18s online?")
    assert r.status_code == 200, r.text
    assert tomllib.loads(en.read_text())["message"]["self"]["headline"] == "Viewing sexual images of under-18s online?"
    assert tomllib.loads(cy.read_text())["needs_review"] == ["message.self.headline"]
    assert cy.read_text().replace('needs_review = ["message.self.headline"]\n', "") == cy0  # nothing else in the Welsh file moved
    warnings = client.get("/api/project").json()["problems"]
    assert any(p["file"] == "assets/campaign/copy/cy.toml" and p["key"] == "message.self.headline" and "needs review" in p["message"] for p in warnings)
    # a box move after it, then undo both, then redo one
    assert edit(client, op="box", key=QR, box_mm=[12, 200, 52, 52]).status_code == 200
    assert client.get("/api/history").json()["undo"] == ["edit en headline", f"move {QR}"]
    client.post("/api/undo", json={})
    client.post("/api/undo", json={})
    assert (en.read_text(), cy.read_text()) == (en0, cy0) and box(proj, QR) == [12, 204, 52, 52]
    assert client.post("/api/undo", json={}).status_code == 409  # nothing left
    client.post("/api/redo", json={})
    assert "Viewing sexual" in en.read_text() and box(proj, QR) == [12, 204, 52, 52]


def test_welsh_edit_writes_only_the_welsh_file(studio):
    client, proj, _ = studio
    en, cy = proj / "assets/campaign/copy/en.toml", proj / "assets/campaign/copy/cy.toml"
    en0 = en.read_text()
    job = {**JOB, "edition": "north-wales", "lang": "cy-en"}
    r = client.post("/api/edit", json={**job, "op": "copy", "key": HEADLINE, "copy_lang": "cy", "text": "Yn edrych ar ddelweddau rhywiol o bobl dan 18 ar-lein?!"})
    assert r.status_code == 200, r.text
    assert tomllib.loads(cy.read_text())["message"]["self"]["headline"].endswith("?!") and en.read_text() == en0


def test_undo_refuses_when_the_file_changed_in_another_program(studio):
    client, proj, _ = studio
    path = proj / "layouts" / "a4-poster.toml"
    assert edit(client, op="box", key=QR, box_mm=[12, 200, 52, 52]).status_code == 200
    path.write_text(path.read_text().replace("# A4 portrait", "# An A4 portrait"))
    r = client.post("/api/undo", json={})
    assert r.status_code == 409 and "changed outside the studio" in r.json()["error"]
    assert "# An A4 portrait" in path.read_text()


def test_writes_are_confined_to_layouts_and_copy_files(studio):
    _, proj, app = studio
    st = app.state.studio
    for rel in ("assets/campaign/campaign.toml", "assets/forces/lancashire/force.toml", "../outside.toml", "layouts/../pyproject.toml", "layouts/notes.txt"):
        with pytest.raises(Refused, match="not a layout or copy file"):
            st._confined(rel)
    assert st._confined("layouts/a4-poster.toml") == (proj / "layouts" / "a4-poster.toml").resolve()
    assert st._confined("assets/campaign/copy/cy.toml") == (proj / "assets/campaign/copy/cy.toml").resolve()
    # a layout that is a link to a file outside the project is refused by the build's loader
    outside = proj.parent / "elsewhere.toml"
    outside.write_text((proj / "layouts" / "a5-flyer.toml").read_text())
    (proj / "layouts" / "a5-flyer.toml").unlink()
    (proj / "layouts" / "a5-flyer.toml").symlink_to(outside)
    with pytest.raises(Refused, match="not a layout or copy file"):
        st._confined("layouts/a5-flyer.toml")


def test_a_write_that_fails_half_way_leaves_the_old_file_whole(studio, monkeypatch):
    client, proj, _ = studio
    before = snapshot(proj)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    r = edit(client, op="box", key=QR, box_mm=[12, 200, 52, 52])
    assert r.status_code == 500 and "No space left" in r.json()["error"]
    assert snapshot(proj) == before  # no temporary file left behind, the layout as it was


def test_edits_need_json_and_the_host_check_stays(project_copy):
    from posters.commands.serve import allowed_hosts

    client = TestClient(create_app(project_copy, allowed_hosts("127.0.0.1")), base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
    assert client.post("/api/edit", data={"op": "delete"}, headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 415
    evil = client.post("/api/edit", json={**JOB, "op": "box", "key": QR, "box_mm": [12, 200, 52, 52]}, headers={"host": "evil.example"})
    assert evil.status_code == 400
    assert client.get("/api/events", headers={"host": "evil.example"}).status_code == 400
    assert box(project_copy, QR) == [12, 204, 52, 52]


def test_a_server_on_the_network_still_answers_only_its_own_names_and_refuses_other_sites_changes(project_copy):
    """--host 0.0.0.0 once turned the Host check off: a page elsewhere could edit the project by DNS rebinding."""
    import socket

    from posters.commands.serve import allowed_hosts

    names = allowed_hosts("0.0.0.0", ["studio.example.org"])
    assert {"localhost", socket.gethostname().lower(), "studio.example.org"} <= set(names)
    client = TestClient(create_app(project_copy, names), base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
    change = {**JOB, "op": "box", "key": QR, "box_mm": [12, 200, 52, 52]}
    rebound = client.post("/api/edit", json=change, headers={"host": "attacker.example:8000", "origin": "http://attacker.example:8000"})
    assert rebound.status_code == 400
    assert client.get("/api/version", headers={"host": "attacker.example"}).status_code == 400
    # an address or a known name is answered; a change sent by another site's page is not
    assert client.get("/api/version", headers={"host": "192.168.1.20:8000"}).status_code == 200
    assert client.get("/api/version", headers={"host": "[fe80::1]:8000"}).status_code == 200
    assert client.get("/api/version", headers={"host": "studio.example.org:8000"}).status_code == 200
    cross = client.post("/api/edit", json=change, headers={"host": "127.0.0.1:8000", "origin": "http://attacker.example"})
    assert cross.status_code == 403
    assert client.post("/api/edit", json=change, headers={"host": "127.0.0.1:8000", "origin": "null"}).status_code == 403
    assert box(project_copy, QR) == [12, 204, 52, 52]
    same = client.post("/api/edit", json=change, headers={"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000"})
    assert same.status_code == 200, same.text
    assert box(project_copy, QR) == [12, 200, 52, 52]


def test_staged_text_is_read_instead_of_the_file_and_the_disk_is_untouched(project_copy):
    from posters.errors import InputError
    from posters.inputs.load import read_toml, staged

    path = project_copy / "layouts" / "a4-poster.toml"
    with staged({path: 'name = "staged"'}):
        assert read_toml(path, "layouts/a4-poster.toml", project_copy) == {"name": "staged"}
        with pytest.raises(InputError, match="not valid TOML"):
            with staged({path: "name = "}):
                read_toml(path, "x", project_copy)
    assert read_toml(path, "layouts/a4-poster.toml", project_copy)["name"] == "A4 poster"


def test_no_layout_of_the_project_is_refused_as_covered(project, logos):
    """The covering rule must not refuse edits to the layouts as they stand."""
    from posters.plan.place import plan_output

    for lay in project.layouts:
        for ed in project.editions:
            for lang in ed.languages:
                assert covered(plan_output(project.campaign, ed, lay, lang, lay.messages[0], logos)) == [], (lay.format, ed.slug, lang)


def test_problem_lines_point_at_the_offending_line():
    text = 'name = "x"\n\n[[pages]]\nname = "front"\n\n[[pages.elements]]\ntype = "qr"\nbox_mm = [1, 2, 3, 4]\n'
    assert toml_edit.problem_line(text, "pages[0].elements[0].box_mm", "too small") == 8
    assert toml_edit.problem_line(text, "pages[0].elements[0]", "oops") == 6
    assert toml_edit.problem_line(text, "", "is not valid TOML: Expected ']' (at line 5, column 3)") == 5
    assert toml_edit.excerpt(text, 8, 1) == [(7, 'type = "qr"'), (8, "box_mm = [1, 2, 3, 4]")]


def test_set_box_keeps_a_comment_on_the_line_and_handles_arrays_over_several_lines():
    one = '[[pages]]\nname = "f"\n\n[[pages.elements]]\ntype = "qr"\nbox_mm = [1,2,3,4]  # square, keep\n'
    assert toml_edit.set_box(one, "pages[0].elements[0]", [5, 6.25, 7, 8]).splitlines()[-1] == "box_mm = [5,6.2,7,8]  # square, keep"
    many = '[[pages]]\nname = "f"\n\n[[pages.elements]]\ntype = "qr"\n# where it sits\nbox_mm = [\n  1, 2,  # top left\n  3, 4,\n]\n'
    new = toml_edit.set_box(many, "pages[0].elements[0]", [9, 8, 7, 6])
    assert tomllib.loads(new)["pages"][0]["elements"][0]["box_mm"] == [9, 8, 7, 6]
    assert "# where it sits" in new


def test_a_move_on_a_derived_layout_is_written_as_an_override_and_an_inherited_element_is_not_deleted(studio):
    """The A3 is made from the A4 master: its QR has no box_mm of its own to rewrite. A move
    becomes a [set] entry in the A3's file (the master untouched), the panel says where the
    element comes from, and deleting it is refused with the master's file and key."""
    client, proj, _ = studio
    a3 = {**JOB, "layout": "a3-poster"}
    a3_file, master = proj / "layouts" / "a3-poster.toml", proj / "layouts" / "a4-poster.toml"
    master_before = master.read_bytes()
    els = {e["key"]: e for e in client.get("/api/plan", params=a3).json()["pages"][0]}
    assert "layouts/a4-poster.toml" in els[QR]["master"] and QR in els[QR]["master"]
    x, y, w, h = els[QR]["box_mm"]
    r = client.post("/api/edit", json={**a3, "op": "box", "key": QR, "box_mm": [x + 5, y, w, h]})
    assert r.status_code == 200, r.text
    written = tomllib.loads(a3_file.read_text())
    assert written["extends"] == "a4-poster" and "pages" not in written
    assert written["set"][f"{QR}.box_mm"] == [round(x + 5, 1), round(y, 1), round(w, 1), round(h, 1)]
    assert master.read_bytes() == master_before
    # a second move changes the same entry, not a new one
    r = client.post("/api/edit", json={**a3, "op": "box", "key": QR, "box_mm": [x + 2, y, w, h]})
    assert r.status_code == 200, r.text
    written = tomllib.loads(a3_file.read_text())
    assert list(written["set"]) == [f"{QR}.box_mm"] and written["set"][f"{QR}.box_mm"][0] == round(x + 2, 1)
    els = {e["key"]: e for e in client.get("/api/plan", params=a3).json()["pages"][0]}
    assert els[QR]["box_mm"][0] == pytest.approx(x + 2, abs=0.06)
    before = a3_file.read_bytes()
    r = client.post("/api/edit", json={**a3, "op": "delete", "key": RECT})
    assert r.status_code != 200 and "layouts/a4-poster.toml" in r.text and RECT in r.text
    assert a3_file.read_bytes() == before


def test_a_huge_edit_is_refused_without_being_read_whole(studio):
    client, proj, _ = studio
    before = snapshot(proj)
    r = client.post("/api/edit", content=b"{" + b" " * 5_000_000 + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 409 and "too large" in r.json()["error"] and r.json()["hint"]
    assert snapshot(proj) == before
