"""Every HTML page the tool writes (the accessible pages, the preview server's
error page) comes from a Jinja2 template in `posters/templates/`, with
autoescape on: a value put into a page is escaped by the template engine,
never by hand at each place it is used.

The escaping is `html.escape`'s (quotes as &quot; and &#x27;), applied to
every interpolated string through `finalize`, so pages are byte-identical to
those of earlier builds; markup the code means to insert is passed as
`Markup` and left alone.
"""

from __future__ import annotations

import html
from functools import lru_cache

from markupsafe import Markup


def _escaped(value):
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(html.escape(value))
    return value


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("posters", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,  # a name missing from the page's data is an error, never an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **data) -> str:
    return environment().get_template(template).render(**data)
