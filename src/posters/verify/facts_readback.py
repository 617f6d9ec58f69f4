"""[facts] Every output prints the facts its format class must carry.

The rule table (`[carry]` in campaign.toml) names, per class of format, the
facts an output must print: the self-help address on every format, the
opening hours from A5 up, the confidentiality policy link on the DL, A4 and
larger. What must appear is worked out from the campaign data (the copy
lines that state each fact, in each language of the output, and the printed
form of its link); whether it does is read from the PDF's own text, not
from the plan that made it.
"""

from __future__ import annotations

from posters.inputs.facts import ADDRESS, shown
from posters.verify.findings import Finding, error


def expected_texts(campaign, fmt: str, langs: list[str], message: str) -> list[tuple[str, str]]:
    """(fact id, text that must be printed) for an output of format `fmt`."""
    facts = campaign.facts
    if facts is None:
        return []
    out: list[tuple[str, str]] = []
    for fid in facts.required(fmt):
        if fid == ADDRESS:
            out.append((fid, shown(campaign.url)))
            continue
        fact = facts.items[fid]
        for lang in langs:
            copy = campaign.copies[lang]
            for key in fact.copy:
                text = copy.get(message, key)
                out.append((fid, text if text is not None else f"<copy key {key} missing from {copy.file}>"))
        if fact.url and not fact.copy:
            out.append((fid, shown(fact.url)))
    return out


def _flat(text: str) -> str:
    # lines are broken at spaces when set; the read-back joins them with line breaks
    return " ".join(text.replace("\u00ad", "").split())


def check_facts(texts: list[str], expected: list[tuple[str, str]], fmt: str = "") -> list[Finding]:
    whole = _flat(" ".join(texts))
    out = []
    for fid, text in expected:
        if _flat(text) not in whole:
            out.append(error(
                "facts",
                f"the {fmt or 'output'} must print the fact {fid!r} ({text!r}), but its text does not have it",
                "the rule table [carry] in campaign.toml says which facts each format prints: add an element for it to the layout (or change the table, with a reason)",
            ))
    return out
