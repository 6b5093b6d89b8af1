"""Applying to pitch without an account: the form, the address confirmed by email, corrections
and withdrawal through the personal link, the deck read back, bad input kept and explained."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pitches.demo import sample_deck
from pitches.models import Application
from tests.factories import make_application, make_call, make_registration, open_edition
from tests.helpers import page_text, pdf_pages, text_of, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return make_call(open_edition(slug="upcoming"))


def answers(call, **changes) -> dict:
    return {
        "organisation": "H2 Valley Lab",
        "country": "IT",
        "website": "https://h2valley.example.org/",
        "contact_name": "Giulia Bassi",
        "email": "giulia@h2valley.example.org",
        "phone": "+39 02 1234567",
        "category": call.categories.all()[0].pk,
        "title": "Green hydrogen for industrial districts",
        "summary": "Electrolysers shared by the firms of one district.",
        "seeking": "Two pilot regions.",
        "privacy_consent": "on",
    } | changes


def link_in(message) -> str:
    return re.search(r"https?://\S+/pitches/application/\S+/", message.body).group(0)


def summary_errors(response) -> list[str]:
    """The error summary above the form: each field's label and its error, in form order."""
    html = response.content.decode().split('id="error-summary"')[1].split("</ul>")[0]
    return [visible_text(item) for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_an_applicant_applies_confirms_the_address_and_reads_the_deck_back(
    client, call, run_worker
):
    page = client.get("/upcoming/pitches/")
    assert "Start-ups and clusters pitch to regions" in text_of(page)
    assert "Innovation" in text_of(page)  # the criteria are public
    deck = sample_deck("Green hydrogen for industrial districts")
    response = client.post(
        "/upcoming/pitches/",
        answers(call) | {"deck": SimpleUploadedFile("ours.pdf", deck, "application/pdf")},
    )
    assert response.status_code == 302 and response["Location"].endswith("/check-your-email/")
    application = Application.objects.get()
    assert application.status == "pending" and application.language == "en"
    run_worker()
    [message] = mail.outbox
    assert message.to == ["giulia@h2valley.example.org"]
    assert message.subject == f"Confirm your application to pitch at {call.edition.title}"
    manage = path_of(link_in(message))

    page = client.get(manage)
    assert "Address not confirmed" in text_of(page)
    assert Application.objects.get().status == "pending"  # opening the link changes nothing
    client.post(manage, {"action": "confirm_address"})
    page = client.get(manage)
    assert "Thank you: your application is confirmed." in text_of(page)
    assert "Your application is with the reviewers" in text_of(page)

    downloaded = client.get(f"{manage}deck.pdf")
    assert downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Cache-Control"] == "private, no-store"
    [first_page] = pdf_pages(b"".join(downloaded.streaming_content))
    assert "Green hydrogen for industrial districts" in page_text(first_page)


def test_an_italian_applicant_gets_italian_pages_and_emails(client, call, run_worker):
    page = client.get("/it/upcoming/pitches/")
    assert "Invito a presentare pitch" in text_of(page) and "Candidarsi" in text_of(page)
    client.post("/it/upcoming/pitches/", answers(call))
    run_worker()
    [message] = mail.outbox
    assert message.subject == f"Confermate la vostra candidatura al pitch di {call.edition.title}"
    assert "/it/upcoming/pitches/application/" in message.body
    page = client.get(path_of(link_in(message)))
    assert "Indirizzo non confermato" in text_of(page)


def test_bad_input_is_explained_field_by_field_and_nothing_typed_is_lost(client, call):
    response = client.post(
        "/upcoming/pitches/",
        answers(call, summary="x" * 1501, email="not an address", privacy_consent="")
        | {"deck": SimpleUploadedFile("slides.pdf", b"PK\x03\x04 a zip", "application/pdf")},
    )
    assert response.status_code == 400
    assert summary_errors(response) == [
        "Email – Enter a valid email address.",
        "Summary – Ensure this value has at most 1500 characters (it has 1501).",
        "Pitch deck (PDF) – This file is not a PDF document: export your slides as PDF and "
        "upload that.",
        "I have read the privacy notice and agree that my data is used to review my application "
        "and, if it is chosen, to present my pitch. – Please accept the privacy notice to apply.",
    ]
    html = response.content.decode()
    assert 'value="H2 Valley Lab"' in html and "Two pilot regions." in html
    assert "x" * 1501 in html  # kept to shorten, not retyped
    assert Application.objects.count() == 0


def test_a_second_application_from_the_same_address_gets_the_link_to_the_first(
    client, call, run_worker
):
    client.post("/upcoming/pitches/", answers(call))
    response = client.post(
        "/upcoming/pitches/", answers(call, email="GIULIA@h2valley.example.org", title="Other")
    )
    assert response["Location"].endswith("/check-your-email/")  # the same answer to anyone
    assert Application.objects.count() == 1
    run_worker()
    assert [m.subject.split(" at ")[0] for m in mail.outbox] == [
        "Confirm your application to pitch",
        "Your application to pitch",
    ]
    assert link_in(mail.outbox[0]) == link_in(mail.outbox[1])


def test_corrections_until_the_call_closes_then_the_page_only_shows(client, call):
    application = make_application(call)
    manage = application.manage_url()
    page = client.get(manage)
    assert "Correct my application" in text_of(page)
    response = client.post(
        manage,
        {"action": "change"}
        | {k: v for k, v in answers(call, title="A better title").items() if k != "email"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "A better title"
    assert application.email == "applicant1@example.org"  # the address is not changed here

    with time_machine.travel(call.closes_at + dt.timedelta(minutes=1)):
        page = client.get(manage)
        assert "Correct my application" not in text_of(page)
        closed = client.get("/upcoming/pitches/")
        assert "The call closed on" in text_of(closed)
        refused = client.post("/upcoming/pitches/", answers(call, email="late@example.org"))
        assert refused.status_code == 403
    assert Application.objects.count() == 1


def test_withdrawing_and_the_data_download_and_erasure(client, call, run_worker):
    application = make_application(call, email="anna@example.org", deck="")
    registered = make_registration(call.edition, email="Anna@example.org", status="confirmed")
    manage = application.manage_url()
    page = client.get(manage)
    assert "You are also registered for the event" in text_of(page)
    manage_page = client.get(registered.manage_url())
    assert "My application to pitch" in text_of(manage_page)
    assert application.title in text_of(manage_page)

    client.post(manage, {"action": "withdraw"})
    assert Application.objects.get().status == "withdrawn"
    data = json.loads(client.get(f"{manage}my-data.json").content)
    assert data["email"] == "anna@example.org" and data["status"] == "withdrawn"
    response = client.post(f"{manage}erase/")
    assert response["Location"] == call.edition.get_absolute_url()
    assert Application.objects.count() == 0
    assert client.get(manage).status_code == 404


def test_the_edition_page_and_the_agenda_link_to_the_call_while_it_is_open(client, call):
    edition = call.edition
    assert "Apply to pitch" in text_of(client.get(edition.get_absolute_url()))
    agenda = text_of(client.get(reverse("events:agenda", args=[edition.slug])))
    assert "Apply to pitch in this session" in agenda
    with translation.override("it"):
        agenda_it = text_of(client.get(reverse("events:agenda", args=[edition.slug])))
    assert "Candidatevi per presentare in questa sessione" in agenda_it
    with time_machine.travel(call.closes_at + dt.timedelta(seconds=1)):
        # The cached pages end when the call closes.
        assert "Apply to pitch" not in text_of(client.get(edition.get_absolute_url()))


def test_opening_a_call_shows_on_the_cached_edition_page_at_once(client):
    edition = open_edition(slug="later")
    assert "Apply to pitch" not in text_of(client.get(edition.get_absolute_url()))  # cached
    make_call(edition, pitching_sessions=0)  # the call alone: nothing else changes
    assert "Apply to pitch" in text_of(client.get(edition.get_absolute_url()))


def test_the_form_offers_the_sites_one_blank_wording(client):
    edition = open_edition()
    make_call(edition)
    for prefix, wording in (("", "Choose…"), ("/it", "Scegliete…")):
        form = client.get(f"{prefix}/{edition.slug}/pitches/").content.decode()
        blanks = re.findall(r'<option value=""[^>]*>([^<]*)</option>', form)
        assert blanks and set(blanks) == {wording}
