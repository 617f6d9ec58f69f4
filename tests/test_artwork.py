"""Logos as design programs save them: Illustrator's DOCTYPE, gradients,
transparency, live text; errors name the logo file first, in a designer's words."""

from __future__ import annotations

import io

import pikepdf
import pytest

from posters.batch import Job, make_output
from posters.errors import InputError
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project

SHAPES = """<rect x="0" y="0" width="280" height="200" rx="22" fill="#1c3f94"/>
  <circle cx="140" cy="90" r="50" fill="#ffffff"/>"""

ILLUSTRATOR = """<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
	<!-- a comment in the subset -->
]>
<svg version="1.1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;" xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;"
	 x="0px" y="0px" width="280px" height="200px" viewBox="0 0 280 200" xml:space="preserve">
  BODY
</svg>
"""

BOMB = ILLUSTRATOR.replace(
    '<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">',
    '<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">\n\t<!ENTITY lol "lol">\n\t<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
).replace("BODY", "<text>&lol2;</text>" + SHAPES)


def plain(body: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="280" height="200" viewBox="0 0 280 200">{body}</svg>'


def with_logo(proj, text: str, name="logo.svg"):
    folder = proj / "assets" / "forces" / "cheshire"
    (folder / name).write_text(text, encoding="utf-8")
    return load_project(proj)


def make(project, fmt="a4-poster"):
    return make_output(project, LogoStore(), Job("cheshire", fmt, "en", "self"))


def problems(project, fmt="a4-poster"):
    with pytest.raises(InputError) as exc:
        make(project, fmt)
    return exc.value.problems


def errors(made):
    return [f for f in made.findings if f.severity == "error"]


def test_an_illustrator_svg_with_a_doctype_and_entities_builds(project_copy):
    made = make(with_logo(project_copy, ILLUSTRATOR.replace("BODY", SHAPES)))
    assert not errors(made), errors(made)


def test_an_entity_bomb_in_an_illustrator_file_is_refused_naming_the_logo(project_copy):
    p = problems(with_logo(project_copy, BOMB))[0]
    assert p.file == "assets/forces/cheshire/logo.svg" and p.key == ""
    assert "entity bomb" in p.message and "logo of Cheshire Constabulary" in p.message
    assert "placed by layouts/a4-poster.toml" in p.hint


def test_a_doctype_is_never_fetched(project_copy, monkeypatch):
    import socket

    def no_network(*a, **k):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    made = make(with_logo(project_copy, ILLUSTRATOR.replace("BODY", SHAPES)))
    assert not errors(made)


GRADIENT = plain(
    '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#1c3f94"/>'
    '<stop offset="1" stop-color="#e3001b"/></linearGradient></defs><rect width="280" height="200" fill="url(#g)"/>'
)


def _shadings(pdf: bytes) -> list:
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ShadingType" in obj:
                out.append(str(obj.get("/ColorSpace")))
    return out


def test_a_gradient_logo_is_converted_to_cmyk_for_print(project_copy):
    made = make(with_logo(project_copy, GRADIENT))
    assert not errors(made), errors(made)
    assert _shadings(next(iter(made.files.values()))) == ["/DeviceCMYK"]


def test_a_gradient_logo_stays_rgb_on_screen(project_copy):
    made = make(with_logo(project_copy, GRADIENT), "social-square")
    assert not errors(made)
    assert _shadings(made.files["social-square.self.en.pdf"]) == ["/DeviceRGB"]


SEE_THROUGH = plain('<rect width="280" height="200" fill="#1c3f94"/><circle cx="140" cy="100" r="60" fill="#ffffff" opacity="0.5" id="halo"/>')


def test_transparency_is_refused_for_print_with_a_reason(project_copy):
    p = problems(with_logo(project_copy, SEE_THROUGH))[0]
    assert p.file == "assets/forces/cheshire/logo.svg"
    assert "opacity 0.5 on <circle id='halo'>" in p.message and "PDF/X-1a, which cannot carry transparency" in p.message
    assert "Flatten Transparency" in p.hint


def test_transparency_is_kept_on_screen(project_copy):
    made = make(with_logo(project_copy, SEE_THROUGH), "social-square")
    assert not errors(made)
    with pikepdf.open(io.BytesIO(made.files["social-square.self.en.pdf"])) as doc:
        states = [g for page in doc.pages for _, g in (page.Resources.get("/ExtGState") or {}).items()]
        alphas = {float(g.get("/ca")) for g in states if "/ca" in g}
    assert 0.5 in alphas


def test_live_text_in_another_font_is_refused_naming_the_font(project_copy):
    svg = plain('<rect width="280" height="200" fill="#1c3f94"/><text x="10" y="100" font-family="Arial-BoldMT, Arial" font-size="40" fill="#fff">CHESHIRE</text>')
    p = problems(with_logo(project_copy, svg))[0]
    assert p.file == "assets/forces/cheshire/logo.svg"
    assert "live text set in 'Arial-BoldMT'" in p.message
    assert p.hint.startswith("outline the text in your logo")


def test_text_in_the_project_font_is_accepted(project):
    # the shipped placeholders set their words in Source Sans Pro, which is embedded
    store = LogoStore()
    for e in project.editions:
        for f in e.forces:
            assert store.get(f.logo).kind == "svg"
