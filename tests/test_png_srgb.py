"""Screen PNGs say their colours are sRGB, and the build reads that back from
the file's bytes (with its pixel size) before writing it."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms

from posters import fonts
from posters.batch import Job, make_output
from posters.verify.png_file import check_png, chunks, colour_marking


@pytest.fixture(scope="module")
def story(project, logos):
    fonts.register_all()
    return make_output(project, logos, Job("north-wales", "social-story", "cy-en", "self"))


def png_of(made) -> bytes:
    return next(data for name, data in made.files.items() if name.endswith(".png"))


def test_built_png_carries_an_srgb_chunk_that_decoders_read(story):
    data = png_of(story)
    im = Image.open(io.BytesIO(data))
    assert im.info.get("srgb") == 0  # Pillow read the sRGB chunk: perceptual intent
    assert im.info.get("gamma") == pytest.approx(0.45455)
    kinds = [k for k, _ in chunks(data)]
    assert kinds.index(b"sRGB") < kinds.index(b"IDAT")
    assert "png" in story.checks and not [f for f in story.findings if f.check == "png"]


def test_a_png_without_marking_fails(story):
    plain = io.BytesIO()
    Image.open(io.BytesIO(png_of(story))).convert("RGB").save(plain, format="PNG")  # Pillow writes no sRGB unless told
    (f,) = check_png(plain.getvalue(), "social-story.self.cy-en.png", (1080, 1920))
    assert f.severity == "error" and "does not say its colours are sRGB" in f.message


def test_an_embedded_srgb_profile_counts_and_another_profile_does_not(story):
    im = Image.open(io.BytesIO(png_of(story))).convert("RGB")
    srgb = io.BytesIO()
    im.save(srgb, format="PNG", icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    assert colour_marking(chunks(srgb.getvalue())) == "sRGB ICC profile"
    assert check_png(srgb.getvalue(), "x.png", (1080, 1920)) == []
    lab = io.BytesIO()
    im.save(lab, format="PNG", icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes())
    assert colour_marking(chunks(lab.getvalue())) is None


def _with_chunk_after_idat(data: bytes) -> bytes:
    """The file with its sRGB chunk moved behind the image data, where decoders do not look for it."""
    found = chunks(data)
    body = [(k, b) for k, b in found if k != b"sRGB"]
    i = max(n for n, (k, _) in enumerate(body) if k == b"IDAT") + 1
    body.insert(i, (b"sRGB", b"\x00"))
    return b"\x89PNG\r\n\x1a\n" + b"".join(struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b) & 0xFFFFFFFF) for k, b in body)


def test_marking_after_the_image_data_does_not_count(story):
    moved = _with_chunk_after_idat(png_of(story))
    assert [f.message for f in check_png(moved, "x.png", (1080, 1920))] == ["x.png does not say its colours are sRGB (no sRGB chunk or sRGB ICC profile before its image data)"]


def test_wrong_size_and_damaged_chunk_fail(story):
    data = png_of(story)
    (f,) = check_png(data, "x.png", (1080, 1080))
    assert "is 1080 x 1920 px; the layout asks for 1080 x 1080 px" in f.message
    i = data.index(b"sRGB")
    broken = data[:i + 4] + b"\x03" + data[i + 5:]  # the intent byte changed, the CRC not
    (f,) = check_png(broken, "x.png", (1080, 1920))
    assert "sRGB chunk is damaged" in f.message


def test_posters_check_reads_the_png_beside_a_screen_pdf(tmp_path, capsys):
    import json

    from conftest import ROOT
    from posters.cli import main

    out = tmp_path / "out"
    assert main(["--project", str(ROOT), "build", "-q", "-j", "1", "-o", str(out), "-e", "cumbria", "-l", "social-square", "-m", "self"]) == 0
    pdf = out / "cumbria" / "social-square.self.en.pdf"
    capsys.readouterr()
    assert main(["--project", str(ROOT), "check", "--json", str(pdf)]) == 0
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert "png" in f["checks_run"]
    # the image swapped for one without its marking (as an editor's re-save might): the PDF's check fails on it
    png = pdf.with_suffix(".png")
    plain = io.BytesIO()
    Image.open(png).convert("RGB").save(plain, format="PNG")
    png.write_bytes(plain.getvalue())
    assert main(["--project", str(ROOT), "check", "--json", str(pdf)]) == 1
    [f] = json.loads(capsys.readouterr().out)["files"]
    assert [x["message"] for x in f["findings"] if x["check"] == "png"] == ["social-square.self.en.png does not say its colours are sRGB (no sRGB chunk or sRGB ICC profile before its image data)"]
