import datetime as dt
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ROME, add_speaker, make_edition, make_session, make_speaker
from tests.helpers import SITE_URL, text_of

pytestmark = pytest.mark.django_db


def test_home_redirects_to_the_current_edition(client, milano):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/milano-2024/"


def test_edition_page_shows_every_fact_of_the_seed(client, milano):
    page = text_of(client.get("/milano-2024/"))
    facts = [
        "Clusters meet Regions – Milan 2024",
        "Workshop no. 15 of the Clusters meet Regions series",
        "Twin Transition: Italian ecosystems and the European agenda for sustainability",
        "The case of a complex industrial landscape: the Lombardy clusters",
        "26–27 March 2024",
        "time zone Europe/Rome",
        "Palazzo Lombardia, Piazza Città di Lombardia 1, 20124 Milano, Italy",
        "organised for the first time in Italy",
        "facilitate the exchange of good practices",
        "promote collaboration between clusters and local stakeholders",
        "the first of 2024 and the first ever held in Italy",
        "began in 2022",
        "Analyse the policy effectiveness of central-level strategies",
        "Focus on best practices and models by Italian and European regions",
        "Provide an opportunity to build networks and projects among participants.",
        "panel discussions with representatives of the European Commission, ministries, "
        "Regione Lombardia",
        "pitching sessions for start-ups and clusters",
        "a guided visit to MIND Milano Innovation District",
        "European Cluster Collaboration Platform (ECCP)",
        "AFIL – Associazione Fabbrica Intelligente Lombardia (AFIL)",
        "Lombardy Intelligent Factory Association",
        "Regione Lombardia",
        "Cluster Tecnologici Lombardi",
        "Aerospace, Agrifood, Green Chemistry, Energy, Advanced Manufacturing, Mobility, "
        "Life Sciences, Technologies for Smart Communities, Technologies for Living Spaces",
        "on behalf of the European Commission",
        "Andrea Mazzoleni",
        "Confindustria Bergamo",
        "+39 035 275 249",
        "a.mazzoleni@confindustriabergamo.it",
        "Over 160 participants from across Europe",
        "28 February 2024",
        "This event is over.",
    ]
    missing = [fact for fact in facts if fact not in page]
    assert missing == []


def test_seeded_programme_names_its_places_and_speakers(client, milano):
    agenda = text_of(client.get("/milano-2024/agenda/"))
    for fact in [
        "Tuesday 26 March 2024",
        "Wednesday 27 March 2024",
        "10:00–11:30 CET",
        "Smart Communities and the citizens' perspective on sustainability",
        "Sala Biagi (Nucleo 4, first floor), Palazzo Lombardia",
        "Layla Pavone, Comune di Milano",
        "Pierluigi Petrali, Digital Innovation Hub Lombardia",
        "Massimiliano Brigonzi, Mind the Bridge",
        "Beatrice Diano, Valore Italia",
        "Susy Longoni, Innovhub Stazioni Sperimentali per l'Industria",
        "Elisabetta Confalonieri, Regione Lombardia",
        "Christian Colombo, AFIL",
        "Gianluigi Viscardi, Cluster Fabbrica Intelligente",
        "Guided visit to MIND Milano Innovation District",
    ]:
        assert fact in agenda, fact
    speakers = text_of(client.get("/milano-2024/speakers/"))
    assert "General Manager for University, Research and Innovation, Regione Lombardia" in speakers
    venue = text_of(client.get("/milano-2024/venue/"))
    assert "MIND Milano Innovation District" in venue
    assert "Former Expo 2015 site" in venue


def test_edition_page_carries_event_json_ld(client, milano):
    html = client.get("/milano-2024/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2024-03-26T09:00:00+01:00"
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["location"]["address"]["streetAddress"] == "Piazza Città di Lombardia 1"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert [o["name"] for o in data["organizer"]] == [
        "European Cluster Collaboration Platform",
        "AFIL – Associazione Fabbrica Intelligente Lombardia",
        "Regione Lombardia",
    ]
    assert len(data["subEvent"]) == milano.sessions.count()
    assert '<meta property="og:title" content="Clusters meet Regions – Milan 2024">' in html
    assert '<meta name="description" content="On 26 and 27 March 2024' in html


def test_call_to_action_follows_the_registration_state(client):
    today = timezone.localdate()
    edition = make_edition(start_date=today + dt.timedelta(days=30))
    edition.links.create(kind="registration", label="Register", url="https://example.org/register")
    page = text_of(client.get(edition.get_absolute_url()))
    assert "Registration is open." in page
    edition.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    edition.save()
    assert "Registration is closed." in text_of(client.get(edition.get_absolute_url()))


def test_unpublished_editions_and_sessions_are_invisible(client):
    draft = make_edition(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    edition = make_edition()
    hidden = make_session(edition, title="Secret dinner", is_published=False)
    assert "Secret dinner" not in text_of(client.get(f"/{edition.slug}/agenda/"))
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert b"Secret dinner" not in client.get(f"/{edition.slug}/agenda.ics").content


def test_agenda_filters_by_day_and_type_without_javascript(client, milano):
    response = client.get("/milano-2024/agenda/", {"day": "2024-03-27", "type": "guided_visit"})
    page = text_of(response)
    assert "Guided visit to MIND Milano Innovation District" in page
    assert "Round table" not in page
    assert "Opening plenary" not in page
    day_two = text_of(client.get("/milano-2024/agenda/", {"day": "2024-03-27"}))
    assert "Round table: Smart Communities" in day_two
    assert "Opening plenary" not in day_two


def test_agenda_explains_a_filter_that_does_not_fit(client, milano):
    page = text_of(client.get("/milano-2024/agenda/", {"day": "2031-01-01"}))
    assert "That filter is not valid for this edition" in page


def test_agenda_marks_what_is_on_now_and_next(client):
    now = timezone.now()
    today_in_rome = timezone.localtime(now, ROME).date()
    edition = make_edition(
        start_date=today_in_rome - dt.timedelta(days=1),
        end_date=today_in_rome + dt.timedelta(days=1),
    )
    minutes = dt.timedelta(minutes=1)
    make_session(edition, title="Running", starts_at=now - 10 * minutes, ends_at=now + 20 * minutes)
    make_session(
        edition, title="Following", starts_at=now + 20 * minutes, ends_at=now + 50 * minutes
    )
    make_session(
        edition, title="Much later", starts_at=now + 60 * minutes, ends_at=now + 90 * minutes
    )
    html = client.get(f"/{edition.slug}/agenda/").content.decode()
    items = re.findall(
        r'<li class="session ([^"]*)"[^>]*>.*?<h3 class="session-title"><a [^>]*>([^<]+)',
        html,
        re.S,
    )
    marks = {title: classes.split() for classes, title in items}
    assert "is-now" in marks["Running"]
    assert "is-next" not in marks["Running"]
    assert "is-next" in marks["Following"]
    assert "is-now" not in marks["Much later"]
    assert "is-next" not in marks["Much later"]
    text = text_of(client.get(f"/{edition.slug}/agenda/"))
    assert "On now" in text
    # The strip at the top of the programme, before the first day.
    strip = text[text.index("During the event") : text.index(edition.days[0].strftime("%Y"))]
    assert "On now: Running" in strip
    assert "Up next" in strip and "Following" in strip
    assert "Much later" not in strip


def agenda_queries(client, sessions: int) -> int:
    edition = make_edition()
    for number in range(sessions):
        start = dt.datetime.combine(edition.start_date, dt.time(8), tzinfo=edition.tz)
        session = make_session(
            edition,
            starts_at=start + dt.timedelta(minutes=2 * number),
            ends_at=start + dt.timedelta(minutes=2 * number + 1),
        )
        add_speaker(session, make_speaker())
        add_speaker(session, make_speaker(), role="moderator")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{edition.slug}/agenda/")
    assert response.status_code == 200
    assert response.content.count(b'class="session-title"') == sessions
    return len(queries)


def test_agenda_queries_do_not_grow_with_the_number_of_sessions(client):
    assert agenda_queries(client, 3) == agenda_queries(client, 300)


def test_session_page_shows_speakers_place_and_calendar_links(client, milano):
    page = client.get("/milano-2024/sessions/round-table-smart-communities/")
    text = text_of(page)
    assert "Wednesday 27 March 2024, 10:00 – 11:30 CET (Europe/Rome)" in text
    assert "Sala Biagi (Nucleo 4, first floor), Palazzo Lombardia" in text
    assert "Layla Pavone (Panellist)" in text
    html = page.content.decode()
    assert 'href="/milano-2024/sessions/round-table-smart-communities.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20240327T090000Z%2F20240327T103000Z" in html


def test_edition_page_offers_download_and_subscription(client, milano):
    html = client.get("/milano-2024/").content.decode()
    assert 'href="/milano-2024/agenda.ics"' in html
    assert 'href="webcal://cmr.example.eu/milano-2024/agenda.ics"' in html


def test_archive_lists_published_editions_newest_first(client):
    make_edition(title="Older edition", start_date=dt.date(2023, 5, 1))
    make_edition(title="Newer edition", start_date=dt.date(2024, 3, 26))
    make_edition(title="Draft edition", start_date=dt.date(2025, 1, 1), is_published=False)
    page = text_of(client.get(reverse("events:archive")))
    assert "Draft edition" not in page
    assert page.index("Newer edition") < page.index("Older edition")


def test_missing_page_is_a_404_in_the_site_look(client, milano):
    response = client.get("/no-such-edition/")
    assert response.status_code == 404
    page = text_of(response)
    assert "Page not found" in page
    assert "Go to the current edition" in page


def test_sitemap_lists_editions_pages_and_sessions(client, milano):
    xml = client.get("/sitemap.xml").content.decode()
    for path in [
        "/milano-2024/",
        "/milano-2024/agenda/",
        "/milano-2024/venue/",
        "/milano-2024/sessions/guided-visit-mind/",
    ]:
        assert f"<loc>{SITE_URL}{path}</loc>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_the_admin_address_secret(client, settings):
    settings.ADMIN_URL = "backstage-7f3a/"
    body = client.get("/robots.txt").content.decode()
    assert body == f"User-agent: *\nDisallow:\nSitemap: {SITE_URL}/sitemap.xml\n"


def test_server_error_page_is_in_the_site_look_without_details(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/milano-2024/"))
    assert response.status_code == 500
    page = text_of(response)
    assert page.startswith("Something went wrong")
    assert "Please try again in a few minutes." in page
    assert "Traceback" not in page


def test_the_deadline_is_the_end_of_the_day_before_with_its_time_zone(client):
    edition = make_edition(start_date=dt.date(2031, 3, 25))  # Rome, winter time
    with time_machine.travel(dt.datetime(2031, 3, 1, tzinfo=ROME)):
        english = text_of(client.get(edition.get_absolute_url()))
        italian = text_of(client.get(f"/it{edition.get_absolute_url()}"))
        assert "Register by 24 March 2031, 23:59 CET." in english
        assert "24 marzo 2031, 23:59 CET" in italian
    with time_machine.travel(dt.datetime(2031, 3, 24, 23, 59, 30, tzinfo=ROME)):
        assert edition.registration_state() == "closed"
    with time_machine.travel(dt.datetime(2031, 3, 24, 23, 58, tzinfo=ROME)):
        assert edition.registration_state() == "open"


def test_every_page_of_an_edition_open_for_registration_calls_to_register(client):
    open_one = make_edition(start_date=timezone.localdate() + dt.timedelta(days=30))
    make_session(open_one, slug="opening")
    for path in ("", "agenda/", "speakers/", "venue/", "sessions/opening/"):
        html = client.get(f"/{open_one.slug}/{path}").content.decode()
        assert f'<li class="nav-register"><a href="/{open_one.slug}/register/">Register</a>' in html
    past = make_edition(start_date=dt.date(2024, 3, 26))
    assert "nav-register" not in client.get(f"/{past.slug}/agenda/").content.decode()


def test_provisional_times_are_marked_on_the_pages_and_in_calendars(client, milano):
    reported = milano.sessions.get(time_to_be_confirmed=False)
    assert reported.local_starts_at.strftime("%d %H:%M") == "27 10:00"
    agenda = client.get("/milano-2024/agenda/").content.decode()
    provisional = milano.sessions.filter(time_to_be_confirmed=True).count()
    assert agenda.count('class="badge tbc-badge">Time to be confirmed<') == provisional
    assert "Orario da confermare" in client.get("/it/milano-2024/agenda/").content.decode()
    assert "Time to be confirmed" not in text_of(client.get(reported.get_absolute_url()))
    feed = client.get("/milano-2024/agenda.ics").content.replace(b"\r\n ", b"").decode()
    assert feed.count("DESCRIPTION:Time to be confirmed.") == provisional
