"""Two app servers against one PostgreSQL and one Redis: no overbooking, no stale pages."""

import datetime as dt
import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from registrations.models import Registration, Seat
from tests.factories import make_registration, make_session, open_edition
from tests.helpers import database_url, free_port

REPO = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.serial]  # Redis database 12


def redis_database() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"SELECT 12\r\nFLUSHDB\r\n")
            sock.recv(100)
    except OSError:
        pytest.fail("Redis must run on 127.0.0.1:6379 for the two-server test (.ci/run starts it)")
    return "redis://127.0.0.1:6379/12"


@pytest.fixture(scope="module")
def running_servers(tmp_path_factory, django_db_setup):
    tmp_path = tmp_path_factory.mktemp("servers")
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_database(),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "REGISTRATION_RATE_LIMIT": "100000/60",
        # No worker warms pages here: a visitor renders a stale page at once.
        "STALE_GRACE_SECONDS": "0",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    servers, bases, logs = [], [], []
    for number in range(2):
        port = free_port()
        logs.append((tmp_path / f"server-{number}.log").open("w+"))
        servers.append(
            subprocess.Popen(
                [gunicorn, "--config", "gunicorn.conf.py"],
                cwd=REPO,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=logs[-1],
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            wait_for(base)
        yield bases, logs
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        for log in logs:
            log.close()


@pytest.fixture
def two_servers(running_servers):
    """The two servers, with the shared cache emptied as the test's database is."""
    bases, logs = running_servers
    redis_database()
    starts = [log.seek(0, 2) for log in logs]
    yield bases
    for log, start in zip(logs, starts, strict=True):  # shown when the test fails
        log.seek(start)
        print(f"--- {log.name}", log.read()[-5000:], sep="\n")


def wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{base} did not start")


class Browser:
    """A client with its own cookies, like one visitor."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str, headers: dict | None = None) -> tuple[int, dict, str]:
        try:
            with self.opener.open(urllib.request.Request(url, headers=headers or {})) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post_form(self, url: str, fields: dict) -> str:
        return self.post(url, fields, page=self.get(url)[2])

    def post(self, url: str, fields: dict, *, page: str) -> str:
        """Send the fields with the form token of a page this browser was shown."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True)
        request = urllib.request.Request(url, data=data.encode(), headers={"Referer": url})
        with self.opener.open(request) as response:
            return response.geturl()


def test_registrations_through_two_servers_never_exceed_capacity(two_servers):
    edition = open_edition()
    day = edition.days[0].isoformat()
    start = dt.datetime.combine(edition.start_date, dt.time(14), tzinfo=edition.tz)
    visit = make_session(edition, slug="visit", starts_at=start, capacity=5)

    def register(index: int) -> str:
        base = two_servers[index % 2]
        return Browser().post_form(
            f"{base}/{edition.slug}/register/",
            {
                "first_name": "Zoë",
                "last_name": f"Visitor {index}",
                "email": f"visitor{index}@example.org",
                "organisation": "AFIL",
                "country": "IT",
                "category": "company",
                "days": day,
                "sessions": str(visit.pk),
                "privacy_consent": "on",
            },
        )

    with ThreadPoolExecutor(max_workers=12) as pool:
        landed = list(pool.map(register, range(24)))
    assert all(url.endswith("/register/check-your-email/") for url in landed)

    tokens = list(
        Registration.objects.filter(edition=edition).values_list("confirmation_token", flat=True)
    )
    assert len(tokens) == 24

    def confirm(pair) -> str:
        index, token = pair
        url = f"{two_servers[index % 2]}/{edition.slug}/register/confirm/{token}/"
        return Browser().post_form(url, {})

    with ThreadPoolExecutor(max_workers=24) as pool:
        landed = list(pool.map(confirm, enumerate(tokens)))
    assert all("/my-registration/" in url for url in landed)
    assert Seat.objects.filter(session=visit, status="confirmed").count() == 5
    assert Seat.objects.filter(session=visit, status="waiting").count() == 19


def test_an_edit_through_one_server_shows_at_once_on_the_other(two_servers, django_user_model):
    first, second = two_servers
    edition = open_edition()
    session = make_session(edition, slug="opening", title_en="Opening", title_it="Apertura")
    django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-passphrase")

    visitor = Browser()
    status, headers, html = visitor.get(f"{second}/{edition.slug}/agenda/")
    assert status == 200
    assert ">Opening</a>" in html
    etag = headers["ETag"]
    assert visitor.get(f"{second}/{edition.slug}/agenda/", {"If-None-Match": etag})[0] == 304

    organiser = Browser()
    organiser.post_form(
        f"{first}/admin/login/?next=/admin/",
        {"username": "admin", "password": "a-long-passphrase", "next": "/admin/"},
    )
    local_start = session.local_starts_at
    landed = organiser.post_form(
        f"{first}/admin/events/session/{session.pk}/change/",
        {
            "edition": str(edition.pk),
            "title_en": "Opening plenary, moved",
            "title_it": "Apertura",
            "slug": "opening",
            "session_type": "plenary",
            "starts_at_0": local_start.date().isoformat(),
            "starts_at_1": "11:00",
            "ends_at_0": local_start.date().isoformat(),
            "ends_at_1": "12:00",
            "is_published": "on",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
            "appearances-MIN_NUM_FORMS": "0",
            "appearances-MAX_NUM_FORMS": "1000",
            "materials-TOTAL_FORMS": "0",
            "materials-INITIAL_FORMS": "0",
            "materials-MIN_NUM_FORMS": "0",
            "materials-MAX_NUM_FORMS": "1000",
        },
    )
    assert landed.endswith("/admin/events/session/")

    status, headers, html = visitor.get(f"{second}/{edition.slug}/agenda/", {"If-None-Match": etag})
    assert status == 200
    assert ">Opening plenary, moved</a>" in html
    assert "11:00–12:00" in html
    assert headers["ETag"] != etag


def test_signing_out_through_one_server_signs_out_on_the_other(two_servers):
    """Sessions are read from the shared cache: a copy one server kept must not outlive a
    sign-out made through the other."""
    first, second = two_servers
    edition = open_edition()
    registration = make_registration(edition, status="confirmed")
    person = Browser()
    manage_page = person.get(f"{first}{registration.manage_url()}")[2]
    person.post(
        f"{first}/{edition.slug}/participants/enter/",
        {"token": registration.manage_token},
        page=manage_page,
    )
    status, _, area = person.get(f"{second}/{edition.slug}/participants/")
    assert status == 200 and "My profile" in area

    person.post(f"{first}/{edition.slug}/participants/sign-out/", {}, page=area)
    status, _, area = person.get(f"{second}/{edition.slug}/participants/")
    assert "My profile" not in area and "Ask for a sign-in link" in area
