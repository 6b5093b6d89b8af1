"""Two participants book a one-to-one meeting end to end, one of them in Italian on a phone."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from icalendar import Calendar

from meetings.demo import set_up_matchmaking
from meetings.models import Meeting
from networking.models import Profile
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import make_registration, open_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def participant(edition, **fields):
    registration = make_registration(edition, status="confirmed", days=edition.days, **fields)
    Profile.objects.create(registration=registration, listed=True, open_to_meetings=True)
    return registration


def calendars(page, registration) -> tuple[dict, list]:
    """Read a person's calendar feed over HTTP with ical.js and with icalendar."""
    feed = page.request.get(registration.calendar_url()).body()
    return feed, Calendar.from_ical(feed).walk("VEVENT")


def test_a_meeting_requested_accepted_from_the_email_then_cancelled(
    open_page, run_worker, read_calendar, ecosystem_sectors
):
    edition = open_edition(title_en="Clusters meet Regions – Milan 2027")
    matchmaking = set_up_matchmaking(edition, tables=12)
    anna = participant(
        edition, first_name="Anna", last_name="Novak", organisation="Slovenian Wood Cluster"
    )
    marco = participant(
        edition,
        first_name="Marco",
        last_name="Colombo",
        organisation="Cluster Lombardo della Mobilità",
        language="it",
    )
    slot = matchmaking.blocks.all()[0].slots()[4]  # first afternoon, 15:20-15:40 in Milan

    # Anna, in English on a desktop, asks Marco for a meeting from his profile.
    a = open_page(anna.manage_url(), device=DESKTOP)
    with a.expect_navigation():  # her manage page's button signs her in
        a.get_by_role("button", name="Open the participants' area").click()
    a.goto(f"/{edition.slug}/participants/people/{marco.profile.pk}/")
    a.get_by_role("link", name="Request a meeting").click()
    a.get_by_label("15:20–15:40").check()
    a.get_by_label("Why would you like to meet?").fill("Timber for low-carbon mobility hubs?")
    with a.expect_navigation():
        a.get_by_role("button", name="Send the request").click()
    assert "Your request is sent to Marco Colombo" in a.inner_text("main")

    # Marco, in Italian on a phone, accepts from the link in his email.
    run_worker()
    email = next(m for m in mail.outbox if m.to == [marco.email])
    assert "Anna Novak chiede di incontrarvi" in email.subject
    assert anna.email not in email.body
    link = urlsplit(re.search(r"https?://\S+/participants/meetings/open/\S+/", email.body)[0])
    m = open_page(link.path, device=PHONE)
    with m.expect_navigation():
        m.get_by_role("button", name="Apri l'incontro").click()
    assert "Timber for low-carbon mobility hubs?" in m.inner_text("main")
    with m.expect_navigation():
        m.get_by_role("button", name="Accetta").click()
    assert "L'incontro è confermato" in m.inner_text("main")
    assert m.evaluate("document.documentElement.scrollWidth") <= 360

    # Both see it in My meetings, at the same table.
    table = Meeting.objects.get().table.name
    m.get_by_role("link", name="I miei incontri", exact=True).click()
    a.goto(f"/{edition.slug}/participants/meetings/")
    for page, other in ((a, "Marco Colombo"), (m, "Anna Novak")):
        row = page.locator(".meeting-schedule tbody tr")
        assert row.count() == 1
        assert row.locator(".meeting-table").inner_text() == table
        assert other in row.inner_text() and "15:20–15:40" in row.inner_text()
    run_worker()
    accepted = [
        message
        for message in mail.outbox
        if "Meeting with Marco Colombo confirmed" in message.subject
        or "Incontro con Anna Novak confermato" in message.subject
    ]
    assert {message.to[0] for message in accepted} == {anna.email, marco.email}
    assert all(message.attachments for message in accepted)

    # Both calendars hold it at the right instant.
    start = slot.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for page, registration in ((a, anna), (m, marco)):
        feed, [event] = calendars(page, registration)
        [read] = read_calendar(feed)["events"]
        assert read["start_utc"] == start and read["status"] == "CONFIRMED"
        assert event.decoded("dtstart") == slot.starts_at
    first_sequence = read["sequence"]

    # Anna cancels; both calendars show it cancelled, and Marco is told.
    a.get_by_role("link", name="Marco Colombo").click()
    with a.expect_navigation():
        a.get_by_role("button", name="Cancel this meeting").click()
    assert "Cancelled; Marco Colombo is told." in a.inner_text("main")
    for page, registration in ((a, anna), (m, marco)):
        feed, [event] = calendars(page, registration)
        [read] = read_calendar(feed)["events"]
        assert read["status"] == "CANCELLED" and read["sequence"] > first_sequence
        assert str(event["status"]) == "CANCELLED"
    run_worker()
    assert any(
        message.to == [marco.email] and "annullato" in message.subject for message in mail.outbox
    )
