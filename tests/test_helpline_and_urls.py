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
