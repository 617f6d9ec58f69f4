"""Sign-off: who approved which files of an edition, when, and from which proof.

`posters approve EDITION --by NAME` writes `approvals/<edition>.toml` in the
project (it travels with the project, under version control, readable by a
person): the name, the time of approval, an optional note, the campaign
version, the build fingerprint printed on the proof that was signed, and the
sha256 of every file of the edition. The time is taken when approving, never
when building, so builds stay byte-identical.

`posters build --release` packs an edition only when every one of its outputs
is exactly a file that was approved; `posters status` shows each file as
approved, changed (its bytes differ from what was approved) or new (not in
the approval), and approved files that the build no longer has as missing.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from posters.errors import InputError, Problem
from posters.manifest import Entry, fingerprint

FOLDER = "approvals"
IN_PACK = "approval.toml"
_NAME_RE = re.compile(r"\S.{0,79}")


@dataclass
class Approval:
    edition: str
    by: str
    at: str  # ISO 8601, UTC
    version: str
    fingerprint: str  # the build fingerprint on the proof that was signed
    files: dict[str, str] = field(default_factory=dict)  # file (as in manifest.json) -> sha256
    note: str = ""
    artwork: dict[str, str] = field(default_factory=dict)  # print file -> the artwork fingerprint printed in its slug


@dataclass
class Status:
    approved: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def releasable(self) -> bool:
        return not (self.changed or self.new or self.missing) and bool(self.approved)


def path_for(root: Path, edition: str) -> Path:
    return Path(root) / FOLDER / f"{edition}.toml"


def signed_files(entries: list[Entry], edition: str) -> list[Entry]:
    """What an approval covers: every output file of the edition (print and digital, PDFs and PNGs)."""
    return sorted((e for e in entries if e.edition == edition), key=lambda e: e.file)


def _q(s: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(s, ensure_ascii=False)


def dumps(a: Approval) -> str:
    lines = [
        f"# Sign-off for the {a.edition} edition, written by 'posters approve'.",
        "# 'posters build --release' packs only these files, byte for byte; any other or changed",
        "# file stops the release. Approve again after a change has been proofed and signed.",
        f"edition = {_q(a.edition)}",
        f"approved_by = {_q(a.by)}",
        f"approved_at = {_q(a.at)}",
        f"note = {_q(a.note)}",
        f"campaign_version = {_q(a.version)}",
        f"proof_fingerprint = {_q(a.fingerprint)}",
        "",
        "[files]  # sha256 of each approved file",
    ]
    lines += [f"{_q(name)} = {_q(digest)}" for name, digest in sorted(a.files.items())]
    if a.artwork:
        lines += ["", "[artwork]  # the artwork fingerprint each print file carries in its slug: ties a printed sheet to this sign-off"]
        lines += [f"{_q(name)} = {_q(fp)}" for name, fp in sorted(a.artwork.items())]
    return "\n".join(lines) + "\n"


def load(root: Path, edition: str) -> Approval | None:
    """The edition's approval; None when there is none. A broken file is one clear error."""
    path = path_for(root, edition)
    shown = f"{FOLDER}/{edition}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError([Problem(shown, "", f"cannot be read ({exc})", "run 'posters approve' again to rewrite it")]) from None
    problems = []
    for key in ("edition", "approved_by", "approved_at", "campaign_version", "proof_fingerprint"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(Problem(shown, key, "is missing or not text", "run 'posters approve' again to rewrite it"))
    files = data.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for v in files.values()):
        problems.append(Problem(shown, "files", "must map each file to its sha256 (64 hex digits)", "run 'posters approve' again to rewrite it"))
    artwork = data.get("artwork", {})  # approvals written before the slug carried a fingerprint have none
    if not isinstance(artwork, dict) or not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{12}", v) for v in artwork.values()):
        problems.append(Problem(shown, "artwork", "must map each print file to its artwork fingerprint (12 hex digits)", "run 'posters approve' again to rewrite it"))
    if not problems and data["edition"] != edition:
        problems.append(Problem(shown, "edition", f"says {data['edition']!r}, not {edition!r}", "the file name and the edition inside must agree"))
    if problems:
        raise InputError(problems)
    return Approval(data["edition"], data["approved_by"], data["approved_at"], data["campaign_version"], data["proof_fingerprint"], dict(files), str(data.get("note", "")), dict(artwork))


def approve(root: Path, entries: list[Entry], out_dir: Path, edition: str, by: str, note: str, version: str, at: str) -> Approval:
    """Record the approval of the edition's files as they are now; refuses files changed since the build."""
    if not _NAME_RE.fullmatch(by or ""):
        raise InputError([Problem("--by", "", "needs the approver's name (1-80 characters)", "e.g. --by 'Jane Smith, Cumbria Constabulary'")])
    files = signed_files(entries, edition)
    if not files:
        raise InputError([Problem(str(out_dir / "manifest.json"), "files", f"lists no file of the edition {edition!r}", f"run 'posters build -e {edition}' first")])
    changed = [e.file for e in files if not e.unchanged(out_dir)]
    if changed:
        raise InputError([Problem(f, "", "is not the file the build wrote (changed or missing since); it cannot be approved", "run 'posters build' again, proof it, then approve") for f in changed])
    a = Approval(edition, by.strip(), at, version, fingerprint(files), {e.file: e.sha256 for e in files}, note.strip(), {e.file: e.artwork for e in files if e.artwork})
    from posters import atomic

    path = path_for(root, edition)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, dumps(a))
    return a


def find_artwork(root: Path, fingerprint: str) -> list[tuple[Approval, str]]:
    """Every approved print file whose slug carries `fingerprint` (what a printed sheet says), with its approval."""
    folder = Path(root) / FOLDER
    out = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        a = load(root, path.stem)
        if a is not None:
            out += [(a, name) for name, fp in sorted(a.artwork.items()) if fp == fingerprint]
    return out


def compare(a: Approval | None, entries: list[Entry], edition: str) -> Status:
    s = Status()
    approved = a.files if a else {}
    now = {e.file: e.sha256 for e in signed_files(entries, edition)}
    for name, digest in sorted(now.items()):
        if name not in approved:
            s.new.append(name)
        elif approved[name] != digest:
            s.changed.append(name)
        else:
            s.approved.append(name)
    s.missing = sorted(set(approved) - set(now))
    return s


def release_problems(a: Approval | None, status: Status, edition: str) -> list[Problem]:
    """Why the edition cannot be released: each file named."""
    where = f"{FOLDER}/{edition}.toml"
    if a is None:
        return [Problem(where, "", f"does not exist: the {edition} edition has not been approved", f"proof it, then run 'posters approve {edition} --by NAME'")]
    out = [Problem(f, "", f"changed since it was approved by {a.by} on {a.at}", f"proof the new file and approve it again ('posters approve {edition} --by NAME'), or rebuild the approved inputs") for f in status.changed]
    out += [Problem(f, "", "is not in the approval (a new file)", f"proof it and approve again ('posters approve {edition} --by NAME')") for f in status.new]
    out += [Problem(f, "", f"was approved by {a.by} but this build did not make it", "rebuild the edition in full, or approve again") for f in status.missing]
    return out
