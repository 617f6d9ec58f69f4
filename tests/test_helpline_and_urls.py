"""Pure formatting of the helpline and the QR payload rules."""

import pytest

from posters.inputs import phone as hl
from posters.inputs.urls import UrlRefused, check_url, with_tracking

ALLOWED = ["stopitnow.org.uk"]


def test_display_and_tel_from_one_stored_number():
    assert hl.display("+448081000900") == "0808 1000 900"
    assert hl.tel_uri("+448081000900") == "tel:+448081000900"
    assert hl.national_digits("+448081000900") == "08081000900"


@pytest.mark.parametrize("bad", ["08081000900", "+44808100090", "+4480810009000", "+33808100090x"])
def test_not_e164_uk(bad):
    assert not hl.is_e164_uk(bad)
    with pytest.raises(ValueError):
        hl.display(bad)


@pytest.mark.parametrize(
    "url",
    ["https://get-help.stopitnow.org.uk", "https://stopitnow.org.uk/x?y=1", "https://a.b.stopitnow.org.uk/"],
)
def test_allowed(url):
    assert check_url(url, ALLOWED) == url


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://get-help.stopitnow.org.uk", "https"),
        ("https://evil.example", "allow-list"),
        ("https://stopitnow.org.uk.evil.example", "allow-list"),
        ("https://notstopitnow.org.uk", "allow-list"),
        ("https://stopitnow.org.uk@evil.example", "user name"),
        ("https://user:pw@get-help.stopitnow.org.uk", "user name"),
        ("https://get-help.stopitnow.org.uk:8443/", "port"),
        ("https://get-help.stopitnow.org.uk:443/", "port"),
        ("https://get-help.stоpitnow.org.uk", "non-ASCII"),  # Cyrillic о
        ("https://xn--stpitnow-5ve.org.uk", "encoded"),
        ("https://get-help.stopitnow.org.uk\\@evil.example", "backslash"),
        ("https://get%2Dhelp.stopitnow.org.uk", "encoded"),
        ("", "empty"),
    ],
)
def test_refused(url, why):
    with pytest.raises(UrlRefused, match=why):
        check_url(url, ALLOWED)


def test_tracking_keeps_template_order_and_adds_a_path():
    assert (
        with_tracking("https://get-help.stopitnow.org.uk", {"utm_source": "cheshire", "utm_medium": "a3-poster"})
        == "https://get-help.stopitnow.org.uk/?utm_source=cheshire&utm_medium=a3-poster"
    )
    assert with_tracking("https://x.stopitnow.org.uk/p?a=1", {"b": "2"}) == "https://x.stopitnow.org.uk/p?a=1&b=2"


def test_campaign_payload_is_allow_listed(project):
    p = project.campaign.qr_payload("cumbria", "a4-poster", "family", "en")
    assert p == "https://get-help.stopitnow.org.uk/?s=cu4fe"


@pytest.mark.parametrize(
    "text, found",
    [
        ("Get help at https://stopitnow-help.example.com now", ["https://stopitnow-help.example.com"]),
        ("visit evil.com-any time", ["evil.com"]),
        ("evil.com_x", ["evil.com"]),
        ("-evil.com or ..evil.com", ["evil.com", "evil.com"]),
        ("http://81.2.69.160/help", ["http://81.2.69.160"]),
        ("help.xn--p1ai", ["help.xn--p1ai"]),
        ("evil.\ncom", ["evil.com"]),  # broken over two lines
        ("evil\uff0ecom and evil\u3002com", ["evil.com", "evil.com"]),  # full-width and ideographic dots
        ("ev\u200bil.com, evil.co\u00adm", ["evil.com", "evil.com"]),  # zero-width space, soft hyphen
        ("write to x@evil.co.uk", ["evil.co.uk"]),
        ("st\u043epitnow.org.uk", ["st\u043epitnow.org.uk"]),  # a Cyrillic o
        ("stopitnow.org.uk.evil.com", ["stopitnow.org.uk.evil.com"]),
    ],
)
def test_an_address_off_the_allow_list_is_found_however_it_is_written(text, found):
    from posters.inputs.urls import foreign_addresses

    assert foreign_addresses(text, ALLOWED) == found


@pytest.mark.parametrize(
    "text",
    [
        "Policy: www.stopitnow.org.uk/confidentiality",
        "Scan: get-help.stopitnow.org.uk.",
        "e.g. 9a.m. U.K. St. Helens 1.5 m, h.y. y.y.b., version 1.2.3, 9.30am",
        "Mon\u2013Thu 9am\u20139pm, Fri 9am\u20135pm.",
        "stopped.\nYou can get help",  # a sentence's end, not an address
        "cumbria/a3-poster.self.en.pdf, SourceSans3-Regular.otf",
    ],
)
def test_ordinary_copy_and_the_charitys_own_addresses_are_not_refused(text):
    from posters.inputs.urls import foreign_addresses

    assert foreign_addresses(text, ALLOWED) == []
