"""Property tests: generated layouts stay inside their page and safe zone,
allow-listed URLs survive QR encode -> PDF -> pixels -> decode, and no bytes
given as a layout file raise anything but the tool's own InputError."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import zxingcpp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from posters.elements.shape import Fill
from posters.elements.text import SetText
from posters.errors import InputError
from posters.inputs.layout import load_layout
from posters.plan.place import plan_output
from posters.inputs.project import load_project
from posters.render.pdf import render_pdf
from posters.render.png import rasterise
from posters.units import PT_PER_MM
from posters.inputs.urls import check_url

from conftest import ROOT

PROJECT = load_project(ROOT)
# generated layouts get format codes of their own, as a real layout would in campaign.toml
_SCHEME = PROJECT.campaign.attribution
CAMPAIGN = dataclasses.replace(
    PROJECT.campaign, attribution=dataclasses.replace(_SCHEME, codes={**_SCHEME.codes, "format": {**_SCHEME.codes["format"], "generated": "g", "qr-only": "o"}})
)
FORCE_EDITION = PROJECT.edition("cheshire")
REGIONAL = PROJECT.edition(CAMPAIGN.regional_slug)
COPY_KEYS = ["danger", "cta", "qr_caption", "helpline_label", "headline", "body"]
EPS = 1e-6
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _logos():
    from posters.inputs.logos import LogoStore

    return LogoStore()


LOGOS = _logos()


def toml_value(v) -> str:
    """Enough TOML for generated data: everything inline."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def toml_doc(d: dict) -> str:
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in d.items())


def load_text(text: bytes | str):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "layouts").mkdir()
        path = root / "layouts" / "generated.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return load_layout(path, root, CAMPAIGN)


# --- any valid layout keeps every element inside its page and safe zone -------
@st.composite
def layouts(draw):
    w = draw(st.integers(120, 600))
    h = draw(st.integers(120, 600))
    safe = draw(st.integers(5, 15))
    size = draw(st.integers(12, 48))
    style = {"font": draw(st.sampled_from(["regular", "semibold", "bold", "black"])), "size_pt": size, "min_size_pt": 12, "colour": "ink"}
    inner_w, inner_h = w - 2 * safe, h - 2 * safe

    def box(min_w, min_h):
        bw = draw(st.integers(min_w, inner_w))
        bh = draw(st.integers(min_h, inner_h))
        x = safe + draw(st.integers(0, inner_w - bw))
        y = safe + draw(st.integers(0, inner_h - bh))
        return [x, y, bw, bh]

    elements = [{"type": "background", "colour": "paper"}]
    for kind in draw(st.lists(st.sampled_from(["text", "helpline", "qr", "logo", "logo_strip", "rect"]), min_size=1, max_size=5)):
        if kind == "text":
            elements.append({"type": "text", "copy": draw(st.sampled_from(COPY_KEYS)), "style": "s", "box_mm": box(60, 30), "align": draw(st.sampled_from(["left", "center", "right"])), "valign": draw(st.sampled_from(["top", "middle", "bottom"]))})
        elif kind == "helpline":
            elements.append({"type": "helpline", "style": "s", "box_mm": box(80, 25)})
        elif kind == "qr":
            elements.append({"type": "qr", "box_mm": box(30, 30), "align": draw(st.sampled_from(["left", "center", "right"]))})
        elif kind == "logo":
            elements.append({"type": "logo", "which": draw(st.sampled_from(["force", "charity"])), "box_mm": box(10, 10)})
        elif kind == "logo_strip":
            elements.append({"type": "logo_strip", "box_mm": box(40, 10), "gap_mm": draw(st.integers(0, 10)), "max_rows": draw(st.integers(1, 3))})
        else:
            elements.append({"type": "rect", "colour": "mist", "bleed": draw(st.booleans()), "box_mm": [0, draw(st.integers(0, h - 10)), w, 10]})
    return {
        "name": "generated",
        "format": "generated",
        "trim_mm": [w, h],
        "bleed_mm": 3,
        "safe_mm": safe,
        "viewing_distance_m": 0.5,
        "scan_distance_m": 0.25,
        "styles": {"s": style},
        "pages": [{"name": "front", "elements": elements}],
    }


@settings(max_examples=40, **SETTINGS)
@given(layouts(), st.sampled_from(["en", "cy-en"]), st.sampled_from(["self", "family"]))
def test_every_placed_element_stays_inside_page_and_safe_zone(doc, lang, message):
    layout = load_text(toml_doc(doc))  # generated within the rules: it must load
    edition = REGIONAL if lang == "cy-en" else FORCE_EDITION
    has_force_logo = any(e.get("which") == "force" for e in doc["pages"][0]["elements"])
    if edition.regional and has_force_logo:
        edition = PROJECT.edition("north-wales")
    try:
        plan = plan_output(CAMPAIGN, edition, layout, lang, message, LOGOS)
    except InputError as exc:
        # the refusals a valid layout may meet: copy too long for its box at the minimum size,
        # or a logo strip too small for its partners' minimum logo widths
        assert all("does not fit" in p.message or "cannot all print at their minimum widths" in p.message for p in exc.problems), exc
        assume(False)
    w, h = layout.trim_mm
    s, b = layout.safe_mm, layout.bleed_mm
    for page in plan.pages:
        for p in page.elements:
            box = p.box
            if isinstance(p.content, Fill):
                assert box.x >= -b - EPS and box.y >= -b - EPS and box.right <= w + b + EPS and box.bottom <= h + b + EPS, p
                continue
            assert box.x >= s - EPS and box.y >= s - EPS and box.right <= w - s + EPS and box.bottom <= h - s + EPS, (p.key, box)
            if isinstance(p.content, SetText):
                fitted = p.content.fitted
                assert fitted.height <= box.h * PT_PER_MM + EPS
                assert fitted.widest <= box.w * PT_PER_MM + EPS


# --- any allow-listed URL round-trips through the QR on the page --------------
label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~", min_size=1, max_size=12).filter(lambda s: s not in (".", ".."))
# a query value that names no other address (the URL rules refuse host-like values: redirect targets)
value = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_~", min_size=1, max_size=12)


@st.composite
def allowed_urls(draw):
    subs = draw(st.lists(label, max_size=2))
    host = ".".join([*subs, "stopitnow.org.uk"])
    path = "/".join(draw(st.lists(segment, max_size=3)))
    query = "&".join(f"{k}={v}" for k, v in draw(st.lists(st.tuples(label, value), max_size=3)))
    return f"https://{host}/{path}" + (f"?{query}" if query else "")


QR_LAYOUT = load_text(
    toml_doc(
        {
            "format": "qr-only",
            "trim_mm": [100, 100],
            "safe_mm": 5,
            "viewing_distance_m": 0.5,
            "scan_distance_m": 0.3,
            "styles": {},
            "pages": [{"elements": [{"type": "qr", "box_mm": [20, 20, 60, 60]}]}],
        }
    )
)


@settings(max_examples=15, **SETTINGS)
@given(allowed_urls())
def test_allow_listed_url_round_trips_through_the_printed_qr(url):
    assert check_url(url, CAMPAIGN.allowed_hosts) == url
    campaign = dataclasses.replace(CAMPAIGN, url=url, tracking={}, attribution=None)
    plan = plan_output(campaign, FORCE_EDITION, QR_LAYOUT, "en", "self", LOGOS)
    assert plan.payload == url
    image = rasterise(render_pdf(plan), dpi=150)
    decoded = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [url]


# --- no input raises anything but InputError ----------------------------------
@settings(max_examples=150, **SETTINGS)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_layout_raise_only_input_error(data):
    try:
        load_text(data)
    except InputError:
        pass


KEYS = ["name", "format", "profile", "trim_mm", "bleed_mm", "safe_mm", "viewing_distance_m", "scan_distance_m", "crop_marks", "size_px", "messages", "styles", "pages", "elements", "type", "box_mm", "copy", "style", "colour", "size_pt", "min_size_pt", "font", "leading", "align", "valign", "which", "gap_mm", "max_rows", "bleed", "x"]
scalars = st.one_of(
    st.none().map(lambda _: "text"),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["print", "screen", "text", "qr", "logo", "logo_strip", "helpline", "rect", "background", "ink", "force.primary", "headline", "s", "bold"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)), max_leaves=30)


@settings(max_examples=150, **SETTINGS)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=10))
def test_arbitrary_toml_documents_raise_only_input_error(doc):
    try:
        load_text(toml_doc(doc))
    except InputError:
        pass
