"""Request, answer (accept, decline, propose), cancel, expire, leave: the rules and the emails."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import BusySlot, Meeting
from meetings.slots import free_slots_for_pair
from networking.models import Profile
from registrations import services as registration_services

pytestmark = pytest.mark.django_db
Refused = services.MeetingRefused


def first_slot(matchmaking, number=0):
    return matchmaking.blocks.all()[0].slot(number)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_request_accepted_gives_both_a_table_an_email_and_a_calendar_file(
    edition, matchmaking, person, run_worker
):
    anna = person(first_name="Anna", organisation="Lombardy Aerospace Cluster")
    bruno = person(first_name="Bruno", organisation="Hydrogen Valley", language="it")
    slot = first_slot(matchmaking, 3)  # 15:00
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=slot, message="Joint Horizon Europe proposal?"
    )
    run_worker()
    [request_email] = emails_to(bruno.email)
    assert "Anna" in request_email.subject and request_email.subject.startswith("Anna")
    assert "vorrebbe incontrarvi" in request_email.body  # in Bruno's language
    assert "Joint Horizon Europe proposal?" in request_email.body
    assert anna.email not in request_email.body and anna.email not in str(request_email.message())

    services.accept(meeting_id=meeting.pk, by=bruno)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED and meeting.table.name == "1"
    assert set(BusySlot.objects.values_list("registration_id", flat=True)) == {anna.pk, bruno.pk}
    run_worker()
    for person_ in (anna, bruno):
        accepted = emails_to(person_.email)[-1]
        assert "15:00–15:20" in accepted.body and (
            "Table: 1" in accepted.body or "Tavolo: 1" in accepted.body
        )
        [(_name, content, mimetype)] = accepted.attachments
        assert mimetype.startswith("text/calendar")
        [event] = Calendar.from_ical(content).walk("VEVENT")
        assert event.decoded("dtstart") == slot.starts_at
        assert str(event["status"]) == "CONFIRMED"
        assert anna.email not in accepted.body and bruno.email not in accepted.body
    # Bruno's copy is in Italian, and names Anna.
    italian = emails_to(bruno.email)[-1]
    assert "Anna" in italian.subject and "confermato" in italian.subject


def test_decline_with_a_reason_and_propose_another_time(edition, matchmaking, person, run_worker):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=first_slot(matchmaking, 0), message="Batteries"
    )
    services.decline(meeting_id=meeting.pk, by=bruno, reason="We do not work on batteries.")
    run_worker()
    declined = emails_to(anna.email)[-1]
    assert "declined" in declined.subject and "We do not work on batteries." in declined.body
    with pytest.raises(Refused):
        services.accept(meeting_id=meeting.pk, by=bruno)  # answered already

    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=first_slot(matchmaking, 0), message="Hydrogen then"
    )
    with pytest.raises(Refused, match="not waiting for your answer"):
        services.accept(meeting_id=meeting.pk, by=anna)  # the requester cannot accept
    later = first_slot(matchmaking, 5)
    services.propose(meeting_id=meeting.pk, by=bruno, slot=later)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PROPOSED and meeting.slot == 5
    run_worker()
    assert "proposes another time" in emails_to(anna.email)[-1].subject
    services.accept(meeting_id=meeting.pk, by=anna)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED and meeting.slot_times == later


def test_requests_are_refused_with_reasons(edition, make_matchmaking, person):
    matchmaking = make_matchmaking(edition, max_pending_requests=2)
    anna, bruno, carla, dora = (person(first_name=name) for name in ("A", "B", "C", "D"))
    closed = person(first_name="Ernst", open_to_meetings=False)
    slot = first_slot(matchmaking)
    with pytest.raises(Refused, match="does not take meeting requests"):
        services.request_meeting(requester=anna, invitee=closed, slot=slot, message="Hi")
    with pytest.raises(Refused, match="open to one-to-one meetings"):
        services.request_meeting(requester=closed, invitee=anna, slot=slot, message="Hi")
    services.request_meeting(requester=anna, invitee=bruno, slot=slot, message="Hi")
    with pytest.raises(Refused, match="already waiting"):
        services.request_meeting(requester=bruno, invitee=anna, slot=slot, message="Hi")
    services.request_meeting(requester=anna, invitee=carla, slot=slot, message="Hi")
    with pytest.raises(Refused, match="2 unanswered requests"):
        services.request_meeting(requester=anna, invitee=dora, slot=slot, message="Hi")
    assert Meeting.objects.count() == 2


def test_cancel_until_it_starts_tells_the_other_side_and_frees_the_slot(
    edition, matchmaking, person, run_worker
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    slot = first_slot(matchmaking, 2)
    meeting = services.request_meeting(requester=anna, invitee=bruno, slot=slot, message="Hi")
    services.accept(meeting_id=meeting.pk, by=bruno)
    with time_machine.travel(slot.starts_at + dt.timedelta(minutes=1)):
        with pytest.raises(Refused, match="has started"):
            services.cancel(meeting_id=meeting.pk, by=anna)
        services.record_outcome(meeting_id=meeting.pk, by=anna, outcome=Meeting.Outcome.HELD)
    meeting.refresh_from_db()
    assert meeting.outcome == "held"

    other = services.request_meeting(
        requester=anna, invitee=bruno, slot=first_slot(matchmaking, 4), message="Again"
    )
    services.accept(meeting_id=other.pk, by=bruno)
    sequence = Meeting.objects.get(pk=other.pk).sequence
    services.cancel(meeting_id=other.pk, by=anna)
    other.refresh_from_db()
    assert other.status == Meeting.Status.CANCELLED and other.sequence == sequence + 1
    assert first_slot(matchmaking, 4).key in {
        free.key for free in free_slots_for_pair(matchmaking, anna, bruno)
    }
    run_worker()
    assert "cancelled" in emails_to(bruno.email)[-1].subject


def test_unanswered_requests_expire_when_requests_close(edition, matchmaking, person):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=first_slot(matchmaking), message="Hi"
    )
    after_close = matchmaking.booking_closes_at + dt.timedelta(minutes=1)
    with time_machine.travel(after_close):
        with pytest.raises(Refused, match="closed"):
            services.accept(meeting_id=meeting.pk, by=bruno)
        assert services.expire_requests(matchmaking.pk) == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.EXPIRED


@pytest.mark.parametrize("how", ["cancels", "opts out", "is erased"])
def test_who_leaves_loses_their_meetings_and_the_other_side_is_told(
    how, edition, matchmaking, person, run_worker
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    slot = first_slot(matchmaking, 1)
    meeting = services.request_meeting(requester=anna, invitee=bruno, slot=slot, message="Hi")
    services.accept(meeting_id=meeting.pk, by=bruno)
    if how == "cancels":
        registration_services.cancel_registration(registration_id=anna.pk)
    elif how == "opts out":
        profile = Profile.objects.get(registration=anna)
        profile.open_to_meetings = False
        profile.save()
    else:
        registration_services.erase_registration(registration_id=anna.pk)
    assert not BusySlot.objects.filter(registration=bruno).exists()
    assert not Meeting.objects.confirmed().exists()
    run_worker()
    told = emails_to(bruno.email)[-1]
    assert "cancelled" in told.subject and "Anna" in told.subject
    carla = person(first_name="Carla")
    assert slot.key in {free.key for free in free_slots_for_pair(matchmaking, bruno, carla)}


def test_moving_a_block_or_the_time_zone_moves_its_meetings(edition, matchmaking, person):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    block = matchmaking.blocks.all()[0]
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=block.slot(0), message="Hi"
    )
    services.accept(meeting_id=meeting.pk, by=bruno)
    sequence = Meeting.objects.get(pk=meeting.pk).sequence

    block.starts_at = dt.time(14, 30)
    block.save()
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert f"{meeting.slot_times.starts_at:%H:%M}" == "14:30"
    assert meeting.sequence == sequence + 1

    edition.time_zone = "Europe/Lisbon"
    edition.save()
    meeting = Meeting.objects.select_related("block__matchmaking__edition").get(pk=meeting.pk)
    assert meeting.slot_times.starts_at == dt.datetime.combine(
        block.day, dt.time(14, 30), tzinfo=edition.tz
    )
    assert meeting.slot_times.starts_at.utcoffset() == dt.timedelta(0)  # Lisbon in winter/spring
    assert meeting.sequence == sequence + 2


def test_marked_unavailable_times_are_kept_and_never_offered(edition, matchmaking, person):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    keys = {first_slot(matchmaking, 0).key, first_slot(matchmaking, 1).key}
    services.set_unavailable(registration=anna, matchmaking=matchmaking, slot_keys=keys)
    offered = {slot.key for slot in free_slots_for_pair(matchmaking, anna, bruno)}
    assert not keys & offered
    services.set_unavailable(
        registration=anna, matchmaking=matchmaking, slot_keys={first_slot(matchmaking, 1).key}
    )
    offered = {slot.key for slot in free_slots_for_pair(matchmaking, anna, bruno)}
    assert first_slot(matchmaking, 0).key in offered
    assert first_slot(matchmaking, 1).key not in offered
    assert timezone.now() < first_slot(matchmaking).starts_at


def test_the_morning_reminder_lists_that_days_meetings_once(
    edition, matchmaking, person, run_worker
):
    anna, bruno, carla = (person(first_name=name) for name in ("Anna", "Bruno", "Carla"))
    first_day, second_day = list(matchmaking.blocks.all())
    for other, block, number in ((bruno, first_day, 2), (carla, second_day, 0)):
        meeting = services.request_meeting(
            requester=anna, invitee=other, slot=block.slot(number), message="Hi"
        )
        services.accept(meeting_id=meeting.pk, by=other)
    run_worker()
    mail.outbox.clear()
    morning = dt.datetime.combine(first_day.day, dt.time(7, 31), tzinfo=edition.tz)
    with time_machine.travel(morning - dt.timedelta(hours=1)):
        run_worker()
        assert mail.outbox == []  # not yet
    with time_machine.travel(morning):
        run_worker()
        run_worker()  # again, as after a restart: nothing more
    reminders = [m for m in mail.outbox if "Your meetings today" in m.subject]
    assert sorted(m.to[0] for m in reminders) == sorted([anna.email, bruno.email])
    [to_anna] = [m for m in reminders if m.to == [anna.email]]
    assert "14:40–15:00" in to_anna.body and "Bruno" in to_anna.body
    assert "Carla" not in to_anna.body  # her meeting is tomorrow


def test_requests_expire_by_the_worker_when_requests_close(
    edition, matchmaking, person, run_worker
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=first_slot(matchmaking), message="Hi"
    )
    with time_machine.travel(matchmaking.booking_closes_at + dt.timedelta(minutes=1)):
        run_worker()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.EXPIRED


def test_meetings_are_in_the_data_download_and_go_with_the_purge(
    client, edition, matchmaking, person
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=first_slot(matchmaking), message="Timber hubs"
    )
    services.accept(meeting_id=meeting.pk, by=bruno)
    data = client.get(
        reverse(
            "registrations:data",
            kwargs={"edition_slug": edition.slug, "token": anna.manage_token},
        )
    ).json()
    [mine] = data["meetings"]
    assert mine["with"] == bruno.full_name and mine["message"] == "Timber hubs"
    registration_services.purge_personal_data(
        editions=[edition], after_days=0, now=edition.ends_at + dt.timedelta(days=1)
    )
    assert not Meeting.objects.exists()
