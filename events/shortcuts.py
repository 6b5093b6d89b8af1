"""Small helpers the public views of both apps share: the edition lookup, the calendar reply."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from events.models import Edition


def get_public_edition(slug: str, *, queryset: QuerySet | None = None) -> Edition:
    """Return a published edition by slug, or 404; the default loads its series and venue."""
    if queryset is None:
        queryset = Edition.objects.select_related("series", "venue")
    return get_object_or_404(queryset.published(), slug=slug)


def calendar_response(calendar: bytes, filename: str) -> HttpResponse:
    """Return an iCalendar file as a download with this name."""
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
