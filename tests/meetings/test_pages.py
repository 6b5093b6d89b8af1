"""The participants' meeting pages: who sees them, the forms' errors, queries, calendars."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from common.dates import format_date
from meetings import services
from meetings.models import Meeting
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def url(name, edition, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def profile_pk(registration):
    return registration.profile.pk


def test_request_from_a_profile_then_answer_from_the_emailed_link(
    client, edition, matchmaking, person, sign_in, run_worker
):
    anna = person(first_name="Anna", organisation="Lombardy Aerospace Cluster")
    bruno = person(first_name="Bruno", organisation="Hydrogen Valley")
    sign_in(client, anna)
    profile_page = client.get(
        reverse(
            "networking:profile", kwargs={"edition_slug": edition.slug, "pk": profile_pk(bruno)}
        )
    )
    request_url = url("request", edition, pk=profile_pk(bruno))
    assert f'href="{request_url}"' in profile_page.content.decode()
    form = client.get(request_url)
    assert "14:00–14:20" in text_of(form) and "09:30–09:50" in text_of(form)
    slot = matchmaking.blocks.all()[0].slot(1)

    too_long = client.post(request_url, {"slot": slot.key, "message": "x" * 301})
    assert too_long.status_code == 200 and "at most 300 characters" in text_of(too_long)
    no_time = client.post(request_url, {"slot": "", "message": "Hi"})
    assert "Choose a time." in text_of(no_time)
    gone = client.post(request_url, {"slot": "999-0", "message": "Hi"})
    assert "no longer free for both of you" in text_of(gone)
    assert not Meeting.objects.exists()  # nothing claimed saved that was not

    sent = client.post(request_url, {"slot": slot.key, "message": "Joint pilot?"}, follow=True)
    assert "Your request is sent to Bruno" in text_of(sent)
    run_worker()
    link = re.search(r"https?://\S+/participants/meetings/open/\S+/", mail.outbox[-1].body)[0]

    client.logout()
    path = link.replace("https://cmr.example.eu", "")
    opened = client.get(path)  # opening the link changes nothing: its button signs in
    assert "Open the meeting" in text_of(opened)
    assert "Joint pilot?" not in text_of(client.get(url("mine", edition)))
    other = client.post(path, follow=True)
    assert "Joint pilot?" in text_of(other) and "Accept" in text_of(other)
    meeting = Meeting.objects.get()
    answered = client.post(
        url("meeting", edition, pk=meeting.pk), {"action": "accept"}, follow=True
    )
    assert "The meeting is confirmed" in text_of(answered)
    assert "Table 1" in text_of(answered)
    mine = text_of(client.get(url("mine", edition)))
    assert "Anna" in mine and "Lombardy Aerospace Cluster" in mine and "14:20–14:40" in mine
    printable = text_of(client.get(url("print", edition)))
    assert "Anna" in printable and "Joint pilot?" in printable


def test_a_meeting_page_is_only_for_its_two_people(client, edition, matchmaking, person, sign_in):
    anna, bruno, carla = person(first_name="Anna"), person(first_name="Bruno"), person()
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=matchmaking.blocks.all()[0].slot(0), message="Hi"
    )
    page = url("meeting", edition, pk=meeting.pk)
    assert "Hi" not in text_of(client.get(page))  # not signed in: the sign-in page
    sign_in(client, carla)
    assert client.get(page).status_code == 404
    assert client.post(page, {"action": "accept"}).status_code == 404
    sign_in(client, anna)
    assert client.post(page, {"action": "accept"}).status_code == 409  # not Anna's to answer
    tampered = url("from_email", edition, token="eyJyIjoxfQ:bad:sig")
    assert client.get(tampered).status_code == 410


def test_decline_and_propose_from_the_page(client, edition, matchmaking, person, sign_in):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    block = matchmaking.blocks.all()[0]
    first = services.request_meeting(requester=anna, invitee=bruno, slot=block.slot(0), message="A")
    sign_in(client, bruno)
    page = url("meeting", edition, pk=first.pk)
    proposed = client.post(
        page, {"action": "propose", "propose-slot": block.slot(3).key}, follow=True
    )
    assert "Your proposal is sent to Anna" in text_of(proposed)
    first.refresh_from_db()
    assert first.status == Meeting.Status.PROPOSED and first.slot == 3
    sign_in(client, anna)
    declined = client.post(
        page, {"action": "decline", "decline-reason": "That afternoon is full."}, follow=True
    )
    assert "You declined the request" in text_of(declined)
    first.refresh_from_db()
    assert first.decline_reason == "That afternoon is full."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Pilot \u202eplan", "invisible formatting character"),
        ("Pilot\u200bplan", "invisible formatting character"),
        ("Pilot\x07plan", "control characters"),
    ],
)
def test_messages_and_reasons_refuse_invisible_and_control_characters(
    client, edition, matchmaking, person, sign_in, text, reason
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    block = matchmaking.blocks.all()[0]
    sign_in(client, anna)
    request_url = url("request", edition, pk=profile_pk(bruno))
    refused = client.post(request_url, {"slot": block.slot(1).key, "message": text})
    assert refused.status_code == 200 and reason in text_of(refused)
    assert not Meeting.objects.exists()
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=block.slot(0), message="A"
    )
    sign_in(client, bruno)
    page = url("meeting", edition, pk=meeting.pk)
    declined = client.post(page, {"action": "decline", "decline-reason": text}, follow=True)
    assert reason in text_of(declined)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.REQUESTED and meeting.decline_reason == ""


def test_a_message_typed_on_two_lines_is_kept_as_one(client, edition, matchmaking, person, sign_in):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    sign_in(client, anna)
    request_url = url("request", edition, pk=profile_pk(bruno))
    slot = matchmaking.blocks.all()[0].slot(1)
    client.post(request_url, {"slot": slot.key, "message": "Joint pilot?\r\nHorizon call."})
    assert Meeting.objects.get().message == "Joint pilot? Horizon call."


def test_today_shows_the_next_meeting_and_its_table_first(
    client, edition, matchmaking, person, sign_in
):
    anna, bruno, carla = (person(first_name=name) for name in ("Anna", "Bruno", "Carla"))
    block = matchmaking.blocks.all()[0]
    for other, number in ((bruno, 2), (carla, 5)):
        meeting = services.request_meeting(
            requester=anna, invitee=other, slot=block.slot(number), message=f"With {other}"
        )
        services.accept(meeting_id=meeting.pk, by=other)
    sign_in(client, anna)
    with time_machine.travel(block.slot(2).starts_at + dt.timedelta(minutes=5)):
        page = text_of(client.get(url("today", edition)))
        assert page.index("Now") < page.index("Table 1") < page.index("Bruno") < page.index("Carla")
        held = client.post(
            url("meeting", edition, pk=Meeting.objects.get(invitee=bruno).pk), {"action": "no_show"}
        )
        assert held.status_code == 302
    meeting = Meeting.objects.get(invitee=bruno)
    assert meeting.outcome == "no_show" and meeting.no_show == bruno


def test_marking_times_unavailable(client, edition, matchmaking, person, sign_in):
    anna = person(first_name="Anna", days=[edition.start_date])
    sign_in(client, anna)
    page = client.get(url("availability", edition))
    assert "14:00–14:20" in text_of(page) and "09:30–09:50" not in text_of(page)  # day 1 only
    key = matchmaking.blocks.all()[0].slot(0).key
    refused = client.post(url("availability", edition), {"unavailable": [key, "999-9"]})
    assert refused.status_code == 200 and "no longer a meeting time" in text_of(refused)
    saved = client.post(url("availability", edition), {"unavailable": [key]}, follow=True)
    assert "Your availability is saved." in text_of(saved)
    page = client.get(url("availability", edition)).content.decode()
    assert f'value="{key}" checked' in page


def queries_for(client, address) -> int:
    """The queries of a first view: nothing kept from an earlier request (edition, pages)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_my_meetings_the_picker_and_the_grid_make_constant_queries(
    client, admin_client, edition, matchmaking, person, sign_in
):
    me = person(first_name="Me")
    target = person(first_name="Target")
    blocks = list(matchmaking.blocks.all())

    def add_meetings(numbers):
        for block in blocks:
            for number in numbers:
                other = person()
                meeting = services.request_meeting(
                    requester=other, invitee=me, slot=block.slot(number), message="Hi"
                )
                services.accept(meeting_id=meeting.pk, by=me)
                third, fourth = person(), person()
                services.request_meeting(
                    requester=third, invitee=fourth, slot=block.slot(number), message="Hi"
                )

    sign_in(client, me)
    pages = [
        url("mine", edition),
        url("print", edition),
        url("request", edition, pk=profile_pk(target)),
        url("availability", edition),
    ]
    grid = reverse("admin:meetings_matchmaking_grid", args=[matchmaking.pk, blocks[0].pk])
    add_meetings([0])
    few = [queries_for(client, page) for page in pages] + [queries_for(admin_client, grid)]
    add_meetings([1, 2, 3, 4, 5, 6])
    many = [queries_for(client, page) for page in pages] + [queries_for(admin_client, grid)]
    assert few == many


def test_the_personal_calendar_holds_confirmed_meetings_and_marks_cancelled_ones(
    client, edition, matchmaking, person, read_calendar
):
    anna = person(first_name="Anna", organisation="Lombardy Aerospace Cluster")
    bruno = person(first_name="Bruno", organisation="Hydrogen Valley", language="it")
    slot = matchmaking.blocks.all()[1].slot(2)  # day 2, 10:10
    meeting = services.request_meeting(requester=anna, invitee=bruno, slot=slot, message="Hi")
    assert read_calendar(client.get(anna.calendar_url()).content)["events"] == []  # not yet
    services.accept(meeting_id=meeting.pk, by=bruno)

    for registration, other in ((anna, "Bruno"), (bruno, "Anna")):
        feed = client.get(registration.calendar_url()).content
        [event] = read_calendar(feed)["events"]
        assert event["start_utc"] == slot.starts_at.astimezone(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"
        )
        assert event["status"] == "CONFIRMED" and other in event["summary"]
        assert "1" in event["location"]
        [python_event] = Calendar.from_ical(feed).walk("VEVENT")
        assert python_event.decoded("dtend") == slot.ends_at
    first = read_calendar(client.get(anna.calendar_url()).content)["events"][0]
    assert (
        "Incontro con Anna"
        in read_calendar(client.get(bruno.calendar_url()).content)["events"][0]["summary"]
    )

    services.cancel(meeting_id=meeting.pk, by=anna)
    for registration in (anna, bruno):
        [event] = read_calendar(client.get(registration.calendar_url()).content)["events"]
        assert event["status"] == "CANCELLED"
        assert event["uid"] == first["uid"] and event["sequence"] > first["sequence"]


def test_a_meeting_link_ends_a_week_after_the_edition_and_with_replaced_links(
    client, edition, matchmaking, person
):
    import time_machine

    from meetings.emails import email_link
    from networking.models import session_lifetime_end
    from registrations import services as registrations

    anna = person(first_name="Anna")
    path = email_link(anna).replace("https://cmr.example.eu", "")
    assert client.get(path).status_code == 200
    with time_machine.travel(session_lifetime_end(edition)):
        expired = client.post(path)
    assert expired.status_code == 410
    registrations.replace_links(registration_id=anna.pk)
    assert client.post(path).status_code == 410


def test_times_over_a_session_either_person_starred_are_neither_offered_nor_booked(
    client, edition, matchmaking, person, sign_in
):
    from registrations.models import StarredSession
    from tests.factories import make_session

    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    block = matchmaking.blocks.all()[0]  # 14:00–17:30 on the first day, 20-minute slots
    round_table = make_session(
        edition,
        title="Round table",
        starts_at=block.slot(0).starts_at,
        ends_at=block.slot(0).starts_at + dt.timedelta(minutes=50),
    )
    StarredSession.objects.create(registration=bruno, session=round_table)
    sign_in(client, anna)
    form = text_of(client.get(url("request", edition, pk=profile_pk(bruno))))
    assert "14:00–14:20" not in form and "14:20–14:40" not in form and "14:40–15:00" not in form
    assert "15:00–15:20" in form
    refused = client.post(
        url("request", edition, pk=profile_pk(bruno)),
        {"slot": block.slot(1).key, "message": "During the round table?"},
    )
    assert "no longer free for both of you" in text_of(refused)
    assert not Meeting.objects.exists()


def test_another_time_never_offers_the_time_already_asked_for(
    client, edition, matchmaking, person, sign_in
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    block = matchmaking.blocks.all()[0]
    asked = block.slot(3)
    meeting = services.request_meeting(requester=anna, invitee=bruno, slot=asked, message="Hi")
    sign_in(client, bruno)
    page = client.get(url("meeting", edition, pk=meeting.pk)).content.decode()
    offered = re.findall(r'name="propose-slot" id="[^"]+" value="([^"]+)"', page)
    assert asked.key not in offered and block.slot(4).key in offered


def test_today_before_the_event_points_to_the_first_day_with_meetings(
    client, edition, matchmaking, person, sign_in
):
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    block = matchmaking.blocks.all()[1]  # the second day
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=block.slot(0), message="Hi"
    )
    services.accept(meeting_id=meeting.pk, by=bruno)
    sign_in(client, anna)
    with time_machine.travel(edition.starts_at - dt.timedelta(days=2)):
        page = text_of(client.get(url("today", edition)))
    assert "No more meetings today" not in page
    assert "The event starts on" in page
    second_day = format_date(block.day, "l j F")
    assert f"Your next meetings: {second_day} 09:30–09:50 · Table 1 · Bruno" in page


def test_the_printable_schedule_says_where_the_tables_stand_and_prints_no_links(
    client, edition, matchmaking, person, sign_in
):
    from tests.factories import make_place

    matchmaking.place = make_place(
        edition.venue, name="Sala Biagi", location_detail="Nucleo 4, first floor"
    )
    matchmaking.save()
    anna = person(first_name="Anna")
    sign_in(client, anna)
    response = client.get(url("print", edition))
    text = text_of(response)
    assert "Where the tables stand: Sala Biagi (Nucleo 4, first floor)," in text
    assert edition.venue.full_address in text
    back = re.search(
        r'<p class="([^"]*)"><a href="[^"]+">Back to My meetings', response.content.decode()
    )
    assert "d-print-none" in back[1]
