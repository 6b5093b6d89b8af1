"""Materials after the event: checked uploads, served by their row, the speakers' own link,
the changes feed and the archive."""

import io
import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Material, Speaker
from tests.factories import add_speaker, make_edition, make_session, make_speaker
from tests.helpers import SITE_URL, errors_of, form_data, text_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def session():
    edition = make_edition(slug="milano-2024", participant_count=163, country_count=21)
    session = make_session(edition, title="Panel on the twin transition", slug="panel")
    return session


def pdf(name="slides.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def add_material(admin_client, session, **fields):
    url = reverse("admin:events_session_change", args=[session.pk])
    data = form_data(admin_client.get(url).content.decode(), "session_form")
    data |= {
        "materials-TOTAL_FORMS": "1",
        "materials-0-kind": "slides",
        "materials-0-title_en": "Slides of the panel",
        "materials-0-title_it": "Slide del panel",
        "materials-0-order": "0",
    }
    data |= {f"materials-0-{name}": value for name, value in fields.items()}
    return admin_client.post(url, data)


def test_slides_added_by_organisers_are_served_as_a_download_by_their_row(
    admin_client, client, session
):
    response = add_material(admin_client, session, file=pdf("../../Evil name.pdf"))
    assert response.status_code == 302, errors_of(response)
    material = Material.objects.get()
    assert material.edition == session.edition
    assert re.fullmatch(r"material/[0-9a-f]{32}\.pdf", material.file.name)  # not the upload's name

    page = client.get(session.get_absolute_url()).content.decode()
    [link] = re.findall(r'<a href="([^"]+)" download>Slides of the panel</a>', page)
    download = client.get(link)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="slides-of-the-panel.pdf"'
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    italian = text_of(client.get(f"/it{session.get_absolute_url()}"))
    assert "Slide del panel" in italian


def test_files_are_never_served_from_a_path_the_visitor_chooses(admin_client, client, session):
    add_material(admin_client, session, file=pdf())
    material = Material.objects.get()
    base = f"/milano-2024/materials/{material.pk}/"
    for path in (
        f"/media/{material.file.name}",
        f"/media/material/{material.file.name.split('/')[-1]}",
        f"{base}..%2F..%2Fclusters_event%2Fsettings.py",
        "/milano-2024/materials/999999/slides.pdf",
        f"/other-edition/materials/{material.pk}/slides.pdf",
    ):
        response = client.get(path)
        if response.status_code == 200:  # any name after the row's number: still that file
            assert b"".join(response.streaming_content) == PDF, path
        else:
            assert response.status_code == 404, path
    session.edition.is_published = False
    session.edition.save()
    assert client.get(material.get_absolute_url()).status_code == 404


def test_uploads_are_checked_by_content_and_size(admin_client, session, monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    refused = add_material(admin_client, session, file=pdf("slides.pdf", buffer.getvalue()))
    assert errors_of(refused) == [
        "This file is not a PDF document: export your slides as PDF and upload that."
    ]
    monkeypatch.setattr("events.models.materials.MAX_PDF_MEGABYTES", 0.001)
    too_big = add_material(admin_client, session, file=pdf(content=PDF + b" " * 2000))
    assert errors_of(too_big) == ["The file is 0.0 MB; the largest accepted is 0 MB."]
    both = add_material(admin_client, session, file=pdf(), url="https://youtu.be/x")
    assert "Give either a PDF file or an address, not both." in text_of(both)
    assert not Material.objects.exists()


def test_a_speaker_uploads_their_slides_with_their_own_replaceable_link(
    admin_client, client, session, run_worker
):
    speaker = make_speaker(name="Layla Pavone", email="layla@example.org")
    add_speaker(session, speaker)
    make_speaker(name="No Sessions")
    changelist = reverse("admin:events_speaker_changelist")
    admin_client.post(
        changelist, {"action": "email_upload_links", "_selected_action": [speaker.pk]}
    )
    run_worker()
    [email] = mail.outbox
    assert email.to == ["layla@example.org"]
    # A row of the outbox like every email: sent, retried when it fails, seen by organisers.
    from outbox.models import Email

    assert list(Email.objects.of(speaker).values_list("kind", "status")) == [
        ("speaker_upload_links", "sent")
    ]
    assert email.alternatives and "Layla Pavone" in email.alternatives[0].content
    [link] = re.findall(rf"{SITE_URL}(/milano-2024/speaker-upload/[^/\s]+/)", email.body)

    form = client.get(link)
    assert "Hello Layla Pavone" in text_of(form)
    uploaded = client.post(link, {"session": session.pk, "title": "", "file": pdf()})
    assert uploaded.status_code == 302
    material = Material.objects.get()
    assert (material.kind, material.speaker, material.title) == (
        "slides",
        speaker,
        "Slides: Panel on the twin transition",
    )
    assert "Slides: Panel on the twin transition" in text_of(client.get(session.get_absolute_url()))

    refused = client.post(link, {"session": session.pk, "file": pdf(content=b"<html>")})
    assert refused.status_code == 400
    assert "This file is not a PDF document" in text_of(refused)
    other_session = make_session(session.edition, title="Not hers")
    not_hers = client.post(link, {"session": other_session.pk, "file": pdf()})
    assert not_hers.status_code == 400
    hidden = client.post(link, {"session": session.pk, "title": "Slides\u202e", "file": pdf()})
    assert hidden.status_code == 400 and "invisible formatting character" in text_of(hidden)
    assert Material.objects.count() == 1

    admin_client.post(
        changelist, {"action": "replace_upload_links", "_selected_action": [speaker.pk]}
    )
    assert client.get(link).status_code == 404
    speaker.refresh_from_db()
    new_link = f"/milano-2024/speaker-upload/{speaker.upload_token}/"
    client.post(new_link, {"remove": str(material.pk)})
    assert not Material.objects.exists()


def test_the_changes_feed_lists_new_materials_and_moved_sessions(client, session):
    from events import services

    Material.objects.create(
        edition=session.edition, session=session, kind="recording", title="Recording of the panel",
        url="https://www.youtube.com/watch?v=example",
    )  # fmt: skip
    session.starts_at = session.starts_at.replace(hour=15)
    session.ends_at = session.ends_at.replace(hour=16)
    services.save_session(session=session)
    response = client.get("/milano-2024/changes.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]
    assert sorted(entries) == [
        ("Changed: Panel on the twin transition", f"{SITE_URL}/milano-2024/sessions/panel/"),
        ("Recording: Recording of the panel", f"{SITE_URL}/milano-2024/sessions/panel/"),
    ]
    assert feed.find(f"{ATOM}link").get("href") == f"{SITE_URL}/milano-2024/"
    page = client.get("/milano-2024/").content.decode()
    assert 'type="application/atom+xml" href="/milano-2024/changes.atom"' in page


def test_the_archive_shows_each_edition_with_its_region_figures_and_materials(client, session):
    session.edition.host_region = "Lombardy"
    session.edition.save()
    Material.objects.create(
        edition=session.edition, kind="document", title="Input paper", url="https://example.org/p"
    )
    make_edition(title="Vilnius 2025", city="Vilnius", country="LT", theme="Smart specialisation")
    archive = text_of(client.get("/editions/"))
    assert "Milano, Lombardy, Italy" in archive
    assert "163 participants · 21 countries · 1 material" in archive
    assert "Vilnius 2025" in archive and "Smart specialisation" in archive
    page = text_of(client.get("/milano-2024/"))
    assert "Materials and recordings 163 participants 21 countries" in page
    assert "Input paper (on another website)" in page


def test_speakers_without_email_are_named_when_links_cannot_be_sent(admin_client, session):
    speaker = make_speaker(name="Nobody Known")
    add_speaker(session, speaker)
    response = admin_client.post(
        reverse("admin:events_speaker_changelist"),
        {"action": "email_upload_links", "_selected_action": [speaker.pk]},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert "No email address for: Nobody Known. Copy their link from their page." in shown
    page = admin_client.get(reverse("admin:events_speaker_change", args=[speaker.pk]))
    assert f"/milano-2024/speaker-upload/{Speaker.objects.get().upload_token}/" in text_of(page)
