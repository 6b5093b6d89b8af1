"""Replies several apps send alike."""

from django.http import HttpResponse


def calendar_response(calendar: bytes, filename: str) -> HttpResponse:
    """Return an iCalendar file as a download with this name."""
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
