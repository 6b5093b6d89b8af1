"""The manage page, personal links, calendar, data and erasure: what a registered person
does with their registration after signing up."""

import datetime as dt
import json
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from events.services import save_session
from registrations.models import Registration, Seat
from tests.factories import make_session, registration_form
from tests.helpers import form_data, text_of

pytestmark = pytest.mark.django_db


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
        response = client.post(
            reverse("registrations:register", kwargs={"edition_slug": edition.slug}),
            registration_form(edition),
        )
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
