"""Announcements reach exactly the people chosen, each in their language, once."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from messaging import services
from messaging.models import Announcement
from outbox.models import Email
from registrations import services as registrations
from registrations.models import Registration
from tests.factories import make_session, open_edition, registration_input
from tests.helpers import SITE_URL, text_of

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
    # As a participant reads it, in each language, for an example participant: the preview
    # shows nobody's name or data.
    assert "As a participant reads it in English (an example participant): Bus Hello Alex" in page
    assert "in Italian (an example participant): Pullman Ciao Alessia" in page
    assert "Anna" not in page and "Giulia" not in page
    # With English readers only, the Italian preview is still there.
    announcement.session, announcement.day = None, edition.days[0]
    announcement.save()
    page = text_of(
        admin_client.get(reverse("admin:messaging_announcement_change", args=[announcement.pk]))
    )
    assert "2 people receive it." in page  # Anna and Dora, both reading English
    assert "in Italian (an example participant): Pullman Ciao Alessia" in page


def test_news_goes_only_to_those_who_asked_once_each_with_one_click_unsubscribe(
    smtp_server, run_worker
):
    from django.test import Client

    earlier = open_edition(slug="vilnius-2022")
    edition = open_edition(slug="milano-2027", series=earlier.series)
    for place, wants in ((earlier, True), (edition, True)):
        registration, _ = registrations.submit_registration(
            **registration_input(place, email="Ieva@example.lt", wants_future_editions=wants)
        )
        registrations.confirm_registration(registration_id=registration.pk)
    registrations.submit_registration(
        **registration_input(edition, email="no-news@example.org", wants_future_editions=False)
    )
    run_worker()
    before = len(smtp_server.wait_for(5))
    news = Announcement.objects.create(
        edition=edition, audience="future_news", subject_en="Save the date",
        subject_it="Segnatevi la data", body_en="Milan, March 2027.", body_it="Milano, marzo 2027.",
    )  # fmt: skip
    assert services.queue(news.pk) == 1  # one address, however many registrations
    run_worker()
    [(recipients, message)] = smtp_server.wait_for(before + 1)[before:]
    assert [address.lower() for address in recipients] == ["ieva@example.lt"]
    assert "because you asked for news of future editions" in plain(message)
    assert "Auto-Submitted" not in message  # written by the organisers
    unsubscribe = re.search(r"<https?://[^/]+(/\S+)>", message["List-Unsubscribe"])[1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # What a mail client's one-click does: a POST without a form or a CSRF token.
    response = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Registration.objects.filter(wants_future_editions=True).exists()
    assert services.recipients(news).count() == 0


def test_every_email_names_the_edition_as_sender_and_replies_go_to_its_contact(
    smtp_server, run_worker, settings
):
    settings.PRIVACY_CONTACT_EMAIL = "cmr-milano@example.eu"
    edition = open_edition(title_en="Clusters meet Regions – Milan 2027")
    registrations.submit_registration(**registration_input(edition, email="zoe@example.org"))
    run_worker()
    [(_to, message)] = smtp_server.wait_for(1)
    assert message["From"].addresses[0].display_name == "Clusters meet Regions – Milan 2027"
    assert message["Reply-To"] == "cmr-milano@example.eu"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"] and message["Message-ID"]
    assert message.get_body(("plain",)) is not None


def test_queueing_makes_the_same_number_of_queries_for_10_and_300_people(run_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_registration

    def queries_to_queue(count: int) -> int:
        edition = open_edition()
        for _ in range(count):
            make_registration(edition, status="confirmed")
        announcement = Announcement.objects.create(
            edition=edition, subject_en="S", subject_it="S", body_en="B", body_it="B"
        )
        with CaptureQueriesContext(connection) as queries:
            assert services.queue(announcement.pk) == count
        return len(queries)

    queries_to_queue(1)  # the outbox looks up the registrations' content type once per process
    assert queries_to_queue(10) == queries_to_queue(300)


def test_open_to_meetings_narrows_the_recipients(participant_factory):
    edition, open_one, _closed_one = participant_factory
    announcement = Announcement.objects.create(
        edition=edition, subject_en="S", subject_it="S", body_en="B", body_it="B",
        open_to_meetings=True,
    )  # fmt: skip
    assert list(services.recipients(announcement)) == [open_one.registration]


@pytest.fixture
def participant_factory():
    from networking.models import Profile
    from tests.factories import make_registration

    edition = open_edition()
    open_one = Profile.objects.create(
        registration=make_registration(edition, status="confirmed"), open_to_meetings=True
    )
    closed_one = Profile.objects.create(registration=make_registration(edition, status="confirmed"))
    return edition, open_one, closed_one


def test_sending_from_the_admin_once_and_the_record_of_who_received_what(
    admin_client, edition_with_people, run_worker
):
    edition, mind, _people = edition_with_people
    data = {
        "edition": edition.pk, "subject_en": "Bus", "subject_it": "Pullman",
        "body_en": "Hello {first_name}", "body_it": "Ciao {first_name}",
        "audience": "registrants", "statuses": ["confirmed"], "session": mind.pk,
        "checked_in": "",
    }  # fmt: skip
    admin_client.post(reverse("admin:messaging_announcement_add"), data)
    announcement = Announcement.objects.get()
    change = reverse("admin:messaging_announcement_change", args=[announcement.pk])
    asked = admin_client.post(change, data | {"_send_now": "1"}, follow=True)
    assert "This sends the announcement to 2 people now. It cannot be taken back." in (
        text_of(asked)
    )
    announcements = Email.objects.filter(kind="messaging_announcement")
    assert not announcements.exists()  # nothing sent before the confirmation
    confirm = reverse("admin:messaging_announcement_send", args=[announcement.pk])
    sent = admin_client.post(confirm, {"count": "2"}, follow=True)
    assert "2 emails queued; the worker sends them now." in text_of(sent)
    for second_click in (confirm, change):  # the confirmation again, or the form's button
        again = admin_client.post(
            second_click, data | {"count": "2", "_send_now": "1"}, follow=True
        )
        assert again.status_code == 200
        assert "already sent: nothing more was queued" in text_of(again)
    assert announcements.count() == 2
    run_worker()
    page = text_of(admin_client.get(change))
    assert "Sent: 2" in page
    assert "State: Sent" in page
    assert "anna@example.org" in page.lower() or "Anna" in page
    history = text_of(
        admin_client.get(reverse("admin:messaging_announcement_history", args=[announcement.pk]))
    )
    assert "Sent; recipients: 2." in history


def test_the_confirmation_counts_again_when_recipients_changed(admin_client, edition_with_people):
    edition, mind, _people = edition_with_people
    announcement = Announcement.objects.create(
        edition=edition, subject_en="Bus", subject_it="Pullman", body_en="Hi", body_it="Ciao",
        statuses=["confirmed"], session=mind,
    )  # fmt: skip
    confirm = reverse("admin:messaging_announcement_send", args=[announcement.pk])
    stale = admin_client.post(confirm, {"count": "5"}, follow=True)  # the page said 5
    assert "The number of recipients changed meanwhile: please confirm again." in text_of(stale)
    assert "This sends the announcement to 2 people now." in text_of(stale)
    assert not Email.objects.filter(kind="messaging_announcement").exists()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_send_once_and_show_no_error(edition_with_people):
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.registrations.test_concurrency import run_at_once

    edition, mind, _people = edition_with_people
    giulia = User.objects.create_superuser("giulia", "giulia@example.org", "a-long-pass-2024")
    announcement = Announcement.objects.create(
        edition=edition, subject_en="Bus", subject_it="Pullman", body_en="Hi", body_it="Ciao",
        statuses=["confirmed"], session=mind,
    )  # fmt: skip
    confirm = reverse("admin:messaging_announcement_send", args=[announcement.pk])
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(giulia)
        clients.append(client)
    answers = run_at_once(2, lambda index: clients[index].post(confirm, {"count": "2"}))
    assert sorted(answer.status_code for answer in answers) == [302, 302]
    assert Email.objects.filter(kind="messaging_announcement").count() == 2


def test_the_admin_sends_a_test_to_the_organiser_and_schedules(
    admin_client, admin_user, edition_with_people, run_worker
):
    from django.core import mail

    edition, mind, people = edition_with_people
    run_worker()
    mail.outbox.clear()
    admin_user.email = "giulia.organiser@example.eu"
    admin_user.save()
    later = timezone.localtime(timezone.now() + dt.timedelta(days=2), edition.tz)
    data = {
        "edition": edition.pk, "subject_en": "Bus", "subject_it": "Pullman",
        "body_en": "Hello {first_name}: {manage_link}",
        "body_it": "Ciao {first_name}: {manage_link}",
        "audience": "registrants", "statuses": ["confirmed"], "session": mind.pk,
        "checked_in": "", "send_at_0": later.date().isoformat(), "send_at_1": "09:00",
    }  # fmt: skip
    admin_client.post(reverse("admin:messaging_announcement_add"), data)
    announcement = Announcement.objects.get()
    change = reverse("admin:messaging_announcement_change", args=[announcement.pk])
    tested = admin_client.post(change, data | {"_send_preview": "1"}, follow=True)
    assert "A test is on its way to giulia.organiser@example.eu" in text_of(tested)
    run_worker()
    assert sorted(m.subject for m in mail.outbox) == ["Bus", "Pullman"]  # one per language
    assert {m.to[0] for m in mail.outbox} == {"giulia.organiser@example.eu"}
    assert all(
        "[Preview for the organisers]" in m.body or "[Anteprima" in m.body for m in mail.outbox
    )
    # Written for a fictitious participant: no real person's name or working link in them.
    english, italian = sorted(mail.outbox, key=lambda message: message.subject)
    assert "Dear Alex," in english.body and "Hello Alex:" in english.body
    assert "Ciao Alessia:" in italian.body
    for person in people.values():
        for message in mail.outbox:
            assert person.manage_token not in message.body + message.alternatives[0].content
            assert person.first_name not in message.body
    example = re.search(r"https?://\S+/my-registration/\S+/", english.body)[0]
    assert admin_client.get(example.removeprefix(SITE_URL)).status_code == 404
    # The test copies are not in the recipients' own data.
    data_download = admin_client.get(people["anna"].manage_url() + "my-data.json").json()
    assert all(email["kind"] != "messaging_announcement" for email in data_download["emails_sent"])

    scheduled = admin_client.post(change, data | {"_schedule": "1"}, follow=True)
    assert "Scheduled: the worker sends it at the time set." in text_of(scheduled)
    mail.outbox.clear()
    run_worker()
    assert mail.outbox == []
    with time_machine.travel(Announcement.objects.get().send_at + dt.timedelta(minutes=1)):
        run_worker()
        run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "giulia@example.it"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Hello {firstname}", "Unknown placeholder {firstname}; use {first_name}"),
        ("Hello {}", "Unknown placeholder {}; use {first_name}"),
        ("Hello {0}", "Unknown placeholder {0}; use"),
        ("Hello {first_name.__class__}", "Unknown placeholder {first_name.__class__}"),
        ("Hello {first_name:>99999999}", "Write placeholders plainly, as {first_name}"),
        ("Hello {first_name!r}", "Write placeholders plainly, as {first_name}"),
        ("Hello {first_name", "A brace { or } is not closed"),
    ],
)
def test_a_message_that_would_not_fill_in_is_refused_when_saving(text, error):
    from django.core.exceptions import ValidationError

    from messaging.models import validate_placeholders

    with pytest.raises(ValidationError) as refused:
        validate_placeholders(text)
    assert refused.value.messages[0].startswith(error)
    validate_placeholders("Hello {first_name}, see {agenda_link} and {{braces}}.")
