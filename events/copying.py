"""Carrying last edition's texts to its copy: dates that name the old days move with them.

"On 26 and 27 March 2024" becomes "On 23 and 24 March 2027" in a copy three years and three
days later, in each language: a date that names a day of the old edition can only mean that day.
Anything else (a year alone, "the first of 2024") is left for organisers, who see it listed
(`events.services.outdated_mentions`) and cannot publish the copy before they have decided.
"""

import datetime as dt
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from common.dates import format_date, format_date_range

# How dates are written in our texts, longest first (with the weekday, with the year).
DAY_FORMATS = ("l j F Y", "l j F", "j F Y", "j F")


def date_pairs(old_days: list[dt.date], new_days: list[dt.date]) -> list[tuple[str, str]]:
    """Return (old text, new text) for each way of writing the days, in the active language."""
    pairs = []
    if len(old_days) == 2 and len(new_days) == 2:
        (old_first, old_last), (new_first, new_last) = old_days, new_days
        joined = f" {gettext('and')} "
        for with_year in (True, False):
            month = "F Y" if with_year else "F"
            old = f"{format_date(old_first, 'j')}{joined}{format_date(old_last, f'j {month}')}"
            if (new_first.year, new_first.month) == (new_last.year, new_last.month):
                new_start = format_date(new_first, "j")
            elif new_first.year == new_last.year or not with_year:
                new_start = format_date(new_first, "j F")
            else:
                new_start = format_date(new_first, "j F Y")
            new = f"{new_start}{joined}{format_date(new_last, f'j {month}')}"
            pairs.append((old, new))
    if len(old_days) > 1:
        pairs.append(
            (
                format_date_range(old_days[0], old_days[-1]),
                format_date_range(new_days[0], new_days[-1]),
            )
        )
    for old_day, new_day in zip(old_days, new_days, strict=True):
        pairs += [(format_date(old_day, fmt), format_date(new_day, fmt)) for fmt in DAY_FORMATS]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def move_dates(text: str, *, old_days: list[dt.date], new_days: list[dt.date]) -> str:
    """Return the text with every date naming an old day written for the new one."""
    if not text:
        return text
    pairs = date_pairs(old_days, new_days)
    pattern = re.compile(
        "|".join(rf"(?<![\w]){re.escape(old)}(?![\w])" for old, _new in pairs), re.IGNORECASE
    )
    replacements = {old.casefold(): new for old, new in pairs}
    return pattern.sub(lambda match: replacements[match.group(0).casefold()], text)


def carry_texts(obj, fields: tuple[str, ...], old_days, new_days) -> None:
    """Move the dates in these translated fields of `obj`, each in its own language."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in fields:
                column = f"{name}_{language}"
                value = getattr(obj, column, None)
                if value:
                    setattr(obj, column, move_dates(value, old_days=old_days, new_days=new_days))
