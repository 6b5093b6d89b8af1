"""The public edition lookup every app's pages share."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from events.models import Edition


def get_public_edition(slug: str, *, queryset: QuerySet | None = None) -> Edition:
    """Return a published edition by slug, or 404; the default loads its series and venue."""
    if queryset is None:
        queryset = Edition.objects.select_related("series", "venue")
    return get_object_or_404(queryset.published(), slug=slug)
