import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Session
from tests.factories import ROME, make_edition, make_place, make_session, make_venue
from tests.helpers import errors_of, form_data, text_of

pytestmark = pytest.mark.django_db


def session_form(edition, **overrides) -> dict:
    data = {
        "edition": str(edition.pk),
        "title_en": "Pitching session",
        "title_it": "Sessione di pitching",
        "slug": "pitching",
        "session_type": "pitching",
        "starts_at_0": "2024-03-26",
        "starts_at_1": "14:00",
        "ends_at_0": "2024-03-26",
        "ends_at_1": "15:30",
        "description": "",
        "is_published": "on",
        "tell_attendees": "on",  # ticked, as the form starts
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    return data | overrides


def pitching_session(edition):
    """The session that `session_form` describes, as stored before an organiser edits it."""
    return make_session(
        edition,
        slug="pitching",
        title_en="Pitching session",
        title_it="Sessione di pitching",
        session_type="pitching",
        starts_at=dt.datetime(2024, 3, 26, 14, tzinfo=ROME),
        ends_at=dt.datetime(2024, 3, 26, 15, 30, tzinfo=ROME),
    )


def test_session_times_are_entered_in_the_editions_local_time(admin_client):
    edition = make_edition(time_zone="Europe/Rome")
    response = admin_client.post(reverse("admin:events_session_add"), session_form(edition))
    assert response.status_code == 302, errors_of(response)
    session = Session.objects.get(slug="pitching")
    assert session.starts_at == dt.datetime(2024, 3, 26, 14, 0, tzinfo=ROME)
    assert session.starts_at.astimezone(dt.UTC).hour == 13


def test_session_times_are_shown_in_the_editions_local_time_and_labelled(admin_client):
    edition = make_edition(time_zone="Europe/Lisbon", start_date=dt.date(2024, 6, 4))
    session = make_session(
        edition,
        starts_at=dt.datetime(2024, 6, 4, 9, 0, tzinfo=edition.tz),
        ends_at=dt.datetime(2024, 6, 4, 10, 0, tzinfo=edition.tz),
    )
    html = admin_client.get(
        reverse("admin:events_session_change", args=[session.pk])
    ).content.decode()
    assert 'name="starts_at_1" value="09:00:00"' in html
    assert "Local time in Europe/Lisbon." in html


def test_admin_explains_a_session_that_ends_before_it_starts(admin_client):
    edition = make_edition()
    response = admin_client.post(
        reverse("admin:events_session_add"), session_form(edition, ends_at_1="13:00")
    )
    assert response.status_code == 200
    assert "A session must end after it starts." in errors_of(response)
    assert not Session.objects.exists()


def test_admin_explains_a_session_outside_the_edition(admin_client):
    edition = make_edition(start_date=dt.date(2024, 3, 26))
    response = admin_client.post(
        reverse("admin:events_session_add"),
        session_form(edition, starts_at_0="2024-04-02", ends_at_0="2024-04-02"),
    )
    assert (
        "The edition runs from 2024-03-26 to 2024-03-27; this session starts on 2024-04-02."
        in errors_of(response)
    )
    assert not Session.objects.exists()


def test_moving_a_session_in_the_admin_raises_its_calendar_revision(admin_client):
    edition = make_edition()
    session = pitching_session(edition)
    url = reverse("admin:events_session_change", args=[session.pk])
    response = admin_client.post(url, session_form(edition, starts_at_1="15:00", ends_at_1="16:30"))
    assert response.status_code == 302, errors_of(response)
    session.refresh_from_db()
    assert session.sequence == 1
    assert session.starts_at == dt.datetime(2024, 3, 26, 15, tzinfo=ROME)
    # Saving again without changes leaves the revision alone.
    admin_client.post(url, session_form(edition, starts_at_1="15:00", ends_at_1="16:30"))
    session.refresh_from_db()
    assert session.sequence == 1


def test_session_list_filters_by_day_in_local_time(admin_client, milano):
    url = reverse("admin:events_session_changelist")
    html = admin_client.get(url, {"edition": milano.pk, "day": "2024-03-27"}).content.decode()
    assert "Guided visit to MIND Milano Innovation District" in html
    assert "Opening plenary" not in html
    assert "Wed 27 Mar 2024, 14:30 CET" in html


def test_session_search_finds_sessions_by_speaker(admin_client, milano):
    html = admin_client.get(
        reverse("admin:events_session_changelist"), {"q": "Pavone"}
    ).content.decode()
    assert "Round table: Smart Communities" in html
    assert "Opening plenary" not in html


def test_every_admin_page_of_the_programme_opens(admin_client, milano):
    session = milano.sessions.get(slug="round-table-smart-communities")
    for url in [
        reverse("admin:events_edition_change", args=[milano.pk]),
        reverse("admin:events_session_change", args=[session.pk]),
        reverse("admin:events_venue_changelist"),
        reverse("admin:events_speaker_changelist"),
        reverse("admin:events_edition_add"),
        reverse("admin:events_session_add"),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    html = admin_client.get(
        reverse("admin:events_edition_change", args=[milano.pk])
    ).content.decode()
    assert "Analyse the policy effectiveness" in html
    # Each text is entered once per language.
    assert 'name="title_it" value="Clusters meet Regions – Milano 2024"' in html
    assert "Analizzare l&#x27;efficacia delle politiche" in html
    assert "a.mazzoleni@confindustriabergamo.it" in html
    assert 'href="/admin/r/' in html  # "View on site"


def admin_list_queries(admin_client, url: str, make_rows, rows: int) -> int:
    make_rows(rows)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url, {"edition": "all"})
    assert response.context["cl"].result_count == rows
    return len(queries)


def sessions_in_new_editions(rows: int) -> None:
    for _ in range(rows):
        make_session(make_edition(venue=make_venue()))  # each at its edition's own main venue


def test_session_list_queries_do_not_grow_with_its_rows(admin_client):
    url = reverse("admin:events_session_changelist")
    few = admin_list_queries(admin_client, url, sessions_in_new_editions, 2)
    Session.objects.all().delete()
    many = admin_list_queries(admin_client, url, sessions_in_new_editions, 30)
    assert few == many


def test_renaming_a_session_in_either_language_raises_its_revision(admin_client):
    edition = make_edition()
    session = pitching_session(edition)
    url = reverse("admin:events_session_change", args=[session.pk])
    response = admin_client.post(
        url, session_form(edition, title_it="Sessione di pitching delle start-up")
    )
    assert response.status_code == 302, errors_of(response)
    session.refresh_from_db()
    assert (session.title_it, session.sequence) == ("Sessione di pitching delle start-up", 1)
    admin_client.post(url, session_form(edition, title_en="Start-up pitching"))
    session.refresh_from_db()
    assert session.sequence == 2


def test_changing_the_editions_time_zone_keeps_the_sessions_clock_times(admin_client):
    edition = make_edition(time_zone="Europe/Rome")
    session = make_session(
        edition,
        starts_at=dt.datetime(2024, 3, 26, 9, 30, tzinfo=ROME),
        ends_at=dt.datetime(2024, 3, 26, 11, tzinfo=ROME),
    )
    url = reverse("admin:events_edition_change", args=[edition.pk])
    data = form_data(admin_client.get(url).content.decode(), "edition_form")
    response = admin_client.post(url, data | {"time_zone": "Europe/London"})
    assert response.status_code == 302, errors_of(response)
    session.refresh_from_db()
    london = zoneinfo.ZoneInfo("Europe/London")
    assert session.starts_at == dt.datetime(2024, 3, 26, 9, 30, tzinfo=london)
    assert session.ends_at == dt.datetime(2024, 3, 26, 11, tzinfo=london)
    assert session.sequence == 1  # a new instant: calendars update


def test_the_add_session_form_names_the_current_editions_time_zone(admin_client, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    edition = make_edition(time_zone="Europe/Lisbon", start_date=dt.date(2031, 6, 4))
    html = admin_client.get(reverse("admin:events_session_add")).content.decode()
    assert "Local time in Europe/Lisbon." in html
    assert f'<option value="{edition.pk}" selected>' in html


def test_moving_a_session_in_the_admin_leaves_the_emails_to_the_worker(
    admin_client, django_capture_on_commit_callbacks, run_worker
):
    from django.core import mail

    from outbox.models import Email
    from tests.factories import make_registration

    edition = make_edition()
    session = pitching_session(edition)
    for number in range(3):
        make_registration(edition, status="confirmed", email=f"p{number}@example.org")
    url = reverse("admin:events_session_change", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, session_form(edition, starts_at_1="15:00", ends_at_1="16:30")
        )
    assert response.status_code == 302, errors_of(response)
    assert not Email.objects.exists()  # the organiser's save wrote no email
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.org" for n in range(3)]


def test_the_sessions_list_opens_on_the_current_edition(admin_client, milano):
    older = make_edition(start_date=dt.date(2023, 5, 2))
    make_session(older, title="A session of 2023")
    url = reverse("admin:events_session_changelist")
    current = admin_client.get(url).content.decode()
    assert "Round table: Smart Communities" in current
    assert "A session of 2023" not in current
    every = admin_client.get(url, {"edition": "all"}).content.decode()
    assert "A session of 2023" in every


def test_a_session_overlapping_another_at_the_same_place_is_flagged(admin_client):
    edition = make_edition()
    room = make_place(make_venue(), name="Sala Biagi")
    other = make_session(
        edition,
        title="Workshop A",
        place=room,
        starts_at=dt.datetime(2024, 3, 26, 14, 30, tzinfo=ROME),
        ends_at=dt.datetime(2024, 3, 26, 16, tzinfo=ROME),
    )
    session = pitching_session(edition)
    session.place = room
    session.save()
    url = reverse("admin:events_session_change", args=[session.pk])
    data = session_form(edition, place=str(room.pk))
    response = admin_client.post(url, data, follow=True)
    warning = next(str(m) for m in response.context["messages"] if "overlaps" in str(m))
    assert warning == (
        f"“Pitching session” overlaps “{other.title}” (14:30–16:00) at the same place. "
        "Parallel sessions need different rooms: please check."
    )


def test_the_admin_speaks_italian_after_the_language_switch_and_writes_dates_as_europe_does(
    admin_client, milano
):
    url = reverse("admin:events_edition_changelist")
    assert "26 March 2024" in admin_client.get(url).content.decode()
    admin_client.get(reverse("switch_language", args=["it"]), {"next": url})
    html = admin_client.get(url).content.decode()
    assert "Scegli edizione da modificare" in html
    assert "26 marzo 2024" in html and "Marzo" not in html


def test_titles_and_subjects_refuse_line_breaks_and_invisible_characters(admin_client):
    """A line break in a title once made every email naming it fail at sending time."""
    from messaging.models import Announcement

    edition = make_edition()
    url = reverse("admin:events_edition_change", args=[edition.pk])
    data = form_data(admin_client.get(url).content.decode(), "edition_form")
    for title, error in [
        ("Milan\r\n2027", "Please write this on one line."),
        ("Milan \u202e7202", "This text contains an invisible formatting character"),
    ]:
        refused = admin_client.post(url, data | {"title_en": title})
        assert refused.status_code == 200 and error in text_of(refused)
    edition.refresh_from_db()
    assert edition.title_en.startswith("Edition")  # nothing saved

    announcement = admin_client.post(
        reverse("admin:messaging_announcement_add"),
        {"edition": edition.pk, "subject_en": "Bus\nat 9", "subject_it": "Pullman",
         "body_en": "Hi", "body_it": "Ciao", "audience": "registrants", "checked_in": ""},
    )  # fmt: skip
    assert "Please write this on one line." in text_of(announcement)
    assert "Hi" in text_of(announcement)  # what was typed is kept
    assert not Announcement.objects.exists()
