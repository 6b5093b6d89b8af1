"""Which slots are free for a person or a pair, in a constant number of queries.

A slot is offered to a pair when it lies in a block on a day both attend, has not started, does
not overlap a capacity-limited session either holds a place on (the MIND visit) or a session
either put in their agenda, neither person is busy in it (a meeting, or marked unavailable) and
a table is still free in it.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from events.models import Edition, Session
from meetings.models import BusySlot, Matchmaking, Meeting, Slot
from registrations.models import AttendedDay, Registration, Seat, StarredSession


def matchmaking_of(edition_id: int, *, edition: Edition | None = None) -> Matchmaking | None:
    """The edition's matchmaking with its place and blocks (and the edition, read again unless
    the caller has it)."""
    related = ("place",) if edition else ("edition", "place")
    matchmaking = (
        Matchmaking.objects.select_related(*related)
        .prefetch_related("blocks")
        .filter(edition_id=edition_id)
        .first()
    )
    if matchmaking is not None and edition is not None:
        matchmaking.edition = edition
    return matchmaking


def all_slots(matchmaking: Matchmaking) -> list[Slot]:
    return [slot for block in matchmaking.blocks.all() for slot in block.slots(matchmaking)]


@dataclass
class Calendars:
    """What the given people are already doing during the matchmaking's days."""

    days: dict[int, set[dt.date]] = field(default_factory=lambda: defaultdict(set))
    sessions: dict[int, list[tuple[dt.datetime, dt.datetime]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    busy: dict[int, dict[tuple[int, int], int | None]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # person -> (block, slot) -> meeting id, or None when marked unavailable

    def is_free(self, registration_id: int, slot: Slot) -> bool:
        return (
            slot.day in self.days[registration_id]
            and (slot.block.pk, slot.number) not in self.busy[registration_id]
            and not any(
                starts < slot.ends_at and slot.starts_at < ends
                for starts, ends in self.sessions[registration_id]
            )
        )


def calendars(matchmaking: Matchmaking, registration_ids: Iterable[int]) -> Calendars:
    ids = list(registration_ids)
    found = Calendars()
    for registration_id, day in AttendedDay.objects.filter(
        registration_id__in=ids, registration__status=Registration.Status.CONFIRMED
    ).values_list("registration_id", "day"):
        found.days[registration_id].add(day)
    for registration_id, starts, ends in Session.objects.filter(
        edition_id=matchmaking.edition_id,
        capacity__isnull=False,
        is_cancelled=False,
        seats__registration_id__in=ids,
        seats__status=Seat.Status.CONFIRMED,
    ).values_list("seats__registration_id", "starts_at", "ends_at"):
        found.sessions[registration_id].append((starts, ends))
    # The sessions a person put in their agenda (starred): they mean to be there.
    for registration_id, starts, ends in StarredSession.objects.filter(
        registration_id__in=ids,
        session__edition_id=matchmaking.edition_id,
        session__is_cancelled=False,
    ).values_list("registration_id", "session__starts_at", "session__ends_at"):
        found.sessions[registration_id].append((starts, ends))
    for registration_id, block_id, number, meeting_id in BusySlot.objects.filter(
        registration_id__in=ids, block__matchmaking=matchmaking
    ).values_list("registration_id", "block_id", "slot", "meeting_id"):
        found.busy[registration_id][(block_id, number)] = meeting_id
    return found


def tables_taken(matchmaking: Matchmaking) -> Counter:
    rows = (
        Meeting.objects.confirmed()
        .filter(block__matchmaking=matchmaking)
        .values("block_id", "slot")
        .annotate(count=Count("pk"))
    )
    return Counter({(row["block_id"], row["slot"]): row["count"] for row in rows})


def free_slots_for_pair(
    matchmaking: Matchmaking,
    first: Registration,
    second: Registration,
    *,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """Return the slots both people could meet in, with a table still free, in time order."""
    now = now or timezone.now()
    taken = tables_taken(matchmaking)
    table_count = matchmaking.tables.count()
    known = calendars(matchmaking, [first.pk, second.pk])
    return [
        slot
        for slot in all_slots(matchmaking)
        if slot.starts_at > now
        and taken[(slot.block.pk, slot.number)] < table_count
        and known.is_free(first.pk, slot)
        and known.is_free(second.pk, slot)
    ]


def other_times(matchmaking: Matchmaking, meeting: Meeting) -> list[Slot]:
    """Return the slots the two people of a meeting could move it to: free, and not its own."""
    return [
        slot
        for slot in free_slots_for_pair(matchmaking, meeting.requester, meeting.invitee)
        if (slot.block.pk, slot.number) != (meeting.block_id, meeting.slot)
    ]


def slots_by_day(slots: Iterable[Slot]) -> dict[dt.date, list[Slot]]:
    days: dict[dt.date, list[Slot]] = defaultdict(list)
    for slot in slots:
        days[slot.day].append(slot)
    return dict(days)


def find_slot(slots: Iterable[Slot], key: str) -> Slot | None:
    return next((slot for slot in slots if slot.key == key), None)
