"""The public edition lookup every app's pages share."""

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from common.page_cache import content_version
from events.models import Edition

EDITION_KEY = "events:edition:{slug}:{number}:{changed_at}"


def get_public_edition(slug: str, *, queryset: QuerySet | None = None) -> Edition:
    """Return a published edition by slug, or 404; the default loads its series and venue.

    The default is kept in the cache under the content version, which every saved or deleted
    edition, series or venue raises (`events.caching`): pages made for one person read it on
    every request, and it is the widest row they read.
    """
    if queryset is not None:
        return get_object_or_404(queryset.published(), slug=slug)
    number, changed_at = content_version()
    key = EDITION_KEY.format(slug=slug, number=number, changed_at=changed_at)
    edition = cache.get(key)
    if edition is None:
        edition = (
            Edition.objects.select_related("series", "venue").published().filter(slug=slug).first()
        )
        if edition is None:
            raise Http404("No published edition with that address.")
        cache.set(key, edition, 3600)
    return edition
