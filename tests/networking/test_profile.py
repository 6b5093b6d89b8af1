"""A participant's own profile, entries and bookmarks; starting from an earlier edition's."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from networking import services
from networking.models import Bookmark, Entry, NetworkingOptions, Profile
from registrations.models import Registration
from tests.factories import make_edition, make_registration, open_edition
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def url(edition, name, **kwargs) -> str:
    return reverse(f"networking:{name}", kwargs={"edition_slug": edition.slug} | kwargs)


def profile_form(**overrides) -> dict:
    data = {
        "listed": "on",
        "open_to_meetings": "on",
        "region": "Lombardia",
        "sectors": [],
        "languages": ["it", "en"],
        "text_language": "it",
        "about": "Cluster lombardo dell'aerospazio.",
        "seeking": "Partner per progetti Horizon Europe.",
        "website": "https://www.lombardiaerospace.it/",
        "eccp_page": "https://reporting.clustercollaboration.eu/lombardia-aerospace-cluster",
    }
    return data | overrides


@pytest.fixture
def me(client, edition, sign_in):
    registration = make_registration(edition, status="confirmed", first_name="Marco")
    sign_in(client, registration)
    return registration


def test_a_participant_writes_a_profile_and_chooses_to_be_listed(client, edition, me):
    assert "Your profile is not in the directory" in text_of(client.get(url(edition, "area")))
    saved = client.post(url(edition, "edit_profile"), profile_form(), follow=True)
    assert "Your profile is saved; it is in the directory." in text_of(saved)
    profile = Profile.objects.get(registration=me)
    assert (profile.region, profile.languages, profile.listed) == ("Lombardia", ["it", "en"], True)
    shown = text_of(client.get(url(edition, "profile", pk=profile.pk)))
    assert "Cluster lombardo dell'aerospazio." in shown and "Italian, English" in shown


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        (
            {"eccp_page": "https://example.org/my-cluster"},
            "Give a page on clustercollaboration.eu",
        ),
        ({"about": "x" * 1001}, "Ensure this value has at most 1000 characters (it has 1001)."),
        ({"region": "Lombardia\u202e"}, "invisible formatting character"),
        ({"languages": ["xx"]}, "Select a valid choice. xx is not one of the available choices."),
    ],
)
def test_bad_profile_input_is_refused_with_a_reason_and_keeps_the_rest(
    client, edition, me, overrides, field_error
):
    response = client.post(url(edition, "edit_profile"), profile_form(**overrides))
    assert response.status_code == 200
    assert field_error in text_of(response)
    assert "Partner per progetti Horizon Europe." in response.content.decode()  # kept as typed
    assert not Profile.objects.filter(registration=me, listed=True).exists()


def test_at_most_five_entries(client, edition, me):
    entry = {"kind": "offer", "title": "Test benches for drones", "description": "Two sites."}
    for number in range(5):
        response = client.post(url(edition, "new_entry"), entry | {"title": f"Offer {number}"})
        assert response.status_code == 302
    sixth = client.post(url(edition, "new_entry"), entry)
    assert "You already have 5 entries, the most allowed: delete one first." in text_of(sixth)
    assert Entry.objects.count() == 5
    assert "You have 5 entries, the most allowed." in text_of(client.get(url(edition, "area")))
    first = Entry.objects.first()
    client.post(url(edition, "edit_entry", pk=first.pk), {"delete": "yes"})
    assert Entry.objects.count() == 4


def test_someone_elses_entry_cannot_be_edited(client, edition, me, participant):
    other = participant(edition, entries=[("offer", "Their offer", ())])
    entry = other.entries.get()
    assert client.get(url(edition, "edit_entry", pk=entry.pk)).status_code == 404
    client.post(url(edition, "edit_entry", pk=entry.pk), {"delete": "yes"})
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_bookmarks_of_profiles_and_entries_are_on_my_page(client, edition, me, participant):
    other = participant(
        edition, organisation="Hydrogen Valley Lithuania", entries=[("offer", "Test site", ())]
    )
    client.post(url(edition, "bookmark"), {"profile": other.pk})
    client.post(url(edition, "bookmark"), {"entry": other.entries.get().pk})
    page = text_of(client.get(url(edition, "area")))
    assert "Hydrogen Valley Lithuania" in page and "Offer: Test site" in page
    client.post(url(edition, "bookmark"), {"profile": other.pk})  # again: removes
    assert Bookmark.objects.count() == 1
    other.listed = False
    other.save()
    assert client.post(url(edition, "bookmark"), {"profile": other.pk}).status_code == 404


def test_people_who_leave_the_directory_leave_my_bookmarks(client, edition, me, participant):
    other = participant(
        edition, organisation="Hydrogen Valley Lithuania", entries=[("offer", "Test site", ())]
    )
    client.post(url(edition, "bookmark"), {"profile": other.pk})
    client.post(url(edition, "bookmark"), {"entry": other.entries.get().pk})
    other.listed = False
    other.save()
    page = text_of(client.get(url(edition, "area")))
    assert "Hydrogen Valley Lithuania" not in page and "Test site" not in page
    assert "None yet" in page
    other.listed = True
    other.save()
    page = text_of(client.get(url(edition, "area")))
    assert "Hydrogen Valley Lithuania" in page and "Offer: Test site" in page  # back with them


def test_a_hidden_entry_leaves_my_bookmarks(client, edition, me, participant):
    other = participant(edition, entries=[("offer", "Test site", ())])
    client.post(url(edition, "bookmark"), {"entry": other.entries.get().pk})
    other.entries.update(hidden_at=timezone.now())
    assert "Test site" not in text_of(client.get(url(edition, "area")))


def test_my_page_shows_each_change_on_the_next_view(client, edition, me, participant):
    """The page is reused between views: every change to what it shows must reach the next."""
    other = participant(edition, organisation="Hydrogen Valley Lithuania")
    services.profile_for(me)

    def my_bookmarks() -> str:
        return text_of(client.get(url(edition, "area"))).split("My bookmarks", 1)[1]

    assert "None yet" in my_bookmarks()
    client.post(url(edition, "bookmark"), {"profile": other.pk})
    assert "Hydrogen Valley Lithuania" in my_bookmarks()
    Registration.objects.filter(pk=other.registration_id).update(organisation="H2 Valley LT")
    assert "H2 Valley LT" in my_bookmarks()
    client.post(url(edition, "bookmark"), {"profile": other.pk})  # again: removes
    assert "H2 Valley LT" not in my_bookmarks()
    Profile.objects.filter(registration=me).update(listed=True)
    assert "Your profile is in the directory." in text_of(client.get(url(edition, "area")))
    Entry.objects.create(profile=Profile.objects.get(registration=me), kind="offer", title="Wind")
    assert "Offer: Wind" in text_of(client.get(url(edition, "area")))
    edition.title_en = "Clusters meet Regions – Milano, again"
    edition.save()
    assert "Milano, again" in text_of(client.get(url(edition, "area")))


def test_a_later_edition_offers_to_start_from_the_last_profile(client, participant, sign_in):
    earlier = make_edition(slug="vilnius-2022", title_en="Clusters meet Regions – Vilnius 2022")
    old = participant(
        earlier,
        email="marco@example.it",
        about="Cluster lombardo dell'aerospazio.",
        region="Lombardia",
        sectors=["aerospace-defence"],
    )
    edition = open_edition(slug="milano-2027", series=earlier.series)
    registration = make_registration(edition, status="confirmed", email="Marco@example.it")
    sign_in(client, registration)
    offer = text_of(client.get(url(edition, "area")))
    assert "You had a profile at Clusters meet Regions – Vilnius 2022. Start from it?" in offer
    assert not Profile.objects.get(registration=registration).about  # never automatic
    client.post(url(edition, "start_from_earlier"))
    profile = Profile.objects.get(registration=registration)
    assert profile.about == old.about and profile.region == "Lombardia"
    assert [s.slug for s in profile.sectors.all()] == ["aerospace-defence"]
    assert profile.listed is False  # listing stays the person's choice


def test_with_approval_required_a_listed_profile_says_it_waits(client, edition, me):
    NetworkingOptions.objects.create(edition=edition, profiles_need_approval=True)
    saved = client.post(url(edition, "edit_profile"), profile_form(), follow=True)
    assert "Your profile is saved; it appears in the directory once approved." in text_of(saved)
    assert "appears in the directory once the organisers approve it" in text_of(saved)
    services.approve(Profile.objects.all())
    assert "Your profile is in the directory." in text_of(client.get(url(edition, "area")))


def test_a_logo_uploaded_with_the_profile_shows_in_the_directory(
    client, edition, me, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "navy").save(buffer, "PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    client.post(url(edition, "edit_profile"), profile_form(photo=logo))
    html = client.get(url(edition, "directory")).content.decode()
    [img] = re.findall(r'<img class="profile-picture"[^>]*>', html)
    small = re.search(r'src="([^"]+)"', img).group(1)
    assert client.get(small)["Content-Type"] == "image/webp"
    refused = client.post(
        url(edition, "edit_profile"),
        profile_form(photo=SimpleUploadedFile("cv.png", b"not a picture", "image/png")),
    )
    assert "Upload a valid image." in text_of(refused)
