"""Profiles, entries and bookmarks are part of the person's data: downloaded, erased, purged."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from networking.models import Bookmark, Entry, Profile
from registrations import services
from tests.factories import make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def logo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "green").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def test_the_data_download_holds_the_profile_entries_and_bookmarks(client, edition, participant):
    other = participant(edition, organisation="Hydrogen Valley Lithuania")
    me = participant(
        edition,
        about="Cluster lombardo dell'aerospazio.",
        entries=[("offer", "Banchi di prova per droni", ["aerospace-defence"])],
        sectors=["aerospace-defence"],
    )
    Bookmark.objects.create(owner=me, profile=other)
    data = client.get(me.registration.manage_url() + "my-data.json").json()
    profile = data["networking_profile"]
    assert profile["about"] == "Cluster lombardo dell'aerospazio."
    assert profile["sectors"] == ["Aerospace and defence"]
    assert profile["entries"][0]["title"] == "Banchi di prova per droni"
    assert profile["bookmarks"] == [str(other)]
    other.listed = False
    other.save()
    data = client.get(me.registration.manage_url() + "my-data.json").json()
    assert data["networking_profile"]["bookmarks"] == []  # they left the directory


def test_erasing_the_registration_erases_profile_entries_and_photo_files(
    client, edition, participant, media_root
):
    me = participant(edition, photo=logo(), entries=[("offer", "Drones", ())])
    stored = sorted(path.name for path in media_root.rglob("*") if path.is_file())
    assert len(stored) == 3  # the upload and its two renditions
    client.post(me.registration.manage_url() + "erase/", {"confirm_erase": "yes"})
    assert not Profile.objects.exists() and not Entry.objects.exists()
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_the_purge_removes_networking_data_with_the_rest(participant, media_root):
    edition = make_edition(start_date=dt.date(2024, 3, 26))
    me = participant(edition, photo=logo(), about="Pilots.", entries=[("offer", "Drones", ())])
    services.purge_personal_data(editions=[edition], after_days=30, now=timezone.now())
    assert not Profile.objects.filter(pk=me.pk).exists() and not Entry.objects.exists()
    assert [path for path in media_root.rglob("*") if path.is_file()] == []
