"""Renders accuracy pages and single lines with ImageMagick (convert) and the DejaVu fonts, with the truth beside each."""

import json
import os
import random
import subprocess

CONVERT = "/usr/bin/convert"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"]
PAGE_WIDTH, PAGE_HEIGHT, LINES_PER_PAGE = 1000, 900, 12
MIN_SIZE, MAX_SIZE = 18, 48

from words import line_text  # noqa: E402


def _run(args):
    result = subprocess.run([CONVERT, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"convert failed: {result.stderr.strip()}")
    return result.stdout


def _label(font, size, text):
    # +size: the page's -size setting would otherwise make every label a page-sized canvas (a turned one lands off the page).
    return ["(", "+size", "-font", os.path.join(FONT_DIR, font), "-pointsize", str(size), "-fill", "black",
            "-background", "white", f"label:{text}", ")"]


def measure(lines):
    """Width and height of each (font, size, text) rendered as an ImageMagick label, in one convert call."""
    args = []
    for font, size, text in lines:
        args += _label(font, size, text)
    out = _run([*args, "-format", "%w %h\n", "info:"])
    return [tuple(int(v) for v in row.split()) for row in out.strip().splitlines()]


def _fit(rng, font, size, max_width):
    """A line of text that fits max_width pixels at this font and size (measured, shortened until it fits)."""
    text = line_text(rng, max(4, int(max_width / (0.62 * size))))
    while True:
        width, height = measure([(font, size, text)])[0]
        if width <= max_width or " " not in text:
            return text, width, height
        text = text.rsplit(" ", 1)[0]


def page(rng, rotated):
    """Plans one page: about 12 lines down a 1000x900 page, random font and size (18-48 px); with rotated, 2-3 turned lines."""
    lines, y = [], 10
    slot = (PAGE_HEIGHT - 20) // LINES_PER_PAGE
    turned = set(rng.sample(range(LINES_PER_PAGE), rng.randrange(2, 4))) if rotated else set()
    for index in range(LINES_PER_PAGE):
        size = rng.randrange(MIN_SIZE, min(MAX_SIZE, int(slot / 1.2)) + 1)
        font = rng.choice(FONTS)
        x = rng.randrange(20, 120)
        text, width, height = _fit(rng, font, size, PAGE_WIDTH - x - 20)
        top = y + rng.randrange(0, max(1, slot - height))
        lines.append({"text": text, "font": font, "size": size, "rotated180": index in turned,
                      "box": [x, top, width, height]})
        y += slot
    return lines


def render_page(lines, path):
    args = ["-size", f"{PAGE_WIDTH}x{PAGE_HEIGHT}", "xc:white"]
    for line in lines:
        x, y, _, _ = line["box"]
        args += _label(line["font"], line["size"], line["text"])[:-1]
        args += ["-rotate", "180"] if line["rotated180"] else []
        args += [")", "-geometry", f"+{x}+{y}", "-composite"]
    _run([*args, "-quality", "92", path])


def render_line(line, margin, path):
    args = _label(line["font"], line["size"], line["text"])[:-1]
    _run([*args, "-bordercolor", "white", "-border", str(margin), ")", "-quality", "92", path])


def generate(out, count, seed, rotated=False, mode="page"):
    """Writes count pages (or lines) and their truth into out: NNNN.jpg + NNNN.json; returns the file stems."""
    os.makedirs(out, exist_ok=True)
    rng = random.Random(f"{seed}-{mode}-{rotated}")
    stems = []
    for i in range(count):
        stem = os.path.join(out, f"{mode}-{i + 1:04d}")
        if mode == "page":
            lines = page(rng, rotated)
            render_page(lines, stem + ".jpg")
            truth = {"width": PAGE_WIDTH, "height": PAGE_HEIGHT, "lines": lines}
        else:
            font, size = rng.choice(FONTS), rng.randrange(MIN_SIZE, MAX_SIZE + 1)
            text, width, height = _fit(rng, font, size, rng.randrange(200, 1000))
            line = {"text": text, "font": font, "size": size, "rotated180": False, "box": [0, 0, width, height]}
            render_line(line, rng.randrange(0, 7), stem + ".jpg")
            truth = {"lines": [line]}
        with open(stem + ".json", "w", encoding="utf-8") as f:
            json.dump(truth, f, indent=1)
        stems.append(stem)
    return stems
