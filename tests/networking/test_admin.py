"""Organisers moderate profiles and entries, and see the participants' area in figures."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from networking.models import Entry, Profile
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def test_hiding_a_profile_asks_a_reason_and_emails_it_in_the_participants_language(
    admin_client, edition, participant, run_worker
):
    profile = participant(edition, first_name="Giulia")
    profile.registration.language = "it"
    profile.registration.save()
    changelist = reverse("admin:networking_profile_changelist")
    asked = admin_client.post(
        changelist, {"action": "hide_selected", ACTION_CHECKBOX_NAME: [profile.pk]}
    )
    assert "Reason, sent to the participant" in text_of(asked)
    assert Profile.objects.get().hidden_at is None
    done = admin_client.post(
        changelist,
        {
            "action": "hide_selected",
            ACTION_CHECKBOX_NAME: [profile.pk],
            "reason": "Il profilo pubblicizza un prodotto.",
        },
        follow=True,
    )
    assert "1 hidden; its author is emailed the reason." in text_of(done)
    assert Profile.objects.get().hidden_at is not None
    run_worker()
    [message] = mail.outbox
    assert message.to == [profile.registration.email]
    assert "hanno nascosto il vostro profilo" in message.body
    assert "Il profilo pubblicizza un prodotto." in message.body


def test_hiding_an_entry_names_it_in_the_email(admin_client, edition, participant, run_worker):
    profile = participant(edition, entries=[("offer", "Miracle cure", ())])
    entry = Entry.objects.get()
    admin_client.post(
        reverse("admin:networking_entry_changelist"),
        {"action": "hide_selected", ACTION_CHECKBOX_NAME: [entry.pk], "reason": "Off topic."},
    )
    run_worker()
    assert "your marketplace entry “Miracle cure”" in mail.outbox[0].body
    assert profile.registration.email in mail.outbox[0].to


def test_the_edition_page_counts_the_participants_area(admin_client, edition, participant):
    participant(edition, open_to_meetings=True, entries=[("offer", "Drones", ())])
    participant(edition)
    participant(edition, listed=False)
    page = text_of(admin_client.get(reverse("admin:events_edition_change", args=[edition.pk])))
    assert "listed in the directory: 2" in page
    assert "open to meetings: 1" in page
    assert "with marketplace entries: 1" in page
