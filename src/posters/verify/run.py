"""Running the checks: which apply to an output, what each is given, and the
collected result.

`verify_output` is what the build runs on every output it makes (plan
checks, then file checks on the finished bytes). `verify_file` is what
`posters check` runs on a PDF on disk, with as much as is known about it
(its manifest entry and a re-made plan when available); a check that cannot
run is listed as skipped, with the reason.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field

from posters.anchors import ALLOWED_HOSTS
from posters.plan.geometry import PageGeometry
from posters.verify import pdf as pdf_checks
from posters.verify.bleed_reach import check_bleed_reach, check_crop_marks
from posters.verify.contrast import check_contrast
from posters.verify.findings import Finding, error
from posters.verify.glyphs import check_glyphs
from posters.verify.painted import check_painted, emergency_mentions
from posters.verify.plan_checks import check_image_resolution, check_safe_zone, check_sizes
from posters.verify.qr_readback import Region, check_extra_codes, check_qr, plan_regions
from posters.verify.text_readback import check_addresses, check_helpline, check_links, page_texts
from posters.verify.facts_readback import check_facts, expected_texts

PDFX1A = pdf_checks.PDFX1A
PDFX4 = pdf_checks.PDFX4


@dataclass
class Verification:
    ran: list[str] = field(default_factory=list)  # check ids, in the order they ran
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (check id, why)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def passed(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def run(self, check: str, fn, *args, **kwargs) -> None:
        """Run one check; a crash inside a check is itself a failure of that check, never a pass."""
        self.ran.append(check)
        try:
            self.findings.extend(fn(*args, **kwargs))
        except Exception as exc:  # a file a check cannot read must not pass
            self.findings.append(error(check, f"the check could not read the file ({type(exc).__name__}: {exc})", "the file may be damaged; rebuild it with 'posters build'"))

    def skip(self, check: str, why: str) -> None:
        self.skipped.append((check, why))

    def extend(self, other: "Verification") -> None:
        self.ran += other.ran
        self.skipped += other.skipped
        self.findings += other.findings


# Why a check cannot run, in the report's words. Each sentence is written once,
# here, and used wherever that fact is missing.
UNKNOWN_EDITION = "which edition and format the file is for is unknown (no manifest entry)"
SKIP_PAYLOAD = "the code was read and its link checked against the allow-list, but " + UNKNOWN_EDITION + ", so the exact link could not be compared"
SKIP_LINKS = "the file's edition is unknown (no manifest entry), so it is not known whether it should carry links"
SKIP_BOXES = "the intended trim size is unknown (no manifest entry)"
SKIP_COLOUR = "the file's profile (print or screen) is unknown (no manifest entry)"
SKIP_PDFX = "it is not known whether this is a print file (no manifest entry)"
SKIP_PDFUA = "it is not known whether this is a screen file (no manifest entry)"
SKIP_FACTS = "which copy and format the file was made from is not known here, so the facts its format must print cannot be listed"
PLAN_CHECKS = ("safe-zone", "sizes", "contrast")
# resolution for the viewing distance needs the plan's boxes and distance; without them the file's own images check covers it
SKIP_RESOLUTION = "there is no layout plan to give each placed image's box and viewing distance; the file's image resolution check covers its images"


@dataclass(frozen=True)
class Expect:
    """What is known about a file: from its plan at build time, or from its
    manifest entry and the campaign later. Whatever is None is unknown, and
    the checks that need it are skipped with the reason."""

    allowed_hosts: list[str] | None = None  # None: the campaign's facts are unknown
    helpline_display: str | None = None
    helpline_e164: str | None = None
    helpline_tel: str | None = None
    facts_unknown: str = ""  # why the campaign's facts are unknown, when they are
    payload: str | None = None  # None: unknown, only the URL rules apply
    profile: str | None = None  # "print" or "screen"; None: unknown
    geometry: PageGeometry | None = None  # the page the file should have; None: unknown
    pdfx: str | None = None  # PDFX1A or PDFX4 for print files
    condition: str | None = None  # output condition identifier
    regions: list[Region] | None = None  # where the plan puts QR codes; None: find them
    url_display: str | None = None  # the self-help address as printed; None: unknown
    emergency: int | None = None  # how many times the file says 999 (from its plan); None: unknown
    max_qr_version: int | None = None  # the campaign's limit; None: not checked
    artwork_scale: float = 1.0  # scaled artwork (1:10 is 0.1): sizes in the file are this times full size
    viewing_distance_m: float | None = None  # image resolution thresholds fall with it; None: offset defaults
    ppi: tuple[float, float] | None = None  # (warn, error below) for this output, when known (screen: its pixel density)
    facts: list[tuple[str, str]] | None = None  # (fact, text) the rule table says the file prints; None: unknown
    format: str = ""
    facts_skip: str = ""  # why the facts cannot be listed, when `facts` is None


def image_thresholds(lay) -> tuple[float, float]:
    from posters.verify.pdf.images import thresholds_for

    return thresholds_for(lay.profile, lay.viewing_distance_m, lay.size_px, lay.trim_mm)


def expect_from_plan(plan, campaign, *, pdfx: str | None = None, condition: str | None = None) -> Expect:
    from posters.elements.url import shown_url

    lay = plan.layout
    return Expect(
        allowed_hosts=list(campaign.allowed_hosts),
        helpline_display=campaign.helpline_display,
        helpline_e164=campaign.helpline_e164,
        helpline_tel=campaign.helpline_tel,
        payload=plan.payload,
        profile=lay.profile,
        geometry=plan.geometry,
        artwork_scale=plan.geometry.scale,
        viewing_distance_m=lay.viewing_distance_m,
        ppi=image_thresholds(lay),
        pdfx=pdfx if lay.profile == "print" else None,
        condition=condition,
        regions=plan_regions(plan),
        url_display=shown_url(campaign.url),
        emergency=emergency_mentions(plan),
        max_qr_version=campaign.max_qr_version,
        facts=expected_texts(campaign, lay.format, plan.langs, plan.message),
        format=lay.format,
    )


def verify_plan(plan, why_not: str = "", printer=None) -> Verification:
    """Checks on the plan, before drawing: safe zone, sizes for distance, contrast
    (print colours as printed: through `printer`, an appearance.PrinterProfile, when given).
    With no plan they are listed as skipped, `why_not`."""
    v = Verification()
    if plan is None:
        for check in PLAN_CHECKS:
            v.skip(check, why_not)
        v.skip("resolution", why_not or SKIP_RESOLUTION)
        return v
    v.run("safe-zone", check_safe_zone, plan)
    v.run("sizes", check_sizes, plan)
    v.run("contrast", check_contrast, plan, printer)
    v.run("resolution", check_image_resolution, plan)
    return v


def verify_pdf(pdf: bytes, expect: Expect, *, look_for_extra_codes: bool = False) -> Verification:
    """Checks on the finished file: safety first, then read-back, fonts, boxes, colour, PDF/X, images."""
    from posters.verify.pdf.safety import check_safety, is_refused_unread

    v = Verification()
    with _parsed(pdf) as doc:
        # parsed once for safety and the structural checks, each drawing read once (verify.pdf.content);
        # a file pikepdf cannot open is passed on as bytes, so each check reports that it cannot read it
        src = doc if doc is not None else pdf
        v.run("safety", check_safety, src)
        if is_refused_unread(v.findings):
            for check in ("qr", "qr-payload", "helpline", "facts", "painted"):
                v.skip(check, "the file was refused unread (see safety)")
            return v
        facts = expect.allowed_hosts is not None
        reach: list[Finding] = []  # the artwork into the bleed, as rendered: reported with the boxes
        if facts:
            with _shared_pages(pdf) as pages:
                if expect.profile != "screen" and pages is not None:
                    # before the painted check takes objects off
                    reach = _safely("boxes", check_bleed_reach, pages) + _safely("boxes", check_crop_marks, pages)
                _read_back(v, pdf, expect, pages, look_for_extra_codes)
        else:
            for check in ("qr", "qr-payload", "helpline", "facts", "painted"):
                v.skip(check, expect.facts_unknown)
        _structure(v, src, expect, facts, reach)
    return v


@contextmanager
def _shared_pages(pdf: bytes):
    """The file opened once for the read-back checks (see posters.verify.pages); None when PDFium
    cannot open it, so each check opens it itself and reports that it cannot be read."""
    from posters.verify.pages import Pages

    try:
        pages = Pages(pdf)
    except Exception:  # noqa: BLE001 - each check says so in its own words
        yield None
        return
    try:
        yield pages
    finally:
        pages.close()


def _read_back(v: Verification, pdf: bytes, expect: Expect, pages, look_for_extra_codes: bool) -> None:
    """The QR code, the text and the painted lines, read back from the file (pages shared; painted last, see pages.py)."""
    v.run("qr", check_qr, pdf, expected=expect.payload, allowed=expect.allowed_hosts, regions=expect.regions, max_version=expect.max_qr_version, pages=pages)
    if expect.payload is None:
        v.skip("qr-payload", SKIP_PAYLOAD)
    if look_for_extra_codes and expect.regions is not None:
        v.findings.extend(_safely("qr", check_extra_codes, pdf, expected=expect.payload, allowed=expect.allowed_hosts, regions=expect.regions))
    read: list = []

    def texts() -> list[str]:  # read once; a file that cannot be read fails each check that needs it
        if not read:
            read.append(page_texts(pdf, pages))
        return read[0]

    v.run("helpline", lambda: check_helpline(texts(), expect.helpline_display, expect.helpline_e164) + check_addresses(texts(), expect.allowed_hosts or list(ALLOWED_HOSTS)))
    if expect.facts is not None:
        v.run("facts", lambda: check_facts(texts(), expect.facts, expect.format))
    else:
        v.skip("facts", expect.facts_skip or SKIP_FACTS)
    # the same lines as a person sees them: nothing covers them, and their pixels are the expected text
    v.run("painted", check_painted, pdf, helpline=expect.helpline_display, url=expect.url_display, expect_emergency=expect.emergency, pages=pages)


def _structure(v: Verification, src, expect: Expect, facts: bool, reach: list[Finding] = ()) -> None:
    """Links, fonts, boxes, colour, PDF/X and images, from the file parsed once (`src`: the open
    document, or the bytes when it cannot be opened)."""
    if expect.profile == "screen":
        if facts:
            v.run("links", check_links, src, tel=expect.helpline_tel, allowed=expect.allowed_hosts)
        else:
            v.skip("links", expect.facts_unknown)
    elif expect.profile is None:
        v.skip("links", SKIP_LINKS)
    v.run("fonts", lambda: pdf_checks.check_fonts(src) + check_glyphs(src))
    if (g := expect.geometry) is not None:
        v.run("boxes", lambda: pdf_checks.check_boxes(src, g.trim, g.bleed, slug_mm=g.slug) + list(reach))
    else:
        v.skip("boxes", SKIP_BOXES)
        v.findings.extend(reach)  # the file's own boxes were measured, whatever size it should be
    drawn = None  # print files: colour and images from one pass of the content interpreter
    if expect.profile == "print":
        from posters.verify.pdf.colour_and_images import ColourAndImages

        drawn = ColourAndImages(src, scale=expect.artwork_scale, viewing_distance_m=expect.viewing_distance_m, thresholds=expect.ppi)
        v.run("colour", drawn.colour)
    elif expect.profile is None:
        v.skip("colour", SKIP_COLOUR)
    if expect.pdfx is not None:
        v.run("pdfx", pdf_checks.check_pdfx, src, expect.pdfx, condition_identifier=expect.condition)
    elif expect.profile is None:
        v.skip("pdfx", SKIP_PDFX)
    if expect.profile == "screen":
        v.run("pdfua", pdf_checks.check_pdfua, src)
    elif expect.profile is None:
        v.skip("pdfua", SKIP_PDFUA)
    if drawn is not None:
        v.run("images", drawn.images)
    else:
        v.run("images", pdf_checks.check_images_resolution, src, scale=expect.artwork_scale, viewing_distance_m=expect.viewing_distance_m, thresholds=expect.ppi)


@contextmanager
def _parsed(pdf: bytes):
    import pikepdf

    from posters.verify.pdf import content

    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except Exception:  # noqa: BLE001 - each check then says the file cannot be read
        yield None
        return
    try:
        with content.shared(doc):
            yield doc
    finally:
        doc.close()


def _safely(check: str, fn, *args, **kwargs) -> list[Finding]:
    tmp = Verification()
    tmp.run(check, fn, *args, **kwargs)
    return tmp.findings


def verify_output(plan, pdf: bytes, campaign, *, pdfx: str | None = None, condition: str | None = None, printer=None) -> Verification:
    """Everything the build checks on one output it made."""
    v = verify_plan(plan, printer=printer)
    v.extend(verify_pdf(pdf, expect_from_plan(plan, campaign, pdfx=pdfx, condition=condition)))
    return v
