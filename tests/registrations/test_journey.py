"""The whole attendee journey, with the emails going through a real SMTP server process."""

import re
from urllib.parse import urlsplit

import pytest

from registrations.models import Registration
from tests.factories import make_session, open_edition
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
