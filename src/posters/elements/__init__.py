"""Element kinds. Importing this package registers every kind."""

from posters.elements import helpline, image, logo, logostrip, qr, shape, text, url  # noqa: F401
