"""Checking one PDF on disk, as `posters check` does: what is known about it
(its manifest entry, and the plan re-made from the current campaign data and
layout), and every check that can run with that.

A file that was edited after the build is still checked in full: the
fingerprint only says *that* it changed; the read-back checks say whether the
change matters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from posters.errors import InputError
from posters.verify.findings import warning
from posters.verify.integrity import check_integrity, default_manifest, entry_for, load_manifest, sha256
from posters.verify.qr_readback import plan_regions
from posters.verify.run import PDFX1A, PDFX4, Expect, Verification, verify_pdf, verify_plan

PLAN_CHECKS = ("safe-zone", "sizes", "contrast")


@dataclass
class FileReport:
    path: Path
    manifest: Path | None = None
    entry: dict | None = None
    modified: bool | None = None  # None: no manifest entry to compare with
    notes: list[str] = field(default_factory=list)
    verification: Verification = field(default_factory=Verification)

    def as_dict(self, strict: bool = False) -> dict:
        v = self.verification
        return {
            "file": str(self.path),
            "manifest": str(self.manifest) if self.manifest else None,
            "in_manifest": self.entry is not None,
            "edition": (self.entry or {}).get("edition"),
            "layout": (self.entry or {}).get("layout"),
            "language": (self.entry or {}).get("language"),
            "message": (self.entry or {}).get("message"),
            "modified": self.modified,
            "passed": v.passed(strict),
            "checks_run": v.ran,
            "skipped": [{"check": c, "reason": why} for c, why in v.skipped],
            "errors": len(v.errors),
            "warnings": len(v.warnings),
            "findings": [f.as_dict() for f in v.findings],
            "notes": self.notes,
        }


class Manifests:
    """Manifests read once each, however many PDFs share them."""

    def __init__(self, explicit: Path | None):
        self.explicit = explicit
        self._cache: dict[Path, dict] = {}

    def for_pdf(self, pdf: Path) -> tuple[Path | None, dict | None]:
        path = self.explicit or default_manifest(pdf)
        if self.explicit is None and not path.is_file():
            return None, None
        path = path.resolve()
        if path not in self._cache:
            self._cache[path] = load_manifest(path)  # InputError for a broken or missing explicit one
        return path, self._cache[path]


def _sniff(data: bytes) -> tuple[str | None, str | None, str | None]:
    """(profile, PDF/X flavour, output condition) as the file itself declares them."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = pdf.trailer.get("/Info")
            declared = str(info.get("/GTS_PDFXVersion", "")) if info is not None else ""
            has_trim = any("/TrimBox" in p.obj for p in pdf.pages)
            condition = None
            for oi in pdf.Root.get("/OutputIntents", None) or []:
                condition = str(oi.get("/OutputConditionIdentifier", "")) or None
    except Exception:  # an unreadable file: the checks themselves will say so
        return None, None, None
    pdfx = declared if declared in (PDFX1A, PDFX4) else None
    if pdfx or has_trim:
        return "print", pdfx or PDFX1A, condition if pdfx == PDFX4 else None
    return "screen", None, None


def verify_file(path: Path, project, logos, manifests: Manifests) -> FileReport:
    report = FileReport(path)
    data = path.read_bytes()
    campaign = project.campaign
    mpath, manifest = manifests.for_pdf(path)
    report.manifest = mpath
    entry = entry_for(manifest, mpath, path) if manifest else None
    report.entry = entry
    v = report.verification

    if entry is not None:
        v.run("integrity", check_integrity, data, entry)
        report.modified = entry.get("sha256") != sha256(data)
    elif manifest is None:
        v.skip("integrity", f"no manifest.json found at {default_manifest(path)} (pass --manifest FILE)")
    else:
        v.skip("integrity", f"the file is not listed in {mpath}")

    base = dict(
        allowed_hosts=list(campaign.allowed_hosts),
        helpline_display=campaign.helpline_display,
        helpline_e164=campaign.helpline_e164,
        helpline_tel=campaign.helpline_tel,
    )
    if entry is None:
        profile, pdfx, condition = _sniff(data)
        if profile:
            report.notes.append(f"not in a manifest: treated as a {profile} file from what it declares")
        v.extend(verify_pdf(data, Expect(**base, profile=profile, pdfx=pdfx, condition=condition), look_for_extra_codes=False))
        v.skip("qr-payload", "the code was read and its link checked against the allow-list, but which edition and format the file is for is unknown, so the exact link could not be compared")
        for c in PLAN_CHECKS:
            v.skip(c, "needs the layout the file was made from, which only its manifest entry names")
        return report

    plan = _replan(project, logos, entry, report)
    expected = _expected_payload(campaign, project, entry, v)
    lay = _layout(project, entry)
    trim, bleed, slug = _geometry(lay, entry)
    profile = entry.get("profile") or (lay.profile if lay else None)
    pdfx = entry.get("pdfx") or (PDFX1A if profile == "print" else None)
    expect = Expect(
        **base,
        payload=expected,
        profile=profile,
        trim_mm=trim,
        bleed_mm=bleed,
        slug_mm=slug,
        pdfx=pdfx,
        condition=entry.get("pdfx_condition"),
        regions=plan_regions(plan) if plan else None,
    )
    if entry.get("helpline") and entry["helpline"] != campaign.helpline_display:
        v.findings.append(warning("helpline", f"the manifest records the helpline as {entry['helpline']!r}, the campaign data says {campaign.helpline_display!r}", "rebuild with 'posters build' so every file carries the current number"))
    v.extend(verify_pdf(data, expect, look_for_extra_codes=True))
    if plan is not None:
        v.extend(verify_plan(plan))
    else:
        for c in PLAN_CHECKS:
            v.skip(c, "the layout or edition named in the manifest could not be planned with the current project (see notes)")
    return report


def _layout(project, entry):
    return next((lay for lay in project.layouts if lay.format == entry.get("layout")), None)


def _geometry(lay, entry) -> tuple[tuple[float, float] | None, float, float]:
    from posters.render.pdf import SLUG_MM, page_geometry

    if lay is not None:
        g = page_geometry(lay)
        return tuple(g["trim"]), g["bleed"], g["slug"]
    trim = entry.get("trim_mm")
    if not (isinstance(trim, list) and len(trim) == 2):
        return None, 0.0, 0.0
    bleed = float(entry.get("bleed_mm") or 0)
    return (float(trim[0]), float(trim[1])), bleed, SLUG_MM if entry.get("profile") == "print" else 0.0


def _replan(project, logos, entry, report: FileReport):
    from posters.plan import plan_output

    edition = next((e for e in project.editions if e.slug == entry.get("edition")), None)
    lay = _layout(project, entry)
    if edition is None or lay is None:
        missing = "edition " + repr(entry.get("edition")) if edition is None else "layout " + repr(entry.get("layout"))
        report.notes.append(f"the {missing} named in the manifest is not in this project; checks that need the layout were skipped")
        return None
    try:
        return plan_output(project.campaign, edition, lay, entry.get("language", ""), entry.get("message", ""), logos)
    except (InputError, KeyError) as exc:
        report.notes.append(f"the output could not be re-planned with the current project ({exc}); checks that need the layout were skipped")
        return None


def _expected_payload(campaign, project, entry, v: Verification) -> str | None:
    recorded = entry.get("qr_payload")
    if not any(e.slug == entry.get("edition") for e in project.editions):
        return recorded
    try:
        current = campaign.qr_payload(entry["edition"], entry["layout"], entry["message"], entry["language"])
    except (KeyError, ValueError):
        return recorded
    if recorded and recorded != current:
        v.findings.append(
            warning("qr", f"the manifest records the QR link {recorded!r}, but the campaign data now gives {current!r}", "the campaign data changed since this build; rebuild with 'posters build'")
        )
    return current
