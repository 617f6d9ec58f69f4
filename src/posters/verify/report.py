"""The verification report, in plain words for a print team, and as JSON.

Used by `posters build` (after the summary table) and `posters check`.
"""

from __future__ import annotations

# What each check means, in the words the report uses.
CHECK_NAMES = {
    "safety": "no actions, scripts or embedded files; content and sizes within bounds",
    "qr": "QR code read back",
    "qr-payload": "QR link compared with this edition's link",
    "helpline": "helpline number and web addresses read back",
    "facts": "facts its format must print",
    "painted": "helpline, web address and 999 line as painted",
    "links": "tap-to-call and web links",
    "fonts": "fonts embedded",
    "boxes": "page size, trim and bleed",
    "colour": "print colour (CMYK, ink, no transparency)",
    "pdfx": "PDF/X",
    "pdfua": "accessible screen PDF (PDF/UA-1, Matterhorn Protocol rules)",
    "images": "image resolution",
    "resolution": "resolution of placed images for the viewing distance",
    "safe-zone": "safe zone",
    "sizes": "sizes for viewing distance",
    "contrast": "contrast",
    "integrity": "unchanged since the build",
    "separations": "each plate rendered: crop marks on every plate, black type overprints, helpline on its plate, total ink",
    "png": "screen image: pixel size and sRGB marking",
}


def finding_lines(label: str, finding: dict) -> list[str]:
    """One finding as the terminal shows it: severity, file, check, message, hint."""
    where = label + (f" (page {finding['page']})" if finding.get("page") else "")
    lines = [f"{finding['severity']}: {where}: [{finding['check']}] {finding['message']}"]
    if finding.get("hint"):
        lines.append(f"  hint: {finding['hint']}")
    return lines


def indented_lines(finding: dict, indent: str = "      ") -> list[str]:
    """One finding under its file's line, as `posters check` shows it."""
    page = f" (page {finding['page']})" if finding.get("page") else ""
    lines = [f"{indent}{finding['severity']}: [{CHECK_NAMES.get(finding['check'], finding['check'])}]{page} {finding['message']}"]
    if finding.get("hint"):
        lines.append(f"{indent}  hint: {finding['hint']}")
    return lines


def match_line(how: str | None, manifest, entry) -> str:
    """How `posters check` found a file's manifest entry, when the file is not where the build put it."""
    if not entry or how in (None, "path", "path in pack"):
        return ""
    listed = entry.file
    if how == "the file's own metadata":
        return (
            f"no manifest lists it; the file's own metadata names it as {entry.edition}, {entry.layout}, {entry.language}, {entry.message}, "
            "so it was checked against that output's layout in this project"
        )
    if how == "fingerprint":
        return f"found in {manifest} by its fingerprint: an exact copy of {listed}"
    return (
        f"found in {manifest} by its file name only: it is not where the build put it and its bytes differ, "
        f"so it is taken to be {listed} (if it is not, pass --manifest with the right manifest.json)"
    )


def count(findings: list[dict], severity: str) -> int:
    return sum(1 for f in findings if f.get("severity") == severity)


def summary_line(n_files: int, n_checks: int, n_errors: int, n_warnings: int, what: str = "outputs") -> str:
    verdict = "all passed" if not n_errors and not n_warnings else ("FAILED" if n_errors else "passed with warnings")
    noun = what if n_files != 1 else what.removesuffix("s")
    return f"Verification: {n_checks} checks on {n_files} {noun}: {n_errors} error(s), {n_warnings} warning(s) - {verdict}"


def build_report(results, *, failed_layouts: int = 0, other_problems: int = 0) -> tuple[list[str], str]:
    """Lines for every finding of a batch, and the build's last line.

    The last line says FAILED whenever anything the build was asked to make
    is missing: an output that failed a check, an output that could not be
    planned or drawn (an input error, which no check ever saw), a layout file
    that could not be used, or a pack or proof that could not be made. It
    never says "all passed" over a failure.
    """
    lines: list[str] = []
    for r in results:
        label = f"{r.job.edition}/{r.job.format}.{r.job.message}.{r.job.lang}.pdf"
        for f in r.findings:
            lines += finding_lines(label, f)
        if not r.ok and any(f.get("severity") == "error" for f in r.findings):
            lines.append(f"  -> {label} was not written: a file that fails a check is never delivered")
    findings = [f for r in results for f in r.findings]
    checked = [r for r in results if r.checks]
    summary = summary_line(len(checked), sum(len(r.checks) for r in results), count(findings, "error"), count(findings, "warning"))
    not_written = sum(1 for r in results if not r.ok)
    if not_written or failed_layouts or other_problems:
        parts = []
        if not_written:
            parts.append(f"{not_written} of {len(results)} output(s) not written")
        if failed_layouts:
            parts.append(f"{failed_layouts} layout file(s) unusable, so none of their outputs were made")
        if other_problems:
            parts.append(f"{other_problems} pack or proof problem(s)")
        verdict = summary.rsplit(" - ", 1)[0] + " - FAILED: " + "; ".join(parts) + " (see the errors above)"
        return lines, verdict
    return lines, summary
