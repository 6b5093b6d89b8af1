"""The organisers' team: each role opens its pages and no others, and is told why not."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import make_edition
from tests.helpers import create_account, text_of

pytestmark = pytest.mark.django_db
# The apps organisers run an edition with; the others are accounts and internals.
ORGANISER_APPS = {"events", "registrations", "outbox", "networking", "meetings", "messaging"}
INTERNALS = ["auth_user", "auth_group", "axes_accessattempt", "django_tasks_database_dbtaskresult"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def changelists(apps: set[str]) -> list[str]:
    return sorted(
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in apps
    )


def test_an_organiser_opens_every_organiser_page_and_nothing_of_accounts(monkeypatch):
    make_edition()
    client = signed_in(create_account("create_organiser", "giulia", monkeypatch))
    for name in changelists(ORGANISER_APPS):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    for name in INTERNALS:
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 403, name
        assert "Only the site's administrators open this page." in text_of(response)
    home = text_of(client.get(reverse("admin:index")))
    assert "Announcements" in home and "B2B matchmaking" in home and "Emails" in home
    assert "Users" not in home and "Access attempts" not in home


def test_narrower_roles_open_their_pages_and_are_told_which_role_the_others_need(monkeypatch):
    content = signed_in(create_account("create_organiser", "paola", monkeypatch, "content"))
    words = signed_in(create_account("create_organiser", "marco", monkeypatch, "communications"))
    for name in changelists({"events"}):
        assert content.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    for name in ["messaging_announcement", "messaging_timedmessage", "outbox_email"]:
        assert words.get(reverse(f"admin:{name}_changelist")).status_code == 200, name

    refused = content.get(reverse("admin:registrations_registration_changelist"))
    assert refused.status_code == 403
    page = text_of(refused)
    assert "This page is for these roles: Organiser." in page
    assert "Your account's roles: Content editor." in page
    assert "Back to the admin's home page" in page
    content.cookies["language"] = "it"  # the admin follows the site's language switch
    italian = content.get(reverse("admin:messaging_announcement_changelist"))
    assert italian.status_code == 403
    assert "Questa pagina è per i ruoli: Organizzatore, Comunicazione." in text_of(italian)
    assert words.get(reverse("admin:events_session_changelist")).status_code == 403


def test_a_role_is_given_by_the_command_and_can_be_changed(monkeypatch, django_user_model):
    user = create_account("create_organiser", "luca", monkeypatch, "desk")
    assert not user.is_staff and user.has_perm("registrations.check_in_attendees")
    user = create_account("create_organiser", "luca", monkeypatch)  # now a full organiser
    user = django_user_model.objects.get(pk=user.pk)
    assert user.is_staff and user.has_perm("meetings.change_meeting")
    assert user.has_perm("registrations.check_in_attendees")
    assert not user.has_perm("auth.change_user")


def test_a_staff_account_without_a_role_sees_no_participants_area(django_user_model):
    from networking.models import Profile
    from tests.factories import make_registration, open_edition

    edition = open_edition()
    person = make_registration(edition, status="confirmed", last_name="Bianchi")
    Profile.objects.create(registration=person, listed=True)
    bare = django_user_model.objects.create_user("nobody", password="x" * 20, is_staff=True)
    page = signed_in(bare).get(reverse("networking:directory", args=[edition.slug]))
    assert "Bianchi" not in text_of(page)


def test_the_admin_speaks_the_organisers_terms(admin_client):
    from tests.factories import make_registration, open_edition

    home = text_of(admin_client.get(reverse("admin:index")))
    assert "Clusters meet Regions: organisers" in home and "Django administration" not in home
    edition = open_edition()
    make_registration(edition, category="start_up")
    page = admin_client.get(reverse("admin:events_edition_change", args=[edition.pk]))
    assert 'type="color" name="accent_colour"' in page.content.decode()
    listing = admin_client.get(reverse("admin:registrations_registration_changelist"))
    filters = text_of(listing)[text_of(listing).index("By stakeholder category") :]
    assert "Start-up" in filters and "EU institution" not in filters  # only values present
    admin_client.cookies["language"] = "it"
    assert "Clusters meet Regions: organizzatori" in text_of(
        admin_client.get(reverse("admin:index"))
    )
