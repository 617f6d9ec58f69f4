"""Translations that cannot drift: what each translated copy entry was
translated from, whether that source has changed since, and who reviewed it.

Every entry of a translated copy file (e.g. `copy/cy.toml`) has a record in
its `[translated_from]` table, under the same key path:

    [translated_from.common]
    danger = { digest = "…", source = "If a child is in immediate danger, call 999.", reviewed = false }

`digest` is a digest of the source-language text the entry translates, and
`source` that text itself (so a reviewer sees the old source beside the new).
A reviewed entry also records `text`, a digest of the translation as it was
reviewed: a line changed afterwards (by hand, or in the studio) is "edited" and
counts as not reviewed until it is reviewed again.
When the source-language line changes, its digest no longer matches: the
entry is stale, and it counts as not reviewed whatever `reviewed` says. The
build warns (`--release` refuses); `posters translations` lists, exports and
imports the entries that need a translator.

The same functions serve any pair of copy files with the same key paths
(e.g. a force's own copy overrides beside its English), and
`mark_needs_review` is what an editor calls when it changes a source line by
hand and wants the translations flagged at once.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from posters.errors import Problem

RECORDS = "translated_from"


def digest(text: str) -> str:
    """A short, stable digest of a source text (NFC-normalised, so the same words give the same digest)."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Record:
    digest: str
    source: str
    reviewed: bool
    text: str | None = None  # digest of the translation as reviewed


@dataclass(frozen=True)
class Entry:
    """One translated line and where it stands against its source."""

    lang: str
    file: str
    key: str  # key path in the copy file: common.NAME or message.ID.NAME
    source_now: str | None  # the source-language text as it is today (None: no such key in the source)
    source_then: str | None  # the text the translation was made from, as recorded
    target: str | None  # the translation (None: not translated yet)
    recorded_digest: str | None
    reviewed_flag: bool
    flagged: bool = False  # listed in the file's needs_review (an editor changed the source and asked for review)
    reviewed_text: str | None = None  # digest of the translation as it was reviewed

    @property
    def edited(self) -> bool:
        """Marked reviewed, but the translation is not the text that was reviewed (or that text was never recorded)."""
        return self.reviewed_flag and self.target is not None and self.reviewed_text != digest(self.target)

    @property
    def stale(self) -> bool:
        return self.source_now is not None and self.recorded_digest is not None and self.recorded_digest != digest(self.source_now)

    @property
    def reviewed(self) -> bool:
        """Reviewed, and still the translation of today's source."""
        return self.reviewed_flag and not self.flagged and not self.stale and not self.edited and self.recorded_digest is not None and self.target is not None

    @property
    def state(self) -> str:
        if self.target is None:
            return "untranslated"
        if self.source_now is None:
            return "no source"
        if self.recorded_digest is None:
            return "no record"
        if self.stale:
            return "stale"
        if self.edited and not self.flagged:
            return "edited"
        return "reviewed" if self.reviewed_flag and not self.flagged else "unreviewed"


def raw_entries(data: dict) -> dict[str, str]:
    """key path -> text for the copy entries of a parsed copy file (texts before placeholders are filled in)."""
    out: dict[str, str] = {}
    for k, v in (data.get("common") or {}).items():
        if isinstance(v, str):
            out[f"common.{k}"] = v
    for mid, table in (data.get("message") or {}).items():
        if isinstance(table, dict):
            for k, v in table.items():
                if isinstance(v, str):
                    out[f"message.{mid}.{k}"] = v
    return out


def records_of(data: dict) -> dict[str, Record]:
    """key path -> Record from a parsed copy file's [translated_from] table (shape already checked on load)."""
    out: dict[str, Record] = {}

    def walk(node, path):
        if isinstance(node, dict) and "digest" in node and not isinstance(node.get("digest"), dict):
            text = node.get("text")
            out[path] = Record(str(node.get("digest", "")), str(node.get("source", "")), bool(node.get("reviewed", False)), str(text) if isinstance(text, str) else None)
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k)

    walk(data.get(RECORDS) or {}, "")
    return out


def entries(source: dict[str, str], target: dict[str, str], records: dict[str, Record], lang: str, file: str, flagged: tuple[str, ...] = ()) -> list[Entry]:
    """Every key of either side, with its state."""
    out = []
    for key in sorted(set(source) | set(target)):
        r = records.get(key)
        out.append(Entry(lang, file, key, source.get(key), r.source if r else None, target.get(key), r.digest if r else None, bool(r and r.reviewed), key in flagged, r.text if r else None))
    return out


def campaign_entries(campaign) -> dict[str, list[Entry]]:
    """lang -> its entries, for every translated language of the campaign."""
    src = campaign.copies.get(campaign.source_language)
    if src is None:
        return {}
    return {
        lang: entries(src.raw, c.raw, c.records, lang, c.file, c.needs_review)
        for lang, c in sorted(campaign.copies.items())
        if lang != campaign.source_language
    }


def needs_attention(es: list[Entry]) -> list[Entry]:
    return [e for e in es if e.state != "reviewed"]


def problems(campaign, used_langs: set[str], release: bool = False) -> list[Problem]:
    """One problem per translated language in use that has entries needing a translator or reviewer.

    Stale entries are errors with --release (the translation no longer says
    what the source says); unreviewed ones are warnings, and errors with --release too.
    """
    out = []
    for lang, es in campaign_entries(campaign).items():
        if lang not in used_langs:
            continue
        file = es[0].file if es else campaign.copies[lang].file
        by_state: dict[str, list[str]] = {}
        for e in needs_attention(es):
            by_state.setdefault(e.state, []).append(e.key)
        sev = "error" if release else "warning"
        for state, what, hint in (
            ("stale", "entries translate a source line that has changed since", "update the translation and review it: 'posters translations --lang {lang}' shows old and new source side by side"),
            ("edited", "entries were changed after they were reviewed", "have the new wording reviewed, then import the reviewed file with 'posters translations --import FILE'"),
            ("untranslated", "entries have no translation", "translate it: 'posters translations --lang {lang} --export FILE' makes a file for the translator"),
            ("no record", "entries do not record which source text they translate", "export and re-import it with 'posters translations', or add a [translated_from] record"),
            ("unreviewed", "entries have not been reviewed by a qualified translator", "have it reviewed (Welsh Language Standards), then import the reviewed file with 'posters translations --import FILE'"),
            ("no source", "entries have no source-language line to translate", "remove it, or add the line to the source copy"),
        ):
            keys = by_state.get(state)
            if keys:
                shown = ", ".join(keys[:6]) + (f" and {len(keys) - 6} more" if len(keys) > 6 else "")
                out.append(Problem(file, RECORDS, f"{what} ({len(keys)}): {shown}", hint.format(lang=lang), sev if state != "no source" else "warning"))
    return out


# --- writing (tomlkit keeps the file's comments and order) -------------------------------


def _load_doc(path: Path):
    import tomlkit

    return tomlkit.parse(path.read_text(encoding="utf-8"))


def _save_doc(path: Path, doc) -> None:
    import tomlkit

    from posters import atomic

    atomic.write_text(path, tomlkit.dumps(doc))


def _table_at(doc, parts: list[str]):
    import tomlkit

    node = doc
    for p in parts:
        if p not in node:
            node[p] = tomlkit.table()
        node = node[p]
    return node


def _record(src_text: str, reviewed: bool, target: str | None = None):
    import tomlkit

    t = tomlkit.inline_table()
    t.update({"digest": digest(src_text), "source": src_text, "reviewed": reviewed})
    if reviewed and target is not None:
        t["text"] = digest(target)  # the words that were reviewed: a later change is not
    return t


def set_entry(doc, key: str, *, target: str | None, source_text: str, reviewed: bool) -> None:
    """Set one translated line (when `target` is given) and its record in a tomlkit document."""
    parts = key.split(".")
    if target is not None:
        _table_at(doc, parts[:-1])[parts[-1]] = target
    now = raw_entries(doc.unwrap()).get(key)
    _table_at(doc, [RECORDS, *parts[:-1]])[parts[-1]] = _record(source_text, reviewed, now)
    flags = doc.get("needs_review")
    if reviewed and flags is not None and key in flags:
        flags.remove(key)  # the review the editor asked for is done


def mark_needs_review(path: Path, keys: list[str] | None = None) -> list[str]:
    """Set `reviewed = false` on the records of `keys` (all records when None) in a translated
    copy file, keeping everything else; returns the keys changed. For an editor that
    changed a source line and wants every translation of it flagged for review."""
    doc = _load_doc(path)
    changed = []
    recs = records_of(doc.unwrap())
    for key in keys if keys is not None else sorted(recs):
        if key not in recs or not recs[key].reviewed:
            continue
        node = doc[RECORDS]
        for p in key.split("."):
            node = node[p]
        node["reviewed"] = False
        changed.append(key)
    if changed:
        _save_doc(path, doc)
    return changed


def record_all(path: Path, source: dict[str, str], reviewed: bool = False) -> None:
    """Give every translated line of a copy file a record of today's source text (for a file that has none)."""
    doc = _load_doc(path)
    for key in sorted(raw_entries(doc.unwrap())):
        if key in source:
            set_entry(doc, key, target=None, source_text=source[key], reviewed=reviewed)
    _save_doc(path, doc)
