"""The directory's and the marketplace's listings (filters, count, cards, pages) rendered once per
version of what they show (`DirectoryVersion`), language and query, then reused by everyone; and
each person's "Worth meeting", reused while nobody listed changes.

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
from networking.cards import profile_cards
from networking.directory import candidate_of, suggestions_for
from networking.models import DirectoryVersion, Profile

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
    return rendered_per_version(
        edition,
        (template_name, card_template, *PARTS),
        lambda: context() | {"asked": asked},
        sorted(asked.items()),
    )


def suggestions_section(edition: Edition, profile: Profile) -> SafeString:
    """ "Worth meeting" for a profile loaded by `with_entries`: reused while the edition's
    version stays (it moves with every change to anyone listed, the person included)."""

    def context() -> dict:
        suggestions = suggestions_for(profile, Profile.objects.in_directory(edition))
        cards = profile_cards(edition, [suggestion["profile"] for suggestion in suggestions])
        return {
            "suggestions": [
                suggestion | {"card": card}
                for suggestion, card in zip(suggestions, cards, strict=True)
            ]
        }

    templates = ("networking/_suggestions.html", "networking/_profile_card.html")
    return rendered_per_version(edition, templates, context, repr(candidate_of(profile)))


def rendered_per_version(
    edition: Edition, templates: tuple[str, ...], context: Callable[[], dict], asked: object
) -> SafeString:
    """Render the first template with the context, or reuse what was rendered for the same
    templates, edition, version, language and `asked` (which must hold all else it shows)."""
    version = DirectoryVersion.of(edition)  # before anything is read: see the module's note

    def render() -> SafeString:
        values = context() | {"edition": edition}
        return SafeString(render_to_string(templates[0], values))

    if version is None:
        return render()
    shown = (
        [template_digest(name) for name in templates],
        edition.pk,
        edition.slug,
        version,
        get_language(),
        asked,
    )
    key = "listing:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    if (html := cache.get(key)) is None:
        html = render()
        cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return SafeString(html)
