"""The trust anchors: the helpline number and the hosts the QR code may lead to.

They are pinned here, in the released tool, and not read from the files the
tool is given. A poster with a wrong number sends someone seeking help to the
wrong place, and a QR code to the wrong host can do the same or worse; campaign
data that changes both consistently, or a manifest that travels with a forged
pack, must not be able to change what counts as right. The build refuses
campaign data that disagrees with these, and `posters check` judges files
against these alone.

If the charity publishes a new number or moves its self-help site, change it
here in a reviewed release (and in assets/campaign/campaign.toml).
"""

from __future__ import annotations

# Stop it Now! confidential helpline (freephone), in E.164 form.
HELPLINE_E164 = "+448081000900"

# The charity's own domain: the QR link's host must be it or one of its subdomains.
ALLOWED_HOSTS: tuple[str, ...] = ("stopitnow.org.uk",)

# Other numbers copy may name: the emergency number, where the copy says to call it.
EMERGENCY_NUMBERS: tuple[str, ...] = ("999",)
