"""Checking one PDF on disk, as `posters check` does: what is known about it
(its manifest entry, the campaign's facts, and the plan re-made from the
current campaign data and layout), and every check that can run with that.

The campaign's facts (helpline, link allow-list) come from the tool itself
(the pinned trust anchors), never from the project or manifest beside the
files: a forged pack must not check itself; a manifest that records other
facts is an error. The plan needs the project's layouts: when there is no
plan (no project, no manifest entry or XMP naming the output, or a layout
changed since), safe zone, sizes and contrast are measured from the page
itself (verify/measured.py), by rules the file may make stricter but never
laxer.

A file that was edited after the build is still checked in full: the
fingerprint only says *that* it changed; the read-back checks say whether the
change matters.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from posters.errors import InputError
from posters.fingerprint import sha256
from posters.manifest import Entry, Manifest, load_manifest, read_manifest
from posters.verify.findings import error, warning
from posters.verify.facts_readback import expected_texts
from posters.verify.imposed import is_imposed
from posters.verify.integrity import BY_METADATA, SEARCH_LEVELS, Match, check_integrity, manifest_candidates, match_entry
from posters.verify.painted import emergency_mentions
from posters.verify.qr_readback import plan_regions
from posters.verify.run import PDFX1A, PDFX4, Expect, Verification, verify_pdf, verify_plan

MAX_FILE_BYTES = 200_000_000  # the largest poster (a 6-sheet) is a few MB; a file is read whole into memory
PROOF_SHEET = "not a poster (proof sheet), not checked"
PREFLIGHT_REPORT = "not a poster (preflight report), not checked"
# What the tool writes in the titles of its proofs and preflight reports
# (publish/proof.py, proof_pages.py, preflight.py): how one is known when no
# manifest entry says so.
PROOF_TITLES = ("Proof sheet:", "Proof index:", "Proof:")
PREFLIGHT_TITLES = ("Preflight report:",)


# the facts a format must print come from the project's copy and rule table
NEEDS_PROJECT_COPY = "needs the project's copy and rule table (run inside the project folder or pass --project)"

@dataclass(frozen=True)
class Facts:
    """What a poster must carry, whatever its edition and format."""

    source: str  # "the project" or "<manifest path>"
    allowed_hosts: list[str]
    helpline_display: str
    helpline_e164: str
    helpline_tel: str
    url_display: str | None = None  # the self-help address as posters print it
    max_qr_version: int | None = None  # the campaign's QR version limit, when the project is known

    @classmethod
    def from_tool(cls, project=None, manifest: Manifest | None = None) -> "Facts":
        """The trust anchors pinned in the tool (posters.anchors), never the files being checked.

        Only the self-help address as printed (for the painted check) and the
        QR version limit come from the project (or the address from the
        manifest), and the address only when its host is one the tool allows.
        """
        from posters import anchors
        from posters.elements.url import shown_url
        from posters.inputs import phone as hl
        from posters.inputs.urls import UrlRefused, check_url

        e164 = anchors.HELPLINE_E164
        site = project.campaign.url if project is not None else (manifest.self_help_url if manifest is not None else "")
        try:
            shown = shown_url(check_url(site, list(anchors.ALLOWED_HOSTS))) if site else None
        except UrlRefused:
            shown = None
        version = project.campaign.max_qr_version if project is not None else None
        return cls("the tool", list(anchors.ALLOWED_HOSTS), hl.display(e164), e164, hl.tel_uri(e164), shown, version)

    @staticmethod
    def expect_of(facts: "Facts") -> Expect:
        """What the facts say every poster must carry."""
        return Expect(
            allowed_hosts=facts.allowed_hosts,
            helpline_display=facts.helpline_display,
            helpline_e164=facts.helpline_e164,
            helpline_tel=facts.helpline_tel,
            url_display=facts.url_display,
            max_qr_version=facts.max_qr_version,
        )


@dataclass
class FileReport:
    path: Path
    manifest: Path | None = None
    entry: Entry | None = None
    matched_by: str | None = None  # how the entry was found: integrity.BY_*
    modified: bool | None = None  # None: no manifest entry to compare with
    not_checked: str | None = None  # why the file was not checked at all (not a poster)
    facts_from: str | None = None  # where the helpline and allow-list came from: always "the tool" (posters.anchors)
    notes: list[str] = field(default_factory=list)
    verification: Verification = field(default_factory=Verification)

    def as_dict(self, strict: bool = False) -> dict:
        v = self.verification
        return {
            "file": str(self.path),
            "checked": self.not_checked is None,
            "not_checked_reason": self.not_checked,
            "manifest": str(self.manifest) if self.manifest else None,
            "in_manifest": self.entry is not None and self.matched_by != BY_METADATA,
            "matched_by": self.matched_by,
            "manifest_file": self.entry.file if self.entry else None,
            "edition": self.entry.edition if self.entry else None,
            "layout": self.entry.layout if self.entry else None,
            "language": self.entry.language if self.entry else None,
            "message": self.entry.message if self.entry else None,
            "modified": self.modified,
            "campaign_facts_from": self.facts_from,
            "passed": v.passed(strict),
            "verdict": "FAIL" if not v.passed(strict) else ("PARTIAL" if v.skipped else "PASS"),
            "checks_run": v.ran,
            "skipped": [{"check": c, "reason": why} for c, why in v.skipped],
            "errors": len(v.errors),
            "warnings": len(v.warnings),
            "findings": [f.as_dict() for f in v.findings],
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Found:
    """A PDF's manifest (the nearest one, when none lists it) and its entry there."""

    path: Path | None = None
    manifest: Manifest | None = None
    match: Match | None = None
    why_not: str = ""


class Manifests:
    """Manifests read once each, however many PDFs share them."""

    def __init__(self, explicit: Path | None):
        self.explicit = explicit
        self._cache: dict[Path, Manifest | None] = {}

    def _read(self, path: Path, *, named: bool) -> Manifest | None:
        path = path.resolve()
        if path not in self._cache:
            # InputError for one that cannot be read; a named one must also be a build's manifest
            self._cache[path] = load_manifest(path) if named else read_manifest(path)
        return self._cache[path]

    def read(self) -> dict[Path, Manifest]:
        """The manifests read so far, by path."""
        return {path: m for path, m in self._cache.items() if m is not None}

    def for_pdf(self, pdf: Path, digest: str) -> Found:
        if self.explicit is not None:
            path = self.explicit.resolve()
            manifest = self._read(path, named=True)
            match, why = match_entry(manifest, path, pdf, digest)
            return Found(path, manifest, match, why)
        nearest = Found(why_not=f"no manifest.json found in the file's folder or the {SEARCH_LEVELS - 1} folders above it (pass --manifest FILE)")
        for path in manifest_candidates(pdf):
            manifest = self._read(path, named=False)
            if manifest is None:
                continue  # some other program's manifest.json
            match, why = match_entry(manifest, path.resolve(), pdf, digest)
            if match is not None:
                return Found(path.resolve(), manifest, match)
            if nearest.manifest is None:
                nearest = Found(path.resolve(), manifest, None, why)
        return nearest


def _docinfo(data: bytes) -> tuple[str, str | None, str | None, str | None]:
    """(title, profile, PDF/X flavour, output condition) as the file itself declares them."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = pdf.trailer.get("/Info")
            title = str(info.get("/Title", "")) if info is not None else ""
            declared = str(info.get("/GTS_PDFXVersion", "")) if info is not None else ""
            has_trim = any("/TrimBox" in p.obj for p in pdf.pages)
            condition = None
            for oi in pdf.Root.get("/OutputIntents", None) or []:
                condition = str(oi.get("/OutputConditionIdentifier", "")) or None
    except Exception:  # an unreadable file: the checks themselves will say so
        return "", None, None, None
    pdfx = declared if declared in (PDFX1A, PDFX4) else None
    if pdfx or has_trim:
        return title, "print", pdfx or PDFX1A, condition if pdfx == PDFX4 else None
    return title, "screen", None, None


def verify_file(path: Path, project, logos, manifests: Manifests, *, in_folder: bool = False, separations: bool = False) -> FileReport:
    """Check one PDF. `in_folder`: found by looking through a folder, not named;
    then a PDF that a manifest governs but does not list is left unchecked
    (a folder holds extras), where a named one is checked as far as possible.
    `separations`: a print file's plates are also rendered and checked (verify/plates.py).
    Checking one file stops at the time limit and fails it."""
    from posters.time_limit import TimeLimitExceeded, limit

    try:
        with limit():
            return _verify_file(path, project, logos, manifests, in_folder=in_folder, separations=separations)
    except TimeLimitExceeded as exc:
        report = FileReport(path)
        report.verification.run("safety", lambda: [error("safety", f"checking this file {exc}, the limit for one file, and was stopped", "this is not a file the build wrote; check the original")])
        return report
    except InputError:
        raise  # a broken manifest or project: one clear error from the command, as ever
    except Exception as exc:  # noqa: BLE001 - a fault in a check fails that file, named, and the other files are still checked
        report = FileReport(path)
        why = f"{type(exc).__name__}: {exc}"[:300]
        report.verification.run("safety", lambda: [error("safety", f"checking this file stopped on a fault in posters itself ({why}); the file is not known to be good", "do not print it on this report; send the file and this message to the campaign team")])
        return report


def _verify_file(path: Path, project, logos, manifests: Manifests, *, in_folder: bool = False, separations: bool = False) -> FileReport:
    report = FileReport(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.verification.run("safety", lambda: [error("safety", f"the file is {size} bytes; the limit for a poster is {MAX_FILE_BYTES}", "this is not a file the build wrote; check the original")])
            return report
        data = path.read_bytes()
    except OSError as exc:
        report.verification.run("safety", lambda: [error("safety", f"the file cannot be read ({exc.strerror})", "check the file's permissions")])
        return report
    digest = sha256(data)
    found = manifests.for_pdf(path, digest)
    report.manifest = found.path
    entry = found.match.entry if found.match else None
    title, profile, pdfx, condition = _docinfo(data)
    if (entry is not None and entry.is_proof) or title.startswith(PROOF_TITLES):
        report.not_checked = PROOF_SHEET
        return report
    if entry is None and title.startswith(PREFLIGHT_TITLES):
        report.not_checked = PREFLIGHT_REPORT
        return report
    if in_folder and found.manifest is not None and entry is None:
        # a PDF beside the posters may go to the printer with them: checked on its own, as a file sent alone
        report.notes.append(f"not listed in {found.path}: checked on its own, as a file with no manifest entry (take it out of the folder if it is not for print)")
    from posters.render.xmp_facts import read_facts

    own = read_facts(data)  # what the file says it is (its XMP), written by the build
    report.entry = entry
    report.matched_by = found.match.how if found.match else None
    v = report.verification

    if entry is not None:
        v.run("integrity", check_integrity, data, entry)
        report.modified = entry.sha256 != digest
    else:
        v.skip("integrity", found.why_not)
        if own is not None and project is not None and not is_imposed(own, None):
            # a copy that travelled without its manifest: the project re-makes its plan from the names the
            # file carries; what it must show comes from the tool (helpline, hosts) and the project (exact QR link)
            entry = report.entry = _entry_from_facts(path, data, own)
            report.matched_by = BY_METADATA

    # what the file must carry comes from the tool itself: a manifest or a
    # project travelling with the files could have been changed with them
    facts = Facts.from_tool(project, found.manifest)
    report.facts_from = facts.source
    if found.manifest is not None:
        v.findings.extend(_recorded_facts(found.manifest, found.path, facts))
    known = Facts.expect_of(facts)
    if is_imposed(own, entry):
        _verify_imposed(report, path, data, own, entry, found, project, facts, separations)
        return report
    plates_profile = (entry.profile if entry is not None else None) or profile

    if entry is None:
        # what the file itself declares is all there is to go on
        if profile:
            report.notes.append(f"not in a manifest: treated as a {profile} file from what it declares")
        v.extend(verify_pdf(data, replace(known, profile=profile, pdfx=pdfx, condition=condition), look_for_extra_codes=False))
        if _refused(v, separations):
            return report
        if separations:
            _plates(report, data, plates_profile, facts)
        _png_beside(v, path, profile, None)
        _measure(report, data, profile, pdfx, own)  # no plan to check: measured from the page
        return report

    plan = _replan(project, logos, entry, report) if project is not None else None
    if plan is not None and own is not None and not _same_layout(project, own):
        report.notes.append(
            f"{own.get('layout_file')} changed since this file was made (its digest differs from the one the file records); "
            "safe zone, sizes and contrast were measured from the page instead of checked on the layout: rebuild the file, or check it with the project it was made from"
        )
        plan = None
    expected = _expected_payload(project, entry, v)
    lay = _layout(project, entry) if project is not None else None
    profile = entry.profile or (lay.profile if lay else None) or profile
    pdfx = entry.pdfx or (PDFX1A if profile == "print" else None)
    expect = replace(
        known,
        payload=expected,
        profile=profile,
        geometry=_geometry(lay, entry),
        pdfx=pdfx,
        condition=entry.pdfx_condition,
        regions=plan_regions(plan) if plan else None,
        artwork_scale=_artwork_scale(lay, entry),
        viewing_distance_m=lay.viewing_distance_m if lay is not None else entry.viewing_distance_m,
        ppi=_thresholds(lay, entry),
        emergency=emergency_mentions(plan) if plan else None,
        # the rule table's facts for this format, in the words the project's copy uses today
        facts=expected_texts(project.campaign, plan.layout.format, plan.langs, plan.message) if plan and project is not None else None,
        format=plan.layout.format if plan else "",
        facts_skip=NEEDS_PROJECT_COPY if project is None else "the layout or edition named in the manifest could not be planned with the current project (see notes)",
    )
    if entry.helpline and entry.helpline != facts.helpline_display:
        v.findings.append(error("helpline", f"the manifest records the helpline as {entry.helpline!r}, but the Stop it Now! helpline is {facts.helpline_display!r}", "this entry was not written by the released tool, or was altered: do not print the file; rebuild it with 'posters build'"))
    v.extend(verify_pdf(data, expect, look_for_extra_codes=True))
    if _refused(v, separations):
        return report
    if separations:
        _plates(report, data, plates_profile, facts)
    _png_beside(v, path, profile, (lay.size_px if lay is not None else None) or (tuple(entry.size_px) if isinstance(entry.size_px, list) and len(entry.size_px) == 2 else None))
    if plan is None:
        # no project, or the output could not be re-planned (see notes): measured from the page instead
        _measure(report, data, profile, pdfx, own)
        return report
    v.extend(verify_plan(plan, printer=_embedded_printer(data, pdfx, report)))
    return report


def _verify_imposed(report: FileReport, path: Path, data: bytes, own: dict | None, entry, found: Found, project, facts: Facts, separations: bool = False) -> None:
    """An imposed sheet: re-planned from the facts it carries and read back copy by copy (verify/imposed.py)."""
    from posters.verify.imposed import check_imposed, find_one_up
    from posters.verify.pdf.safety import check_safety, is_refused_unread

    v = report.verification
    v.run("safety", check_safety, data)
    if is_refused_unread(v.findings):
        return
    # the link every copy's code must carry: the project's, else the manifest's; never the sheet's own facts
    named = entry or (_entry_from_facts(path, data, own) if own else None)
    payload = _expected_payload(project, named, v) if named is not None and (project is not None or entry is not None) else None
    if payload is None:
        v.skip("qr-payload", "which link the codes must carry is unknown (no project and no manifest entry): only that each leads to the charity's site was checked")
    one_up = find_one_up(path, found.path if entry is not None else None, own) if own else None
    findings, ran, skipped = check_imposed(data, own, one_up, qr_payload=payload, helpline=facts.helpline_display, allowed_hosts=facts.allowed_hosts)
    v.ran += ran
    v.skipped += skipped
    v.findings += findings
    if separations and own:
        from posters.publish.imposition import ImposeError, imposition_of
        from posters.verify.imposed import copy_bleeds, copy_marks
        from posters.verify.plates import check_separations

        try:
            imp = imposition_of(own)
        except ImposeError:
            imp = None  # the impose check has said why
        if imp is not None:
            # the sheet's marks stand in the gutters around each copy (400 %, never on a kept item): ink is judged on the copies
            v.run("separations", check_separations, data, helpline=facts.helpline_display, ink_areas=copy_bleeds(imp), marks=copy_marks(imp))
    if own:
        how = "the one-up file it was made of (found beside it, same sha256)" if one_up is not None else "the sheet alone"
        report.notes.append(f"an imposed sheet of {own.get('one_up')} ({own.get('imposition', {}).get('sheet')}): re-planned from its own facts and every copy read back against {how}")


def _refused(v: Verification, separations: bool) -> bool:
    """A file the safety check refused unread (a bomb, a drawing too large to render) is read by
    nothing else: the checks that render its pages are skipped, saying why."""
    from posters.verify.pdf.safety import is_refused_unread
    from posters.verify.run import PLAN_CHECKS

    if not is_refused_unread(v.findings):
        return False
    for check in (*PLAN_CHECKS, *(("separations",) if separations else ())):
        if check not in v.ran:
            v.skip(check, "the file was refused unread (see safety)")
    return True


def _plates(report: FileReport, data: bytes, profile: str | None, facts: Facts) -> None:
    """[separations] on a print file: each plate rendered and judged; a screen file has no plates."""
    if profile != "print":
        report.notes.append("a screen file has no plates: separations not checked")
        return
    from posters.verify.plates import check_separations

    report.verification.run("separations", check_separations, data, helpline=facts.helpline_display)


MAX_PNG_BYTES = 100_000_000  # an 8192 px square image is at most about 200 MB raw; screen PNGs are a few hundred kB


def _png_beside(v: Verification, pdf: Path, profile: str | None, size_px) -> None:
    """[png] A screen PDF's image, as the build writes it beside it (or, in a pack, the link preview beside the
    web pages): read back from its bytes, its pixel size (when known) and its sRGB marking."""
    from posters.verify.png_file import CHECK, check_png

    if profile == "print":
        return  # a print file has no screen image, as it has no links
    if profile != "screen":
        v.skip(CHECK, "whether the file is a screen image is not known")
        return
    candidates = [pdf.with_suffix(".png"), pdf.parent.parent / "web" / pdf.with_suffix(".png").name]
    png = next((c for c in candidates if c.is_file() and not c.is_symlink()), None)
    if png is None:
        v.skip(CHECK, f"no image {pdf.with_suffix('.png').name} beside the file to read back")
        return
    try:
        if png.stat().st_size > MAX_PNG_BYTES:
            v.run(CHECK, lambda: [error(CHECK, f"{png.name} is over {MAX_PNG_BYTES} bytes, larger than any screen image the build writes", "rebuild it with 'posters build'")])
            return
        data = png.read_bytes()
    except OSError as exc:
        v.run(CHECK, lambda: [error(CHECK, f"{png.name} cannot be read ({exc.strerror})", "check the file's permissions")])
        return
    v.run(CHECK, check_png, data, png.name, size_px)


def _recorded_facts(manifest: Manifest, path: Path, facts: Facts) -> list:
    """A manifest that records another helpline or other hosts was not written by this tool as released: a forged or foreign pack."""
    out = []
    if manifest.helpline_tel and manifest.helpline_tel != facts.helpline_tel:
        out.append(error("helpline", f"{path.name} records the helpline as {manifest.helpline_tel!r}, not the Stop it Now! helpline {facts.helpline_tel!r}", "this pack was not made by the released tool, or was altered: do not print it"))
    if any(h not in facts.allowed_hosts for h in manifest.allowed_hosts):
        out.append(error("qr", f"{path.name} records allowed web addresses {manifest.allowed_hosts!r}, not the charity's ({', '.join(facts.allowed_hosts)})", "this pack was not made by the released tool, or was altered: do not print it"))
    return out


def _measure(report: FileReport, data: bytes, profile: str | None, pdfx: str | None, own: dict | None) -> None:
    """With no project there is no plan: safe zone, sizes and contrast are measured from the page itself."""
    from posters.verify.measured import verify_measured

    v, notes = verify_measured(data, profile, own, printer=_embedded_printer(data, pdfx, report))
    report.verification.extend(v)
    report.notes.extend(notes)


def _entry_from_facts(path: Path, data: bytes, own: dict) -> Entry:
    trim = own.get("trim_mm")
    return Entry(
        file=path.name,
        sha256="",
        bytes=len(data),
        type="pdf",
        edition=own["edition"],
        layout=own["layout"],
        language=own["language"],
        message=own["message"],
        profile=own.get("profile") if own.get("profile") in ("print", "screen") else None,
        trim_mm=trim if isinstance(trim, list) and len(trim) == 2 and all(isinstance(v, (int, float)) for v in trim) else None,
        bleed_mm=own.get("bleed_mm") if isinstance(own.get("bleed_mm"), (int, float)) else None,
    )


def _same_layout(project, own: dict) -> bool:
    """The project's layout is the file the output was made from (same digest), as far as the file says."""
    recorded = own.get("layout_sha256")
    lay = next((x for x in project.layouts if x.format == own.get("layout")), None)
    if lay is None or not isinstance(recorded, str) or not lay.sha256:
        return True  # nothing to compare: the re-made plan stands (and says so if the layout is gone)
    return lay.sha256 == recorded


def _embedded_printer(data: bytes, pdfx: str | None, report: FileReport):
    """A PDF/X-4 file's own printer profile, for judging its colours as printed; None: the default method."""
    if pdfx != PDFX4:
        return None
    import pikepdf

    from posters.appearance import printer_profile

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            intents = pdf.Root.get("/OutputIntents", None) or []
            profile = next((oi.DestOutputProfile.read_bytes() for oi in intents if "/DestOutputProfile" in oi), None)
        return printer_profile(profile) if profile else None
    except Exception as exc:  # noqa: BLE001 - the PDF/X check reports a broken intent; contrast then uses the default
        report.notes.append(f"the file's printer profile could not be used ({type(exc).__name__}); contrast was judged for offset on coated paper instead")
        return None


def _layout(project, entry):
    return next((lay for lay in project.layouts if lay.format == entry.layout), None)


def _geometry(lay, entry: Entry):
    """The page the file should have: the layout's, else what the manifest records; None when neither says."""
    from posters.plan.geometry import PageGeometry

    if lay is not None:
        return PageGeometry.of(lay)
    # a manifest entry is data found beside the file: any value may be wrong
    trim = entry.trim_mm
    try:
        size = [float(trim[0]), float(trim[1])] if isinstance(trim, list) and len(trim) == 2 else None
        bleed = float(entry.bleed_mm or 0)
    except (TypeError, ValueError):
        return None
    if size is None or not all(math.isfinite(v) and 0 < v <= 10_000 for v in size) or not (math.isfinite(bleed) and 0 <= bleed <= 50):
        return None
    return PageGeometry.from_sizes(size, bleed, entry.profile == "print")


def _thresholds(lay, entry) -> tuple[float, float]:
    from posters.verify.pdf.images import thresholds_for

    if lay is not None:
        return thresholds_for(lay.profile, lay.viewing_distance_m, lay.size_px, lay.trim_mm)
    return thresholds_for(entry.profile, entry.viewing_distance_m, entry.size_px, entry.trim_mm)


def _artwork_scale(lay, entry) -> float:
    """1:10 artwork is 0.1: from the layout, else from what the manifest recorded."""
    if lay is not None:
        return lay.artwork_scale
    from posters.inputs.layout import parse_artwork_scale

    return parse_artwork_scale(entry.artwork_scale) or 1.0


def _replan(project, logos, entry, report: FileReport):
    from posters.plan.place import plan_output

    edition = next((e for e in project.editions if e.slug == entry.edition), None)
    lay = _layout(project, entry)
    if edition is None or lay is None:
        missing = "edition " + repr(entry.edition) if edition is None else "layout " + repr(entry.layout)
        report.notes.append(f"the {missing} named in the manifest is not in this project; checks that need the layout were skipped")
        return None
    try:
        return plan_output(project.campaign, edition, lay, entry.language or "", entry.message or "", logos)
    except (InputError, KeyError) as exc:
        report.notes.append(f"the output could not be re-planned with the current project ({exc}); checks that need the layout were skipped")
        return None


def _expected_payload(project, entry, v: Verification) -> str | None:
    """The link the code must carry: the campaign data's when the project knows the edition, else the one the build recorded."""
    recorded = entry.qr_payload
    if project is None or not any(e.slug == entry.edition for e in project.editions):
        return recorded
    try:
        current = project.campaign.qr_payload(entry.edition, entry.layout, entry.message, entry.language)
    except (KeyError, ValueError, TypeError):
        return recorded
    if recorded and recorded != current:
        v.findings.append(
            warning("qr", f"the manifest records the QR link {recorded!r}, but the campaign data now gives {current!r}", "the campaign data changed since this build; rebuild with 'posters build'")
        )
    return current


def missing_listed(folders: list[Path], manifests: Manifests, reports: list[FileReport]) -> list[tuple[Path, str]]:
    """(manifest, file) for each poster a manifest in a checked folder lists that the folder does not hold.

    Only manifests inside a checked folder are read this way (checking one edition's folder of a
    build says nothing of the others). A pack holds its files in folders of its own (print/,
    digital/), so a listed file is present when a checked file matched its entry or a PDF of its
    name is anywhere under the manifest's folder."""
    matched = {(r.manifest, r.entry.file) for r in reports if r.manifest is not None and r.entry is not None}
    roots = [f.resolve() for f in folders]
    out = []
    for path, manifest in manifests.read().items():
        home = path.resolve().parent
        if not any(home == root or root in home.parents for root in roots):
            continue
        names = {q.name for q in home.rglob("*.pdf") if q.is_file()}  # not a folder of the name, nor a link to nothing
        for e in manifest.files:
            if e.file.endswith(".pdf") and not e.is_proof and (path, e.file) not in matched and Path(e.file).name not in names:
                out.append((path, e.file))
    return out

