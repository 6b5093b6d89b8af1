"""My agenda for a registered participant: stars by plain forms, and the personal feed follows."""

import datetime as dt
import json

import pytest

from registrations.models import Seat
from tests.factories import make_registration, make_session, open_edition
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    edition = open_edition()
    first = edition.days[0]

    def at(hour: int, **fields):
        start = dt.datetime.combine(first, dt.time(hour), tzinfo=edition.tz)
        return make_session(
            edition, starts_at=start, ends_at=start + dt.timedelta(hours=1), **fields
        )

    sessions = {
        "opening": at(9, title="Opening plenary"),
        "panel": at(11, title="Panel on hydrogen"),
        "pitching": at(14, title="Pitching session"),
        "visit": at(16, title="Guided visit to MIND", capacity=10),
    }
    person = make_registration(edition, status="confirmed", days=[first])
    Seat.objects.create(registration=person, session=sessions["visit"], status="confirmed")
    return edition, person, sessions


def feed_titles(client, read_calendar, person) -> list[str]:
    calendar = read_calendar(client.get(person.calendar_url()).content)
    return sorted(event["summary"] for event in calendar["events"])


def star(client, page_url: str, session, starred: bool = True):
    html = client.get(page_url).content.decode()
    assert html.count(f'name="session" value="{session.pk}"') == 1
    data = {"session": str(session.pk)}
    if starred:
        data["star"] = "on"
    return client.post(page_url, data)


def test_starred_sessions_and_booked_places_are_exactly_the_personal_feed(
    client, programme, read_calendar
):
    edition, person, sessions = programme
    page_url = f"/{edition.slug}/my-registration/{person.manage_token}/my-agenda/"
    # Until the person stars a session, the feed holds their day, as before.
    assert feed_titles(client, read_calendar, person) == [
        "Guided visit to MIND",
        "Opening plenary",
        "Panel on hydrogen",
        "Pitching session",
    ]
    response = star(client, page_url, sessions["panel"])
    assert response.status_code == 302
    assert response["Location"] == f"{page_url}#session-{sessions['panel'].slug}"
    star(client, page_url, sessions["pitching"])
    assert feed_titles(client, read_calendar, person) == [
        "Guided visit to MIND",  # a booked place stays
        "Panel on hydrogen",
        "Pitching session",
    ]
    star(client, page_url, sessions["pitching"], starred=False)
    assert feed_titles(client, read_calendar, person) == [
        "Guided visit to MIND",
        "Panel on hydrogen",
    ]
    page = text_of(client.get(page_url))
    assert "Panel on hydrogen" in page and "In my agenda" in page
    assert "You hold a place on this session: it stays in your calendar." in page
    download = client.get(f"/{edition.slug}/my-registration/{person.manage_token}/my-data.json")
    data = json.loads(download.content)
    assert data["my_agenda"] == ["Panel on hydrogen"]


def test_stars_refuse_other_editions_sessions_and_unconfirmed_people(client, programme):
    edition, person, _sessions = programme
    page_url = f"/{edition.slug}/my-registration/{person.manage_token}/my-agenda/"
    elsewhere = make_session(open_edition(), title="Someone else's session")
    refused = client.post(page_url, {"session": str(elsewhere.pk), "star": "on"})
    assert refused.status_code == 400
    assert not person.starred.exists()
    waiting = make_registration(edition, status="pending")
    response = client.get(f"/{edition.slug}/my-registration/{waiting.manage_token}/my-agenda/")
    assert response.status_code == 302 and response["Location"] == waiting.manage_url()
    assert client.get(f"/{edition.slug}/my-registration/not-a-token/my-agenda/").status_code == 404
