"""A logo's font-family, in an attribute or a <style> rule, never makes the tool open a file named
after it or run fontconfig: svglib's own font map tried '<family>.ttf' and then fc-match for any
family it did not know (an SVG naming /some/path/secret opened /some/path/secretbd.ttf and ran
fc-match). Logo text is set in the project's fonts whatever it names."""

from __future__ import annotations

import sys

import pytest

from posters.inputs.logos import _load_svg

EVENTS: list = []
WATCH = {"on": False}


def _audit(event, args):
    if WATCH["on"] and (event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.system") or (event == "open" and "MUST-NOT-OPEN" in str(args[0]))):
        EVENTS.append((event, str(args)[:200]))


sys.addaudithook(_audit)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200">{style}
<rect x="10" y="10" width="300" height="180" fill="#123456"/>
<text x="20" y="100" {attr}> </text>
</svg>"""


@pytest.mark.parametrize(
    "style, attr",
    [
        ("<style>text {{ font-family: {p}; font-weight: bold }}</style>", ""),
        ("", 'font-family="{p}"'),
        ("<style>* {{ font-family: '{p}', Arial }}</style>", ""),
    ],
)
def test_a_font_family_naming_a_file_opens_nothing_and_runs_nothing(style, attr, tmp_path):
    secret = tmp_path / "MUST-NOT-OPEN"
    for suffix in ("", ".ttf", "bd.ttf"):
        (tmp_path / f"MUST-NOT-OPEN{suffix}").write_bytes(b"not a font")
    raw = SVG.format(style=style.format(p=secret), attr=attr.format(p=secret)).encode()
    EVENTS.clear()
    WATCH["on"] = True
    try:
        logo = _load_svg(tmp_path / "logo.svg", raw)
    except Exception as exc:  # a clear refusal would do as well; reading the file would not
        assert type(exc).__name__ == "LogoError", exc
        logo = None
    finally:
        WATCH["on"] = False
    assert EVENTS == []
    assert logo is None or logo.width == 240  # 320 px
