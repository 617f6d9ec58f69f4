"""Font subsets are named by their own bytes (render/subset_tags.py): across the files of a build,
and on a proof sheet that places many of them on one page, one tag never names two different
font programs, as PDF requires within a file and a RIP merging files relies on."""

from __future__ import annotations

import collections
import hashlib
import io
import re

import pikepdf

from posters.batch import Job, make_output
from posters.render.subset_tags import tag_of


def fonts(data: bytes) -> dict[str, set[str]]:
    """BaseFont -> the digests of the programs embedded under that name."""
    out: dict[str, set[str]] = collections.defaultdict(set)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for o in pdf.objects:
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font and "/FontDescriptor" in o:
                d = o.FontDescriptor
                assert str(d.FontName) == str(o.BaseFont)
                out[str(o.BaseFont)].add(hashlib.sha256(d.FontFile2.read_bytes()).hexdigest())
    return out


def test_one_tag_names_one_program_across_files(project, logos):
    jobs = [Job("north-wales", "a3-poster", "cy-en", "self"), Job("cumbria", "dl-leaflet", "en", "family"), Job("regional", "social-square", "en", "self"), Job("cumbria", "wallet-card", "en", "self")]
    seen: dict[str, set[str]] = collections.defaultdict(set)
    for job in jobs:
        made = make_output(project, logos, job, verify=False)
        for name, programs in fonts(next(iter(made.files.values()))).items():
            assert re.match(r"^/[A-Z]{6}\+SourceSansPro-", name), name
            seen[name] |= programs
    # ReportLab alone named two different Semibold subsets of these four files AAAAAA+
    assert len(seen) >= 5 and all(len(p) == 1 for p in seen.values()), {k: len(v) for k, v in seen.items()}


def test_the_tag_is_six_capitals_from_the_bytes():
    assert tag_of(b"a") == tag_of(b"a") != tag_of(b"b")
    assert re.fullmatch(r"[A-Z]{6}", tag_of(b"")) and len({tag_of(bytes([i])) for i in range(256)}) == 256
