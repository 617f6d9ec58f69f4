"""The words a tagged screen PDF says that are not printed on it: the
alternative text of the QR code and the logos, and what each link does
(the annotation's description), in the language of the output.

They come from the copy files like every other line (keys `alt_qr`,
`alt_logo`, `link_call` and `link_web` under [common]), followed by the
address, number or partner's name they describe: "Logo: Heddlu Gogledd
Cymru", "QR code to the self-help website: get-help.stopitnow.org.uk".
"""

from __future__ import annotations

from dataclasses import dataclass

from posters.errors import InputError, Problem

KEYS = {
    "alt_qr": ('alt_qr = "QR code to the self-help website"', "the QR code's description"),
    "alt_logo": ('alt_logo = "Logo"', "what goes before a partner's name for its logo"),
    "link_call": ('link_call = "Call the helpline"', "what the helpline's tap-to-call link does"),
    "link_web": ('link_web = "Self-help website"', "what the web link leads to"),
}


@dataclass(frozen=True)
class Words:
    """One language's words for an output."""

    lang: str
    copy: object  # posters.inputs.campaign.Copy, with the edition's own lines over it
    message: str
    address: str  # the self-help site as printed
    helpline: str  # the number as printed
    programme: str  # the charity's programme in this language, e.g. "Stop it Now!"

    def __call__(self, key: str) -> str:
        text = self.copy.get(self.message, key)
        if not text:
            example, what = KEYS[key]
            raise InputError([Problem(self.copy.file, f"common.{key}", f"has no {key} line: {what}, which screen PDFs give screen readers", f"add {example} under [common], in this file's language")])
        return text

    def name(self, names: dict[str, str], default: str) -> str:
        """A partner's name in this language."""
        return names.get(self.lang) or default

    def link(self, target: str) -> str:
        """What a link does, for its annotation."""
        if target.startswith("tel:"):
            return f"{self('link_call')}: {self.helpline}"
        return f"{self('link_web')}: {self.address}"


def words_for(plan, lang: str) -> Words:
    from posters.elements.url import shown_url

    campaign = plan.campaign
    names = campaign.charity_names.get(lang, {})
    return Words(
        lang,
        plan.edition.copy(campaign, lang),
        plan.message,
        shown_url(campaign.url),
        campaign.helpline_display,
        names.get("programme") or campaign.charity_programme,
    )


def joined(parts: list[str]) -> str:
    """One text in each of an output's languages, first language first."""
    return " / ".join(dict.fromkeys(p for p in parts if p))
