import datetime as dt

from django import template

from common.dates import format_date, format_date_range

register = template.Library()


@register.filter(expects_localtime=True)
def local_date(value: dt.date | dt.datetime, fmt: str) -> str:
    """Like Django's `date` filter, with month and day names written as the language does."""
    return format_date(value, fmt) if value else ""


@register.filter(expects_localtime=True)
def local_moment(value: dt.datetime, fmt: str = "j F Y, H:i") -> str:
    """Return a moment as the language writes it, with its zone: "22 March 2027, 23:59 CET"."""
    return f"{format_date(value, fmt)} {value.tzname()}" if value else ""


@register.filter
def date_range(start: dt.date, end: dt.date) -> str:
    return format_date_range(start, end)
