"""Name badges and the desk's paper list as PDF, written by WeasyPrint from HTML templates.

Badges are 90 × 54 mm, the size of the common clip-on badge holders' inserts (Durable's 54 × 90
mm holders, for instance): ten to an A4 sheet with cut marks, or one a page for a badge
printer. The name is set as large as its longest line allows, measured with the font's own
widths (DejaVu Sans, shipped in common/fonts so every machine lays badges out alike), and wraps
when even the smallest size is too wide. Each badge speaks its holder's language.
"""

import itertools
from dataclasses import dataclass

from django.db.models import QuerySet
from django.template.loader import render_to_string

from common.images import FONTS
from common.pdf import write_pdf
from door.lettering import fit, missing_characters, printable, text_width
from downloads.kinds import Progress
from events.models import Edition
from registrations.models import Category, Registration
from registrations.passes import pass_svg

SHEETS, SINGLE = "sheets", "single"
LAYOUTS = (SHEETS, SINGLE)
PER_SHEET = 10
# The badge in millimetres, and the box the name must fit in (left of the QR code).
BADGE_WIDTH, BADGE_HEIGHT = 90, 54
NAME_WIDTH_MM = 56
# Where the 2 × 5 grid starts on the A4 sheet: centred, the margins left for the cut marks.
SHEET_LEFT, SHEET_TOP = 15, 13.5
MM = 72 / 25.4  # points per millimetre
LARGEST_NAME, SMALLEST_NAME = 20.0, 8.0  # points
# The organisation's box, between the name and the country: two lines at 8 pt, three at 6.5.
ORGANISATION_HEIGHT_MM = 8.5
LARGEST_ORGANISATION, SMALLEST_ORGANISATION = 8.0, 6.0
LEADING = 1.2

# The band at the foot of each badge: its colour says the stakeholder category across the room
# (and its text says it to whoever cannot tell the colours apart). Text colour by contrast.
CATEGORY_COLOURS = {
    Category.CLUSTER: ("#0b3d91", "#ffffff"),
    Category.REGIONAL_AUTHORITY: ("#1b7f3b", "#ffffff"),
    Category.NATIONAL_AUTHORITY: ("#5a2d82", "#ffffff"),
    Category.EU_INSTITUTION: ("#ffcc00", "#1a1a1a"),
    Category.COMPANY: ("#b3261e", "#ffffff"),
    Category.START_UP: ("#f28c28", "#1a1a1a"),
    Category.RESEARCH: ("#0f7c80", "#ffffff"),
    Category.OTHER: ("#5c636a", "#ffffff"),
}


def name_size(lines: list[str], width_mm: float = NAME_WIDTH_MM) -> float:
    """Return the largest font size, in points, at which every line fits the name's box."""
    widest = max((text_width(line, 1) for line in lines if line), default=0)
    if not widest:
        return LARGEST_NAME
    return max(SMALLEST_NAME, min(LARGEST_NAME, round(width_mm * MM / widest - 0.05, 1)))


@dataclass(frozen=True)
class Badge:
    registration: Registration
    name_lines: list[str]
    name_size: float
    # The name has a character no installed font draws: the badge leaves it to be handwritten.
    name_unprintable: bool
    organisation_lines: list[str]
    organisation_size: float
    band: str
    band_text: str
    code: str


def badge_for(registration: Registration) -> Badge:
    lines = [printable(registration.first_name.strip()), printable(registration.last_name.strip())]
    organisation = printable(" ".join(registration.organisation.split()))
    if missing_characters(organisation):
        organisation = ""  # left blank rather than printed as empty boxes
    organisation_size, organisation_lines = fit(
        organisation,
        width=NAME_WIDTH_MM * MM * 0.97,  # a margin for kerning the widths do not count
        height=ORGANISATION_HEIGHT_MM * MM,
        largest=LARGEST_ORGANISATION,
        smallest=SMALLEST_ORGANISATION,
        leading=LEADING,
    )
    band, band_text = CATEGORY_COLOURS.get(registration.category, CATEGORY_COLOURS[Category.OTHER])
    return Badge(
        registration=registration,
        name_lines=lines,
        name_size=name_size(lines),
        name_unprintable=bool(missing_characters("".join(lines))),
        organisation_lines=organisation_lines if organisation else [],
        organisation_size=organisation_size,
        band=band,
        band_text=band_text,
        code=pass_svg(registration, title=registration.full_name),
    )


def badges_pdf(
    registrations: QuerySet[Registration],
    *,
    layout: str = SHEETS,
    language: str,
    progress: Progress = lambda done, total: None,
) -> bytes:
    """Return the badges of these registrations, alphabetical by last name, as a PDF whose
    words (country, category) are all in one language: a sheet is read by one desk."""
    people = list(registrations.select_related("edition").order_by("last_name", "first_name", "pk"))
    badges = []
    for number, registration in enumerate(people):
        badges.append(badge_for(registration))
        progress(number + 1, len(people) + 1)  # the last step is the PDF itself
    sheets = [
        [
            (badge, SHEET_LEFT + index % 2 * BADGE_WIDTH, SHEET_TOP + index // 2 * BADGE_HEIGHT)
            for index, badge in enumerate(batch)
        ]
        for batch in itertools.batched(badges, PER_SHEET)
    ]
    html = render_to_string(
        "door/badges.html",
        {
            "badges": badges,
            "sheets": sheets,
            "layout": layout,
            "language": language,
            "fonts": FONTS.as_uri(),
            "cuts_x": [SHEET_LEFT + BADGE_WIDTH * column for column in range(3)],
            "cuts_y": [SHEET_TOP + BADGE_HEIGHT * row for row in range(PER_SHEET // 2 + 1)],
        },
    )
    return write_pdf(html)


def desk_list_pdf(edition: Edition) -> bytes:
    """Return the confirmed participants, alphabetical, with a box per day to tick by hand."""
    people = (
        edition.registrations.filter(status=Registration.Status.CONFIRMED)
        .prefetch_related("attended_days")
        .order_by("last_name", "first_name", "pk")
    )
    html = render_to_string(
        "door/desk_list.html",
        {"edition": edition, "people": people, "days": edition.days, "fonts": FONTS.as_uri()},
    )
    return write_pdf(html)
