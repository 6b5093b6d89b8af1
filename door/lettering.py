"""Setting people's names and organisations on paper: widths, line breaks, what the fonts cover.

Lines are measured with the shipped font's own advance widths (DejaVu Sans, in common/fonts, so
every machine lays badges out alike) and broken here, not by the PDF renderer, so that a name or
an organisation never runs into the next line of the badge. Characters DejaVu lacks (Chinese,
Japanese, Korean, emoji) come from the system's fonts through fontconfig: Noto CJK and Noto Color
Emoji, which `scripts/system-packages` installs and docs/operations.md lists. A text with a
character no installed font has is reported as not printable, so the badge can say so instead of
printing empty boxes.
"""

import functools
import unicodedata
from pathlib import Path

from common.images import FONTS

# Where fontconfig looks on Debian and most Linux systems (see /etc/fonts/fonts.conf).
FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    FONTS,
)
FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
# Marks stacked on one letter: two cover every living orthography once composed (Vietnamese
# has at most two); more only grow the text up and down out of its box.
MOST_MARKS = 2


@functools.cache
def _widths(bold: bool) -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont  # comes with WeasyPrint

    font = TTFont(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), lazy=True)
    metrics = font["hmtx"]
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def text_width(text: str, size: float, *, bold: bool = True) -> float:
    """Return the width of `text` in points at `size`, by the font's own advance widths."""
    widths, units = _widths(bold)
    # A character the font lacks comes from a fallback font; count it a full em (CJK is one em
    # wide, emoji a little more than DejaVu's letters).
    total = 0
    for character in text:
        if unicodedata.combining(character):
            continue  # drawn over the letter before it
        total += widths.get(ord(character), units)
    return total * size / units


@functools.cache
def covered_characters() -> frozenset[int]:
    """Return every code point some installed font draws (read once per process, about 1 s)."""
    from fontTools.ttLib import TTCollection, TTFont

    covered: set[int] = set()
    for folder in FONT_FOLDERS:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            suffix = path.suffix.lower()
            if suffix not in FONT_SUFFIXES:
                continue
            try:
                fonts = (
                    TTCollection(path, lazy=True).fonts[:1]
                    if suffix == ".ttc"
                    else [TTFont(path, lazy=True)]
                )
                for font in fonts:
                    covered.update(font.getBestCmap() or ())
            except Exception:
                continue
    return frozenset(covered)


def printable(text: str) -> str:
    """Return `text` composed (NFC), with at most two marks stacked on one letter."""
    kept, marks = [], 0
    for character in unicodedata.normalize("NFC", text):
        if unicodedata.category(character) in {"Mn", "Me"}:
            marks += 1
            if marks > MOST_MARKS:
                continue
        else:
            marks = 0
        kept.append(character)
    return "".join(kept)


def missing_characters(text: str) -> str:
    """Return the characters of `text` that no installed font draws (spaces and marks aside)."""
    covered = covered_characters()
    return "".join(
        character
        for character in dict.fromkeys(text)
        if not character.isspace()
        and not unicodedata.combining(character)
        and unicodedata.category(character) not in {"Cf", "Mn", "Me"}
        and ord(character) not in covered
    )


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width` points at `size`: between words, and
    inside a word only when the word alone is wider than a line."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for character in word:
            if line and text_width(line + character, size, bold=bold) > width:
                lines.append(line)
                line = ""
            line += character
    if line:
        lines.append(line)
    return lines


def fit(
    text: str, *, width: float, height: float, largest: float, smallest: float, leading: float
) -> tuple[float, list[str]]:
    """Return the largest size (points, in tenths) at which `text` fits the box, and its lines;
    at the smallest size, the lines that fit with an ellipsis ending the last."""
    size = largest
    while True:
        lines = wrap(text, size, width)
        if len(lines) * size * leading <= height:
            return size, lines
        if size <= smallest:
            break
        size = max(smallest, round(size - 0.2, 1))
    room = max(1, int(height // (size * leading)))
    lines = lines[:room]
    last = lines[-1]
    while last and text_width(last + " …", size) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + " …"
    return size, lines
