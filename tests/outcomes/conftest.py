import datetime as dt

import pytest
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Matchmaking, MeetingBlock, MeetingTable
from networking.models import Profile
from outcomes.models import Evaluation
from registrations.services import check_in
from tests.factories import make_edition, make_registration, make_session


@pytest.fixture
def finished(db):
    """An edition that ended four days ago (two days, two sessions on each), its survey open."""
    start = timezone.localdate() - dt.timedelta(days=5)
    edition = make_edition(start_date=start, country="IT")
    for day in edition.days:
        for hour in (10, 15):
            starts = dt.datetime.combine(day, dt.time(hour), tzinfo=edition.tz)
            make_session(edition, starts_at=starts, title=f"Panel {day:%d} {hour}h")
    return edition


@pytest.fixture
def person(finished):
    """A confirmed participant of both days, checked in on the days given."""

    def make(*, came=(0,), **fields):
        registration = make_registration(finished, status="confirmed", days=finished.days, **fields)
        for offset in came:
            day = finished.days[offset]
            moment = dt.datetime.combine(day, dt.time(9), tzinfo=finished.tz)
            check_in(registration_id=registration.pk, day=day, now=moment)
        return registration

    return make


@pytest.fixture
def evaluation(finished) -> Evaluation:
    return Evaluation.objects.get(edition=finished)


@pytest.fixture
def meet(finished):
    """Confirm a meeting between two people on a day of the edition, as if booked beforehand."""
    opens = finished.starts_at - dt.timedelta(days=20)
    matchmaking = Matchmaking.objects.create(
        edition=finished,
        booking_opens_at=opens,
        booking_closes_at=finished.starts_at - dt.timedelta(days=1),
    )
    for day in finished.days:
        MeetingBlock.objects.create(
            matchmaking=matchmaking, day=day, starts_at=dt.time(14), ends_at=dt.time(16)
        )
    MeetingTable.objects.bulk_create(
        MeetingTable(matchmaking=matchmaking, name=str(n), order=n) for n in range(1, 6)
    )
    used: dict[int, int] = {}

    def make(first, second, *, day=0):
        for registration in (first, second):
            Profile.objects.get_or_create(
                registration=registration, defaults={"listed": True, "open_to_meetings": True}
            )
        block = matchmaking.blocks.get(day=finished.days[day])
        number = used.get(block.pk, 0)
        used[block.pk] = number + 1
        slot = block.slot(number)
        moment = opens + dt.timedelta(hours=1)
        meeting = meetings.request_meeting(
            requester=first, invitee=second, slot=slot, message="Hello", now=moment
        )
        return meetings.accept(meeting_id=meeting.pk, by=second, now=moment)

    return make
