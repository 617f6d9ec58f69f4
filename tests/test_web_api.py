"""The preview server's routes, without a browser (Starlette's TestClient)."""

from __future__ import annotations

import html
import io
import socket
import zipfile

import pytest
from PIL import Image
from starlette.testclient import TestClient

from posters.batch import Job, make_output
from posters.web.app import STATIC, create_app

JOB = {"edition": "north-wales", "layout": "a4-poster", "lang": "cy-en", "message": "self"}


@pytest.fixture(scope="module")
def client(root):
    return TestClient(create_app(root), raise_server_exceptions=False)


def test_page_and_assets_need_nothing_from_elsewhere(client):
    r = client.get("/")
    assert r.status_code == 200 and "Poster studio" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    for name in STATIC:
        text = client.get("/" if name == "index.html" else f"/{name}").text
        # the only URL allowed is the SVG namespace, which is a name, not a fetch
        assert "://" not in text.replace("http://www.w3.org/2000/svg", ""), name


def test_project_lists_editions_layouts_and_languages(client, project):
    body = client.get("/api/project").json()
    assert body["ok"]
    assert [e["slug"] for e in body["editions"]] == [e.slug for e in project.editions]
    nw = next(e for e in body["editions"] if e["slug"] == "north-wales")
    assert nw["languages"][0] == "cy-en"
    assert {lay["format"] for lay in body["layouts"]} == {lay.format for lay in project.layouts}


def test_the_page_names_checks_in_the_reports_words(client):
    """One table of check names: the page takes them from the server, never its own copy."""
    from posters.verify.report import CHECK_NAMES

    assert client.get("/api/project").json()["check_names"] == CHECK_NAMES
    r = client.get("/app.js")
    assert r.status_code == 200 and "function checkName" in r.text
    script = r.text
    assert "CHECK_NAMES" not in script and not any(f'"{name}"' in script for name in CHECK_NAMES.values())


def test_output_gives_geometry_checks_pages_and_downloads(client, project):
    body = client.get("/api/output", params=JOB).json()
    assert body["problems"] == []
    lay = project.layout("a4-poster")
    g = body["geometry"]
    x, y, w, h = g["trim"]
    assert (w, h) == tuple(lay.trim_mm)
    bx, by, bw, bh = g["bleed"]
    assert (x - bx, bw - w) == pytest.approx((lay.bleed_mm, 2 * lay.bleed_mm))
    sx, sy, sw, sh = g["safe"]
    assert (sx - x, w - sw) == pytest.approx((lay.safe_mm, 2 * lay.safe_mm))
    # the media box holds the trim centred, so bleed and slug are the same on every side
    assert x + w + x == pytest.approx(g["media"][0]) and y + h + y == pytest.approx(g["media"][1])
    assert all(c["severity"] in ("error", "warning") and c["message"] for c in body["checks"])
    assert [d["kind"] for d in body["downloads"]] == ["pdf", "pack"]
    elements = body["pages"][0]["elements"]
    qr = next(e for e in elements if e["kind"] == "qr")
    assert qr["what"] == "the QR code" and "box_mm" in qr["editable"] and qr["key"].startswith("pages[0].elements[")
    assert any(e["what"] == "the helpline number" for e in elements)

    png = client.get(body["pages"][0]["preview"])
    assert png.headers["content-type"] == "image/png"
    im = Image.open(io.BytesIO(png.content))
    assert im.width / im.height == pytest.approx(g["media"][0] / g["media"][1], rel=0.01)


def test_pdf_download_is_what_the_build_makes(client, project, logos):
    r = client.get("/download/pdf", params=JOB)
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="a4-poster.self.cy-en.pdf"'
    made = make_output(project, logos, Job("north-wales", "a4-poster", "cy-en", "self"))
    assert r.content == made.files["a4-poster.self.cy-en.pdf"]


def test_screen_layout_offers_its_png(client, project):
    screen = next((lay for lay in project.layouts if lay.profile == "screen"), None)
    assert screen is not None, "the project has no screen layout to preview"
    params = {"edition": "lancashire", "layout": screen.format, "lang": "en", "message": screen.messages[0]}
    body = client.get("/api/output", params=params).json()
    pngs = [d for d in body["downloads"] if d["kind"] == "png"]
    assert len(pngs) == len(body["pages"]) >= 1
    r = client.get(pngs[0]["url"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(r.content)).size == tuple(screen.size_px)


def test_print_layout_has_no_png(client):
    r = client.get("/download/png", params=JOB)
    assert r.status_code == 404 and "print layout" in r.text


@pytest.mark.parametrize(
    "params, words",
    [
        ({**JOB, "edition": "nope"}, "unknown edition 'nope'"),
        ({**JOB, "layout": "a4-posterr"}, "did you mean 'a4-poster'"),
        ({**JOB, "edition": "lancashire", "lang": "cy"}, "has no language 'cy'"),
        ({k: v for k, v in JOB.items() if k != "edition"}, "no edition chosen"),
    ],
)
def test_unknown_names_are_a_clean_404(client, params, words):
    for path in ("/api/output", "/download/pdf", "/preview"):
        r = client.get(path, params=params)
        assert r.status_code == 404, path
        assert words.lower() in html.unescape(r.text).lower() and "Traceback" not in r.text


@pytest.mark.parametrize("params", [{**JOB, "edition": "../../etc/passwd"}, {**JOB, "message": "/etc/hosts"}, {**JOB, "lang": "en\n"}])
def test_names_no_project_could_have_are_a_clean_400(client, params):
    for path in ("/api/output", "/download/pdf", "/preview"):
        r = client.get(path, params=params)
        assert r.status_code == 400, path
        assert "is not a name the project could have" in html.unescape(r.text) and "Traceback" not in r.text


def test_bad_page_number_and_unknown_route_are_clean(client):
    assert client.get("/preview", params={**JOB, "page": "7"}).status_code == 404
    assert client.get("/preview", params={**JOB, "page": "../x"}).status_code == 400
    r = client.get("/static/../../pyproject.toml")
    assert r.status_code == 404 and "no page" in r.text


def test_pack_holds_every_output_of_the_edition(client, project):
    r = client.get("/download/pack", params={"edition": "lancashire"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    expected = {f"{lay.format}.{m}.en.pdf" for lay in project.layouts if lay.builds("lancashire", "en") for m in lay.messages}
    assert expected <= {n.split("/")[-1] for n in names}
    assert client.get("/download/pack", params={"edition": "x/../y"}).status_code == 400


def test_layout_error_is_a_readable_message(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    path = project_copy / "layouts" / "a4-poster.toml"
    path.write_text(path.read_text().replace("safe_mm = 10", 'safe_mm = "ten"'))
    client.get("/api/version")
    body = client.get("/api/project").json()
    assert any(p["file"] == "layouts/a4-poster.toml" and p["key"] == "safe_mm" and p["hint"] for p in body["problems"])
    r = client.get("/api/output", params=JOB)
    assert r.status_code == 404
    err = r.json()
    assert "a4-poster" in err["error"] and err["problems"][0]["key"] == "safe_mm"


def test_broken_campaign_is_shown_not_crashed(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    (project_copy / "assets" / "campaign" / "campaign.toml").write_text("this is = = not toml")
    body = client.get("/api/project").json()
    assert body["ok"] is False and body["problems"][0]["file"].endswith("campaign.toml")
    r = client.get("/api/output", params=JOB)
    assert r.status_code == 404 and "could not be loaded" in r.json()["error"]


def test_a_change_on_disk_gives_a_new_version_and_a_new_output(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    v1 = client.get("/api/version").json()["version"]
    before = client.get("/download/pdf", params=JOB).content
    path = project_copy / "layouts" / "a4-poster.toml"
    path.write_text(path.read_text().replace('colour = "paper"', 'colour = "signal"', 1))
    v2 = client.get("/api/version").json()["version"]
    assert v2 != v1
    assert client.get("/download/pdf", params=JOB).content != before


def test_loopback_server_refuses_other_host_names(root):
    from posters.commands.serve import allowed_hosts

    client = TestClient(create_app(root, allowed_hosts("127.0.0.1")), base_url="http://127.0.0.1:8000")
    assert client.get("/api/version").status_code == 200
    assert client.get("/api/version", headers={"host": "attacker.example"}).status_code == 400
    # a fully qualified name (a final dot) is the same name; another name with one is still another
    assert client.get("/api/version", headers={"host": "localhost.:8000"}).status_code == 200
    assert client.get("/api/version", headers={"host": "attacker.example.:8000"}).status_code == 400
    assert client.get("/api/version", headers={"host": "localhost..:8000"}).status_code == 400


def test_serve_names_a_busy_port_clearly(root, capsys):
    from posters.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["--project", str(root), "serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "cannot listen here" in err and "--port" in err


def test_loopback_detection():
    from posters.commands.serve import allowed_hosts, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    # on the network too, the server answers only by names it knows (and by IP address)
    assert "localhost" in allowed_hosts("0.0.0.0") and "evil.example" not in allowed_hosts("0.0.0.0")


def test_the_error_page_escapes_what_the_request_said(client):
    r = client.get("/preview", params={**JOB, "edition": '<script>alert("x")</script>'})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "<script>" not in r.text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in r.text
    assert '<p class="hint">' in r.text and "Back to the preview" in r.text


# --- nothing that fails a check is offered; the last good preview stays in view ------------
def _make_contrast_fail(project_copy):
    """White helpline label on the yellow band: an output that is made, but fails a check."""
    lay = project_copy / "layouts" / "a4-poster.toml"
    text = lay.read_text(encoding="utf-8")
    old = '[styles.label]\nfont = "semibold"\nsize_pt = 16\nmin_size_pt = 12\ncolour = "ink"'
    assert old in text
    lay.write_text(text.replace(old, old.replace('colour = "ink"', 'colour = "paper"')), encoding="utf-8")


def test_an_output_that_fails_a_check_offers_no_download(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    params = {"edition": "cumbria", "layout": "a4-poster", "lang": "en", "message": "self"}
    assert client.get("/download/pdf", params=params).status_code == 200
    _make_contrast_fail(project_copy)
    body = client.get("/api/output", params=params).json()
    assert any(c["severity"] == "error" and c["check"] == "contrast" for c in body["checks"])
    assert body["downloads"] == [] and "fails" in body["downloads_withheld"]
    assert body["pages"], "the preview is still shown, with its errors"
    r = client.get("/download/pdf", params=params)
    assert r.status_code == 409 and not r.content.startswith(b"%PDF")
    assert "fails a check and is not offered for download" in html.unescape(r.text)
    assert client.get("/download/pack", params={"edition": "cumbria"}).status_code == 409


def test_while_a_layout_is_broken_the_last_good_preview_stays(project_copy):
    client = TestClient(create_app(project_copy), raise_server_exceptions=False)
    good = client.get("/api/output", params=JOB).json()
    assert good["problems"] == [] and good["pages"]
    path = project_copy / "layouts" / "a4-poster.toml"
    path.write_text(path.read_text().replace("safe_mm = 10", 'safe_mm = "ten"'))
    r = client.get("/api/output", params=JOB)
    assert r.status_code == 404 and r.json()["problems"][0]["key"] == "safe_mm"
    last = r.json()["last_good"]
    assert last["version"] == good["version"] and len(last["pages"]) == len(good["pages"]) and last["geometry"] == good["geometry"]
    png = client.get(last["pages"][0]["preview"])
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).width > 100
    assert "downloads" not in last  # a preview to look at, never a file to send


def test_the_pack_from_serve_is_byte_for_byte_the_pack_from_build(tmp_path, root):
    from posters.cli import main

    out = tmp_path / "out"
    assert main(["--project", str(root), "build", "-q", "-j", "2", "-o", str(out), "-e", "cumbria"]) == 0
    client = TestClient(create_app(root), raise_server_exceptions=False)
    r = client.get("/download/pack", params={"edition": "cumbria"})
    assert r.status_code == 200
    built = (out / "cumbria.zip").read_bytes()
    if r.content != built:
        a, b = zipfile.ZipFile(io.BytesIO(built)), zipfile.ZipFile(io.BytesIO(r.content))
        diff = sorted(n for n in set(a.namelist()) | set(b.namelist()) if n not in a.namelist() or n not in b.namelist() or a.read(n) != b.read(n))
        pytest.fail(f"the packs differ in {diff}")
