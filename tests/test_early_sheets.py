"""An edition's proof sheet is drawn while the batch goes on, as soon as its last output is made:
once per build, and exactly what a build drawing it afterwards would draw. So is its printable proof."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from posters.batch import Job, Result
from posters.cli import main
from posters.publish import proof, proof_pages
from posters.publish.early import EarlyProofs


@pytest.fixture()
def drawn(monkeypatch) -> Counter:
    """Which proof sheets and printable proofs were drawn, counted (the build runs in this process with -j 1)."""
    seen: Counter = Counter()
    real = proof.write_sheet

    def counting(project, out_dir, stem, sheet, kind, edition):
        seen[stem] += 1
        return real(project, out_dir, stem, sheet, kind, edition)

    real_pages = proof_pages.write_pages

    def counting_pages(project, out_dir, manifest, slug):
        seen[f"{slug}.pages"] += 1
        return real_pages(project, out_dir, manifest, slug)

    monkeypatch.setattr(proof, "write_sheet", counting)
    monkeypatch.setattr(proof_pages, "write_pages", counting_pages)
    return seen


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def build(project: Path, out: Path, *extra: str) -> int:
    return main(["--project", str(project), "build", "-q", "-j", "1", "-o", str(out), "-e", "cumbria", "-e", "lancashire", *extra])


def test_each_sheet_is_drawn_once_and_a_filtered_build_keeps_the_files_of_a_clean_one(small_project, tmp_path, drawn):
    out = tmp_path / "out"
    assert build(small_project, out) == 0
    assert drawn == Counter({"cumbria.proof": 1, "lancashire.proof": 1, "index": 1, "cumbria.pages": 1, "lancashire.pages": 1}), drawn

    # one layout made again, the other's files carried from the last build: the sheet drawn early shows both
    drawn.clear()
    master = next((small_project / "layouts" / "masters").glob("*.toml"))
    master.write_text(master.read_text(encoding="utf-8") + "\n# a designer's note\n", encoding="utf-8")
    assert build(small_project, out, "-l", "social-square") == 0
    assert drawn == Counter({"cumbria.proof": 1, "lancashire.proof": 1, "index": 1, "cumbria.pages": 1, "lancashire.pages": 1}), drawn

    clean = tmp_path / "clean"
    assert build(small_project, clean) == 0
    got, want = files(out), files(clean)
    # a build of some layouts writes no pack (a pack holds a whole edition made in one run), and removes the older one
    assert sorted(got) == sorted(name for name in want if not name.endswith(".zip"))
    assert [name for name in got if got[name] != want[name]] == ["manifest.json"]  # it lists no packs


class _Pool:
    def __init__(self):
        self.calls = []

    def call(self, fn, *args) -> Future:
        self.calls.append((fn, args))
        f: Future = Future()
        f.set_result([])
        return f


def _result(edition: str, fmt: str) -> Result:
    return Result(Job(edition, fmt, "en", "self"), True, files=[])


def test_the_proofs_start_when_the_last_output_of_their_edition_is_in(monkeypatch):
    monkeypatch.setattr(proof, "sheet_jobs", lambda project, manifest, slugs, index_slugs: [(f"{slugs[0]}.proof", ("sheet of", slugs[0]), "proof", slugs[0])])
    monkeypatch.setattr("posters.publish.social.write_social", lambda out_dir, project, manifest, slugs, problems, failed: [f"kit of {slugs[0]}"])
    monkeypatch.setattr("posters.publish.accessible.write_accessible", lambda out_dir, project, slugs, problems: [f"pages of {slugs[0]}"])
    campaign = SimpleNamespace(id="c", helpline_display="0808 1000 900", helpline_tel="+448081000900", url="https://example.org/", allowed_hosts=["example.org"])
    pool = _Pool()
    early = EarlyProofs(SimpleNamespace(campaign=campaign), Path("out"), pool, {"cumbria": 3, "lancashire": 1}, before=[_result("cumbria", "a4-poster")], carried={}, codes={"rows": []})
    early.done(_result("cumbria", "a3-poster"))
    assert pool.calls == []  # one of cumbria's outputs is still being made
    early.done(_result("lancashire", "a3-poster"))
    early.done(_result("cumbria", "a5-flyer"))
    assert [(fn.__name__, args[-1]) for fn, args in pool.calls] == [("write_sheet", "lancashire"), ("write_pages", "lancashire"), ("write_sheet", "cumbria"), ("write_pages", "cumbria")]
    early.done(_result("cheshire", "a3-poster"))  # an edition with nothing to draw early: nothing
    assert len(pool.calls) == 4

    # publishing takes a proof drawn early only if it was drawn from what it would draw it from
    assert early.take("sheet", "cumbria", ("sheet of", "cumbria")) is not None
    assert early.take("sheet", "lancashire", ("another sheet", "lancashire")) is None
    assert early.take("sheet", "cheshire", ("sheet of", "cheshire")) is None
    cut = next(args[1] for fn, args in pool.calls if fn.__name__ == "write_pages" and args[-1] == "cumbria")
    assert early.take("pages", "cumbria", cut) is not None
    assert early.take("pages", "lancashire", replace(cut, extra={"attribution": {"rows": ["a code changed"]}})) is None
    # the kit and accessible pages, written at once in this process from the same cut
    assert early.take("kit", "cumbria", cut).result() == (["kit of cumbria"], ["pages of cumbria"], [], False)
