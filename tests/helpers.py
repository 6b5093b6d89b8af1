"""Small helpers shared by test modules (fixtures live in conftest.py)."""

import re
import socket
import threading
import urllib.parse
from html import unescape
from html.parser import HTMLParser

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

# The site's public origin in every test (set by an autouse fixture): links must carry it, never
# the request's host.
SITE_URL = "https://cmr.example.eu"


def free_port() -> int:
    """Return a local TCP port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """Return a DATABASE_URL for the test database, for servers and workers in subprocesses."""
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CountingPasswordHasher(PBKDF2PasswordHasher):
    """Django's default hasher, counting how many passwords it checked."""

    checked = 0
    lock = threading.Lock()

    def verify(self, password, encoded):
        with CountingPasswordHasher.lock:
            CountingPasswordHasher.checked += 1
        return super().verify(password, encoded)


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(attrs["name"], []).append(attrs.get("value", "on"))
            else:
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(html: str, form_id: str) -> dict:
    """Return what a browser would submit from the form with this id, as the page fills it."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


def text_of(response) -> str:
    """Return the visible text of a page, whitespace folded, as a reader would see it."""
    return visible_text(response.content.decode())


def visible_text(html: str) -> str:
    """Return the visible text of some HTML, whitespace folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def errors_of(response) -> list[str]:
    """Return the first error of each field a Django form page marks (the admin's too)."""
    html = response.content.decode()
    return [
        unescape(e) for e in re.findall(r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li>', html)
    ]


def qr_codes_in(image) -> list[str]:
    """Return the texts of the QR codes a picture shows, read by ZXing (not our encoder)."""
    import zxingcpp

    return [found.text for found in zxingcpp.read_barcodes(image)]


def pdf_pages(pdf: bytes) -> list:
    """Return the pages of a PDF, opened by PDFium (not the library that wrote it)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [document[index] for index in range(len(document))]


def page_text(page) -> str:
    return page.get_textpage().get_text_range()


def create_account(command: str, username: str, monkeypatch, *roles: str):
    """Make an account with the README's command (and roles), password from the environment."""
    import io

    from django.contrib.auth.models import User
    from django.core.management import call_command

    monkeypatch.setenv("ORGANISER_PASSWORD", "a-long-door-password-2024")
    options = [f"--role={role}" for role in roles]
    call_command(command, username, f"{username}@example.org", *options, stdout=io.StringIO())
    return User.objects.get(username=username)


def sign_in_participant(client, registration):
    """Sign a client into the participants' area the way people do: the button on their manage
    page."""
    from django.urls import reverse

    assert client.get(registration.manage_url()).status_code == 200
    client.post(
        reverse("networking:enter", args=[registration.edition.slug]),
        {"token": registration.manage_token},
    )
    return client


def file_made_by_the_worker(client, response, run_worker) -> bytes:
    """Follow a request for a file the way the asker does: the request answers at once with a
    page that waits for the worker; once the worker has run, the page offers the file."""
    assert response.status_code == 302, response.status_code
    page_path = response["Location"]
    assert "/downloads/" in page_path, page_path
    waiting = client.get(page_path)
    assert "Waiting for the worker" in text_of(waiting)  # the request did not make it
    run_worker()
    assert "Your file is ready." in text_of(client.get(page_path))
    made = client.get(f"{page_path}file/")
    assert made.status_code == 200
    return b"".join(made.streaming_content)
