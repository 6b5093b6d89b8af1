import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def date_range(start: dt.date, end: dt.date) -> str:
    """Render two dates as one range, e.g. "26–27 March 2024", in the active language."""
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"
