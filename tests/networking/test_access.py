"""Nobody but confirmed participants of the edition, and organisers, sees anything inside."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_edition, make_registration
from tests.helpers import create_account, text_of

pytestmark = pytest.mark.django_db


def area_urls(edition, profile) -> list[str]:
    slug = {"edition_slug": edition.slug}
    return [
        reverse("networking:area", kwargs=slug),
        reverse("networking:directory", kwargs=slug),
        reverse("networking:marketplace", kwargs=slug),
        reverse("networking:profile", kwargs=slug | {"pk": profile.pk}),
        reverse("networking:directory", kwargs=slug) + "?q=Hydrogen",
    ]


def test_only_confirmed_participants_and_organisers_see_profiles(
    edition, participant, sign_in, monkeypatch
):
    listed = participant(
        edition,
        first_name="Ieva",
        last_name="Kazlauskaitė",
        organisation="Hydrogen Valley Lithuania",
        about="Hydrogen logistics pilots.",
        entries=[("offer", "Hydrogen test site", ())],
    )
    other_edition = make_edition(slug="vilnius-2022", title_en="Vilnius 2022")
    visitors = {
        "anonymous": Client(),
        "pending": sign_in(Client(), make_registration(edition, status="pending")),
        "waiting": sign_in(
            Client(), make_registration(edition, status="waiting", waiting_since=timezone.now())
        ),
        "cancelled": sign_in(Client(), make_registration(edition, status="cancelled")),
        "another edition": sign_in(Client(), make_registration(other_edition, status="confirmed")),
    }
    for who, client in visitors.items():
        for url in area_urls(edition, listed):
            response = client.get(url)
            page = text_of(response)
            assert "Kazlauskait" not in page and "Hydrogen" not in page, (who, url)
            assert response.status_code in (200, 403), (who, url)

    waiting = text_of(visitors["waiting"].get(area_urls(edition, listed)[0]))
    assert "You are on the waiting list. The participants' area opens to confirmed" in waiting
    cancelled = text_of(visitors["cancelled"].get(area_urls(edition, listed)[0]))
    assert "no longer active" in cancelled
    anonymous = visitors["anonymous"].get(area_urls(edition, listed)[0]).content.decode()
    assert 'value="Email me a sign-in link"' in anonymous

    confirmed = sign_in(Client(), make_registration(edition, status="confirmed"))
    organiser = Client()
    organiser.force_login(create_account("create_organiser", "giulia", monkeypatch))
    for client in (confirmed, organiser):
        for url in area_urls(edition, listed)[1:]:
            assert "Hydrogen" in text_of(client.get(url)), url


def test_a_tampered_or_spent_sign_in_link_signs_nobody_in(client, edition, participant):
    listed = participant(edition, organisation="Hydrogen Valley Lithuania")
    response = client.post(
        reverse("networking:sign_in", kwargs={"edition_slug": edition.slug, "token": "x" * 32})
    )
    assert response.status_code == 410
    assert "A sign-in link works once, for 15 minutes." in text_of(response)
    directory = client.get(area_urls(edition, listed)[1])
    assert "Hydrogen" not in text_of(directory)


def test_replacing_the_links_signs_the_person_out(client, edition, participant, sign_in):
    me = participant(edition)
    other = participant(edition, organisation="Hydrogen Valley Lithuania")
    sign_in(client, me.registration)
    assert "Hydrogen" in text_of(client.get(area_urls(edition, other)[1]))
    client.post(me.registration.manage_url() + "new-links/")
    assert "Hydrogen" not in text_of(client.get(area_urls(edition, other)[1]))


def test_only_the_manage_pages_button_signs_in_never_opening_a_link(edition, participant):
    me = participant(edition)
    other = participant(edition, organisation="Hydrogen Valley Lithuania")
    directory = area_urls(edition, other)[1]
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(me.registration.manage_url())
    assert "Open the participants' area" in text_of(page)
    assert "Hydrogen" not in text_of(browser.get(directory))  # opening the link signed nobody in

    enter = reverse("networking:enter", args=[edition.slug])
    forged = browser.post(enter, {"token": me.registration.manage_token})  # from another site
    assert forged.status_code == 403
    wrong = Client().post(enter, {"token": "not-a-token"})
    assert wrong.status_code == 410
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    button = browser.post(
        enter, {"token": me.registration.manage_token, "csrfmiddlewaretoken": csrf}
    )
    assert button["Location"] == reverse("networking:area", args=[edition.slug])
    assert "Hydrogen" in text_of(browser.get(directory))


def test_a_sign_in_link_posted_to_another_editions_address_stays_usable(client, edition):
    from networking.models import SignInLink

    other_edition = make_edition()
    person = make_registration(edition, status="confirmed")
    token = SignInLink.issue(person)
    elsewhere = client.post(reverse("networking:sign_in", args=[other_edition.slug, token]))
    assert elsewhere.status_code == 410
    here = client.post(reverse("networking:sign_in", args=[edition.slug, token]))
    assert here["Location"] == reverse("networking:area", args=[edition.slug])


def test_a_sign_in_link_asked_for_before_replacing_ones_links_no_longer_works(client, edition):
    from networking.models import SignInLink
    from registrations import services

    person = make_registration(edition, status="confirmed")
    token = SignInLink.issue(person)  # asked for, then the person replaces their links
    services.replace_links(registration_id=person.pk)
    response = client.post(reverse("networking:sign_in", args=[edition.slug, token]))
    assert response.status_code == 410
    person.refresh_from_db()
    fresh = SignInLink.issue(person)
    signed_in = client.post(reverse("networking:sign_in", args=[edition.slug, fresh]))
    assert signed_in["Location"] == reverse("networking:area", args=[edition.slug])
