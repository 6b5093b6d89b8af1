"""Every public page is valid HTML according to the Nu Html Checker (vnu, pinned in npm)."""

import json
import shutil
import subprocess

import pytest

from tests.browser.conftest import REPO
from tests.conftest import expected_status

pytestmark = pytest.mark.django_db

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_page_is_valid_html(client, public_pages, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("vnu needs Java and the vnu-jar package: .ci/run installs both")
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

    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    problems = [
        f"{files[m['url'].removeprefix('file:')]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert problems == []
