"""The preview page in a real browser: Playwright driving Debian's Chromium.

Chromium comes from apt (`apt-get install -y chromium`); Playwright's own
browser download is not used. Without Chromium these tests fail, saying how
to install it, so a machine missing it is never mistaken for a passing one.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

# Found on PATH (Debian installs it as `chromium`), never by a fixed path of one machine.
CHROMIUM = Path(shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 15_000  # generous: CI machines are small; nothing here asserts on speed


class Server:
    """The real app under uvicorn on a free loopback port, in a background thread."""

    def __init__(self, root: Path):
        import uvicorn

        from posters.commands.serve import address, allowed_hosts, open_socket
        from posters.web.app import create_app

        sock = open_socket("127.0.0.1", 0)
        self.url = address(sock).rstrip("/")
        self.server = uvicorn.Server(uvicorn.Config(create_app(root, allowed_hosts("127.0.0.1")), log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        started = threading.Event()
        for _ in range(200):  # bounded: at most ~10 s
            if self.server.started:
                started.set()
                break
            started.wait(0.05)
        assert started.is_set(), "the preview server did not start"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; the browser tests need it.\n"
            "Install it with: apt-get update && apt-get install -y chromium\n"
            "(do not run 'playwright install': these tests use Debian's Chromium)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == [], f"the page raised script errors: {errors}"


@pytest.fixture(scope="module")
def served(root):
    s = Server(root)
    yield s.url
    s.stop()


@pytest.fixture()
def served_copy(project_copy):
    s = Server(project_copy)
    yield s.url, project_copy
    s.stop()


def choose(page, edition: str, layout: str) -> None:
    page.select_option("#edition", edition)
    page.select_option("#layout", layout)
    page.wait_for_selector(f'.sheet[data-state=loaded] img[src*="edition={edition}&layout={layout}&"]')


def test_choose_an_output_see_preview_checks_and_download_a_pdf_that_scans(page, served, project, tmp_path):
    page.goto(served + "/")
    page.wait_for_selector(".sheet[data-state=loaded]")  # the first edition and layout show at once
    choose(page, "north-wales", "a4-poster")
    assert page.locator("#title").inner_text().startswith("North Wales Police: A4 poster")
    img = page.locator(".sheet img").first
    # sharp on this screen: at least as many pixels as it is shown with
    assert img.evaluate("i => i.complete && i.naturalWidth >= 700 && i.naturalWidth >= i.getBoundingClientRect().width * devicePixelRatio")
    assert "edition=north-wales" in img.get_attribute("src")
    summary = page.locator("#checks .summary")
    summary.wait_for()
    assert summary.inner_text().strip()
    # the language list is the edition's own: Welsh first for North Wales, English only for Lancashire
    assert page.locator("#lang option").evaluate_all("os => os.map(o => o.value)") == project.edition("north-wales").languages

    # guides toggle in the browser, without asking for a new picture
    src = img.get_attribute("src")
    trim = page.locator(".sheet svg rect.trim").first
    assert trim.is_visible()
    page.uncheck("#guide-trim")
    assert trim.is_hidden() and page.locator(".sheet svg rect.safe").first.is_visible()
    page.check("#guide-trim")
    assert trim.is_visible() and img.get_attribute("src") == src

    with page.expect_download() as info:
        page.click("#downloads a[data-kind=pdf]")
    download = info.value
    assert download.suggested_filename == "a4-poster.self.cy-en.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    doc = pdfium.PdfDocument(str(path))
    try:
        pg = doc[0]
        text = pg.get_textpage().get_text_range()
        image = pg.render(scale=1400 / pg.get_size()[0]).to_pil()
    finally:
        doc.close()
    assert "0808 1000 900" in text
    qr = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert qr == [project.campaign.qr_payload("north-wales", "a4-poster", "self", "cy-en")]


def test_editing_a_layout_updates_the_open_page_and_errors_read_plainly(page, served_copy):
    url, proj = served_copy
    page.goto(url + "/?edition=lancashire&layout=a4-poster&lang=en&message=self")
    page.wait_for_selector(".sheet[data-state=loaded]")
    img = page.locator(".sheet img").first
    before_src = img.get_attribute("src")
    before_png = page.request.get(url + before_src).body()

    layout = proj / "layouts" / "a4-poster.toml"
    original = layout.read_text()
    layout.write_text(original.replace('colour = "paper"', 'colour = "signal"', 1))  # the headline turns yellow
    page.wait_for_function("src => { const i = document.querySelector('.sheet img'); return i && i.getAttribute('src') !== src; }", arg=before_src)
    page.wait_for_selector(".sheet[data-state=loaded]")
    after_png = page.request.get(url + img.get_attribute("src")).body()
    assert after_png != before_png
    assert page.locator("#live").inner_text().startswith("Updated")

    # a mistake in the layout: a readable message naming the file, the key and a hint
    layout.write_text(original.replace("safe_mm = 10", 'safe_mm = "ten"'))
    banner = page.locator("#project-errors")
    banner.wait_for()
    words = banner.inner_text()
    assert "layouts/a4-poster.toml" in words and "safe_mm" in words and "Hint:" in words
    notice = page.locator("#notice")
    notice.wait_for()
    assert "a4-poster" in notice.inner_text() and "safe_mm" in notice.inner_text()
    # beside the error, the last good preview (the yellow headline), dimmed and marked as such, and nothing to download
    page.wait_for_selector("#last-good")
    page.wait_for_selector("#pages.stale .sheet[data-state=loaded]")
    shown = page.locator(".sheet img").first.get_attribute("src")
    assert shown.startswith("/preview/last-good?") and page.request.get(url + shown).body() == after_png
    assert page.locator("#downloads a").count() == 0

    # fixed again: the current preview comes back by itself
    layout.write_text(original)
    page.wait_for_selector("#last-good", state="detached")
    page.wait_for_selector("#pages:not(.stale) .sheet[data-state=loaded]")
    assert banner.count() == 0 or banner.is_hidden()


def test_unknown_edition_gets_a_clean_message(page, served):
    page.goto(served + "/?edition=atlantis&layout=a4-poster")
    notice = page.locator("#notice")
    notice.wait_for()
    text = notice.inner_text()
    assert "Unknown edition 'atlantis'" in text and "north-wales" in text
    assert page.locator(".sheet").count() == 0

    response = page.goto(served + "/download/pdf?edition=atlantis&layout=a4-poster")
    assert response.status == 404
    body = page.locator("body").inner_text()
    assert "Unknown edition 'atlantis'" in body and "Traceback" not in body


def test_the_preview_a_person_sees_scans_and_shows_the_number(page, served, root, project):
    """What the screenshot shows (the picture docs/preview.png is made from): the poster's QR
    code, decoded from the browser's own pixels, leads to this output's link, and the page
    says the checks passed. POSTERS_UPDATE_SCREENSHOT=1 also writes it to docs/preview.png."""
    import io
    import os

    from PIL import Image

    page.goto(served + "/?edition=north-wales&layout=a4-poster&lang=cy-en&message=self")
    page.wait_for_selector(".sheet[data-state=loaded]")
    summary = page.locator("#checks .summary")
    summary.wait_for()
    assert "passed" in summary.inner_text().lower()
    shot = page.screenshot()
    image = Image.open(io.BytesIO(shot)).convert("L")
    assert image.size == (1440, 900)
    expected = project.campaign.qr_payload("north-wales", "a4-poster", "self", "cy-en")
    # the sheet as drawn on screen, enlarged so the code's modules are a few pixels each
    sheet = Image.open(io.BytesIO(page.locator(".sheet").first.screenshot())).convert("L")
    sheet = sheet.resize((sheet.width * 3, sheet.height * 3), Image.NEAREST)
    read = [r.text for r in zxingcpp.read_barcodes(sheet)]
    assert expected in read, f"the preview's QR code reads {read}, not {expected!r}"
    if os.environ.get("POSTERS_UPDATE_SCREENSHOT") == "1":
        target = root / "docs" / "preview.png"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(shot)
