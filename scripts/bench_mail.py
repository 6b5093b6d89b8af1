"""`make bench`'s email rows: an announcement to 5,000 people sent by one worker, then another
with a second worker beside it, each email timed until it is at a real local SMTP server."""

import subprocess
import sys
import time

from production_server import REPO

ANNOUNCEMENT_RECIPIENTS = 5000


class MailSink:
    """A real SMTP server that accepts and counts the burst's emails."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def announcement_sending(sink: "MailSink", env: dict) -> dict:
    """Queue an announcement to 5,000 people (as the admin's button does) and time the worker
    sending every email to the local SMTP server; then another with a second worker beside."""
    one = send_an_announcement(sink, "bench-news")
    second = background_worker(env)
    try:
        two = send_an_announcement(sink, "bench-news-2")
    finally:
        second.terminate()
        second.wait(timeout=20)
    return {"one": one, "two": two}


def send_an_announcement(sink: "MailSink", slug: str) -> dict:
    from bench_data import make_edition
    from django.utils import timezone

    from messaging import services
    from messaging.models import Announcement
    from outbox.models import Email
    from registrations.models import Registration

    edition = make_edition(slug, sessions=4, speakers=4)
    Registration.objects.bulk_create(
        Registration(
            edition=edition, first_name="Reader", last_name=str(number),
            email=f"reader.{number}@{slug}.example.org", organisation="Cluster", country="IT",
            category="cluster", status="confirmed", manage_token=f"{slug}-manage-{number}",
            calendar_token=f"{slug}-calendar-{number}",
            confirmation_token=f"{slug}-confirm-{number}", privacy_consent_at=timezone.now(),
        )
        for number in range(ANNOUNCEMENT_RECIPIENTS)
    )  # fmt: skip
    announcement = Announcement.objects.create(
        edition=edition, subject_en="Practical information", subject_it="Informazioni pratiche",
        body_en="Dear {first_name}, your registration: {manage_link}",
        body_it="Gentile {first_name}, la vostra iscrizione: {manage_link}",
    )  # fmt: skip
    # Let the worker finish the emails of the registration rows first: time only these.
    out_of_outbox(Email.objects.all())
    received_before = sink.received
    started = time.perf_counter()
    queued = services.queue(announcement.pk)
    queue_seconds = time.perf_counter() - started
    out_of_outbox(Email.objects.for_purpose(services.announcement_purpose(announcement.pk)))
    seconds = time.perf_counter() - started
    return {
        "queued": queued,
        "queue_seconds": queue_seconds,
        "send_seconds": seconds,
        "received": sink.received - received_before,
        "rate": (sink.received - received_before) / seconds,
    }


# As docs/operations.md advises on a machine the web shares: page warming at the web's priority,
# the rest (emails, files) below it, so a burst of registrations is answered first and its
# emails follow as soon as the processor has time.
BACKGROUND_NICENESS = 10


def last_email_id() -> int:
    from outbox.models import Email

    return Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def out_of_outbox(emails) -> float:
    """Wait (up to 10 minutes) until none of these emails is still to send; return how long."""
    from outbox.models import Email

    started = time.perf_counter()
    waiting = emails.filter(status__in=[Email.Status.QUEUED, Email.Status.SENDING])
    while waiting.exists() and time.perf_counter() - started < 600:
        time.sleep(0.2)
    return time.perf_counter() - started


def emails_after(after_id: int) -> dict:
    """Wait until every email queued after `after_id` has left the outbox; how many, how long."""
    from outbox.models import Email

    emails = Email.objects.filter(pk__gt=after_id)
    seconds = out_of_outbox(emails)
    return {
        "queued": emails.count(),
        "sent": emails.filter(status=Email.Status.SENT).count(),
        "seconds": seconds,
    }


def worker_process(env: dict, queue: str = "*", niceness: int = 0) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
               "--queue-name", queue]  # fmt: skip
    if niceness:
        command = ["nice", "-n", str(niceness), *command]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def background_worker(env: dict) -> subprocess.Popen:
    return worker_process(env, "default", BACKGROUND_NICENESS)
