"""A participant's meetings as their pages show them, in one query whatever their number."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from meetings.models import MEETING_ORDER, Matchmaking, Meeting, Slot
from registrations.models import Registration

Status = Meeting.Status


@dataclass(frozen=True)
class MyMeeting:
    """A meeting seen by one of its two people."""

    meeting: Meeting
    slot: Slot
    other: Registration
    is_mine_to_answer: bool
    i_requested: bool

    @property
    def has_started(self) -> bool:
        return self.slot.starts_at <= timezone.now()


@dataclass
class Schedule:
    confirmed_by_day: dict[dt.date, list[MyMeeting]]
    to_answer: list[MyMeeting]
    waiting_for_answer: list[MyMeeting]
    ended: list[MyMeeting]  # declined, cancelled, expired

    @property
    def confirmed(self) -> list[MyMeeting]:
        return [item for day in self.confirmed_by_day.values() for item in day]


def my_meetings(
    registration: Registration,
    *,
    extra: Q | None = None,
    matchmaking: Matchmaking | None = None,
) -> list[MyMeeting]:
    """The person's meetings in time order; given the edition's matchmaking (as a page has it),
    its row and its edition's are not read again for every meeting."""
    meetings = Meeting.objects.involving(registration)
    if matchmaking is None:
        meetings = meetings.with_everything()
    else:
        meetings = meetings.select_related("block", "table", "requester", "invitee").order_by(
            *MEETING_ORDER
        )
    if extra is not None:
        meetings = meetings.filter(extra)
    found = []
    for meeting in meetings:
        if matchmaking is not None:
            meeting.block.matchmaking = matchmaking
        slot = meeting.slot_times
        if slot is None:
            continue  # a block shortened by the organisers; the admin refuses to lose meetings
        found.append(
            MyMeeting(
                meeting=meeting,
                slot=slot,
                other=meeting.other(registration),
                is_mine_to_answer=meeting.awaits_answer_from() == registration.pk,
                i_requested=meeting.requester_id == registration.pk,
            )
        )
    return sorted(found, key=lambda item: (item.slot.starts_at, item.meeting.pk))


def schedule_of(registration: Registration, matchmaking: Matchmaking | None = None) -> Schedule:
    schedule = Schedule({}, [], [], [])
    for item in my_meetings(registration, matchmaking=matchmaking):
        status = item.meeting.status
        if status == Status.CONFIRMED:
            schedule.confirmed_by_day.setdefault(item.slot.day, []).append(item)
        elif status in (Status.REQUESTED, Status.PROPOSED):
            (schedule.to_answer if item.is_mine_to_answer else schedule.waiting_for_answer).append(
                item
            )
        else:
            schedule.ended.append(item)
    return schedule


def meetings_on(registration: Registration, day: dt.date) -> list[MyMeeting]:
    return my_meetings(registration, extra=Q(status=Status.CONFIRMED, block__day=day))
