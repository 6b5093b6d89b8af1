"""Signing in by a one-time emailed link or the manage link; signing out."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_registration
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def ask_for_link(client, edition, email):
    url = reverse("networking:request_sign_in", kwargs={"edition_slug": edition.slug})
    return client.post(url, {"email": email})


def emailed_link(run_worker) -> str:
    run_worker()
    return urlsplit(
        re.search(r"https?://\S+/participants/sign-in/\S+/", mail.outbox[-1].body)[0]
    ).path


def test_a_one_time_link_signs_in_once_within_15_minutes(client, edition, participant, run_worker):
    me = participant(edition, email="ieva@example.lt", organisation="Hydrogen Valley Lithuania")
    known = ask_for_link(client, edition, "IEVA@example.lt")
    unknown = ask_for_link(client, edition, "nobody@example.org")
    assert text_of(known) == text_of(unknown)
    assert "we have sent it a sign-in link" in text_of(known)
    link = emailed_link(run_worker)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ieva@example.lt"]
    assert "It works once, for 15 minutes." in mail.outbox[0].body

    client.get(link)  # a mail scanner's visit signs nobody in
    directory = reverse("networking:directory", kwargs={"edition_slug": edition.slug})
    assert "Hydrogen" not in text_of(client.get(directory))
    assert client.post(link).status_code == 302
    assert "Hydrogen" in text_of(client.get(directory))
    # Signed in until a week after the edition's last day.
    assert client.session.get_expiry_date() == me.registration.edition.ends_at + dt.timedelta(
        days=7
    )

    client.post(reverse("networking:sign_out", kwargs={"edition_slug": edition.slug}))
    assert "Hydrogen" not in text_of(client.get(directory))
    assert client.post(link).status_code == 410  # spent


def test_a_link_older_than_15_minutes_no_longer_works(client, edition, participant, run_worker):
    participant(edition, email="ieva@example.lt")
    ask_for_link(client, edition, "ieva@example.lt")
    link = emailed_link(run_worker)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert client.post(link).status_code == 410


def test_someone_on_the_waiting_list_is_told_why_there_is_no_link(client, edition, run_worker):
    make_registration(
        edition, email="wait@example.org", status="waiting", waiting_since=timezone.now()
    )
    ask_for_link(client, edition, "wait@example.org")
    run_worker()
    [message] = mail.outbox
    assert "/participants/sign-in/" not in message.body
    assert "The area opens to confirmed participants" in message.body
    assert "on the waiting list" in message.body


def test_the_link_email_is_in_the_registrants_language(client, edition, participant, run_worker):
    registration = make_registration(
        edition, email="giulia@example.it", status="confirmed", language="it"
    )
    participant(edition, registration=registration)
    ask_for_link(client, edition, "giulia@example.it")
    link = emailed_link(run_worker)
    assert link.startswith("/it/")
    assert "Funziona una sola volta, per 15 minuti." in mail.outbox[0].body


def test_asking_again_and_again_sends_one_email_a_minute(client, edition, participant, run_worker):
    participant(edition, email="ieva@example.lt")
    for _ in range(3):
        ask_for_link(client, edition, "ieva@example.lt")
    run_worker()
    assert len(mail.outbox) == 1
