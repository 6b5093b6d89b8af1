"""What the meeting pages read and compute, kept while the edition's meetings version stays.

`MeetingsVersion` moves with every write to anything these pages show (PostgreSQL triggers,
migration 0003), so nothing here has to be told to forget: the matchmaking with its blocks and
room, a person's schedule as "My meetings" shows it, and the times a pair is free. Only pages
that change nothing use it: a request or an answer is checked against the database by the
services. The version is read before anything else, so what is computed while a change commits
is kept under the version that change has already left. On SQLite (no triggers) nothing is kept.
"""

import datetime as dt
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from common.fragments import kept, template_digest
from events.models import Edition
from meetings.models import Matchmaking, MeetingsVersion, Slot
from meetings.schedule import schedule_of
from meetings.services import open_to_meetings
from meetings.slots import all_slots, free_slots_for_pair
from networking.listing import kept_per_version
from networking.models import Profile
from registrations.models import Registration

NOTHING = "nothing"  # kept for an edition without matchmaking (None would read as not kept)
SCHEDULE_TEMPLATE = "meetings/_my_meetings.html"
SCHEDULE_PARTS = ("meetings/_schedule.html", "meetings/_slot.html")
SHOWN_OF_INVITEE = ("edition_id", "status", "first_name", "last_name", "organisation")


def kept_per_meetings_version[T](
    edition_id: int, version: int | None, asked: tuple, make: Callable[[], T]
) -> T:
    """Make it, or reuse what was made for the same `asked` (which must name everything it
    depends on besides the edition's meetings version) under the same version."""
    if version is None:
        return make()
    return kept("meetings", (edition_id, version, asked), make)


def matchmaking_for_pages(edition: Edition) -> Matchmaking | None:
    """The edition's matchmaking with its room and blocks; `version` holds the meetings version
    it was read under, for what the page keeps next."""
    version = MeetingsVersion.of(edition.pk)

    def read() -> Matchmaking | str:
        found = (
            Matchmaking.objects.select_related("place")
            .prefetch_related("blocks")
            .filter(edition_id=edition.pk)
            .first()
        )
        return NOTHING if found is None else found

    matchmaking = kept_per_meetings_version(edition.pk, version, ("matchmaking",), read)
    if matchmaking == NOTHING:
        return None
    matchmaking.edition = edition  # kept without it: the edition is read under its own version
    matchmaking.version = version
    return matchmaking


def my_meetings_html(matchmaking: Matchmaking, registration: Registration) -> SafeString:
    """The sections of "My meetings" listing the person's meetings (to answer, schedule,
    waiting, ended): nothing in them depends on the time of day, only on what is stored."""
    edition = matchmaking.edition

    def render() -> str:
        schedule = schedule_of(registration, matchmaking)
        with timezone.override(edition.tz):  # as the page shows times: see base.html
            return render_to_string(SCHEDULE_TEMPLATE, {"edition": edition, "schedule": schedule})

    templates = [template_digest(name) for name in (SCHEDULE_TEMPLATE, *SCHEDULE_PARTS)]
    asked = ("my meetings", registration.pk, edition.slug, get_language(), templates)
    return SafeString(kept_per_meetings_version(edition.pk, matchmaking.version, asked, render))


def free_slots_now(
    matchmaking: Matchmaking, first: Registration, second: Registration
) -> list[Slot]:
    """As `slots.free_slots_for_pair`, from the pair's free times kept for the version: those
    that have started since are left out on every read."""

    def free_keys() -> list[tuple[int, int]]:
        ever = dt.datetime.min.replace(tzinfo=dt.UTC)
        slots = free_slots_for_pair(matchmaking, first, second, now=ever)
        return [(slot.block.pk, slot.number) for slot in slots]

    asked = ("free for the pair", first.pk, second.pk)
    edition_id, version = matchmaking.edition_id, matchmaking.version
    free = set(kept_per_meetings_version(edition_id, version, asked, free_keys))
    now = timezone.now()
    return [
        slot
        for slot in all_slots(matchmaking)
        if (slot.block.pk, slot.number) in free and slot.starts_at > now
    ]


def invitee_for_request(
    edition: Edition, requester: Registration, profile_pk: int
) -> tuple[Profile | None, bool]:
    """The profile asked for, if it is in the directory, with its registration's name and
    organisation only (no address or link tokens in the cache), and whether the requester is
    open to meetings: kept while the directory's version stays."""

    def read() -> tuple[Profile | None, bool]:
        invitee = (
            Profile.objects.in_directory(edition)
            .select_related("registration")
            .only(*(f"registration__{name}" for name in SHOWN_OF_INVITEE))
            .filter(pk=profile_pk)
            .first()
        )
        return invitee, open_to_meetings(requester, edition.pk)

    asked = ("meeting request", requester.pk, profile_pk)
    return kept_per_version(edition, (), read, asked)
