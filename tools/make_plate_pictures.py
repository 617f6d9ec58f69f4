"""Make docs/plates-a3-poster.png: the four plates of one poster as the
separations check renders and judges them (verify/plates.py), side by side.

    python tools/make_plate_pictures.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from posters import fonts
from posters.batch import Job, make_output
from posters.inputs.logos import LogoStore
from posters.inputs.project import load_project
from posters.verify.plates import separate_and_judge
from posters.verify.separation import PLATES

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "plates-a3-poster.png"
WIDTH = 420  # pixels per plate


def main() -> None:
    project = load_project(ROOT)
    made = make_output(project, LogoStore(), Job("cumbria", "a3-poster", "en", "self"), verify=False)
    pdf = next(data for name, data in made.files.items() if name.endswith(".pdf"))
    pictures: dict[int, Image.Image] = {}
    report = separate_and_judge(pdf, helpline=project.campaign.helpline_display, keep=lambda page, plate, im: pictures.setdefault(plate, im) if page == 0 else None)
    assert not report.findings, [f.message for f in report.findings]
    small = [pictures[p].resize((WIDTH, round(pictures[p].height * WIDTH / pictures[p].width)), Image.LANCZOS) for p in range(4)]
    gap, label = 24, 44
    sheet = Image.new("L", (4 * WIDTH + 3 * gap, small[0].height + label), 255)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(fonts.font_file("semibold")), 26)
    for p, im in enumerate(small):
        x = p * (WIDTH + gap)
        sheet.paste(im, (x, label))
        draw.text((x, 6), f"{PLATES[p]} plate", fill=0, font=font)
    sheet.save(OUT, optimize=True)
    print(OUT.relative_to(ROOT), sheet.size, OUT.stat().st_size, "bytes; marks", report.mark_ink[0], "max ink", report.max_ink_percent[0], "%")


if __name__ == "__main__":
    main()
