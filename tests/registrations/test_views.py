import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.services import save_session
from registrations.models import Registration
from tests.factories import make_edition, registration_form
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def register_url(edition) -> str:
    return reverse("registrations:register", kwargs={"edition_slug": edition.slug})


def field_errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: list(errors) for name, errors in form.errors.items()}


def test_edition_page_leads_to_the_form_while_registration_is_open(client, edition):
    html = client.get(edition.get_absolute_url()).content.decode()
    assert f'href="{register_url(edition)}">Register now</a>' in html


def test_registering_sends_the_confirmation_link(
    run_worker, client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(edition), registration_form(edition))
    run_worker()
    assert response.status_code == 302
    assert response["Location"] == f"/{edition.slug}/register/check-your-email/"
    registration = Registration.objects.get()
    assert (registration.status, registration.email, registration.language) == (
        "pending",
        "zoe@example.org",
        "en",
    )
    assert registration.privacy_notice_version == "2024-01"
    [message] = mail.outbox
    assert message.to == ["zoe@example.org"]
    assert "Check your email" in text_of(client.get(response["Location"]))

    confirm = re.search(r"https?://\S+/register/confirm/\S+/", message.body).group(0)
    response = client.post(urlsplit(confirm).path)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    page = text_of(client.get(response["Location"]))
    assert "Status: Confirmed" in page


def test_incomplete_form_keeps_what_was_typed_and_marks_each_field(client, edition):
    response = client.post(
        register_url(edition),
        registration_form(
            edition, email="not-an-address", category="", days=[], privacy_consent=""
        ),
    )
    assert response.status_code == 200
    assert field_errors(response) == {
        "email": ["Enter a valid email address."],
        "category": ["This field is required."],
        "days": ["Choose at least one day."],
        "privacy_consent": ["Please accept the privacy notice to register."],
    }
    html = response.content.decode()
    assert 'value="Zoë"' in html
    assert 'value="not-an-address"' in html
    assert 'value="Project manager"' in html
    assert "Please correct the 4 fields marked below." in text_of(response)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
        ("organisation", "AFIL\x00", "Null characters are not allowed."),
        ("last_name", "Müller\x07", "This text contains control characters; please retype it."),
        (
            "last_name",
            "Mül\ufffdler",
            "This text contains characters that are not valid; please retype it.",
        ),
        ("first_name", "Zoë\nBcc: x@evil.test", "Please write this on one line."),
        ("email", "zoe@example.org\nBcc: x@evil.test", "Enter a valid email address."),
        (
            "email",
            "zoe@localhost",
            "“localhost” is not a domain on the internet; please check the address.",
        ),
        (
            "email",
            "zoe@[127.0.0.1]",
            "Please use an address with a domain name, not a server address in brackets.",
        ),
        (
            "email",
            "a@exam\u202eple.org",
            "This address contains invisible characters; please retype it.",
        ),
        (
            "first_name",
            "Zo\u202eë",
            "This text contains an invisible formatting character (such as a direction mark or "
            "a zero-width space); please retype it.",
        ),
        (
            "organisation",
            "AF\u200bIL",
            "This text contains an invisible formatting character (such as a direction mark or "
            "a zero-width space); please retype it.",
        ),
        (
            "dietary_requirements",
            "v" * 501,
            "Ensure this value has at most 500 characters (it has 501).",
        ),
        ("country", "XX", "Select a valid choice. XX is not one of the available choices."),
        (
            "days",
            ["2031-01-01"],
            "Select a valid choice. 2031-01-01 is not one of the available choices.",
        ),
    ],
)
def test_bad_input_gets_a_specific_message_and_saves_nothing(
    client, edition, field, value, message
):
    response = client.post(register_url(edition), registration_form(edition, **{field: value}))
    assert response.status_code == 200
    assert field_errors(response) == {field: [message]}
    assert not Registration.objects.exists()


def test_invalid_utf8_in_the_request_is_refused_not_stored(client, edition):
    body = (
        "first_name=Zo%FF&last_name=M&email=z%40example.org&organisation=A&country=IT"
        f"&category=cluster&days={edition.days[0].isoformat()}&privacy_consent=on"
    )
    response = client.post(
        register_url(edition), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "first_name" in field_errors(response)
    assert not Registration.objects.exists()


def test_a_session_needs_its_day(client, edition, visit):
    response = client.post(
        register_url(edition),
        registration_form(edition, days=[edition.days[0].isoformat()], sessions=[visit.pk]),
    )
    day = visit.local_starts_at.strftime("%-d %B")
    assert field_errors(response) == {
        "sessions": [f"“Guided visit to MIND” is on {day}; choose that day too."]
    }


def test_duplicate_looks_exactly_like_a_new_registration(
    run_worker, client, edition, django_capture_on_commit_callbacks
):
    client.post(register_url(edition), registration_form(edition))
    run_worker()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            register_url(edition),
            registration_form(edition, email="ZOE@example.org", first_name="Eve"),
        )
    run_worker()
    assert second.status_code == 302
    assert second["Location"] == f"/{edition.slug}/register/check-your-email/"
    assert Registration.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["zoe@example.org"]
    assert message.subject == f"Your registration for {edition.title}"


def test_honeypot_filled_in_saves_nothing_but_looks_normal(client, edition):
    response = client.post(register_url(edition), registration_form(edition, website="http://spam"))
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_too_many_submissions_get_a_friendly_429(client, edition, settings):
    settings.REGISTRATION_RATE_LIMIT = "3/600"
    statuses = [
        client.post(
            register_url(edition), registration_form(edition, email=f"p{i}@example.org")
        ).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    response = client.post(
        register_url(edition), registration_form(edition, email="late@example.org")
    )
    assert "Too many attempts" in text_of(response)
    assert Registration.objects.count() == 3


def test_form_without_csrf_token_is_refused_in_the_sites_look(edition):
    client = Client(enforce_csrf_checks=True)
    response = client.post(register_url(edition), registration_form(edition))
    assert response.status_code == 403
    assert "Please try again" in text_of(response)
    assert not Registration.objects.exists()


def test_outside_the_window_the_form_says_so_and_accepts_nothing(client, db):
    past = make_edition()
    page = text_of(client.get(register_url(past)))
    assert "This event is over." in page
    assert "First name" not in page
    response = client.post(register_url(past), registration_form(past))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_registered_address_is_mailed_again_at_most_once_an_hour(
    client, edition, register, run_worker
):
    register(edition, email="zoe@example.org")
    mail.outbox.clear()
    for _attempt in range(30):
        client.post(register_url(edition), registration_form(edition, email="zoe@example.org"))
    run_worker()
    assert [message.subject for message in mail.outbox] == [
        f"Your registration for {edition.title}"
    ]
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        client.post(register_url(edition), registration_form(edition, email="ZOE@example.org"))
        run_worker()
    assert len(mail.outbox) == 2


def test_the_empty_form_is_kept_per_language_and_follows_the_programme(client, edition, visit):
    english = text_of(client.get(register_url(edition)))
    italian = text_of(client.get(f"/it/{edition.slug}/register/"))
    assert "First name" in english and "Nome" in italian
    assert "First name" not in italian
    visit.title = "Guided visit to MIND (new bus)"
    save_session(session=visit)
    assert "Guided visit to MIND (new bus)" in text_of(client.get(register_url(edition)))


def test_cancelling_asks_first_and_says_what_happens(client, edition, register):
    registration = register(edition)
    page = client.get(f"{registration.manage_url()}cancel/")
    assert "Your place, and your places in sessions with limited places, go at once" in text_of(
        page
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # looking at the question changes nothing
    italian = client.get(f"/it{registration.manage_url()}cancel/")
    assert "Il vostro posto, e i vostri posti nelle sessioni" in text_of(italian)
    client.post(f"{registration.manage_url()}cancel/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_each_state_says_what_it_means_and_what_to_do(client, edition, visit, register):
    edition.capacity = 1
    edition.save()
    register(edition)
    waiting = register(edition, sessions=[visit])
    page = text_of(client.get(waiting.manage_url()))
    assert "The event is full and you are on the waiting list." in page
    assert "You are number 1 on the waiting list." in page
    assert "Requested. When you get a place at the event, you get this one too" in page
    assert "Requested: " not in page
    assert "registration not confirmed yet" not in page
    pending = register(edition, confirm=False)
    assert "Not confirmed yet: please follow the link" in text_of(client.get(pending.manage_url()))


def test_limited_sessions_show_the_places_left_with_the_right_plural(
    client, edition, visit, register
):
    # The visit has 2 places.
    assert "Guided visit to MIND" in text_of(client.get(register_url(edition)))
    assert "2 places left" in text_of(client.get(register_url(edition)))
    register(edition, sessions=[visit])
    assert "1 place left)" in text_of(client.get(register_url(edition)))
    italian = text_of(client.get(f"/it/{edition.slug}/register/"))
    assert "1 posto rimasto" in italian
    register(edition, sessions=[visit])
    page = text_of(client.get(f"/{edition.slug}/register/"))
    assert "full: you join its waiting list" in page


def test_a_full_edition_says_so_before_anyone_registers(client, edition, register):
    edition.capacity = 1
    edition.save()
    page = text_of(client.get(edition.get_absolute_url()))
    assert "Registration is open." in page and "The event is full." not in page
    first = register(edition)
    page = text_of(client.get(edition.get_absolute_url()))  # the cached page follows
    assert "The event is full. A new registration joins the waiting list, where 0 people" in page
    assert "Join the waiting list" in page
    register(edition)
    page = text_of(client.get(f"/{edition.slug}/agenda/"))
    assert "Join the waiting list" in page
    form = text_of(client.get(register_url(edition)))
    assert "If you register now you join the waiting list, where 1 person is waiting" in form
    italian = text_of(client.get(f"/it/{edition.slug}/"))
    assert "L'evento è al completo." in italian
    client.post(f"{first.manage_url()}cancel/")  # the one waiting takes the place
    page = text_of(client.get(edition.get_absolute_url()))
    assert "where 0 people are waiting" in page
