"""Share images (OpenGraph, 1200 × 630) for an edition and for each session, drawn from data.

LinkedIn, X and messengers show this picture with a shared link. It is drawn by Pillow from the
edition's accent colour or header image, its title, dates and place, in the page's language,
with the fonts the badges use (DejaVu Sans, shipped in common/fonts).
"""

import io

from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from common import images
from common.dates import format_date, format_date_range
from events.models import Edition, Session

FONTS = images.FONTS
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
WHITE = (255, 255, 255)
HIGHLIGHT = (255, 210, 63)  # --cmr-highlight


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size
    )


def wrapped(draw: ImageDraw.ImageDraw, text: str, face, width: int) -> list[str]:
    """Return `text` broken into lines no wider than `width` (a long word has its own line)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=face) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def fitted_title(draw, text: str, width: int, *, largest: int, max_lines: int):
    """Return the largest bold face (and its lines) at which `text` takes `max_lines` at most."""
    for size in range(largest, 27, -4):
        face = font(size, bold=True)
        lines = wrapped(draw, text, face, width)
        widest = max((draw.textlength(line, font=face) for line in lines), default=0)
        if len(lines) <= max_lines and widest <= width:
            return face, lines
    face = font(28, bold=True)
    lines = wrapped(draw, text, face, width)[:max_lines]
    return face, lines


def background(edition: Edition) -> Image.Image:
    """The accent colour, or the header image darkened as on the edition's page."""
    accent = tuple(int(edition.accent_colour[i : i + 2], 16) for i in (1, 3, 5))
    canvas = Image.new("RGB", (WIDTH, HEIGHT), accent)
    if edition.header_image:
        name = images.rendition_name(edition.header_image.name, images.BANNER.widths[-1])
        if default_storage.exists(name):
            with default_storage.open(name) as stored, Image.open(stored) as picture:
                cover = picture.convert("RGB")
            ratio = max(WIDTH / cover.width, HEIGHT / cover.height)
            cover = cover.resize((round(cover.width * ratio), round(cover.height * ratio)))
            left, top = (cover.width - WIDTH) // 2, (cover.height - HEIGHT) // 2
            canvas = cover.crop((left, top, left + WIDTH, top + HEIGHT))
            canvas = Image.blend(canvas, Image.new("RGB", canvas.size, (0, 0, 0)), 0.55)
    return canvas


def draw_card(edition: Edition, *, eyebrow: str, title: str, subtitle: str, facts: str) -> bytes:
    canvas = background(edition)
    draw = ImageDraw.Draw(canvas)
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    draw.text((MARGIN, y), eyebrow, font=font(30, bold=True), fill=WHITE)
    y += 70
    face, lines = fitted_title(draw, title, width, largest=68, max_lines=3)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=WHITE)
        y += round(face.size * 1.18)
    if subtitle:
        y += 14
        sub = font(32)
        for line in wrapped(draw, subtitle, sub, width)[:2]:
            draw.text((MARGIN, y), line, font=sub, fill=WHITE)
            y += 42
    draw.text((MARGIN, HEIGHT - MARGIN - 40), facts, font=font(30, bold=True), fill=WHITE)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=HIGHLIGHT)
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def edition_card(edition: Edition) -> bytes:
    place = ", ".join(filter(None, [edition.venue.name, edition.city]))
    return draw_card(
        edition,
        eyebrow=edition.series.name,
        title=edition.title,
        subtitle=edition.theme,
        facts=f"{format_date_range(edition.start_date, edition.end_date)} · {place}",
    )


def session_card(session: Session) -> bytes:
    edition = session.edition
    when = format_date(session.local_starts_at, "l j F Y")
    return draw_card(
        edition,
        eyebrow=edition.title,
        title=session.title,
        subtitle=session.location_label,
        facts=f"{when}, {session.clock_range}",
    )
