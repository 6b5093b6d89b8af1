"""Dates as each language writes them: "26 March 2024", "26 marzo 2024"."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import get_language

# Django's catalogues capitalise month and weekday names for these languages, but their
# orthography writes them in lower case ("martedì 26 marzo").
LOWER_CASE_DATE_NAMES = {"it", "es", "fr", "pt", "nl", "pl", "ro", "ca"}


def format_date(value: dt.date | dt.datetime, fmt: str) -> str:
    """Format a date with names, numbers only where the format asks for them."""
    text = date_format(value, fmt)
    if (get_language() or "").split("-")[0] in LOWER_CASE_DATE_NAMES and "T" not in fmt:
        return text.lower()
    return text


def format_date_range(start: dt.date, end: dt.date) -> str:
    """Render two dates as one range, e.g. "26–27 March 2024"."""
    if start == end:
        return format_date(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{format_date(start, 'j')}–{format_date(end, 'j F Y')}"
    if start.year == end.year:
        return f"{format_date(start, 'j F')} – {format_date(end, 'j F Y')}"
    return f"{format_date(start, 'j F Y')} – {format_date(end, 'j F Y')}"
