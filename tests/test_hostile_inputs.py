"""What an attacker sent that once gave a server error: each gets a clear answer now."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events.models import Material
from networking.models import Profile
from tests.door.conftest import door_url
from tests.factories import add_speaker, make_registration, make_session, make_speaker, open_edition
from tests.helpers import create_account, sign_in_participant, text_of

pytestmark = pytest.mark.django_db


def test_a_speakers_upload_over_the_limit_and_a_strange_removal_are_answered(client):
    edition = open_edition()
    session = make_session(edition)
    speaker = make_speaker()
    add_speaker(session, speaker)
    link = reverse("events:speaker_upload", args=[edition.slug, speaker.upload_token])
    big = SimpleUploadedFile("deck.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024) + b"%%EOF")
    refused = client.post(link, {"session": session.pk, "file": big})
    assert refused.status_code == 400
    assert "The file is larger than 25 MB" in text_of(refused)
    for value in ("²", "abc", "1.5", ""):
        assert client.post(link, {"remove": value}).status_code == 302
    assert not Material.objects.exists()


def test_the_door_answers_strange_parameters(monkeypatch):
    edition = open_edition()
    make_session(edition, capacity=10)
    phone = Client()
    phone.force_login(create_account("create_door_staff", "desk1", monkeypatch))
    page = phone.get(door_url(edition), {"q": "Ro\x00ssi", "session": "²"})
    assert page.status_code == 200
    answer = phone.post(
        door_url(edition, "check_in"),
        {"registration": "²", "day": edition.start_date.isoformat()},
        headers={"X-Door-Fragment": "1"},
    )
    assert answer.status_code == 200 and "Nobody with this registration here." in text_of(answer)
    undone = phone.post(door_url(edition, "undo"), {"check_in": "²"})
    assert undone.status_code == 200
    assert "Nothing to undo" in text_of(undone)


@pytest.mark.parametrize("value", ["abc", "²", "1.5", ""])
@pytest.mark.parametrize("kind", ["profile", "entry"])
def test_a_bookmark_of_something_that_is_not_a_number_is_not_found(kind, value, ecosystem_sectors):
    edition = open_edition()
    me = make_registration(edition, status="confirmed")
    Profile.objects.create(registration=me, listed=True)
    client = sign_in_participant(Client(), me)
    response = client.post(reverse("networking:bookmark", args=[edition.slug]), {kind: value})
    assert response.status_code == 404
