"""The whole attendee journey, with the emails going through a real SMTP server process."""

import re
from urllib.parse import urlsplit

import pytest

from registrations import services
from registrations.models import Registration
from tests.factories import make_session, open_edition, registration_input
from tests.helpers import text_of

pytestmark = pytest.mark.django_db(transaction=True)


def plain_body(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_register_confirm_by_emailed_link_and_cancel(
    client, smtp_server, read_calendar, run_worker
):
    edition = open_edition()
    day = edition.days[0].isoformat()
    opening = make_session(edition, title="Opening plenary")
    response = client.post(
        f"/{edition.slug}/register/",
        {
            "first_name": "Zoë",
            "last_name": "Łukasiewicz",
            "email": "zoe@example.org",
            "organisation": "Università di Milano",
            "country": "PL",
            "category": "research",
            "days": [day],
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    run_worker()

    [(recipients, confirm_message)] = smtp_server.wait_for(1)
    assert recipients == ["zoe@example.org"]
    assert confirm_message["Subject"] == f"Please confirm your registration for {edition.title}"
    assert confirm_message.get_body(("html",)) is not None
    link = re.search(r"https?://\S+/register/confirm/\S+/", plain_body(confirm_message)).group(0)
    assert Registration.objects.get().status == "pending"

    assert "Confirm my registration" in text_of(client.get(urlsplit(link).path))
    manage = client.post(urlsplit(link).path, follow=True)
    assert "Status: Confirmed" in text_of(manage)
    assert "Zoë Łukasiewicz" in text_of(manage)
    run_worker()

    messages = smtp_server.wait_for(2)
    confirmed = messages[1][1]
    assert confirmed["Subject"] == f"You are registered for {edition.title}"
    [attachment] = list(confirmed.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = read_calendar(attachment.get_content().encode())
    assert [event["summary"] for event in calendar["events"]] == [opening.title]

    manage_link = re.search(r"https?://\S+/my-registration/\S+/", plain_body(confirmed)).group(0)
    cancel = client.post(urlsplit(manage_link).path + "cancel/", follow=True)
    assert "Status: Cancelled" in text_of(cancel)
    run_worker()
    messages = smtp_server.wait_for(3)
    assert messages[2][1]["Subject"] == f"Your registration for {edition.title} is cancelled"
    assert Registration.objects.get().status == "cancelled"


def link_in(message, pattern: str) -> str:
    return urlsplit(re.search(rf"https?://\S+{pattern}\S+/", plain_body(message)).group(0)).path


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            {
                "subject": "Please confirm your new address for",
                "button": "Use this address",
                "sent": "We have sent a link to zoe.new@example.org",
                "moved": "Your registration's address is now zoe.new@example.org.",
                "told": "now uses the address zoe.new@example.org",
                "void": "A link to confirm a new address works for 48 hours, once",
            },
        ),
        (
            "it",
            {
                "subject": "Confermate il vostro nuovo indirizzo per",
                "button": "Usa questo indirizzo",
                "sent": "Abbiamo inviato un link a zoe.new@example.org",
                "moved": "L'indirizzo della vostra iscrizione ora è zoe.new@example.org.",
                "told": "ora usa l'indirizzo zoe.new@example.org",
                "void": "Un link per confermare un nuovo indirizzo vale 48 ore, una volta sola",
            },
        ),
    ],
)
def test_attendee_moves_their_registration_to_a_confirmed_new_address(
    client, smtp_server, run_worker, language, words
):
    edition = open_edition()
    registration = services.submit_registration(
        **registration_input(edition, email="zoe@example.org", language=language)
    )[0]
    services.confirm_registration(registration_id=registration.pk)
    run_worker()
    smtp_server.wait_for(2)
    manage_path = registration.manage_url()

    asked = client.post(manage_path + "new-address/", {"email": "zoe.new@example.org"}, follow=True)
    assert words["sent"] in text_of(asked)
    registration.refresh_from_db()
    assert registration.email == "zoe@example.org"  # nothing changes before the new owner agrees
    run_worker()
    recipients, message = smtp_server.wait_for(3)[2]
    assert recipients == ["zoe.new@example.org"]
    assert message["Subject"].startswith(words["subject"])
    # Whoever owns the typed address must not get into the registration without confirming.
    assert "/my-registration/" not in message.as_string()
    link = link_in(message, "/new-address/")

    assert words["button"] in text_of(client.get(link))
    assert Registration.objects.get().email == "zoe@example.org"  # a mail scanner's GET
    moved = client.post(link, follow=True)
    assert words["moved"] in text_of(moved)
    assert Registration.objects.get().email == "zoe.new@example.org"
    run_worker()
    recipients, notice = smtp_server.wait_for(4)[3]
    assert recipients == ["zoe@example.org"]
    assert words["told"] in plain_body(notice)

    again = client.post(link)
    assert again.status_code == 410
    assert words["void"] in text_of(again)

    client.post(manage_path + "new-links/")
    run_worker()
    assert smtp_server.wait_for(5)[4][0] == ["zoe.new@example.org"]
