"""Production settings and the headers, cookies and limits that protect the public site."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from common.log_redaction import RedactingFilter, redact
from tests.factories import open_edition, registration_form
from tests.helpers import CountingPasswordHasher, free_port, text_of

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SECRET_KEY": "k3#9vQ!x2Lr@8mZp$7wT&5nB^1cY*4hJ%6fD(0sG)eR_uI+oP=aS-dF[gH]jK{lZ}",
    "DJANGO_ALLOWED_HOSTS": "clusters-meet-regions.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "EMAIL_HOST": "smtp.example.org",
    "DJANGO_ENV_FILE": "",  # production has no development .env, whatever this checkout has
}


def test_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_security_headers_on_every_kind_of_response(client, milano):
    for path in ["/milano-2024/", "/milano-2024/agenda.ics", "/milano-2024/register/", "/nope/"]:
        response = client.get(path, secure=True)
        assert response["Content-Security-Policy"] == (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        ), path
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https(client, milano, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/milano-2024/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/milano-2024/"


def test_pages_have_no_inline_scripts_or_styles_and_no_third_party_assets(client, milano):
    for path in [
        "/milano-2024/",
        "/milano-2024/agenda/",
        "/milano-2024/register/",
        "/it/editions/",
    ]:
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all("src=" in attrs or 'type="application/ld+json"' in attrs for attrs in scripts)
        assert " style=" not in html
        assert "<style" not in html
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            if url.startswith(("http://", "https://")) and re.search(
                r"\.(css|js|woff2?|png|svg)", url
            ):
                assert url.startswith("https://cmr.example.eu/"), url


def test_cookies_are_secure_and_http_only(client):
    edition = open_edition()
    response = client.get(f"/{edition.slug}/register/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
    switch = client.get(reverse("switch_language", args=["it"]), secure=True)
    assert switch.cookies["language"]["httponly"]
    assert switch.cookies["language"]["secure"]
    assert switch.cookies["language"]["samesite"] == "Lax"


def test_admin_login_locks_out_after_repeated_failures(client, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(
        "organiser", password="right-horse-battery", is_staff=True
    )
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "organiser", "password": "wrong"}).status_code
        for _ in range(4)
    ]
    # The third failure is the last one checked: it already answers with the lockout page.
    assert statuses == [200, 200, 429, 429]
    # Even the right password waits until the window has passed.
    right = client.post(url, {"username": "organiser", "password": "right-horse-battery"})
    assert right.status_code == 429
    assert "Too many attempts" in text_of(right)


def login(client, username: str, password: str, *, via_proxy_for: str = "", address: str = ""):
    headers = {"REMOTE_ADDR": address or "127.0.0.1"}
    if via_proxy_for:
        headers["HTTP_X_FORWARDED_FOR"] = via_proxy_for
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **headers
    )


def test_admin_lockout_counts_the_client_behind_the_proxy_not_the_proxy(
    client, django_user_model, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.AXES_FAILURE_LIMIT = 5
    django_user_model.objects.create_user("giulia", password="giulias-passphrase", is_staff=True)
    for number in range(5):  # an attacker tries five accounts from one address
        login(client, f"guess{number}", "wrong", via_proxy_for="203.0.113.7")
    assert login(client, "giulia", "x", via_proxy_for="203.0.113.7").status_code == 429
    # Giulia, behind the same proxy from her own address, still gets in.
    ok = login(client, "giulia", "giulias-passphrase", via_proxy_for="198.51.100.20")
    assert ok.status_code == 302


def test_admin_lockout_is_per_account_as_well_as_per_address(client, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 5
    django_user_model.objects.create_user("giulia", password="giulias-passphrase", is_staff=True)
    django_user_model.objects.create_user("luca", password="lucas-passphrase-x", is_staff=True)
    for number in range(5):  # five addresses, one account
        login(client, "giulia", "wrong", address=f"203.0.113.{number + 1}")
    locked = login(client, "giulia", "giulias-passphrase", address="198.51.100.20")
    assert locked.status_code == 429
    assert login(client, "luca", "lucas-passphrase-x", address="198.51.100.20").status_code == 302


def test_a_direct_client_cannot_pick_its_address_with_a_forwarded_header(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.REGISTRATION_RATE_LIMIT = "3/600"
    edition = open_edition()
    statuses = [
        client.post(
            f"/{edition.slug}/register/",
            registration_form(edition, email=f"p{number}@example.org"),
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        ).status_code
        for number in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_registration_rate_limit_counts_each_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.REGISTRATION_RATE_LIMIT = "3/600"
    edition = open_edition()

    def submit(number: int, client_ip: str) -> int:
        return client.post(
            f"/{edition.slug}/register/",
            registration_form(edition, email=f"p{number}@example.org"),
            HTTP_X_FORWARDED_FOR=f"{client_ip}, 127.0.0.1",
        ).status_code

    assert [submit(number, "203.0.113.7") for number in range(4)] == [302, 302, 302, 429]
    assert submit(10, "198.51.100.20") == 302  # someone else behind the same proxy


@pytest.mark.django_db(transaction=True)
def test_forty_logins_at_once_evaluate_no_more_passwords_than_the_limit(
    django_user_model, settings
):
    from concurrent.futures import ThreadPoolExecutor

    from django.test import Client

    settings.AXES_FAILURE_LIMIT = 5
    settings.PASSWORD_HASHERS = ["tests.helpers.CountingPasswordHasher"]
    django_user_model.objects.create_user("giulia", password="giulias-passphrase", is_staff=True)
    CountingPasswordHasher.checked = 0

    def attempt(number: int) -> int:
        from django.db import connection

        try:
            return login(Client(), "giulia", f"wrong-{number}", address="203.0.113.7").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = sorted(pool.map(attempt, range(40)))
    assert statuses == [200] * 4 + [429] * 36
    assert CountingPasswordHasher.checked == 5


def test_admin_address_is_configurable():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.test import Client; from django.urls import reverse; "
            "print(reverse('admin:index'), Client().get('/robots.txt').content.decode())",
        ],
        cwd=REPO,
        env={
            **PRODUCTION_ENV,
            "DJANGO_ADMIN_URL": "backstage",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("/backstage/ ") or "\n/backstage/ " in result.stdout
    # robots.txt must not publish the secret address.
    assert "backstage" not in result.stdout.partition("/backstage/ ")[2]


def test_create_organiser_gives_a_staff_account_with_programme_rights(
    monkeypatch, django_user_model
):
    monkeypatch.setenv("ORGANISER_PASSWORD", "a-long-and-unusual-passphrase")
    call_command("create_organiser", "giulia", "giulia@example.org")
    user = django_user_model.objects.get(username="giulia")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a-long-and-unusual-passphrase")
    assert user.has_perm("events.change_session")
    assert user.has_perm("registrations.change_registration")
    assert not user.has_perm("auth.add_user")


def test_create_organiser_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("ORGANISER_PASSWORD", "123")
    with pytest.raises(CommandError) as error:
        call_command("create_organiser", "giulia", "giulia@example.org")
    assert "too short" in str(error.value)


def test_health_endpoint_checks_the_database(client, database_down):
    response = client.get("/health/")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "cache": "ok"},
    )
    with database_down():
        down = client.get("/health/")
    assert down.status_code == 503
    assert down.json()["database"] == "unreachable"


def test_logs_never_show_link_tokens_or_full_email_addresses():
    line = (
        "GET /it/milano-2025/my-registration/eyJpZCI6MX0:1xVwnd:lKVX/calendar.ics "
        "ref=https://x.test/milano-2025/register/confirm/eyJpZCI6MX0:abc/ to zoe.muller@example.org"
    )
    assert redact(line) == (
        "GET /it/milano-2025/my-registration/[token]/calendar.ics "
        "ref=https://x.test/milano-2025/register/confirm/[token]/ to z***@example.org"
    )
    # The site's console handler redacts whatever Django logs, e.g. "Not Found: <path>".
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactingFilter) for f in handler.filters)
    )
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s",
        ("/milano-2024/my-registration/eyJpZCI6OTl9:secret-part/",), None,
    )  # fmt: skip
    assert console.filter(record)
    assert record.getMessage() == "Not Found: /milano-2024/my-registration/[token]/"


def personal_link_patterns():
    """Every URL pattern that carries a token (a personal link), with its full name."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and "token" in pattern.pattern.converters:
                yield f"{namespace}{pattern.name}", list(pattern.pattern.converters)

    return sorted({(name, tuple(names)) for name, names in walk(get_resolver().url_patterns)})


def test_no_personal_link_reaches_a_log_whole():
    """Every link that carries a token, of every app, is redacted in the access and error logs."""
    patterns = personal_link_patterns()
    assert {name for name, _ in patterns} >= {
        "registrations:manage", "registrations:calendar", "registrations:confirm",
        "registrations:confirm_new_address", "networking:sign_in", "meetings:from_email",
        "events:speaker_upload",
    }  # fmt: skip
    token = "S3cr3t-Token_of-32-characters-xx"
    for name, converters in patterns:
        kwargs = dict.fromkeys(converters, "x")
        kwargs |= {"edition_slug": "milano-2027", "token": token}
        path = reverse(name, kwargs=kwargs)
        assert token not in redact(f"GET {path} HTTP/1.1"), name


@pytest.fixture
def redis_down(settings):
    """Point the cache at a Redis address where nothing answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


def test_with_redis_down_the_site_still_serves_and_health_says_so(client, milano, redis_down):
    assert "Guided visit" in text_of(client.get("/milano-2024/agenda/"))
    assert "BEGIN:VEVENT" in client.get("/milano-2024/agenda.ics").content.decode()
    health = client.get("/health/")
    assert (health.status_code, health.json()) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "unreachable"},
    )


def test_with_redis_down_registration_still_works(
    client, redis_down, django_capture_on_commit_callbacks
):
    edition = open_edition()
    response = client.post(
        f"/{edition.slug}/register/", registration_form(edition, email="ada@example.org")
    )
    assert response.status_code == 302
    assert edition.registrations.get().email == "ada@example.org"


def test_a_form_declaring_utf16_gets_the_sites_400_page_with_its_headers():
    from django.test import Client

    edition = open_edition()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    page = client.get(f"/{edition.slug}/register/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = client.generic(
        "POST",
        f"/{edition.slug}/register/",
        f"csrfmiddlewaretoken={token}&first_name=Zo%C3%AB".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert "The request could not be read" in text_of(response)
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not edition.registrations.exists()


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_no_request_waits_on_a_render_lock(milano, redis_down, settings):
    """Two first visits at once: with no lock to hold, each renders instead of waiting."""
    from concurrent.futures import ThreadPoolExecutor, wait

    from django.db import connection
    from django.test import Client

    def visit():
        try:
            return Client().get("/milano-2024/venue/")
        finally:
            connection.close()

    settings.RENDER_LOCK_SECONDS = 60  # a request that waited on a lock would wait this long
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(visit) for _ in range(2)]
        done, _pending = wait(futures, timeout=15)
    assert len(done) == 2
    assert [future.result().status_code for future in done] == [200, 200]
