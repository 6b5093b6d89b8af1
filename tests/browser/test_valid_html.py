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
