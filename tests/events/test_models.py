import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Edition, Session
from tests.factories import ROME, make_edition, make_session, make_venue

pytestmark = pytest.mark.django_db


def test_session_ending_before_it_starts_is_refused_by_the_database():
    edition = make_edition()
    start = dt.datetime(2024, 3, 26, 10, tzinfo=ROME)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(edition, starts_at=start, ends_at=start - dt.timedelta(minutes=5))


def test_session_ending_before_it_starts_gets_a_message_on_the_end_field():
    edition = make_edition()
    session = make_session(edition)
    session.ends_at = session.starts_at - dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["ends_at"] == ["A session must end after it starts."]


def test_session_outside_the_edition_dates_gets_a_clear_message():
    edition = make_edition(start_date=dt.date(2024, 3, 26))
    session = make_session(edition)
    session.starts_at = dt.datetime(2024, 3, 29, 10, tzinfo=ROME)
    session.ends_at = dt.datetime(2024, 3, 29, 11, tzinfo=ROME)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["starts_at"] == [
        "The edition runs from 2024-03-26 to 2024-03-27; this session starts on 2024-03-29."
    ]


def test_session_late_in_the_evening_local_time_is_inside_the_edition():
    # 23:30 in Rome is already the next day in UTC; the check must use local dates.
    edition = make_edition(start_date=dt.date(2024, 3, 26))
    session = make_session(
        edition,
        starts_at=dt.datetime(2024, 3, 27, 23, 0, tzinfo=ROME),
        ends_at=dt.datetime(2024, 3, 28, 0, 0, tzinfo=ROME),
    )
    session.full_clean()


def test_session_slug_is_unique_within_an_edition_only():
    first, second = make_edition(), make_edition()
    make_session(first, slug="opening")
    make_session(second, slug="opening")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(first, slug="opening")


def test_edition_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(start_date=dt.date(2024, 3, 26), end_date=dt.date(2024, 3, 25))


def test_current_edition_is_the_next_upcoming_published_one():
    today = dt.date(2026, 11, 24)
    make_edition(slug="past", start_date=dt.date(2024, 3, 26))
    make_edition(slug="later", start_date=dt.date(2027, 9, 1))
    make_edition(slug="sooner", start_date=dt.date(2027, 3, 23))
    make_edition(slug="draft", start_date=dt.date(2027, 1, 10), is_published=False)
    assert Edition.objects.current(today).slug == "sooner"


def test_current_edition_falls_back_to_the_latest_past_one():
    today = dt.date(2026, 11, 24)
    make_edition(slug="older", start_date=dt.date(2023, 5, 1))
    make_edition(slug="latest", start_date=dt.date(2024, 3, 26))
    assert Edition.objects.current(today).slug == "latest"


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (dt.datetime(2024, 1, 31, 12, tzinfo=ROME), "not_yet_open"),
        (dt.datetime(2024, 2, 1, 9, tzinfo=ROME), "open"),
        (dt.datetime(2024, 3, 25, 23, 58, 59, tzinfo=ROME), "open"),
        (dt.datetime(2024, 3, 25, 23, 59, tzinfo=ROME), "closed"),
        (dt.datetime(2024, 3, 28, 0, 0, tzinfo=ROME), "over"),
    ],
)
def test_registration_state_follows_the_window_and_closes_the_evening_before(now, state):
    edition = make_edition(
        start_date=dt.date(2024, 3, 26),
        registration_opens_at=dt.datetime(2024, 2, 1, 9, tzinfo=ROME),
    )
    assert edition.registration_state(now) == state


def test_venue_address_and_map_link():
    venue = make_venue(name="Palazzo Lombardia")
    assert venue.full_address == (
        "Palazzo Lombardia, Piazza Città di Lombardia 1, 20124 Milano, Italy"
    )
    assert venue.map_url == (
        "https://www.openstreetmap.org/?mlat=45.4862&mlon=9.1957#map=17/45.4862/9.1957"
    )


def test_time_zone_must_be_an_iana_name():
    edition = make_edition()
    edition.time_zone = "Milan/Time"
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "time_zone" in error.value.message_dict


@pytest.mark.parametrize("slug", ["it", "en", "admin", "editions", "health", "language"])
def test_edition_slug_cannot_take_the_address_of_another_page(slug):
    edition = make_edition()
    edition.slug = slug
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert error.value.message_dict["slug"] == [f"“{slug}” is reserved for a page of the site."]


def test_sessions_of_an_unpublished_edition_are_not_published(client):
    draft = make_edition(is_published=False)
    session = make_session(draft, slug="hidden-talk")
    assert list(Session.objects.published()) == []
    assert session.is_published  # the session itself is ready; its edition is not
    assert "hidden-talk" not in client.get("/sitemap.xml").content.decode()
