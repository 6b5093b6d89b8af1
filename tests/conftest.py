import datetime as dt
import importlib
import json
import shutil
import subprocess
import threading
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps as django_apps
from django.conf import settings as settings_module
from django.db.backends.postgresql.operations import DatabaseOperations
from django.urls import reverse
from django.utils import timezone, translation
from whitenoise.base import WhiteNoise

from events.models import Material
from events.seed.loader import load_milano_2024
from meetings import services as meeting_services
from meetings.demo import load_demo_meetings, set_up_matchmaking
from networking.demo import load_demo_participants
from networking.models import Profile
from tests.factories import (
    add_speaker,
    make_application,
    make_call,
    make_edition,
    make_registration,
    make_session,
    make_speaker,
    open_edition,
)
from tests.helpers import SITE_URL, free_port

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def static_files_scanned_once():
    """Let whitenoise scan the static files once per test process, as once per server process.

    It scans all of them (1,400 with their compressed forms) whenever a middleware chain is built,
    which the test client does for every test: measured 0.15 s a test, a tenth of the suite.
    """
    scan = WhiteNoise.update_files_dictionary
    scanned: dict[tuple[str, str], dict] = {}

    def scan_once(self, root, prefix):
        if (root, prefix) not in scanned:
            found, self.files = self.files, {}
            scan(self, root, prefix)
            scanned[root, prefix], self.files = self.files, found
        self.files.update(scanned[root, prefix])

    WhiteNoise.update_files_dictionary = scan_once
    yield
    WhiteNoise.update_files_dictionary = scan


MADE_BY_MIGRATIONS = {
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
}


@pytest.fixture(autouse=True, scope="session")
def tables_emptied_by_delete():
    """Empty the tables after a transactional test with DELETE rather than TRUNCATE.

    PostgreSQL's TRUNCATE gives each of the 100 tables and their indexes new files: 0.75 s of
    waiting after every transactional test, for tables that hold a few rows. Foreign keys are
    deferred to the end of the flush's transaction, so the order does not matter. What
    migrations make and no test changes (content types, permissions, the roles' groups) stays:
    the flush's post_migrate signal then finds it all there instead of creating it again.
    """
    truncate = DatabaseOperations.sql_flush

    def delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"DELETE FROM {self.quote_name(table)};"
            for table in tables
            if table not in MADE_BY_MIGRATIONS
        ]

    DatabaseOperations.sql_flush = delete
    yield
    DatabaseOperations.sql_flush = truncate


def pytest_collection_modifyitems(config, items):
    """Start the longest files first: those marked serial, then the browser tests.

    pytest-xdist (`--dist loadfile`) runs each file whole in one process, handing out files in
    this order; a long file started last would run alone while the other process waits.
    """
    items.sort(
        key=lambda item: (
            item.get_closest_marker("serial") is None,
            item.get_closest_marker("browser") is None,
        )
    )


@pytest.fixture
def milano(db):
    """The seeded Milan 2024 edition, as `make run` loads it."""
    edition, _ = load_milano_2024()
    return edition


@pytest.fixture
def read_calendar():
    """Parse iCalendar bytes with Mozilla's ical.js, independent of the Python writer."""
    node = shutil.which("node")
    script = REPO / "tests" / "ical" / "read_calendar.mjs"
    if node is None or not (REPO / "node_modules" / "ical.js").exists():
        pytest.fail("node and the ical.js package are needed: run `make test` (it runs npm ci).")

    def read(ics: bytes) -> dict:
        result = subprocess.run(
            [node, str(script)], input=ics, capture_output=True, check=False, cwd=REPO
        )
        assert result.returncode == 0, result.stderr.decode()
        return json.loads(result.stdout)

    return read


@pytest.fixture
def database_down():
    """Return a context manager in which the database cannot be reached."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def down():
        settings_dict = connection.settings_dict
        saved_port = settings_dict["PORT"]
        connection.close()
        settings_dict["PORT"] = "1"  # nothing listens there
        try:
            yield
        finally:
            connection.close()
            settings_dict["PORT"] = saved_port

    return down


@pytest.fixture
def run_worker(monkeypatch):
    """Run the real task worker (`db_worker --batch`) in this process until nothing is ready."""
    import signal

    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    # Between tasks the worker recycles its database connection, which here holds the test's
    # transaction; and it installs its own signal handlers, which pytest's must survive.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(**options) -> None:
        handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command(
                "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0, **options
            )
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    return run


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Start every test in English: a request to an /it/ page leaves Italian active."""
    translation.activate(settings_module.LANGUAGE_CODE)
    yield
    translation.activate(settings_module.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_stale_grace(settings):
    """Let a visitor render a stale page at once, as no worker warms pages beside the tests.

    The grace after an edit, and the worker's warming, are tested on their own
    (tests/events/test_caching.py).
    """
    settings.STALE_GRACE_SECONDS = 0


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL
    return SITE_URL


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class Inbox:
    """Collects what a real SMTP server process receives."""

    def __init__(self):
        self.messages = []
        self.received = threading.Condition()
        self.connections = 0  # each connection greets once

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.connections += 1
        return responses

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.received:
            self.messages.append((envelope.rcpt_tos, message))
            self.received.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10) -> list:
        with self.received:
            self.received.wait_for(lambda: len(self.messages) >= count, timeout)
        return self.messages


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost, with the site's default mailer pointed at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    # The test runner swaps every mailer for the in-memory outbox; this test wants real SMTP.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


# The pages among `public_pages` that answer 404 on purpose: an invalid link, an unknown address.
NOT_FOUND_PAGES = {"/upcoming/register/confirm/not-a-token/", "/no-such-page/"}


def expected_status(path: str) -> int:
    return 404 if path.removeprefix("/it").removeprefix("/en") in NOT_FOUND_PAGES else 200


@pytest.fixture
def ecosystem_sectors(db):
    """The sector list a migration adds, again: transactional tests empty every table."""
    migration = importlib.import_module("networking.migrations.0002_ecosystem_sectors")
    migration.add_ecosystems(django_apps, None)


@pytest.fixture
def public_pages(milano, ecosystem_sectors):
    """Every kind of public page, as paths without a language prefix."""
    upcoming = open_edition(slug="upcoming")
    make_session(upcoming, slug="visit", capacity=10)
    registration = make_registration(
        upcoming, status="confirmed", privacy_consent_at=upcoming.starts_at
    )
    load_demo_participants(upcoming, 30)
    listed = Profile.objects.in_directory(upcoming).order_by("pk").first()
    # The signed-in person meets people: one meeting confirmed, one request to answer.
    Profile.objects.create(registration=registration, listed=True, open_to_meetings=True)
    load_demo_meetings(upcoming, 5)
    others = [
        profile.registration
        for profile in Profile.objects.in_directory(upcoming)
        .filter(open_to_meetings=True)
        .exclude(registration=registration)
        .order_by("-pk")[:2]
    ]
    slots = set_up_matchmaking(upcoming).blocks.all()[0].slots()
    confirmed = meeting_services.request_meeting(
        requester=registration, invitee=others[0], slot=slots[-1], message="Hydrogen valleys?"
    )
    meeting_services.accept(meeting_id=confirmed.pk, by=others[0])
    to_answer = meeting_services.request_meeting(
        requester=others[1], invitee=registration, slot=slots[-2], message="Joint pilot?"
    )
    session = milano.sessions.get(slug="round-table-smart-communities")
    speaker = make_speaker(name="Layla Pavone")
    add_speaker(make_session(upcoming, slug="panel", title="Panel"), speaker)
    Material.objects.create(
        edition=milano,
        session=session,
        kind="recording",
        title="Recording",
        url="https://youtu.be/x",
    )
    past, past_token, certificate = finished_edition_with_a_participant()
    call = make_call(upcoming)
    application = make_application(call, email=registration.email)
    from live.models import Question, SessionLive

    live = SessionLive.objects.create(session=upcoming.sessions.get(slug="panel"))
    Question.objects.create(session=live.session, text="How?", status="approved", asker_key="b1")
    with translation.override("en"):
        session_path = session.get_absolute_url()
        manage_path = reverse(
            "registrations:manage",
            kwargs={"edition_slug": upcoming.slug, "token": registration.manage_token},
        )
    return [
        "/editions/",
        "/milano-2024/",
        "/milano-2024/agenda/",
        "/milano-2024/agenda/?day=2024-03-27&type=panel",
        "/milano-2024/agenda/?day=1999-01-01",
        "/milano-2024/agenda/?type=break&day=2024-03-26",
        session_path,
        "/milano-2024/speakers/",
        "/milano-2024/venue/",
        "/milano-2024/privacy/",
        "/milano-2024/register/",
        "/upcoming/",
        "/upcoming/register/",
        "/upcoming/register/check-your-email/",
        "/upcoming/register/confirm/not-a-token/",
        manage_path,
        f"{manage_path}cancel/",
        f"{manage_path}my-agenda/",
        "/milano-2024/legal-notice/",
        "/milano-2024/accessibility/",
        f"/upcoming/speaker-upload/{speaker.upload_token}/",
        # The participants' area: signed in where the manage page was opened before, the
        # sign-in page where it was not.
        "/upcoming/participants/",
        "/upcoming/participants/directory/",
        "/upcoming/participants/directory/?q=pilot&country=IT&open_to_meetings=on",
        f"/upcoming/participants/people/{listed.pk}/",
        "/upcoming/participants/marketplace/",
        "/upcoming/participants/my-profile/",
        "/upcoming/participants/entries/new/",
        "/upcoming/participants/meetings/",
        "/upcoming/participants/meetings/print/",
        "/upcoming/participants/meetings/today/",
        "/upcoming/participants/meetings/availability/",
        f"/upcoming/participants/meetings/{to_answer.pk}/",
        f"/upcoming/participants/meetings/{confirmed.pk}/",
        f"/upcoming/participants/people/{others[1].profile.pk}/meet/",
        "/no-such-page/",
        # What an edition achieved: its figures, the survey, meetings' outcomes, a certificate.
        "/editions/figures/",
        f"/{past.slug}/",
        f"/{past.slug}/my-registration/{past_token}/",
        f"/{past.slug}/my-registration/{past_token}/feedback/",
        f"/{past.slug}/my-registration/{past_token}/meetings-outcomes/",
        f"/{past.slug}/certificates/{certificate}/",
        # The call for pitches: the call with its form, an applicant's page, the vote.
        "/upcoming/pitches/",
        "/upcoming/pitches/check-your-email/",
        application.manage_url(),
        "/upcoming/pitches/vote/",
        # Live: a session's questions, the stage, the moderator's page, the room screens.
        "/upcoming/sessions/panel/questions/",
        "/upcoming/sessions/panel/presenter/",
        f"/upcoming/moderate/{live.moderator_token}/",
        "/upcoming/screens/",
    ]


def finished_edition_with_a_participant() -> tuple:
    """An edition that ended yesterday, with someone who came: its survey is open."""
    from outcomes.documents import certificate_code
    from registrations.services import check_in

    start = timezone.localdate() - dt.timedelta(days=2)
    past = make_edition(slug="past", title="Past edition", start_date=start)
    make_session(past, starts_at=dt.datetime.combine(start, dt.time(10), tzinfo=past.tz))
    came = make_registration(past, status="confirmed", days=past.days)
    for day in past.days:
        check_in(registration_id=came.pk, day=day)
    return past, came.manage_token, certificate_code(came)
