"""A force's own font for its own lines: embedded as a subset, refused
without a licence beside it, and refused, naming the font file and the
characters, when it cannot set every language the force prints."""

from __future__ import annotations

import io
from pathlib import Path

import font_source_sans_pro
import pikepdf
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from posters.batch import Job, make_output
from posters.errors import InputError
from posters.inputs.brand_fonts import ALPHABETS
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project

PS_NAME = "BrandSansTest-Heavy"
LINE = "Cumbria: it is illegal, it harms children, and you can stop."
WELSH = "Cymru: mae'n anghyfreithlon, mae'n niweidio plant, a gallwch stopio. Ŵyr ŷd"


def brand_font(dest: Path, drop: str = "") -> Path:
    """Source Sans Pro Black renamed (its own PostScript name, so the PDF shows which font is which), less the characters in `drop`."""
    font = TTFont(str(Path(font_source_sans_pro.font_directory) / "SourceSansPro-Black.ttf"))
    if drop:
        keep = [cp for cp in font.getBestCmap() if chr(cp) not in drop]
        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        s = subset.Subsetter(opts)
        s.populate(unicodes=keep)
        s.subset(font)
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 6):
            rec.string = PS_NAME if rec.nameID == 6 else "BrandSans Test Heavy"
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(dest))
    return dest


def give_font(proj: Path, slug: str = "cumbria", *, licence: bool = True, drop: str = "", keys='["subhead"]', lines: dict | None = None, name="fonts/BrandSans.ttf"):
    folder = proj / "assets" / "forces" / slug
    brand_font(folder / name, drop)
    if licence:
        (folder / "fonts" / "OFL.txt").write_text("SIL Open Font License, Version 1.1\n", encoding="utf-8")
    (folder / "copy").mkdir(exist_ok=True)
    for lang, text in (lines or {"en": LINE}).items():
        (folder / "copy" / f"{lang}.toml").write_text(f'reviewed = true\n[common]\nsubhead = "{text}"\n', encoding="utf-8")
    with (folder / "force.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[font]\nfile = "{name}"\ncopy = {keys}\n')


def load_problems(proj: Path) -> list:
    with pytest.raises(InputError) as exc:
        load_project(proj)
    return exc.value.problems


def fonts_in(pdf: bytes) -> dict[str, bool]:
    """BaseFont -> whether its program is embedded."""
    out = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for _, f in (page.Resources.get("/Font") or {}).items():
                d = f.get("/FontDescriptor")
                out[str(f.BaseFont)[1:]] = d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def test_a_force_line_is_set_in_its_own_font_embedded_as_a_subset(project_copy):
    give_font(project_copy)
    project = load_project(project_copy)
    made = make_output(project, LogoStore(), Job("cumbria", "a4-poster", "en", "self"))
    assert not [f for f in made.findings if f.severity == "error"], [f.message for f in made.findings]
    sub = next(p for p in made.plan.pages[0].elements if p.key == "pages[0].elements[2]")
    assert sub.content.text == LINE and sub.content.weight.startswith("brand:cumbria:")
    pdf = next(d for n, d in made.files.items() if n.endswith(".pdf"))
    embedded = {name.split("+", 1)[1]: (name, ok) for name, ok in fonts_in(pdf).items()}
    name, ok = embedded[PS_NAME]
    assert ok and len(name.split("+")[0]) == 6  # embedded, as a subset (ABCDEF+Name)
    # the other lines keep the campaign's font, and other editions never see the force's font
    head = next(p for p in made.plan.pages[0].elements if p.key == "pages[0].elements[1]")
    assert head.content.weight == "black"
    other = make_output(project, LogoStore(), Job("cheshire", "a4-poster", "en", "self"))
    assert PS_NAME not in {n.split("+", 1)[1] for n in fonts_in(next(d for n, d in other.files.items() if n.endswith(".pdf")))}


def font_problem(proj: Path):
    """The one problem the project's loading reports under font.file."""
    (p,) = [p for p in load_problems(proj) if p.key == "font.file"]
    return p


def edit_font(proj: Path, change) -> None:
    """Cumbria given the brand font, then `change(font)` applied to it and the file saved."""
    give_font(proj)
    path = proj / "assets/forces/cumbria/fonts/BrandSans.ttf"
    font = TTFont(str(path))
    change(font)
    font.save(str(path))


def test_a_font_without_a_licence_beside_it_is_refused(project_copy):
    give_font(project_copy, licence=False)
    p = font_problem(project_copy)
    assert p.file == "assets/forces/cumbria/force.toml"
    assert "assets/forces/cumbria/fonts/BrandSans.ttf has no licence file beside it" in p.message
    assert "OFL.txt" in p.hint and "assets/forces/cumbria/fonts/" in p.hint


def test_welsh_coverage_is_checked_naming_the_font_and_the_characters(project_copy):
    give_font(project_copy, "north-wales", drop="ŵŷŴŶ", lines={"en": LINE, "cy": "Cymru: mae'n anghyfreithlon, a gallwch stopio."})
    p = font_problem(project_copy)
    assert p.file == "assets/forces/north-wales/force.toml"
    assert p.message.startswith("assets/forces/north-wales/fonts/BrandSans.ttf has no glyph for Ŵ ŵ Ŷ ŷ (4 characters that Cymraeg (cy) needs)")
    assert "covers Cymraeg" in p.hint and "remove them from font.copy" in p.hint


def test_a_character_of_the_line_itself_is_checked_too(project_copy):
    give_font(project_copy, drop="!", lines={"en": "Stop it now!"})
    p = font_problem(project_copy)
    assert "has no glyph for ! (1 character that English (en) needs)" in p.message


def test_the_full_welsh_alphabet_is_in_the_table():
    assert set("ŵŷâêîôûŴŶÂÊÎÔÛ") <= set(ALPHABETS["cy"])


@pytest.mark.parametrize(
    "setup, key, words",
    [
        (dict(keys='["headline"]'), "font.copy[0]", "'headline' is not one of this force's own lines"),
        (dict(keys="[]"), "font.copy", "names no line"),
        (dict(name="fonts/BrandSans.woff"), "font.file", "is not a TrueType or OpenType font file"),
    ],
)
def test_other_mistakes_name_the_key(project_copy, setup, key, words):
    give_font(project_copy, **setup)
    probs = load_problems(project_copy)
    assert any(p.key == key and words in p.message and p.file == "assets/forces/cumbria/force.toml" for p in probs), [(p.key, p.message) for p in probs]


def test_a_damaged_font_is_refused_not_a_traceback(project_copy):
    give_font(project_copy)
    (project_copy / "assets/forces/cumbria/fonts/BrandSans.ttf").write_bytes(b"\x00\x01\x00\x00garbage" * 10)
    p = font_problem(project_copy)
    assert "cannot be read as a font" in p.message


def test_a_licence_that_links_outside_the_project_is_no_licence(project_copy, tmp_path):
    give_font(project_copy)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    licence = project_copy / "assets/forces/cumbria/fonts/OFL.txt"
    licence.unlink()
    licence.symlink_to(outside / "passwd")
    p = font_problem(project_copy)
    assert "licence OFL.txt is a link to a file outside the project" in p.message
    assert "copy the licence file itself into assets/forces/cumbria/fonts/" in p.hint


def test_a_font_collection_is_named_as_one(project_copy):
    from fontTools.ttLib import TTCollection

    give_font(project_copy)
    path = project_copy / "assets/forces/cumbria/fonts/BrandSans.ttf"
    collection = TTCollection()
    collection.fonts = [TTFont(str(path)), TTFont(str(path))]
    collection.save(str(path))
    p = font_problem(project_copy)
    assert "BrandSans.ttf is a font collection (TTC)" in p.message and "one weight" in p.hint


def test_a_postscript_name_with_control_characters_never_reaches_the_pdf(project_copy):
    def rename(font):
        for rec in font["name"].names:
            if rec.nameID == 6:
                rec.string = "Brand\x07(x)\\Sans"

    edit_font(project_copy, rename)
    p = font_problem(project_copy)
    assert "has a PostScript name (in its name table) with characters a PDF cannot carry" in p.message
    assert "letters, digits and hyphens" in p.hint


def test_a_character_map_of_every_code_is_refused_before_it_is_expanded(project_copy):
    """One 12-byte group mapping all 2^32 codes to one glyph: the PDF writer used 23 GB on it before it was stopped."""
    import struct

    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    group = struct.pack(">HHIII", 12, 0, 16 + 12, 0, 1) + struct.pack(">III", 0, 0xFFFFFFFF, 1)
    table = DefaultTable("cmap")
    table.data = struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 10, 12) + group
    edit_font(project_copy, lambda font: font.__setitem__("cmap", table))
    p = font_problem(project_copy)
    assert "has a character map of 4294967296 code points" in p.message
    assert "download the font again" in p.hint


def test_a_letter_built_from_itself_is_refused(project_copy):
    """A composite glyph whose component is itself: the PDF writer embedded it as it was."""
    import struct

    give_font(project_copy)
    path = project_copy / "assets/forces/cumbria/fonts/BrandSans.ttf"
    font = TTFont(io.BytesIO(path.read_bytes()), lazy=True)  # from bytes: no file left open
    gid = font.getGlyphID(font.getBestCmap()[ord("C")])  # a letter of the line set in the font
    glyf, loca = font.reader["glyf"], font.reader["loca"]
    if font["head"].indexToLocFormat:
        start, end = struct.unpack_from(">II", loca, 4 * gid)
    else:
        start, end = (2 * v for v in struct.unpack_from(">HH", loca, 2 * gid))
    # a composite header, then one component: glyph `gid` itself, at an offset of (0, 0)
    loop = struct.pack(">hhhhh", -1, 0, 0, 100, 100) + struct.pack(">HHbb", 0x0002, gid, 0, 0)
    assert end - start >= len(loop)
    offset = font.reader.tables["glyf"].offset
    data = bytearray(path.read_bytes())
    data[offset + start : offset + end] = loop + bytes(end - start - len(loop))
    path.write_bytes(bytes(data))
    p = font_problem(project_copy)
    assert "has a letter built from itself (a composite glyph that loops)" in p.message
