import pytest
from django.core.management import CommandError, call_command

from networking.models import Entry, Profile
from registrations.models import Registration

pytestmark = pytest.mark.django_db


def test_demo_participants_are_confirmed_listed_bilingual_and_undeliverable(edition):
    call_command("load_demo_participants", edition.slug, "--count", "40")
    registrations = Registration.objects.filter(edition=edition)
    assert registrations.count() == 40
    assert set(registrations.values_list("status", flat=True)) == {"confirmed"}
    assert all(
        email.endswith(".invalid") for email in registrations.values_list("email", flat=True)
    )
    profiles = Profile.objects.in_directory(edition)
    assert 30 <= profiles.count() <= 40
    assert {"it", "en"} <= set(profiles.values_list("text_language", flat=True))
    assert Entry.objects.visible(edition).exists()
    assert len(set(registrations.values_list("country", flat=True))) >= 4
    call_command("load_demo_participants", edition.slug, "--count", "5")
    assert registrations.count() == 45  # adds, with new addresses


def test_an_unknown_edition_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No edition with the slug 'nowhere'"):
        call_command("load_demo_participants", "nowhere")
