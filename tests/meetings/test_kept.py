"""Meeting pages reuse what they read between views (meetings.kept): every change to what they
show, by any code, must reach the next view, and time passing must too."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from events.models import Place
from meetings import services
from meetings.models import BusySlot, Matchmaking, Meeting, MeetingBlock, MeetingTable
from networking.models import Profile
from registrations.models import AttendedDay, Registration, Seat, StarredSession
from tests.factories import make_place, make_session
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def url(name, edition, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def section(page: str, heading: str, next_heading: str) -> str:
    return page.split(heading, 1)[1].split(next_heading, 1)[0]


def test_my_meetings_shows_each_change_on_the_next_view(
    client, edition, matchmaking, person, sign_in
):
    me = person(first_name="Me")
    anna = person(first_name="Anna", organisation="Lombardy Aerospace Cluster")
    sign_in(client, me)

    def mine() -> str:
        return text_of(client.get(url("mine", edition)))

    assert "Nothing to answer." in mine()
    block = matchmaking.blocks.all()[0]
    meeting = services.request_meeting(
        requester=anna, invitee=me, slot=block.slot(1), message="Joint pilot?"
    )
    assert "Anna" in section(mine(), "Waiting for my answer", "My schedule")
    services.accept(meeting_id=meeting.pk, by=me)
    schedule = section(mine(), "My schedule", "Waiting for the other side")
    assert "Lombardy Aerospace Cluster" in schedule and "14:20–14:40" in schedule

    Registration.objects.filter(pk=anna.pk).update(organisation="LAC Lombardia")
    assert "LAC Lombardia" in mine()
    MeetingTable.objects.filter(pk=Meeting.objects.get().table_id).update(name="Blue table")
    assert "Blue table" in mine()
    MeetingBlock.objects.filter(pk=block.pk).update(starts_at=dt.time(15, 0))
    assert "15:20–15:40" in section(mine(), "My schedule", "Waiting for the other side")
    Matchmaking.objects.update(slot_minutes=30)
    assert "15:30–16:00" in section(mine(), "My schedule", "Waiting for the other side")
    Matchmaking.objects.update(place=make_place(edition.venue, name="Sala Biagi"))
    assert "Sala Biagi" in mine()
    Place.objects.update(name="Sala Marco Biagi")
    assert "Sala Marco Biagi" in mine()
    Meeting.objects.update(status=Meeting.Status.CANCELLED)
    assert "Cancelled" in section(mine(), "Declined, cancelled or expired", "Clusters meet")


def test_the_slot_picker_shows_each_change_on_the_next_view(
    client, edition, matchmaking, person, sign_in
):
    me, target = person(first_name="Me"), person(first_name="Target")
    sign_in(client, me)
    picker = url("request", edition, pk=target.profile.pk)
    first_day = matchmaking.blocks.all()[0]

    def times() -> list[str]:
        return re.findall(r"\d\d:\d\d–\d\d:\d\d", text_of(client.get(picker)))

    def at(hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(edition.start_date, dt.time(hour, minute), tzinfo=edition.tz)

    # Requests stay open during the event, so that times that started must leave the picker.
    Matchmaking.objects.filter(pk=matchmaking.pk).update(booking_closes_at=at(23, 0))
    offered = times()
    assert {"14:00–14:20", "14:40–15:00", "15:20–15:40", "17:00–17:20"} <= set(offered)
    assert "17:20–17:40" not in offered  # past the block's end

    assert "09:30–09:50" in offered  # the second day
    AttendedDay.objects.filter(registration=target, day=edition.end_date).delete()
    assert "09:30–09:50" not in times()
    BusySlot.objects.create(registration=me, block=first_day, slot=2)  # 14:40, unavailable
    assert "14:40–15:00" not in times()
    visit = make_session(edition, starts_at=at(15, 0), ends_at=at(15, 20), capacity=20)
    Seat.objects.create(registration=target, session=visit, status=Seat.Status.CONFIRMED)
    assert "15:00–15:20" not in times()
    talk = make_session(edition, starts_at=at(15, 20), ends_at=at(15, 40))
    StarredSession.objects.create(registration=me, session=talk)
    assert "15:20–15:40" not in times()
    type(talk).objects.filter(pk=talk.pk).update(starts_at=at(11, 0), ends_at=at(11, 30))
    assert "15:20–15:40" in times()
    MeetingBlock.objects.filter(pk=first_day.pk).update(ends_at=dt.time(18, 0))
    assert "17:20–17:40" in times()
    others = [(person(), person()) for _ in range(5)]  # five tables: all taken at 16:00
    for requester, invitee in others:
        meeting = services.request_meeting(
            requester=requester, invitee=invitee, slot=first_day.slot(6), message="Hi"
        )
        services.accept(meeting_id=meeting.pk, by=invitee)
    assert "16:00–16:20" not in times()

    with time_machine.travel(at(14, 30), tick=False):  # nothing written: time passed
        later = times()
    assert "14:00–14:20" not in later and "14:20–14:40" not in later and "15:40–16:00" in later

    Profile.objects.filter(registration=target).update(listed=False)
    assert client.get(picker).status_code == 404


def test_the_slot_picker_follows_the_editions_time_zone(
    client, edition, matchmaking, person, sign_in
):
    me, target = person(), person()
    sign_in(client, me)
    picker = url("request", edition, pk=target.profile.pk)
    starts = dt.datetime.combine(edition.start_date, dt.time(15, 20), tzinfo=edition.tz)
    talk = make_session(edition, starts_at=starts, ends_at=starts + dt.timedelta(minutes=20))
    StarredSession.objects.create(registration=me, session=talk)
    offered = text_of(client.get(picker))
    assert "15:20–15:40" not in offered and "14:20–14:40" in offered
    edition.time_zone = "Europe/London"  # the talk stays at its instant: an hour earlier there
    edition.save()
    offered = text_of(client.get(picker))
    assert "15:20–15:40" in offered and "14:20–14:40" not in offered
