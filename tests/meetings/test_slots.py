"""Which times the slot picker offers a pair: only those both are free for, with a table."""

import datetime as dt

import pytest

from meetings import services
from meetings.models import BusySlot
from meetings.slots import free_slots_for_pair
from registrations.models import Seat
from tests.factories import make_session

pytestmark = pytest.mark.django_db


def times(slots) -> list[str]:
    return [f"{slot.starts_at:%d %H:%M}" for slot in slots]


def test_only_times_both_are_free_for_on_days_both_attend(edition, matchmaking, person):
    first_day = edition.start_date
    anna = person(first_name="Anna")
    bruno = person(first_name="Bruno", days=[first_day])  # not there on day 2
    # Anna holds a place on the MIND visit, 15:00-16:00 on day 1: a capacity-limited session.
    tz = edition.tz
    visit = make_session(
        edition,
        capacity=40,
        starts_at=dt.datetime.combine(first_day, dt.time(15, 0), tzinfo=tz),
        ends_at=dt.datetime.combine(first_day, dt.time(16, 0), tzinfo=tz),
    )
    Seat.objects.create(registration=anna, session=visit, status=Seat.Status.CONFIRMED)
    # A full-room plenary at the same time does not block anybody's meetings.
    make_session(edition, starts_at=dt.datetime.combine(first_day, dt.time(16, 0), tzinfo=tz))
    block = matchmaking.blocks.all()[0]
    BusySlot.objects.create(registration=bruno, block=block, slot=0)  # 14:00, marked unavailable
    carla = person(first_name="Carla")
    meeting = services.request_meeting(
        requester=carla, invitee=anna, slot=block.slot(8), message="Hydrogen valleys"
    )
    services.accept(meeting_id=meeting.pk, by=anna)  # Anna meets Carla at 16:40

    day = f"{first_day:%d}"
    assert times(free_slots_for_pair(matchmaking, anna, bruno)) == [
        f"{day} {time}" for time in ("14:20", "14:40", "16:00", "16:20", "17:00")
    ]
    # Without those constraints, the whole block of both days is offered to two who attend both.
    dora, emil = person(first_name="Dora"), person(first_name="Emil")
    offered = times(free_slots_for_pair(matchmaking, dora, emil))
    assert len(offered) == 10 + 9  # 14:00-17:30 and 09:30-12:30 in 20-minute slots
    assert offered[0] == f"{day} 14:00" and offered[-1].endswith("12:10")


def test_a_pause_between_slots_and_a_full_slot(edition, make_matchmaking, person):
    matchmaking = make_matchmaking(edition, tables=1, slot_minutes=25, pause_minutes=5)
    anna, bruno, carla, dora = (person(first_name=name) for name in ("A", "B", "C", "D"))
    block = matchmaking.blocks.all()[0]
    assert [f"{slot.starts_at:%H:%M}" for slot in block.slots()][:3] == ["14:00", "14:30", "15:00"]
    meeting = services.request_meeting(
        requester=carla, invitee=dora, slot=block.slot(1), message="Batteries"
    )
    services.accept(meeting_id=meeting.pk, by=dora)
    offered = times(free_slots_for_pair(matchmaking, anna, bruno))
    assert f"{edition.start_date:%d} 14:30" not in offered  # its only table is taken
    assert f"{edition.start_date:%d} 15:00" in offered
