"""The QR payload: built from the campaign's URL and tracking template, and
checked against the allow-list.

A person scanning the code is trying to get help; the code may only lead to the
charity's own hosts, over https, with nothing that can disguise the host
(userinfo, ports, non-ASCII look-alikes, percent-encoded host bytes).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit




class UrlRefused(ValueError):
    """The URL is not one the QR code may carry; the message says why."""


def host_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == a or host.endswith("." + a) for a in allowed)


def check_url(url: str, allowed: list[str]) -> str:
    """Return the URL if it is safe to encode, else raise UrlRefused."""
    if not isinstance(url, str) or not url:
        raise UrlRefused("the URL is empty")
    if not url.isascii():
        raise UrlRefused("the URL has non-ASCII characters (look-alike hosts are refused)")
    if any(c.isspace() or ord(c) < 0x20 for c in url) or "\\" in url:
        raise UrlRefused("the URL has spaces, control characters or backslashes")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused(f"the URL cannot be parsed ({exc})") from None
    if parts.scheme != "https":
        raise UrlRefused(f"the URL must use https, not {parts.scheme or 'no scheme'}")
    if "@" in parts.netloc or parts.username or parts.password:
        raise UrlRefused("the URL has a user name before the host ('user@host'), which disguises the real host")
    if port is not None:
        raise UrlRefused(f"the URL names a port ({port}); only the default https port is allowed")
    host = parts.hostname or ""
    if not host or "%" in host or host.startswith("xn--") or ".xn--" in host:
        raise UrlRefused(f"the host {host!r} is encoded or empty")
    if not host_allowed(host, allowed):
        raise UrlRefused(f"the host {host!r} is not on the allow-list ({', '.join(allowed)})")
    return url


def with_tracking(url: str, params: dict[str, str]) -> str:
    """Append aggregate attribution parameters (never anything about a person)."""
    if not params:  # nothing to add: the URL as given, not one with a dangling "?"
        return url
    parts = urlsplit(url)
    query = urlencode(list(params.items()))
    base = url.split("#", 1)[0]
    if parts.query:
        return f"{base}&{query}"
    if not parts.path:
        base += "/"
    return f"{base}?{query}"
