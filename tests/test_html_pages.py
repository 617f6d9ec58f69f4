"""Every HTML page comes from a template with autoescape on."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from posters.html_pages import render


def test_every_value_is_escaped_and_markup_is_left_alone():
    page = render("error.html", message="<b>a & 'b'</b>", hint=Markup("<em>ok</em>"))
    assert "&lt;b&gt;a &amp; &#x27;b&#x27;&lt;/b&gt;" in page and "<em>ok</em>" in page


def test_a_missing_value_is_an_error_not_an_empty_page():
    with pytest.raises(UndefinedError):
        render("error.html", hint="")
