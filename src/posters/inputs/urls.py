"""The QR payload: built from the campaign's URL and tracking template, and
checked against the allow-list.

A person scanning the code is trying to get help; the code may only lead to the
charity's own hosts, over https, with nothing that can disguise the host
(userinfo, ports, non-ASCII look-alikes, percent-encoded host bytes).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode, urlsplit

# A host as the allow-list compares it and as every browser reads it: lower-case
# letters, digits and inner hyphens, in non-empty labels of at most 63, no
# trailing dot. Anything else ("a..b", "a.", "_x", "-x") may be read differently
# by a browser, a phone's scanner app or a resolver than by this check.
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
# Characters a URL may carry unencoded (RFC 3986 unreserved, reserved and '%').
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")


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
    if not _URL_CHARS.match(url):
        raise UrlRefused("the URL has characters that must be percent-encoded (such as < > \" { } | ^ `), which browsers handle differently")
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
    if parts.netloc != host or not all(_LABEL.match(label) for label in host.split(".")):
        raise UrlRefused(f"the host {parts.netloc!r} is not a plain lower-case name (empty labels, a trailing dot, '_' or an edge '-' are refused: browsers read them differently)")
    if not host_allowed(host, allowed):
        raise UrlRefused(f"the host {host!r} is not on the allow-list ({', '.join(allowed)})")
    _check_path(parts.path)
    _check_no_second_url(parts.query, "query")
    _check_no_second_url(parts.fragment, "fragment")
    return url


def _decoded(text: str) -> str:
    """`text` percent-decoded until it no longer changes (double encoding hides nothing)."""
    for _ in range(5):
        plain = unquote(text)
        if plain == text:
            break
        text = plain
    return text


def _check_path(path: str) -> None:
    """No segment a browser would fold away ('.', '..', also encoded), no encoded slash, no empty segment."""
    plain = _decoded(path)
    if "//" in path or "//" in plain or "\\" in plain:
        raise UrlRefused(f"the path {path!r} has an empty segment ('//'), which can turn into another host")
    if re.search(r"%(2f|5c)", path, re.I) or re.search(r"%2e", path, re.I):
        raise UrlRefused(f"the path {path!r} has an encoded '/', '\\' or '.', which browsers and servers decode differently")
    if any(seg in (".", "..") for seg in plain.split("/")):
        raise UrlRefused(f"the path {path!r} has a '.' or '..' segment, which a browser folds away")


def _check_no_second_url(part: str, where: str) -> None:
    """A query or fragment that carries another address (a redirect target) is refused, however it is encoded."""
    plain = _decoded(part)
    if re.search(r"://|//|\\|@|^[a-z][a-z0-9+.-]*:|[=&][a-z][a-z0-9+.-]*:", plain, re.I) or _HOST_LIKE.search(plain):
        raise UrlRefused(f"the {where} {part!r} carries another address (a redirect target), which is refused")


# a value that begins with a host name: one or more labels and a dot before letters, whatever
# follows ('help.evil.com', 'evil.com.', 'evil.com?', 'evil.com#', 'evil.com;x' all lead a
# redirecting page elsewhere); checked after decoding, at the start of the part or of a value
_HOST_LIKE = re.compile(r"(?:^|[=&#;,])(?:www\.|(?:[a-z0-9-]+\.)+[a-z]{2,}\.?(?![a-z0-9-]))", re.I)


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


# An address as a reader takes one in text: labels of letters, digits and inner hyphens (any
# script: a look-alike letter makes a host that is not on the list), dots between them, and a
# top-level label of two or more letters (or an encoded one, xn--); with or without a scheme;
# also a bare IPv4 address. Found to refuse any that leads off the allow-list: printed copy is
# read and typed in as surely as a QR code is scanned. The text is read as a reader sees it:
# compatibility forms folded (a full-width dot is a dot), invisible characters (zero-width
# space, soft hyphen, word joiner) taken out, and a line that ends in a dot joined to a next
# line that begins in lower case (an address broken over two lines).
_ADDRESS = re.compile(r"(?<![^\W_])((?:https?://)?(?:[^\W_]+(?:-+[^\W_]+)*\.)+(?:xn--[a-z0-9-]+|[^\W\d_]{2,63}))(?![^\W_])", re.I)
_IPV4 = re.compile(r"(?<![\d.])((?:https?://)?(?:\d{1,3}\.){3}\d{1,3})(?![\d.])")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u034f\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"), None)
_DOTS = {ord(c): "." for c in "\u3002\uff0e\uff61\u2024\ufe52\u0701\u0702"}
_BROKEN_LINE = re.compile(r"\.[ \t]*\r?\n[ \t]*(?=[a-z])")
# a file's name is not an address (a print file's slug line names the file; a font or profile is named by its file)
_FILE_ENDINGS = frozenset("pdf png svg jpg jpeg tif tiff toml json html htm csv txt icc icm xml otf ttf woff woff2".split())


def as_read(text: str) -> str:
    """`text` as a reader takes it in (see _ADDRESS)."""
    import unicodedata

    return _BROKEN_LINE.sub(".", unicodedata.normalize("NFKC", text).translate(_DOTS).translate(_INVISIBLE))


def foreign_addresses(text: str, allowed: list[str]) -> list[str]:
    """Every web address in `text` whose host is not on the allow-list (or under a host on it)."""
    read = as_read(text)
    out = []
    for m in _ADDRESS.finditer(read):
        found = m.group(1)
        host = found.split("://", 1)[-1].lower()
        if host.rsplit(".", 1)[-1] in _FILE_ENDINGS:
            continue
        if not host.isascii() or not host_allowed(host, allowed):
            out.append(found)
    out += [m.group(1) for m in _IPV4.finditer(read)]
    return out
