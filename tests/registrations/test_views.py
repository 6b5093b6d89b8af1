import datetime as dt
import json
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.services import save_session
from registrations.models import Registration, Seat
from tests.factories import make_edition, make_session, registration_form
from tests.helpers import form_data, text_of

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


def test_tampered_or_unknown_links_show_a_clear_page(client, edition, register):
    registration = register(edition, confirm=False)
    response = client.get(f"/{edition.slug}/register/confirm/{registration.confirmation_token}x/")
    assert response.status_code == 404
    assert "This link does not work" in text_of(response)
    manage = client.get(f"/{edition.slug}/my-registration/not-a-token/")
    assert manage.status_code == 404


def test_manage_page_changes_sessions_and_needs(client, edition, visit, register):
    registration = register(edition)
    url = registration.manage_url()
    as_filled = form_data(client.get(url).content.decode(), "change-form")
    response = client.post(
        url,
        as_filled
        | {
            "days": [d.isoformat() for d in edition.days],
            "sessions": [visit.pk],
            "dietary_requirements": "Vegetarian",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(url))
    assert "Your changes are saved." in page
    assert "Guided visit to MIND: Confirmed" in page
    registration.refresh_from_db()
    assert registration.dietary_requirements == "Vegetarian"
    assert Seat.objects.get(registration=registration, session=visit).status == "confirmed"


def test_manage_page_cancels(
    run_worker, client, edition, register, django_capture_on_commit_callbacks
):
    registration = register(edition)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "registrations:cancel",
                kwargs={"edition_slug": edition.slug, "token": registration.manage_token},
            )
        )
    run_worker()
    page = text_of(client.get(response["Location"]))
    assert "Status: Cancelled" in page
    assert "Your registration is cancelled." in page
    [message] = mail.outbox
    assert message.subject == f"Your registration for {edition.title} is cancelled"


def test_personal_calendar_holds_exactly_the_attendees_sessions(
    client, edition, visit, register, read_calendar
):
    first_day, second_day = edition.days
    opening = make_session(edition, title="Opening")  # day one, open to all
    make_session(
        edition,
        title="Closing",
        starts_at=dt.datetime.combine(second_day, dt.time(17), tzinfo=edition.tz),
    )
    registration = register(edition, days=[first_day.isoformat()])
    url = registration.calendar_url()
    response = client.get(url)
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    calendar = read_calendar(response.content)
    # Day one only; the visit (day two, limited places, no seat asked for) is not in it either.
    assert [event["summary"] for event in calendar["events"]] == [opening.title]
    manage = client.get(registration.manage_url()).content.decode()
    assert f'href="webcal://cmr.example.eu{url}"' in manage

    # The feed follows the organisers: a session moved to day two leaves it.
    opening.starts_at = dt.datetime.combine(second_day, dt.time(9), tzinfo=edition.tz)
    opening.ends_at = opening.starts_at + dt.timedelta(hours=1)
    save_session(session=opening)
    assert read_calendar(client.get(url).content)["events"] == []


def test_download_my_data_gives_everything_as_json(client, edition, register):
    registration = register(edition, first_name="Zoë", email="zoe@example.org")
    url = reverse(
        "registrations:data",
        kwargs={"edition_slug": edition.slug, "token": registration.manage_token},
    )
    response = client.get(url)
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    data = json.loads(response.content)
    assert (data["first_name"], data["email"], data["country"], data["status"]) == (
        "Zoë",
        "zoe@example.org",
        "IT",
        "confirmed",
    )
    assert [e["kind"] for e in data["emails_sent"]] == ["confirmed", "confirm_address"]


def test_erase_needs_the_tick_and_then_deletes(client, edition, register):
    registration = register(edition)
    url = reverse(
        "registrations:erase",
        kwargs={"edition_slug": edition.slug, "token": registration.manage_token},
    )
    client.post(url)
    assert Registration.objects.filter(pk=registration.pk).exists()
    response = client.post(url, {"confirm_erase": "yes"})
    assert "Your data is erased" in text_of(response)
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert client.get(registration.manage_url()).status_code == 404


def test_privacy_page_names_the_controller_and_contact(client, edition, settings):
    edition.contacts.create(name="Andrea", email="info@example.org")
    page = text_of(client.get(reverse("registrations:privacy", args=[edition.slug])))
    assert (
        "The data controller for registrations is European Cluster Collaboration Platform" in page
    )
    assert "info@example.org" in page
    assert "Version 2024-01" in page


def test_database_down_gives_a_503_and_claims_nothing(client, edition, database_down):
    with database_down():
        response = client.post(register_url(edition), registration_form(edition))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = unescape(response.content.decode())
    assert "Nothing you sent has been saved." in page


def test_confirmation_link_changes_nothing_until_the_button_is_pressed(client, edition, register):
    registration = register(edition, confirm=False)
    link = registration.confirmation_url()
    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200
    assert "Confirm my registration" in text_of(page)
    registration.refresh_from_db()
    assert registration.status == "pending"
    confirmed = client.post(link, follow=True)
    assert "Status: Confirmed" in text_of(confirmed)
    # The link afterwards leads to the registration instead of confirming again.
    assert client.get(link)["Location"] == registration.manage_url()


def test_links_reveal_nothing_and_the_calendar_link_cannot_manage(client, edition, register):
    registration = register(edition)
    for token in (registration.manage_token, registration.calendar_token):
        assert str(registration.pk) not in token
        assert not token.startswith("eyJ")  # base64 of '{"'
    manage_with_calendar_token = f"/{edition.slug}/my-registration/{registration.calendar_token}/"
    assert client.get(manage_with_calendar_token).status_code == 404
    cancel = client.post(f"{manage_with_calendar_token}cancel/")
    assert cancel.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_replacing_links_voids_the_old_ones_and_emails_the_new(
    client, edition, register, run_worker
):
    registration = register(edition)
    old_manage, old_calendar = registration.manage_url(), registration.calendar_url()
    mail.outbox.clear()
    response = client.post(f"{old_manage}new-links/")
    run_worker()
    registration.refresh_from_db()
    assert response["Location"] == registration.manage_url() != old_manage
    assert client.get(old_manage).status_code == 404
    assert client.get(old_calendar).status_code == 404
    assert client.get(registration.calendar_url()).status_code == 200
    [message] = mail.outbox
    assert message.subject == f"Your new links for {edition.title}"
    assert registration.manage_url() in message.body
    assert old_manage not in message.body


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


def test_the_manage_page_corrects_what_the_person_told_us(client, edition, register):
    registration = register(edition, organisation="AFIL", country="IT", category="cluster")
    url = registration.manage_url()
    as_filled = form_data(client.get(url).content.decode(), "change-form")
    assert as_filled["organisation"] == "AFIL" and "email" not in as_filled
    client.post(
        url,
        as_filled
        | {"organisation": "Lombardy Aerospace Cluster", "country": "PL", "category": "company"},
    )
    registration.refresh_from_db()
    assert (registration.organisation, registration.country.code, registration.category) == (
        "Lombardy Aerospace Cluster",
        "PL",
        "company",
    )
    assert "Lombardy Aerospace Cluster" in text_of(client.get(url))
    refused = client.post(url, as_filled | {"last_name": "Müller\u202e"})
    assert "invisible formatting character" in text_of(refused)


def new_address_link(run_worker) -> str:
    run_worker()
    message = mail.outbox[-1]
    return urlsplit(re.search(r"https?://\S+/new-address/\S+/", message.body).group(0)).path


def test_a_new_address_is_refused_when_it_changes_nothing_or_is_taken(
    client, edition, register, run_worker
):
    registration = register(edition, email="zoe@example.org")
    other = register(edition, email="taken@example.org")
    url = registration.manage_url()

    same = client.post(url + "new-address/", {"email": "ZOE@example.org"})
    assert "This is already the address of your registration." in text_of(same)
    typo = client.post(url + "new-address/", {"email": "zoe@example"})
    assert "Enter a valid email address." in text_of(typo)
    mail.outbox.clear()

    client.post(url + "new-address/", {"email": "Taken@example.org"})
    link = new_address_link(run_worker)
    refused = client.post(link)
    assert refused.status_code == 409
    assert "Taken@example.org already has a registration for this edition" in text_of(refused)
    registration.refresh_from_db(), other.refresh_from_db()
    assert (registration.email, other.email) == ("zoe@example.org", "taken@example.org")


def test_a_new_address_link_dies_with_the_address_or_links_it_was_sent_for(
    client, edition, register, run_worker
):
    registration = register(edition, email="zoe@example.org")
    client.post(registration.manage_url() + "new-address/", {"email": "first@example.org"})
    first = new_address_link(run_worker)
    client.post(registration.manage_url() + "new-address/", {"email": "second@example.org"})
    second = new_address_link(run_worker)
    assert client.post(second).status_code == 302
    # The registration moved: the older link names an address it no longer has.
    assert client.post(first).status_code == 410

    registration.refresh_from_db()
    client.post(registration.manage_url() + "new-address/", {"email": "third@example.org"})
    third = new_address_link(run_worker)
    client.post(registration.manage_url() + "new-links/")
    assert client.post(third).status_code == 410
    assert client.get(third[:-5] + "xxxx/").status_code == 410
    registration.refresh_from_db()
    assert registration.email == "second@example.org"


def header_offers_registering(response) -> bool:
    return 'class="nav-register"' in response.content.decode()


def test_the_header_offers_registering_only_to_who_is_not_registered(client, edition, register):
    from tests.helpers import sign_in_participant

    assert header_offers_registering(client.get(edition.get_absolute_url()))
    edition.capacity = 1
    edition.save()
    confirmed, waiting = register(edition), register(edition)
    pending = register(edition, confirm=False)
    assert (confirmed.status, waiting.status, pending.status) == ("confirmed", "waiting", "pending")
    for person in (confirmed, waiting, pending):
        assert not header_offers_registering(client.get(person.manage_url())), person.status
    sign_in_participant(client, confirmed)
    area = client.get(reverse("networking:area", kwargs={"edition_slug": edition.slug}))
    assert area.status_code == 200 and not header_offers_registering(area)
