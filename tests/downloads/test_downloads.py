"""Files made by the worker: the request answers before the file exists, the page follows the
work, the file reaches only its asker, a failure is said, and who left gets an email."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from downloads import kinds, services
from downloads.models import Download
from tests.factories import make_registration, open_edition
from tests.helpers import create_account, page_text, pdf_pages, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = open_edition(slug="upcoming")
    for number in range(12):
        make_registration(edition, status="confirmed", last_name=f"Person{number:02d}")
    return edition


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_badges_are_made_by_the_worker_while_the_page_shows_how_far_it_got(
    edition, monkeypatch, run_worker
):
    desk = signed_in(create_account("create_door_staff", "desk1", monkeypatch))
    asked = desk.get(reverse("door:badges", args=[edition.slug]), {"layout": "single"})
    assert asked.status_code == 302  # the request answers at once
    download = Download.objects.get()
    assert (download.status, download.file.name) == ("queued", "")
    page = desk.get(asked["Location"])
    assert "Waiting for the worker" in text_of(page)
    assert 'data-refresh="2"' in page.content.decode()  # the page follows the work

    run_worker()
    download.refresh_from_db()
    assert (download.status, download.done, download.total) == ("ready", 13, 13)
    page = text_of(desk.get(asked["Location"]))
    assert f"Download badges-{edition.slug}-single-en.pdf" in page
    made = desk.get(reverse("downloads:file", args=[download.pk]))
    assert "private, no-store" in made["Cache-Control"]
    pages = pdf_pages(b"".join(made.streaming_content))
    assert len(pages) == 12 and "Person00" in page_text(pages[0])
    assert mail.outbox == []  # the page was open: no email


def test_a_file_reaches_only_whoever_asked_for_it(edition, monkeypatch, run_worker):
    desk = signed_in(create_account("create_door_staff", "desk1", monkeypatch))
    other = signed_in(create_account("create_door_staff", "desk2", monkeypatch))
    desk.get(reverse("door:desk_list", args=[edition.slug]))
    run_worker()
    download = Download.objects.get()
    for path in (download.get_absolute_url(), reverse("downloads:file", args=[download.pk])):
        assert other.get(path).status_code == 404
        assert Client().get(path).status_code == 302  # to the sign-in page
    assert desk.get(reverse("downloads:file", args=[download.pk])).status_code == 200


@kinds.register
class Broken(kinds.DownloadKind):
    """A file whose making fails, as one does when the data changes under it."""

    name = "test_broken"
    label = "Broken"

    def make(self, download, progress):
        raise ValueError("the data changed under it")


def test_a_failure_is_said_on_the_page(edition, monkeypatch, run_worker):
    user = create_account("create_door_staff", "desk1", monkeypatch)
    download = services.request_download(kind=Broken.name, user=user, title="Broken file")
    run_worker()
    desk = signed_in(user)
    page = text_of(desk.get(download.get_absolute_url()))
    assert "Something went wrong while making the file." in page
    assert Download.objects.get().status == "failed"
    italian = text_of(desk.get(f"/it{download.get_absolute_url()}"))
    assert "Qualcosa è andato storto durante la preparazione del file." in italian


def test_whoever_left_the_page_gets_an_email_with_the_link(edition, monkeypatch, run_worker):
    desk_user = create_account("create_door_staff", "desk1", monkeypatch)
    desk = signed_in(desk_user)
    asked = desk.get(f"/it{reverse('door:desk_list', args=[edition.slug])}")
    with time_machine.travel(dt.timedelta(minutes=5)):  # nobody looked meanwhile
        run_worker()
        run_worker()
    [message] = mail.outbox
    assert message.to == [desk_user.email]
    assert message.subject == f"Il file è pronto: Elenco per l'accoglienza di {edition.title}"
    assert asked["Location"].removeprefix("/it") in message.body


def test_files_are_removed_after_a_day(edition, monkeypatch, run_worker):
    desk = signed_in(create_account("create_door_staff", "desk1", monkeypatch))
    desk.get(reverse("door:desk_list", args=[edition.slug]))
    run_worker()
    old = Download.objects.get()
    stored = old.file.name
    with time_machine.travel(dt.timedelta(days=1, minutes=1)):
        desk.get(reverse("door:desk_list", args=[edition.slug]))
        run_worker()
    assert list(Download.objects.values_list("pk", flat=True)) != [old.pk]
    assert not Download.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(stored)
