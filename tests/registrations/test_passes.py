"""The pass for the door: a QR code in the confirmation email and on the manage page."""

import io
import json

import pytest
import weasyprint
from django.utils import timezone
from PIL import Image

from messaging.models import TimedMessage
from messaging.services import ensure_timed_messages
from outbox.sending import build_message
from registrations import services
from registrations.emails import queue_email
from registrations.passes import pass_payload, token_in
from tests.factories import make_registration, open_edition, registration_input
from tests.helpers import pdf_pages, qr_codes_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def pass_image(message) -> Image.Image:
    """Return the pass the HTML part shows, found by its Content-ID, as a picture."""
    html = message.get_body(("html",))
    markup = html.get_content()
    related = message.get_body(("related",))
    assert related is not None, "the image travels with the HTML (multipart/related)"
    [image] = [part for part in related.iter_parts() if part.get_content_type() == "image/png"]
    content_id = image["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in markup
    assert "http" not in markup.split(f"cid:{content_id}")[0].rsplit("<img", 1)[-1]
    return Image.open(io.BytesIO(image.get_content()))


def test_the_confirmation_email_carries_the_pass_as_an_image_inside_it(
    client, smtp_server, run_worker
):
    edition = open_edition()
    registration, _ = services.submit_registration(**registration_input(edition))
    run_worker()
    services.confirm_registration(registration_id=registration.pk)
    run_worker()
    _recipients, confirmed = smtp_server.wait_for(2)[1]
    registration.refresh_from_db()

    assert qr_codes_in(pass_image(confirmed)) == [pass_payload(registration)]
    html = confirmed.get_body(("html",)).get_content()
    assert "Your pass for the entrance" in html
    assert 'alt="QR code of your pass for the entrance"' in html
    plain = confirmed.get_body(("plain",)).get_content()
    assert "Your pass for the entrance: show the QR code" in plain
    # The calendar file is still the one attachment.
    assert [part.get_content_type() for part in confirmed.iter_attachments()] == ["text/calendar"]
    # The code says nothing about the person: only a random token after our prefix.
    token = token_in(pass_payload(registration))
    assert token == registration.check_in_token
    for personal in (registration.first_name, registration.last_name, registration.email):
        assert personal not in pass_payload(registration)


def test_the_confirm_address_email_has_no_pass(smtp_server, run_worker):
    edition = open_edition()
    services.submit_registration(**registration_input(edition))
    run_worker()
    [(_recipients, message)] = smtp_server.wait_for(1)
    assert message.get_body(("related",)) is None
    assert "pass for the entrance" not in message.get_body(("html",)).get_content()


def read_page_code(html: str) -> list[str]:
    """Render the page's inline SVG code and read it back."""
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    [page] = pdf_pages(weasyprint.HTML(string=html[start:end]).write_pdf())
    return qr_codes_in(page.render(scale=3).to_pil())


def test_the_manage_page_shows_the_pass_and_replacing_links_replaces_it(client):
    edition = open_edition()
    confirmed = make_registration(edition, status="confirmed")
    waiting = make_registration(edition, status="waiting", waiting_since=timezone.now())
    page = client.get(confirmed.manage_url())
    assert "My pass for the entrance" in text_of(page)
    assert read_page_code(page.content.decode()) == [pass_payload(confirmed)]
    assert "<svg" not in client.get(waiting.manage_url()).content.decode()

    old = pass_payload(confirmed)
    services.replace_links(registration_id=confirmed.pk)
    confirmed.refresh_from_db()
    assert pass_payload(confirmed) != old
    assert read_page_code(client.get(confirmed.manage_url()).content.decode()) == [
        pass_payload(confirmed)
    ]


def test_the_new_links_email_and_the_practical_information_carry_the_pass():
    edition = open_edition()
    registration = make_registration(edition, status="confirmed")
    services.replace_links(registration_id=registration.pk)
    registration.refresh_from_db()
    new_links = registration.emails.get(kind="new_links")
    message = build_message(new_links).message()
    assert qr_codes_in(pass_image(message)) == [pass_payload(registration)]
    assert "the old code no longer lets you in" in message.get_body(("plain",)).get_content()

    ensure_timed_messages(edition)
    practical = TimedMessage.objects.get(edition=edition, kind=TimedMessage.Kind.PRACTICAL)
    thanks = TimedMessage.objects.get(edition=edition, kind=TimedMessage.Kind.THANK_YOU)
    with_pass = queue_email(
        registration, "messaging_timed", details={"timed_message": practical.pk}
    )
    without = queue_email(registration, "messaging_timed", details={"timed_message": thanks.pk})
    assert qr_codes_in(pass_image(build_message(with_pass).message())) == [
        pass_payload(registration)
    ]
    assert build_message(without).message().get_body(("related",)) is None


def test_check_ins_are_in_the_persons_data_download(client):
    edition = open_edition()
    registration = make_registration(edition, status="confirmed")
    services.check_in(registration_id=registration.pk, day=edition.start_date)
    response = client.get(
        f"/{edition.slug}/my-registration/{registration.manage_token}/my-data.json"
    )
    data = json.loads(response.content)
    assert [made["day"] for made in data["check_ins"]] == [edition.start_date.isoformat()]
