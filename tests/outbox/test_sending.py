"""The outbox and its worker: emails leave outside the request, each exactly once."""

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count

from outbox.models import Email
from outbox.sending import send_email
from registrations import services
from tests.factories import open_edition, registration_form, registration_input
from tests.helpers import database_url

REPO = Path(__file__).resolve().parents[2]


class HangingSmtpServer:
    """Accepts connections and never answers, like an SMTP server that has stopped working."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hanging_smtp(settings):
    server = HangingSmtpServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "use_tls": False, "timeout": 1},
        }
    }
    yield server
    server.close()


@pytest.mark.django_db
def test_registration_returns_without_touching_a_hanging_smtp_server(
    client, hanging_smtp, run_worker
):
    edition = open_edition()
    response = client.post(f"/{edition.slug}/register/", registration_form(edition))
    assert response.status_code == 302
    assert response["Location"] == f"/{edition.slug}/register/check-your-email/"
    # The request only wrote the outbox; no connection to the mail server was even opened.
    assert hanging_smtp.connections == []
    assert Email.objects.get().status == "queued"

    run_worker()  # the worker meets the hanging server, times out and records it
    assert len(hanging_smtp.connections) == 1
    delivery = Email.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "timed out" in delivery.last_error


def run_two_worker_processes() -> None:
    """Run two real workers (`db_worker --batch`) at once, sending to the test's SMTP server."""
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "SITE_URL": settings.SITE_URL,
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    workers = [
        subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL) for _ in range(2)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_email_twice(smtp_server):
    edition = open_edition()
    for number in range(30):
        services.submit_registration(
            **registration_input(edition, email=f"person{number}@example.org")
        )
    assert Email.objects.count() == 30
    # A second task for each email, as when an organiser presses "Send again" meanwhile.
    for delivery_id in Email.objects.values_list("pk", flat=True):
        send_email.enqueue(delivery_id)
    run_two_worker_processes()

    received = smtp_server.wait_for(30, timeout=5)
    recipients = sorted(rcpt for rcpts, _message in received for rcpt in rcpts)
    assert recipients == sorted(f"person{number}@example.org" for number in range(30))
    assert list(
        Email.objects.values("status").annotate(n=Count("pk")).values_list("status", "n")
    ) == [("sent", 30)]
    assert set(Email.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_an_announcement_goes_in_batches_over_few_connections_each_email_once(smtp_server):
    from messaging import services as messaging
    from messaging.models import Announcement
    from tests.factories import make_registration

    edition = open_edition()
    for number in range(250):
        make_registration(edition, status="confirmed", email=f"reader{number}@example.org")
    announcement = Announcement.objects.create(
        edition=edition,
        subject_en="Practical information",
        subject_it="Informazioni pratiche",
        body_en="Dear {first_name}, your registration: {manage_link}",
        body_it="Gentile {first_name}, la vostra iscrizione: {manage_link}",
    )
    Email.objects.all().delete()
    assert messaging.queue(announcement.pk) == 250
    run_two_worker_processes()
    received = smtp_server.wait_for(250, timeout=5)
    recipients = sorted(rcpt for rcpts, _message in received for rcpt in rcpts)
    assert recipients == sorted(f"reader{number}@example.org" for number in range(250))
    assert smtp_server.connections == 3  # batches of 100, one connection each, not 250
    assert set(Email.objects.values_list("status", "attempts")) == {("sent", 1)}
