"""Timed messages go out once, at their time relative to the edition, to those confirmed then."""

import datetime as dt

import pytest
import time_machine

from messaging.models import TimedMessage
from registrations import services as registrations
from tests.factories import open_edition, registration_input

pytestmark = pytest.mark.django_db(transaction=True)


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def register(edition, email, language="en", confirm=True):
    registration, _ = registrations.submit_registration(
        **registration_input(edition, email=email, language=language)
    )
    if confirm:
        registration = registrations.confirm_registration(registration_id=registration.pk)
    return registration


def test_practical_information_goes_once_at_its_time_and_not_again_after_a_restart(
    smtp_server, run_worker
):
    edition = open_edition()
    practical = TimedMessage.objects.get(edition=edition, kind="practical")
    assert practical.due_at() == dt.datetime.combine(
        edition.start_date - dt.timedelta(days=3), dt.time(9), tzinfo=edition.tz
    )
    anna = register(edition, "anna@example.org")
    giulia = register(edition, "giulia@example.it", language="it")
    cancelled = register(edition, "carl@example.org")
    registrations.cancel_registration(registration_id=cancelled.pk)
    register(edition, "pending@example.org", confirm=False)
    run_worker()
    before = len(smtp_server.wait_for(6))
    practical.is_on = True
    practical.save()

    run_worker()
    assert len(smtp_server.messages) == before  # not yet
    with time_machine.travel(practical.due_at() + dt.timedelta(minutes=1)):
        run_worker()
        run_worker()
        sent = smtp_server.wait_for(before + 2)[before:]
        late = register(edition, "late@example.org")  # after the rule passed: not sent late
        run_worker()  # the worker again, as after a restart
    afterwards = [message["Subject"] for _to, message in smtp_server.messages[before + 2 :]]
    assert afterwards == [
        f"Please confirm your registration for {edition.title}",
        f"You are registered for {edition.title}",
    ]  # the late person's own emails; no second round, nothing sent late
    assert not late.emails.filter(kind="messaging_timed").exists()
    by_address = {recipients[0]: message for recipients, message in sent}
    assert set(by_address) == {"anna@example.org", "giulia@example.it"}
    english = plain(by_address["anna@example.org"])
    assert by_address["anna@example.org"]["Subject"] == f"Practical information for {edition.title}"
    assert anna.calendar_url() in english and anna.manage_url() in english
    assert edition.venue.name in english
    italian = by_address["giulia@example.it"]
    assert italian["Subject"] == f"Informazioni pratiche per {edition.title}"
    assert giulia.manage_url() in plain(italian)


def test_moving_the_edition_moves_the_pending_message(run_worker, mailoutbox):
    edition = open_edition()
    register(edition, "anna@example.org")
    practical = TimedMessage.objects.get(edition=edition, kind="practical")
    practical.is_on = True
    practical.save()
    first_due = practical.due_at()
    edition.start_date += dt.timedelta(days=7)
    edition.end_date += dt.timedelta(days=7)
    edition.save()
    run_worker()
    mailoutbox.clear()
    with time_machine.travel(first_due + dt.timedelta(minutes=1)):
        run_worker()
    assert mailoutbox == []  # the old time passed: nothing
    with time_machine.travel(first_due + dt.timedelta(days=7, minutes=1)):
        run_worker()
    assert [message.to for message in mailoutbox] == [["anna@example.org"]]
