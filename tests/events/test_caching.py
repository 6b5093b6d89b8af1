import datetime as dt
import gzip
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from common.page_cache import CachedPageMiddleware, page_key, render_lock_key
from events.services import save_session
from registrations.emails import NewLinks, queue_email
from tests.factories import (
    add_speaker,
    make_edition,
    make_registration,
    make_session,
    make_speaker,
    open_edition,
)
from tests.helpers import SITE_URL, text_of

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/milano-2024/",
    "/milano-2024/agenda/",
    "/milano-2024/agenda/?day=2024-03-27",
    "/milano-2024/sessions/guided-visit-mind/",
    "/milano-2024/speakers/",
    "/milano-2024/venue/",
    "/milano-2024/agenda.ics",
    "/milano-2024/sessions/guided-visit-mind.ics",
    "/it/milano-2024/agenda/",
    "/editions/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_repeat_visit_gets_304_not_modified(client, milano, path):
    first = client.get(path)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_an_organisers_edit_changes_the_page_and_its_etag_at_once(client, milano):
    first = client.get("/milano-2024/agenda/")
    session = milano.sessions.get(slug="guided-visit-mind")
    session.title = "Visit to MIND (new meeting point)"
    save_session(session=session)
    again = client.get("/milano-2024/agenda/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Visit to MIND (new meeting point)" in text_of(again)
    feed = client.get("/milano-2024/agenda.ics").content.decode()
    assert "Visit to MIND (new meeting point)" in feed


def test_a_cache_hit_runs_no_sql(client, milano, settings):
    settings.CONTENT_VERSION_CACHE_SECONDS = None  # as with Redis
    for path in PUBLIC_PAGES:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert [q["sql"] for q in queries] == [], path


def test_unknown_query_parameters_are_served_the_cached_page(client, milano, settings):
    settings.CONTENT_VERSION_CACHE_SECONDS = None  # as with Redis
    canonical = client.get("/milano-2024/agenda.ics")
    with CaptureQueriesContext(connection) as queries:
        tagged = client.get("/milano-2024/agenda.ics?utm_source=newsletter&n=42")
    assert queries.captured_queries == []  # not rendered again
    assert tagged.content == canonical.content
    assert tagged["ETag"] == canonical["ETag"]
    # A calendar polling a tagged URL still gets 304 Not Modified.
    polled = client.get("/milano-2024/agenda.ics?utm_source=x", HTTP_IF_NONE_MATCH=tagged["ETag"])
    assert polled.status_code == 304

    # Cache-busters neither force a render nor reach the page.
    plain = client.get("/milano-2024/agenda/")
    with CaptureQueriesContext(connection) as queries:
        for number in range(20):
            busted = client.get(f"/milano-2024/agenda/?cache-buster={number}")
            assert busted.content == plain.content
    assert queries.captured_queries == []


def test_agenda_filters_are_cached_apart_and_invalid_ones_not_at_all(client, milano, settings):
    settings.CONTENT_VERSION_CACHE_SECONDS = None
    cache.clear()
    day_two = client.get("/milano-2024/agenda/?day=2024-03-27")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/milano-2024/agenda/?type=&day=2024-03-27&utm_medium=email")
    assert queries.captured_queries == []
    assert again.content == day_two.content
    assert "Guided visit to MIND" in text_of(day_two)
    assert "Registration and welcome coffee" not in text_of(day_two)

    invalid = client.get("/milano-2024/agenda/?day=1999-01-01")
    assert invalid.status_code == 200
    assert "That filter is not valid for this edition" in text_of(invalid)
    assert "no-store" in invalid["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        client.get("/milano-2024/agenda/?day=1999-01-01")
    assert queries.captured_queries != []  # rendered again: it was not kept


def test_with_the_page_cache_off_every_request_renders(client, milano, settings):
    cached = client.get("/milano-2024/agenda/")  # stored while the cache is on
    settings.PAGE_CACHE_SECONDS = 0
    for path in ("/milano-2024/agenda/", "/milano-2024/venue/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert len(queries.captured_queries) >= 3, path
    assert response.status_code == 200
    settings.PAGE_CACHE_SECONDS = 86400
    with CaptureQueriesContext(connection) as queries:
        client.get("/milano-2024/venue/")
    assert queries.captured_queries != []  # nothing was kept while the cache was off
    fresh = client.get("/milano-2024/agenda/")
    assert fresh.content == cached.content
    assert client.get("/milano-2024/agenda/", HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304


def test_pages_are_sent_gzipped_to_clients_that_accept_it(client, milano):
    plain = client.get("/milano-2024/agenda/")
    zipped = client.get("/milano-2024/agenda/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3
    assert zipped["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert "Accept-Encoding" in zipped["Vary"]
    ics = client.get("/milano-2024/agenda.ics", HTTP_ACCEPT_ENCODING="gzip")
    assert ics["Content-Encoding"] == "gzip"
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"


def test_pages_with_a_form_are_neither_cached_nor_compressed(client):
    edition = open_edition()
    response = client.get(f"/{edition.slug}/register/", HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Content-Encoding")
    assert not response.has_header("ETag")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_edition_page_follows_the_registration_window_while_cached(client):
    edition = make_edition(start_date=timezone.localdate() + dt.timedelta(days=30))
    edition.registration_closes_at = timezone.now() + dt.timedelta(seconds=1)
    edition.save()
    assert "Registration is open." in text_of(client.get(edition.get_absolute_url()))
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=2)):
        assert "Registration is closed." in text_of(client.get(edition.get_absolute_url()))


def page_queries(client, path_for, sessions: int) -> int:
    edition = make_edition()
    start = dt.datetime.combine(edition.start_date, dt.time(8), tzinfo=edition.tz)
    made = []
    for number in range(sessions):
        session = make_session(
            edition,
            starts_at=start + dt.timedelta(minutes=2 * number),
            ends_at=start + dt.timedelta(minutes=2 * number + 1),
            place=None,
        )
        add_speaker(session, make_speaker())
        add_speaker(session, make_speaker(), role="moderator")
        made.append(session)
    edition.objectives.create(text="Build networks")
    edition.contacts.create(name="Andrea", email="a@example.org")
    path = path_for(edition, made[-1])
    with CaptureQueriesContext(connection) as queries:
        body = client.get(path).content.decode()
    # The page really shows this edition, and its whole programme where it lists one.
    assert edition.title in body
    if path != "/editions/":
        assert made[-1].title in body
    return len(queries)


@pytest.mark.parametrize(
    "path_for",
    [
        lambda edition, session: edition.get_absolute_url(),
        lambda edition, session: f"/{edition.slug}/speakers/",
        lambda edition, session: f"/{edition.slug}/venue/",
        lambda edition, session: f"/{edition.slug}/agenda.ics",
        lambda edition, session: session.get_absolute_url(),
        lambda edition, session: "/editions/",
    ],
    ids=["edition", "speakers", "venue", "ics", "session", "archive"],
)
def test_queries_per_page_do_not_grow_with_the_programme(client, path_for):
    assert page_queries(client, path_for, 3) == page_queries(client, path_for, 300)


def test_static_files_are_precompressed_and_cached_for_ever(client):
    path = staticfiles_storage.url("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", path)
    for encoding in ("br", "gzip"):
        response = client.get(path, HTTP_ACCEPT_ENCODING=encoding)
        assert response["Content-Encoding"] == encoding
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]


def test_agenda_first_visit_weighs_under_100_kb_compressed(client, milano):
    from django.conf import settings

    response = client.get("/milano-2024/agenda/", HTTP_ACCEPT_ENCODING="gzip, br")
    html = gzip.decompress(response.content).decode()
    total = len(response.content)
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert any(asset.endswith(".css") for asset in assets)
    for asset in assets:
        compressed = settings.STATIC_ROOT / f"{asset}.br"
        total += (
            (compressed if compressed.exists() else settings.STATIC_ROOT / asset).stat().st_size
        )
    assert total < 100_000


def test_a_cached_page_with_the_database_down_says_try_again(client, milano, database_down):
    from common.page_cache import VERSION_KEY

    assert "Guided visit to MIND" in text_of(client.get("/milano-2024/agenda/"))
    cache.delete(VERSION_KEY)  # the version must be read again, from the database
    with database_down():
        response = client.get("/milano-2024/agenda/")
    assert response.status_code == 503
    assert "Please try again shortly" in text_of(response)


def test_one_visitors_host_or_query_never_reaches_other_visitors(client, milano):
    """A first request with an odd Host or a campaign tag must not shape the cached page."""
    for path in (
        "/milano-2024/",
        "/milano-2024/agenda/",
        "/milano-2024/sessions/guided-visit-mind/",
    ):
        assert client.get(f"{path}?utm_source=x").status_code == 200
        client.get(path, HTTP_HOST="localhost:31337")
        client.get(f"{path}?utm_source=x", HTTP_HOST="localhost:31337")
    client.get("/milano-2024/agenda.ics", HTTP_HOST="localhost:31337")
    for path in [
        "/milano-2024/",
        "/milano-2024/agenda/",
        "/milano-2024/sessions/guided-visit-mind/",
        "/milano-2024/agenda.ics",
    ]:
        body = client.get(path).content.decode()
        assert "31337" not in body and "localhost" not in body, path
        assert "utm_source" not in body, path
    page = client.get("/milano-2024/").content.decode()
    assert f'<link rel="canonical" href="{SITE_URL}/milano-2024/">' in page
    assert f'hreflang="it" href="{SITE_URL}/it/milano-2024/"' in page
    assert 'href="webcal://cmr.example.eu/milano-2024/agenda.ics"' in page
    assert "?next=/milano-2024/" in page.replace("%2F", "/")
    feed = client.get("/milano-2024/agenda.ics").content.decode().replace("\r\n ", "")
    assert f"URL:{SITE_URL}/milano-2024/\r\n" in feed


def test_cached_pages_go_only_to_the_sites_own_host_names(client, milano):
    assert client.get("/milano-2024/").status_code == 200  # now cached
    assert client.get("/milano-2024/", HTTP_HOST="attacker.example").status_code == 400


def test_repeated_filter_values_share_the_validated_pages_cache_entry(client, milano, settings):
    settings.CONTENT_VERSION_CACHE_SECONDS = None  # as with Redis
    plain = client.get("/milano-2024/agenda/?day=2024-03-27")
    assert "Guided visit" in text_of(plain)
    for junk in ["x1", "x2", "2099-01-01"]:
        with CaptureQueriesContext(connection) as queries:
            again = client.get(f"/milano-2024/agenda/?day={junk}&day=2024-03-27")
        assert len(queries) == 0, junk  # no render: the page of the value the view reads
        assert again.content == plain.content


def test_weak_and_listed_etags_from_proxies_get_304(client, milano):
    first = client.get("/milano-2024/agenda/")
    strong = first["ETag"]
    assert client.get("/milano-2024/agenda/", HTTP_IF_NONE_MATCH=f"W/{strong}").status_code == 304
    listed = f'"other", W/{strong}'
    assert client.get("/milano-2024/agenda/", HTTP_IF_NONE_MATCH=listed).status_code == 304
    # RFC 9110: If-Match needs a strong match; a failed precondition is 412.
    assert client.get("/milano-2024/agenda/", HTTP_IF_MATCH='"nope"').status_code == 412


class SlowRenders:
    """Counts renders of a template; the first one is held back so that requests overlap."""

    def __init__(self, template: str, hold: float = 0.4):
        self.template, self.hold, self.count = template, hold, 0
        self.lock = threading.Lock()

    def __call__(self, sender, template, **kwargs):
        if template.name != self.template:
            return
        with self.lock:
            self.count += 1
            first = self.count == 1
        if first:
            time.sleep(self.hold)


@pytest.fixture
def slow_agenda_renders():
    from django.test.signals import template_rendered

    renders = SlowRenders("events/agenda.html")
    template_rendered.connect(renders)
    yield renders
    template_rendered.disconnect(renders)


def get_at_once(paths: list[str]) -> list:
    from django.db import connection as thread_connection
    from django.test import Client

    barrier = threading.Barrier(len(paths))

    def get(path):
        try:
            barrier.wait()
            return Client().get(path)
        finally:
            thread_connection.close()

    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        return list(pool.map(get, paths))


@pytest.mark.django_db(transaction=True)
def test_a_stale_page_is_rendered_once_and_others_get_the_previous_copy(
    client, settings, slow_agenda_renders
):
    settings.CONTENT_VERSION_CACHE_SECONDS = None  # as with Redis
    edition = make_edition(title="Edition")
    session = make_session(edition, title="Opening plenary")
    path = f"/{edition.slug}/agenda/"
    assert "Opening plenary" in text_of(client.get(path))
    slow_agenda_renders.count = 0

    session.title = "Opening plenary (new room)"
    save_session(session=session)  # the cached agenda is now stale
    first, second = get_at_once([path, path])

    assert slow_agenda_renders.count == 1  # one render for two requests
    assert (first.status_code, second.status_code) == (200, 200)
    pages = [text_of(response) for response in (first, second)]
    # The renderer's page is new; the other request got the previous copy at once.
    assert sorted("Opening plenary (new room)" in page for page in pages) == [False, True]
    assert all("Opening plenary" in page for page in pages)
    # After the render, everyone gets the new page.
    assert "Opening plenary (new room)" in text_of(client.get(path))
    assert slow_agenda_renders.count == 1


@pytest.mark.django_db(transaction=True)
def test_a_cold_page_is_rendered_once_for_all_waiting_requests(settings, slow_agenda_renders):
    settings.CONTENT_VERSION_CACHE_SECONDS = None
    edition = make_edition()
    make_session(edition, title="Opening plenary")
    path = f"/{edition.slug}/agenda/"
    responses = get_at_once([path] * 4)
    assert slow_agenda_renders.count == 1
    assert [r.status_code for r in responses] == [200] * 4
    assert len({r.content for r in responses}) == 1


def test_a_crashed_renderers_lock_expires(client, milano, settings):
    settings.RENDER_LOCK_SECONDS = 0.3
    with translation.override("en"):
        lock = render_lock_key("/milano-2024/venue/")
    cache.add(lock, 1, timeout=settings.RENDER_LOCK_SECONDS)  # a renderer that died
    response = client.get("/milano-2024/venue/")
    assert response.status_code == 200
    assert "Palazzo Lombardia" in text_of(response)


def test_after_an_edit_the_worker_warms_the_edited_editions_pages(
    client, milano, settings, run_worker, django_capture_on_commit_callbacks
):
    settings.CONTENT_VERSION_CACHE_SECONDS = None
    settings.STALE_GRACE_SECONDS = 2  # as in production
    for path in ("/milano-2024/", "/milano-2024/agenda/", "/it/milano-2024/agenda/"):
        client.get(path)
    session = milano.sessions.get(slug="guided-visit-mind")
    session.title_en = "Visit to MIND (new meeting point)"
    with django_capture_on_commit_callbacks(execute=True):
        save_session(session=session)
    # Right after the edit, visitors get the previous copy at once and render nothing.
    with CaptureQueriesContext(connection) as queries:
        previous = client.get("/milano-2024/agenda/")
    assert previous.status_code == 200
    assert "Guided visit to MIND" in text_of(previous)
    assert "new meeting point" not in text_of(previous)
    assert not any("events_session" in q["sql"] for q in queries.captured_queries)
    run_worker()
    for path in ("/milano-2024/", "/milano-2024/agenda/", "/it/milano-2024/agenda/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert queries.captured_queries == [], path  # a warm copy: no render
        assert response.status_code == 200
    page = gzip.decompress(client.get("/milano-2024/agenda/", HTTP_ACCEPT_ENCODING="gzip").content)
    assert "Visit to MIND (new meeting point)" in page.decode()


def test_warming_pages_has_a_queue_of_its_own_that_emails_never_hold_up(
    client, milano, settings, run_worker, django_capture_on_commit_callbacks, mailoutbox
):
    """Operators run one worker per queue, the emails' below the web's priority
    (docs/operations.md): each queue's worker does its own work and leaves the other's."""
    settings.CONTENT_VERSION_CACHE_SECONDS = None
    settings.STALE_GRACE_SECONDS = 2
    client.get("/milano-2024/agenda/", HTTP_ACCEPT_ENCODING="gzip")
    with translation.override("en"):
        previous_copy = cache.get(page_key("/milano-2024/agenda/", "gzip"))
    assert previous_copy
    registration = make_registration(milano, email="ada@example.org")
    session = milano.sessions.get(slug="guided-visit-mind")
    session.title_en = "Visit to MIND (new meeting point)"
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(registration, NewLinks)
        save_session(session=session, tell_attendees=False)

    run_worker(queue_name="default")
    assert [message.to for message in mailoutbox] == [["ada@example.org"]]
    with translation.override("en"):
        assert cache.get(page_key("/milano-2024/agenda/", "gzip")) == previous_copy  # not warmed

    run_worker(queue_name="pages")
    assert len(mailoutbox) == 1
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/milano-2024/agenda/", HTTP_ACCEPT_ENCODING="gzip")
    assert queries.captured_queries == []  # warmed: no render
    assert "new meeting point" in gzip.decompress(page.content).decode()


def test_in_the_grace_after_an_edit_the_previous_copy_is_answered_before_the_stack(
    client, milano, settings, rf
):
    """Readers in that moment all get the same previous copy: none of them need a session,
    CSRF, URL routing or the view to be told so."""
    settings.STALE_GRACE_SECONDS = 2
    client.get("/milano-2024/agenda/")  # the copy
    session = milano.sessions.get(slug="guided-visit-mind")
    session.title_en = "Visit to MIND (new meeting point)"
    save_session(session=session)
    reached = []

    def rest_of_the_stack(request):
        reached.append(request.path)
        return HttpResponse("rendered")

    middleware = CachedPageMiddleware(rest_of_the_stack)
    with translation.override("en"):
        previous = middleware(rf.get("/milano-2024/agenda/"))
        assert reached == []
        assert "Guided visit to MIND" in previous.content.decode()
        with time_machine.travel(dt.timedelta(seconds=3)):  # the grace is over
            middleware(rf.get("/milano-2024/agenda/"))
    assert reached == ["/milano-2024/agenda/"]
