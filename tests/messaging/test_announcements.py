"""Announcements reach exactly the people chosen, each in their language, once."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from messaging import services
from messaging.models import Announcement
from registrations import services as registrations
from tests.factories import make_session, open_edition, registration_input
from tests.helpers import text_of

pytestmark = pytest.mark.django_db(transaction=True)


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def edition_with_people():
    edition = open_edition()
    day_two = edition.days[1]
    start = dt.datetime.combine(day_two, dt.time(14, 30), tzinfo=edition.tz)
    mind = make_session(
        edition, title_en="Guided visit to MIND", title_it="Visita guidata a MIND",
        slug="mind", starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=30,
    )  # fmt: skip

    def person(email, days, sessions=(), language="en", confirm=True):
        registration, _ = registrations.submit_registration(
            **registration_input(
                edition, email=email, days=days, sessions=sessions, language=language,
                first_name=email.split("@")[0].title(),
            )
        )  # fmt: skip
        if confirm:
            registration = registrations.confirm_registration(registration_id=registration.pk)
        return registration

    people = {
        "anna": person("anna@example.org", edition.days, [mind]),
        "giulia": person("giulia@example.it", [day_two], [mind], language="it"),
        "day2_no_visit": person("carl@example.org", [day_two]),
        "day1_only": person("dora@example.org", edition.days[:1]),
        "pending": person("erik@example.org", [day_two], [mind], confirm=False),
    }
    return edition, mind, people


def test_an_announcement_to_confirmed_day_two_mind_visit_reaches_exactly_them(
    edition_with_people, smtp_server, run_worker
):
    edition, mind, people = edition_with_people
    run_worker()
    already = len(smtp_server.wait_for(5))  # confirmation emails
    announcement = Announcement.objects.create(
        edition=edition,
        subject_en="The MIND bus leaves at 14:15",
        subject_it="Il pullman per MIND parte alle 14:15",
        body_en="Dear {first_name}, the bus leaves at 14:15. Your programme: {my_programme}. "
        "Your registration: {manage_link}",
        body_it="Il pullman parte alle 14:15. Il vostro programma: {my_programme}. "
        "La vostra iscrizione: {manage_link}",
        statuses=["confirmed"],
        day=edition.days[1],
        session=mind,
    )
    assert services.queue(announcement.pk) == 2
    assert services.queue(announcement.pk) == 0  # a double click sends once
    run_worker()
    messages = smtp_server.wait_for(already + 2)[already:]
    by_address = {recipients[0]: message for recipients, message in messages}
    assert set(by_address) == {"anna@example.org", "giulia@example.it"}

    anna = by_address["anna@example.org"]
    assert anna["Subject"] == "The MIND bus leaves at 14:15"
    assert "the bus leaves at 14:15" in plain(anna)
    assert people["anna"].manage_url() in plain(anna)
    assert "Guided visit to MIND" in plain(anna)
    assert f"You receive this email because you registered for {edition.title}." in plain(anna)

    giulia = by_address["giulia@example.it"]
    assert giulia["Subject"] == "Il pullman per MIND parte alle 14:15"
    assert "Gentile Giulia," in plain(giulia)
    assert people["giulia"].manage_url() in plain(giulia)
    assert people["anna"].manage_url() not in plain(giulia)
    assert "Visita guidata a MIND" in plain(giulia)
    assert "Ricevete questa email perché vi siete iscritti" in plain(giulia)


def test_a_scheduled_announcement_goes_once_when_its_time_comes(
    edition_with_people, mailoutbox_after_confirmations, run_worker
):
    edition, _mind, _people = edition_with_people
    later = timezone.now() + dt.timedelta(hours=3)
    announcement = Announcement.objects.create(
        edition=edition, subject_en="See you soon", subject_it="A presto",
        body_en="Hello", body_it="Ciao", send_at=later,
    )  # fmt: skip
    services.schedule(announcement.pk)
    run_worker()
    assert mailoutbox_after_confirmations() == []
    with time_machine.travel(later + dt.timedelta(minutes=1)):
        run_worker()
        run_worker()
        sent = mailoutbox_after_confirmations()
    assert sorted(m.to[0] for m in sent) == [
        "anna@example.org", "carl@example.org", "dora@example.org", "giulia@example.it",
    ]  # fmt: skip
    run_worker()  # the worker again, as after a restart: nothing more
    assert len(mailoutbox_after_confirmations()) == 4


@pytest.fixture
def mailoutbox_after_confirmations(run_worker):
    from django.core import mail

    run_worker()
    start = len(mail.outbox)
    return lambda: mail.outbox[start:]


def test_the_admin_counts_previews_and_refuses_unknown_placeholders(
    admin_client, edition_with_people, run_worker
):
    edition, mind, _people = edition_with_people
    add = admin_client.post(
        reverse("admin:messaging_announcement_add"),
        {
            "edition": edition.pk,
            "subject_en": "Bus",
            "subject_it": "Pullman",
            "body_en": "Hello {firstname}",
            "body_it": "Ciao {first_name}",
            "audience": "registrants",
            "statuses": ["confirmed"],
            "session": mind.pk,
            "checked_in": "",
        },
    )
    assert "Unknown placeholder {firstname}; use {first_name}" in text_of(add)
    assert not Announcement.objects.exists()
    admin_client.post(
        reverse("admin:messaging_announcement_add"),
        {
            "edition": edition.pk,
            "subject_en": "Bus",
            "subject_it": "Pullman",
            "body_en": "Hello {first_name}",
            "body_it": "Ciao {first_name}",
            "audience": "registrants",
            "statuses": ["confirmed"],
            "session": mind.pk,
            "checked_in": "",
        },
    )
    announcement = Announcement.objects.get()
    page = text_of(
        admin_client.get(reverse("admin:messaging_announcement_change", args=[announcement.pk]))
    )
    assert "2 people receive it." in page
    assert "Hello Anna" in page and "Ciao Giulia" in page
    assert re.search(r"As Giulia \S+ reads it \(Ital", page)
