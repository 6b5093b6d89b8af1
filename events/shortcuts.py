"""The public edition lookup every app's pages share."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.caching import kept_per_content_version
from events.models import Edition


def get_public_edition(slug: str, *, queryset: QuerySet | None = None) -> Edition:
    """Return a published edition by slug, or 404; the default loads its series and venue.

    The default is kept under the content version, which every saved or deleted edition, series
    or venue raises (`events.caching`): pages made for one person read it on every request, and
    it is the widest row they read.
    """
    if queryset is not None:
        return get_object_or_404(queryset.published(), slug=slug)

    def read() -> Edition:
        found = Edition.objects.select_related("series", "venue").published().filter(slug=slug)
        if (edition := found.first()) is None:
            # Not kept: made-up addresses must not fill the cache.
            raise Http404("No published edition with that address.")
        return edition

    return kept_per_content_version(f"edition:{slug}", read)
