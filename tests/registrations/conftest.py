import datetime as dt
import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from events.models import Edition
from registrations import services
from registrations.models import Registration
from tests.factories import make_session, open_edition, registration_data


@pytest.fixture
def edition(db) -> Edition:
    edition = open_edition()
    return edition


@pytest.fixture
def visit(edition):
    """A capacity-limited session on the second day, like the MIND visit."""
    start = dt.datetime.combine(edition.end_date, dt.time(14, 30), tzinfo=edition.tz)
    return make_session(
        edition,
        title="Guided visit to MIND",
        slug="visit",
        session_type="guided_visit",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=2,
    )


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Submit and (by default) confirm a registration, running the after-commit emails."""

    def run(edition, confirm=True, **fields) -> Registration:
        fields.setdefault("days", [day.isoformat() for day in edition.days])
        with django_capture_on_commit_callbacks(execute=True):
            registration, _ = services.submit_registration(
                edition=edition, data=registration_data(**fields)
            )
        if confirm:
            with django_capture_on_commit_callbacks(execute=True):
                registration = services.confirm_registration(registration_id=registration.pk)
        return registration

    return run


class Inbox:
    """Collects what a real SMTP server process receives."""

    def __init__(self):
        self.messages = []
        self.received = threading.Condition()

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture
def free_port_factory():
    """Return a function giving a local port nothing listens on."""
    return free_port
