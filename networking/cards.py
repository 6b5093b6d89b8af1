"""The cards of the directory, the marketplace and the suggestions, rendered once for what they
show (common/fragments.py): each `shown_*` function lists everything its card displays."""

from collections.abc import Iterable, Sequence

from django.utils.safestring import SafeString

from common.fragments import rendered_each
from events.models import Edition
from networking.models import Entry, Profile


def sectors_shown(item: Profile | Entry) -> tuple:
    return tuple((sector.pk, sector.name) for sector in item.sectors.all())


def person_shown(profile: Profile) -> tuple:
    registration = profile.registration
    return (
        profile.pk,
        registration.first_name,
        registration.last_name,
        registration.organisation,
        registration.category,
        str(registration.country),
        profile.region,
    )


def profile_cards(edition: Edition, profiles: Sequence[Profile]) -> list[SafeString]:
    """The profiles' cards (profiles with their registration and sectors loaded)."""

    def shown(profile: Profile) -> Iterable:
        photo = tuple(profile.photo_urls.items())
        return (edition.slug, *person_shown(profile), sectors_shown(profile), photo,
                profile.open_to_meetings)  # fmt: skip

    return rendered_each(
        "networking/_profile_card.html",
        profiles,
        shown=shown,
        context=lambda profile: {"edition": edition, "profile": profile},
    )


def entry_cards(edition: Edition, entries: Sequence[Entry]) -> list[SafeString]:
    """The entries' cards (entries with their profile, registration and sectors loaded)."""

    def shown(entry: Entry) -> Iterable:
        return (edition.slug, entry.pk, entry.kind, entry.title, entry.description,
                entry.deadline, entry.profile.text_language, sectors_shown(entry),
                *person_shown(entry.profile))  # fmt: skip

    return rendered_each(
        "networking/_entry_card.html",
        entries,
        shown=shown,
        context=lambda entry: {"edition": edition, "entry": entry},
    )
