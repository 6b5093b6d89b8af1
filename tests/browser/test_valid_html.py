"""Every public page is valid HTML according to the Nu Html Checker (vnu, pinned in npm)."""

import json
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import REPO
from tests.conftest import expected_status

pytestmark = pytest.mark.django_db

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_page_is_valid_html(client, public_pages, tmp_path):
    pages = [*public_pages, "/it/milano-2024/", "/it/milano-2024/agenda/"]
    files = {}
    for number, path in enumerate(pages):
        response = client.get(path)
        assert response.status_code == expected_status(path), path
        files[str(tmp_path / f"page-{number}.html")] = path
        (tmp_path / f"page-{number}.html").write_bytes(response.content)
    form_errors = client.post("/upcoming/register/", {"first_name": "x"}).content
    files[str(tmp_path / "register-errors.html")] = "/upcoming/register/ (with errors)"
    (tmp_path / "register-errors.html").write_bytes(form_errors)

    assert nu_problems(files) == []


def nu_problems(files: dict[str, str]) -> list[str]:
    """Return what vnu finds in these files (file: what it holds)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("vnu needs Java and the vnu-jar package: .ci/run installs both")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{files[m['url'].removeprefix('file:')]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]


def test_the_door_pages_are_valid_html(tmp_path, monkeypatch):
    from registrations.passes import pass_payload
    from tests.browser.test_door import today_edition
    from tests.door.conftest import create_account, door_url, scan, signed_in
    from tests.factories import make_registration

    edition = today_edition()
    person = make_registration(edition, status="confirmed", dietary_requirements="Vegan")
    door = signed_in(create_account("create_door_staff", "desk1", monkeypatch))
    pages = {
        "sign-in": Client().get(reverse("door:sign_in")),
        "door": door.get(door_url(edition), {"q": person.last_name}),
        "door, checked in": scan(door, edition, pass_payload(person), fragment=False),
        "door, already": scan(door, edition, pass_payload(person), fragment=False),
        "door, unknown": scan(door, edition, "nothing", fragment=False),
        "walk-in with errors": door.post(door_url(edition, "walk_in"), {"first_name": "x"}),
    }
    files = {}
    for number, (name, response) in enumerate(pages.items()):
        (tmp_path / f"door-{number}.html").write_bytes(response.content)
        files[str(tmp_path / f"door-{number}.html")] = name
    assert nu_problems(files) == []


def test_the_pitch_call_pages_are_valid_html(client, admin_client, tmp_path):
    import datetime as dt

    import time_machine

    from pitches import services
    from registrations.services import check_in
    from tests.factories import make_application, make_call, make_registration, open_edition
    from tests.helpers import sign_in_participant

    call = make_call(open_edition(slug="upcoming"))
    application = make_application(call, status="accepted", publish_deck=True)
    application.confirm_by = call.closes_at + dt.timedelta(days=20)
    application.save()
    services.confirm_pitch(application_id=application.pk)
    other = make_application(call, decision="reserve")
    person = make_registration(call.edition, status="confirmed", days=call.edition.days)
    check_in(registration_id=person.pk, day=call.edition.days[0])
    sign_in_participant(client, person)
    session = call.slots.get().session
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=5)):
        vote = client.get(reverse("pitches:vote", args=[call.edition.slug]))
    pages = {
        "call with errors": client.post("/upcoming/pitches/", {"organisation": "x"}),
        "application with errors": client.post(
            other.manage_url(), {"action": "change", "title": ""}
        ),
        "accepted application": client.get(application.manage_url()),
        "vote": vote,
        "ranking": admin_client.get(reverse("pitches_admin:ranking", args=[call.pk])),
        "review": admin_client.get(reverse("pitches_admin:review", args=[other.pk])),
        "decisions": admin_client.get(reverse("pitches_admin:decisions", args=[call.pk])),
        "emails": admin_client.get(reverse("pitches_admin:send_decisions", args=[call.pk])),
        "votes": admin_client.get(reverse("pitches_admin:votes", args=[call.pk])),
        "call admin": admin_client.get(reverse("admin:pitches_call_change", args=[call.pk])),
    }
    files = {}
    for number, (name, response) in enumerate(pages.items()):
        assert response.status_code in (200, 400), name
        (tmp_path / f"pitch-{number}.html").write_bytes(response.content)
        files[str(tmp_path / f"pitch-{number}.html")] = name
    assert "Pitch 1" in pages["vote"].content.decode()
    emails = pages["emails"].content.decode()
    assert f"Your pitch for {call.edition.title} is on the reserve list" in emails
    assert nu_problems(files) == []
