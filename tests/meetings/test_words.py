"""Words people read in both languages: the site's voice (voi), dates written as Italian does,
one wording for one thing, agreements (un incontro confermato)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from meetings import services
from networking.models import SPOKEN_LANGUAGES
from registrations.models import Seat
from tests.factories import make_session, open_edition, registration_form
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def test_italian_meeting_pages_and_emails_agree_and_write_dates_in_lower_case(
    client, edition, matchmaking, person, sign_in, run_worker
):
    anna = person(first_name="Anna", language="it")
    bruno = person(first_name="Bruno", language="it")
    block = matchmaking.blocks.all()[0]
    sign_in(client, anna)
    with translation.override("it"):
        request_url = reverse("meetings:request", args=[edition.slug, bruno.profile.pk])
    form = text_of(client.get(request_url))
    weekday = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
    day = weekday[block.day.weekday()]
    assert f"{day} {block.day.day}" in form and day.capitalize() not in form
    assert f"sono nel fuso orario dell'edizione ({edition.time_zone})." in form
    meeting = services.request_meeting(
        requester=anna, invitee=bruno, slot=block.slot(0), message="Ciao"
    )
    services.accept(meeting_id=meeting.pk, by=bruno)
    run_worker()
    bodies = "\n".join(message.body for message in mail.outbox)
    assert f"{day} {block.day.day}" in bodies and day.capitalize() not in bodies
    with translation.override("it"):
        meeting_url = reverse("meetings:meeting", args=[edition.slug, meeting.pk])
    page = text_of(client.get(meeting_url))
    assert "Stato Confermato" in page and "Confermata" not in page


def test_italian_forms_speak_with_voi_and_offer_one_blank_wording(client):
    edition = open_edition()
    form = client.get(f"/it/{edition.slug}/register/").content.decode()
    blanks = re.findall(r'<option value=""[^>]*>([^<]*)</option>', form)
    assert blanks == ["Scegliete…", "Scegliete…"]  # country and organisation type
    bad = client.post(f"/it/{edition.slug}/register/", registration_form(edition, email="nope"))
    assert "Inserite un indirizzo email valido." in text_of(bad)
    assert "Inserisci" not in text_of(bad)
    english = client.get(f"/{edition.slug}/register/").content.decode()
    assert re.findall(r'<option value=""[^>]*>([^<]*)</option>', english) == ["Choose…"] * 2


def test_the_agenda_says_subscribe_not_register_for_calendars(client):
    edition = open_edition()
    make_session(edition)
    page = text_of(client.get(f"/it/{edition.slug}/agenda/"))
    assert "Iscriviti in Google Calendar" not in page and "Abbonati con Google Calendar" in page
    assert "tuo calendario" not in page


def test_spoken_languages_are_listed_in_the_readers_alphabetical_order(
    client, edition, matchmaking, person, sign_in
):
    anna = person(first_name="Anna")
    sign_in(client, anna)
    for prefix in ("", "/it"):
        page = client.get(prefix + reverse("networking:edit_profile", args=[edition.slug]))
        labels = re.findall(
            r'name="languages" value="[a-z]+"[^>]*>\s*<label[^>]*>\s*([^<]+?)\s*</label>',
            page.content.decode(),
        )
        assert len(labels) == len(SPOKEN_LANGUAGES)
        assert labels == sorted(labels, key=str.casefold), prefix
    assert labels[0] == "albanese"  # not Bulgarian first, as in the English-ordered list


def test_a_place_requested_is_said_once(client, edition, person):
    visit = make_session(edition, capacity=10)
    anna = person(first_name="Anna")
    Seat.objects.create(registration=anna, session=visit, status="requested")
    anna.status = "pending"
    anna.save()
    with translation.override("en"):
        page = client.get(anna.manage_url()).content.decode()
    assert (
        "<strong>Requested.</strong> You get it once you have confirmed your registration." in page
    )
    assert "Requested:" not in page
