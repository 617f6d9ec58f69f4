"""Side by side: one A3 poster made by posters, Typst and WeasyPrint.

The poster (headline, body, one Welsh paragraph, helpline, QR code, one SVG
logo, crop marks, CMYK colours) is benchmarks/bench-a3.toml for posters,
benchmarks/poster.typ for Typst and benchmarks/poster.html for WeasyPrint.
All three use Source Sans Pro from the font-source-sans-pro package.

Each tool does its one-off set-up first (posters: load the project, register
fonts; Typst: a Compiler with the fonts; WeasyPrint: imported), then every
repetition makes one poster with each tool in turn, the order rotating so no
tool always runs first. Reported: the median per poster and the ratios.

    python benchmarks/side_by_side.py [--reps 20] [--warmup 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import HERE, add_copy_key, copy_project, median_ms, table, tempdir  # noqa: E402

EDITION, FORMAT, LANG, MESSAGE = "north-wales", "bench-a3", "en", "self"


# --- posters ------------------------------------------------------------------
class Posters:
    def __init__(self, work: Path):
        from posters import fonts
        from posters.batch import Job
        from posters.inputs.logos import LogoStore
        from posters.inputs.project import load_project

        root = copy_project(work / "project", [HERE / "bench-a3.toml"])
        welsh = load_project(root).campaign.copies["cy"].get(MESSAGE, "body")
        add_copy_key(root, "en", "welsh_body", welsh)  # the poster's one Welsh paragraph
        fonts.register_all()
        self.project = load_project(root)
        self.logos = LogoStore()
        self.job = Job(EDITION, FORMAT, LANG, MESSAGE)
        self.edition = self.project.edition(EDITION)
        self.layout = self.project.layout(FORMAT)
        self.payload = self.project.campaign.qr_payload(EDITION, FORMAT, MESSAGE, LANG)
        self.logo_path = self.edition.forces[0].logo
        self.font_dir = Path(fonts.font_file("regular")).parent

    def render(self) -> bytes:
        """plan + draw: what the tool itself costs per poster."""
        from posters.plan.place import plan_output
        from posters.render.pdf import render_pdf

        plan = plan_output(self.project.campaign, self.edition, self.layout, LANG, MESSAGE, self.logos)
        return render_pdf(plan)

    def make(self) -> bytes:
        """make_output: plan, draw and whatever post-processing and checks the build does."""
        from posters.batch import make_output

        made = make_output(self.project, self.logos, self.job)
        return next(iter(made.files.values()))


# --- the files Typst and WeasyPrint read ---------------------------------------
def qr_svg(payload: str) -> bytes:
    """The QR code as SVG (qrcode's path factory), quiet zone of 4 modules, EC level M."""
    import qrcode
    import qrcode.image.svg

    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, image_factory=qrcode.image.svg.SvgPathFillImage)
    q.add_data(payload.encode("utf-8"))
    q.make(fit=True)
    buf = io.BytesIO()
    q.make_image().save(buf)
    return buf.getvalue()


def stage_sources(work: Path, p: Posters) -> Path:
    """A folder holding poster.typ, poster.html, qr.svg, logo.svg and fonts/."""
    src = work / "sources"
    (src / "fonts").mkdir(parents=True)
    shutil.copy(HERE / "poster.typ", src)
    shutil.copy(HERE / "poster.html", src)
    shutil.copy(p.logo_path, src / "logo.svg")
    (src / "qr.svg").write_bytes(qr_svg(p.payload))
    for f in p.font_dir.glob("SourceSansPro-*.ttf"):
        shutil.copy(f, src / "fonts" / f.name)
    return src


class Typst:
    """One Compiler reused (fonts scanned once), as a batch would use it."""

    def __init__(self, src: Path):
        import typst

        self.src = src
        self.compiler = typst.Compiler(str(src / "poster.typ"), root=str(src), font_paths=[str(src / "fonts")], ignore_system_fonts=True)

    def render(self) -> bytes:
        return self.compiler.compile()


class TypstFresh:
    """typst.compile(): a new world (font scan included) per poster, as the CLI does."""

    def __init__(self, src: Path):
        import typst

        self.typst = typst
        self.src = src

    def render(self) -> bytes:
        return self.typst.compile(str(self.src / "poster.typ"), root=str(self.src), font_paths=[str(self.src / "fonts")], ignore_system_fonts=True)


class Weasy:
    def __init__(self, src: Path):
        import logging

        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        self.HTML, self.FontConfiguration = HTML, FontConfiguration
        self.path = str(src / "poster.html")

    def render(self) -> bytes:
        return self.HTML(filename=self.path).write_pdf(font_config=self.FontConfiguration())


# --- checks on what each tool made ---------------------------------------------
def check(pdf: bytes, payload: str) -> str:
    """Pages, whether the helpline and the Welsh paragraph read back, whether the QR decodes."""
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        text = page.get_textpage().get_text_range().replace("\r", "").replace("\n", " ")
        img = page.render(scale=100 / 72).to_pil()
        codes = [r.text for r in zxingcpp.read_barcodes(img)]
        notes = [f"{len(doc)} page", f"{len(pdf) // 1024} KiB"]
        notes.append("helpline ok" if "0808 1000 900" in text else "helpline MISSING")
        notes.append("Welsh ok" if "ddelweddau rhywiol" in " ".join(text.split()) else "Welsh MISSING")
        notes.append("QR ok" if payload in codes else f"QR {'WRONG' if codes else 'UNREAD'}")
        return ", ".join(notes)
    finally:
        doc.close()


# --- the run -------------------------------------------------------------------
def run(reps: int = 20, warmup: int = 3, keep: Path | None = None, quiet: bool = False) -> dict:
    work = tempdir("side")
    t0 = time.perf_counter()
    p = Posters(work)
    setup = {"posters": time.perf_counter() - t0}
    src = stage_sources(work, p)
    tools: dict[str, object] = {"posters render": p.render, "posters make_output": p.make}
    unavailable: dict[str, str] = {}
    for name, cls in (("Typst", Typst), ("Typst fresh", TypstFresh), ("WeasyPrint", Weasy)):
        try:
            t0 = time.perf_counter()
            tools[name] = cls(src).render
            setup[name] = time.perf_counter() - t0
        except Exception as exc:  # e.g. WeasyPrint without Pango: say so, carry on
            unavailable[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    names = list(tools)
    outputs: dict[str, bytes] = {}
    for name in names:
        for _ in range(warmup):
            try:
                outputs[name] = tools[name]()
            except Exception as exc:
                unavailable[name] = f"{type(exc).__name__}: {exc}"
                break
    names = [n for n in names if n not in unavailable]
    samples: dict[str, list[float]] = {n: [] for n in names}
    for rep in range(reps):
        k = rep % len(names)
        for name in names[k:] + names[:k]:  # rotate who goes first
            t0 = time.perf_counter()
            outputs[name] = tools[name]()
            samples[name].append(time.perf_counter() - t0)
    medians = {n: median_ms(s) for n, s in samples.items()}
    checks = {n: check(outputs[n], p.payload) for n in names}
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        for n in names:
            (keep / (n.replace(" ", "-") + ".pdf")).write_bytes(outputs[n])
    shutil.rmtree(work, ignore_errors=True)
    result = {"medians_ms": medians, "samples": samples, "checks": checks, "unavailable": unavailable, "setup_s": setup, "reps": reps}
    if not quiet:
        print(report(result))
    return result


def report(r: dict) -> str:
    med = r["medians_ms"]
    rows = []
    for n, ms in med.items():
        s = sorted(r["samples"][n])
        rows.append([n, ms, s[0] * 1000, s[-1] * 1000, r["checks"][n]])
    out = [f"One A3 poster, median of {r['reps']} alternating runs (ms):", table(["tool", "median ms", "min ms", "max ms", "what it made"], rows)]
    ratios = []
    for mine in ("posters render", "posters make_output"):
        for other in ("Typst", "Typst fresh", "WeasyPrint"):
            if mine in med and other in med:
                ratios.append([f"{mine} / {other}", med[mine] / med[other]])
    if ratios:
        out += ["", "Ratios (below 1: posters is faster; target: posters / Typst <= 0.5):", table(["ratio", "value"], ratios)]
    for n, why in r["unavailable"].items():
        out.append(f"\n{n} is UNAVAILABLE here: {why}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="write each tool's PDF into this folder")
    a = ap.parse_args(argv)
    run(a.reps, a.warmup, a.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
