"""names.inside answers the same whether each path is resolved whole or its folders are
remembered across many questions (read_previous asks about every manifest entry)."""

from __future__ import annotations

import os

import pytest

from posters import names


@pytest.fixture()
def tree(tmp_path):
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    (out / "cumbria").mkdir(parents=True)
    (out / "proofs").mkdir()
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF")
    (out / "cumbria" / "a4-poster.self.en.pdf").write_bytes(b"%PDF")
    (out / "cumbria.zip").write_bytes(b"PK")
    # a file that is a link out, a file that is a link inside, a folder that is a link out,
    # a folder that is a link to a folder inside, a dangling link
    os.symlink(outside / "secret.pdf", out / "cumbria" / "a5-flyer.self.en.pdf")
    os.symlink(out / "cumbria" / "a4-poster.self.en.pdf", out / "cumbria" / "a3-poster.self.en.pdf")
    os.symlink(outside, out / "lancashire")
    os.symlink(out / "cumbria", out / "cheshire")
    os.symlink(tmp_path / "nowhere.pdf", out / "proofs" / "index.pdf")
    os.symlink(outside / "secret.pdf", out / "merseyside.zip")
    return out


CASES = [
    "cumbria/a4-poster.self.en.pdf",  # a plain file
    "cumbria/a2-poster.self.en.pdf",  # not there (yet): a build may write it
    "cumbria/a5-flyer.self.en.pdf",  # a link out of the folder
    "cumbria/a3-poster.self.en.pdf",  # a link to a file inside
    "lancashire/a4-poster.self.en.pdf",  # in a folder that is a link out
    "lancashire/secret.pdf",
    "cheshire/a4-poster.self.en.pdf",  # in a folder that is a link to a folder inside
    "proofs/index.pdf",  # a dangling link, to outside
    "cumbria.zip",
    "merseyside.zip",  # a pack that is a link out
    "wales/deep/er/file.pdf",  # folders that do not exist
    "../outside/secret.pdf",  # never a name a build writes
    "cumbria/../lancashire/secret.pdf",
    "/etc/passwd",
    "",
]


def test_remembered_folders_answer_as_resolving_each_path_whole(tree):
    folders: dict = {}
    for rel in CASES:
        assert names.inside(tree, rel, folders) == names.inside(tree, rel), rel


def test_what_is_refused(tree):
    folders: dict = {}
    allowed = {rel for rel in CASES if names.inside(tree, rel, folders) is not None}
    assert allowed == {
        "cumbria/a4-poster.self.en.pdf",
        "cumbria/a2-poster.self.en.pdf",
        "cumbria/a3-poster.self.en.pdf",
        "cheshire/a4-poster.self.en.pdf",
        "cumbria.zip",
        "wales/deep/er/file.pdf",
    }


def test_a_linked_folder_at_any_depth_of_the_output_folder_that_leads_out_is_refused(tmp_path):
    from posters.names import folder_problems

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "cheshire" / "web").mkdir(parents=True)
    elsewhere.mkdir()
    assert folder_problems(out) == []
    (out / "cheshire" / "imposed").symlink_to(elsewhere)
    (out / "cheshire" / "web" / "page.html").symlink_to(elsewhere / "x.html")
    (out / "cheshire" / "same.pdf").symlink_to(out / "cheshire" / "web")  # a link that stays inside is left alone
    found = {(p.file, p.key) for p in folder_problems(out)}
    # a linked file deeper down is replaced, never written through (and read only inside): left to inside()
    assert found == {(str(out / "cheshire" / "imposed"), "--out")}
