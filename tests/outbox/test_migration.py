"""Emails queued before the outbox existed are sent after the move, by the same worker."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import Email
from outbox.sending import send_email
from tests.factories import make_edition

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("registrations", "0014_sessions_in_my_agenda"), ("messaging", "0001_initial")]


def test_an_email_queued_before_the_outbox_is_sent_after_the_move(smtp_server, run_worker):
    edition = make_edition(title="Milano 2027")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Registration = old.get_model("registrations", "Registration")
    EmailDelivery = old.get_model("registrations", "EmailDelivery")
    registration = Registration.objects.create(
        edition_id=edition.pk,
        status="confirmed",
        first_name="Ana",
        last_name="Lopes",
        email="ana@example.org",
        organisation="Cluster",
        country="PT",
        category="cluster",
        language="it",
        privacy_consent_at=timezone.now(),
        privacy_notice_version="2024-01",
    )
    queued = EmailDelivery.objects.create(registration_id=registration.pk, kind="confirmed")
    sent_before = EmailDelivery.objects.create(
        registration_id=registration.pk, kind="confirm_address", status="sent"
    )
    # The task as the worker stored it then, under the sending function's old import path.
    send_email.enqueue(queued.pk)
    DBTaskResult.objects.update(task_path="registrations.emails.send_email")

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    run_worker()

    [(recipients, message)] = smtp_server.wait_for(1)
    assert recipients == ["ana@example.org"]
    assert message["Subject"] == "Siete iscritti a Milano 2027"
    moved = Email.objects.get(pk=queued.pk)
    assert (moved.kind, moved.status, moved.person_id, moved.edition_id) == (
        "confirmed",
        "sent",
        registration.pk,
        edition.pk,
    )
    assert Email.objects.get(pk=sent_before.pk).status == "sent"  # history kept, not resent
    # A new email takes the next number after the moved ones.
    new = Email.objects.create(kind="confirmed", to_address="bo@example.org")
    assert new.pk > queued.pk
