"""The directory's and the marketplace's listings (filters, count, cards, pages) rendered once per
version of what they show (`DirectoryVersion`), language and query, then reused by everyone; and
what each person's own page shows of theirs (profile, "Worth meeting", entries, bookmarks),
reused while nobody listed changes and their bookmarks stay.

Only the filters a listing reads make its key, one value each: a link with any other parameter
gets the same listing, so nobody can fill the cache with made-up addresses. Nothing in a listing
is personal to its reader (no form token, no bookmarks, no messages). The version is read before
anything else: a listing rendered while a change commits is stored under the version before it,
which that change has already moved past.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from common.fragments import kept, template_digest
from events.models import Edition
from networking import services
from networking.cards import profile_cards
from networking.directory import candidate_of, suggestions_for, with_entries
from networking.models import MAX_ENTRIES, Bookmark, DirectoryVersion, Profile
from registrations.models import Registration

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


@dataclass(frozen=True)
class MyPage:
    html: SafeString
    profile_is_empty: bool  # nothing written, not listed: the page offers an earlier profile


def my_page(edition: Edition, registration: Registration) -> MyPage:
    """What the person's own page shows of theirs: their profile's state, "Worth meeting",
    their entries and bookmarks. Bookmarks are their own, not in the version: the key holds
    how many they have and the newest (any change to the set changes one of the two)."""
    bookmarks = Bookmark.objects.filter(owner__registration=registration).aggregate(
        count=Count("pk"), newest=Max("pk")
    )

    def make() -> MyPage:
        mine = with_entries(Profile.objects.filter(registration=registration))
        profile = mine.first() or mine.get(pk=services.profile_for(registration).pk)
        context = {
            "edition": edition,
            "profile": profile,
            "suggestions_section": suggestions_section(edition, profile),
            "bookmarks": profile.bookmarks.visible(edition).select_related(
                "profile__registration", "entry__profile__registration"
            ),
            "max_entries": MAX_ENTRIES,
            "awaiting_approval": profile.listed
            and not profile.hidden_at
            and not Profile.objects.in_directory(edition).filter(pk=profile.pk).exists(),
        }
        return MyPage(
            html=SafeString(render_to_string("networking/_my_page.html", context)),
            profile_is_empty=not (profile.about or profile.seeking or profile.listed),
        )

    templates = ("networking/_my_page.html",)
    asked = (registration.pk, bookmarks["count"], bookmarks["newest"])
    return kept_per_version(edition, templates, make, asked)


def rendered_per_version(
    edition: Edition, templates: tuple[str, ...], context: Callable[[], dict], asked: object
) -> SafeString:
    """Render the first template with the context, or reuse what was rendered for the same
    templates, edition, version, language and `asked` (which must hold all else it shows)."""

    def render() -> SafeString:
        values = context() | {"edition": edition}
        return SafeString(render_to_string(templates[0], values))

    return SafeString(kept_per_version(edition, templates, render, asked))


def kept_per_version[T](
    edition: Edition, templates: tuple[str, ...], make: Callable[[], T], asked: object
) -> T:
    """Make what the templates show, or reuse what was made for the same templates, edition,
    version, language and `asked` (which must hold all else it shows)."""
    version = DirectoryVersion.of(edition.pk)  # before anything is read: see the module's note
    if version is None:
        return make()
    shown = (
        [template_digest(name) for name in templates],
        edition.pk,
        edition.slug,
        version,
        get_language(),
        asked,
    )
    return kept("directory", shown, make)
