"""Element kinds. Importing this package registers every kind."""

from posters.elements import helpline, icon, image, line, logo, logostrip, panel, qr, shape, text, url  # noqa: F401
