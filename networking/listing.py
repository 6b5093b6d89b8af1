"""The directory's and the marketplace's listings (filters, count, cards, pages) rendered once per
version of what they show (`DirectoryVersion`), language and query, then reused by everyone.

Only the filters a listing reads make its key, one value each: a link with any other parameter
gets the same listing, so nobody can fill the cache with made-up addresses. Nothing in a listing
is personal to its reader (no form token, no bookmarks, no messages). The version is read before
anything else: a listing rendered while a change commits is stored under the version before it,
which that change has already moved past.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from common.fragments import template_digest
from events.models import Edition
from networking.models import DirectoryVersion

FILTERS = ("q", "country", "category", "sector", "language", "open_to_meetings", "page")
PARTS = ("networking/_filters.html", "networking/_pagination.html")


def filters_asked(request: HttpRequest) -> QueryDict:
    """The filters the request asks for, one value each; every other parameter left out."""
    asked = QueryDict(mutable=True)
    for name in FILTERS:
        if value := request.GET.get(name):
            asked[name] = value
    return asked


def listing(
    edition: Edition,
    template_name: str,
    asked: QueryDict,
    context: Callable[[], dict],
    *,
    card_template: str,
) -> SafeString:
    """The listing's HTML: reused while the edition's version stays, else rendered and kept."""
    version = DirectoryVersion.of(edition)

    def render() -> SafeString:
        values = context() | {"edition": edition, "asked": asked}
        return SafeString(render_to_string(template_name, values))

    if version is None:
        return render()
    templates = (template_name, card_template, *PARTS)
    shown = (
        [template_digest(name) for name in templates],
        edition.pk,
        edition.slug,
        version,
        get_language(),
        sorted(asked.items()),
    )
    key = "listing:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    if (html := cache.get(key)) is None:
        html = render()
        cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return SafeString(html)
