"""Check-in staff at the door, on a phone: a pass read by the camera, a name searched and undone."""

import io

import pytest
import segno
from django.contrib.auth.models import User
from django.core.management import call_command
from PIL import Image

from registrations.models import CheckIn
from registrations.passes import pass_payload
from tests.browser.conftest import PHONE, launch_chromium, record_console, screenshot
from tests.factories import ROME, make_edition, make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-door-password-2024"


def fake_camera_video(path, text: str, *, width: int = 640, height: int = 480) -> None:
    """Write a Y4M video (what Chromium's fake camera plays) of a QR code on a grey desk."""
    code = segno.make_qr(text, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=8, border=4)
    picture = Image.open(buffer).convert("L")
    frame = Image.new("L", (width, height), 150)
    frame.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (width // 2 * height // 2)  # no colour
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + luma + chroma + chroma)


def door_staff(monkeypatch) -> User:
    monkeypatch.setenv("ORGANISER_PASSWORD", PASSWORD)
    call_command("create_door_staff", "desk1", "desk1@example.org", stdout=io.StringIO())
    return User.objects.get(username="desk1")


def today_edition():
    from django.utils import timezone

    return make_edition(
        start_date=timezone.now().astimezone(ROME).date(), title="Clusters meet Regions – Milano"
    )


def sign_in(page, edition) -> None:
    """Sign in on the door's own page, as staff do on their phone."""
    page.goto(f"/{edition.slug}/door/")
    assert "Sign in for the door" in page.inner_text("h1")
    page.get_by_label("Username").fill("desk1")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith(f"/{edition.slug}/door/")


def test_the_camera_reads_a_pass_and_checks_the_person_in(
    playwright, site_url, tmp_path, monkeypatch
):
    """Debian's Chromium has no BarcodeDetector: the page reads the code with jsQR."""
    edition = today_edition()
    person = make_registration(
        edition,
        status="confirmed",
        first_name="Ieva",
        last_name="Kalniņa",
        organisation="Latvian IT Cluster",
        days=edition.days,
        dietary_requirements="Vegan",
    )
    make_registration(edition, status="confirmed", first_name="Expected", last_name="Later")
    door_staff(monkeypatch)
    video = tmp_path / "pass.y4m"
    fake_camera_video(video, pass_payload(person))

    errors = []
    browser = launch_chromium(
        playwright,
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    try:
        context = browser.new_context(base_url=site_url, locale="en-GB", **PHONE)
        context.grant_permissions(["camera"], origin=site_url)
        page = context.new_page()
        page.on("console", lambda message: record_console(message, errors))
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, edition)
        assert "0 / 2 Today" in page.inner_text("#door-counts")

        page.get_by_role("button", name="Scan with the camera").click()
        result = page.locator("#door-result")
        result.wait_for(timeout=15000)
        shown = result.inner_text()
        assert "Checked in" in shown and "Ieva Kalniņa" in shown
        assert "Latvian IT Cluster" in shown and "Dietary needs: Vegan" in shown
        assert "door-green" in result.get_attribute("class")
        assert "1 / 2 Today" in page.inner_text("#door-counts")
        screenshot(page, "door-check-in-phone")
        # The code stays in front of the camera: it is not checked in again.
        page.wait_for_timeout(1500)
        assert CheckIn.objects.filter(registration=person).count() == 1
    finally:
        browser.close()
    assert errors == []
    made = CheckIn.objects.get(registration=person)
    assert made.day == edition.start_date and made.checked_in_by.username == "desk1"


def test_search_check_in_retry_after_a_lost_answer_and_undo(open_page, monkeypatch):
    edition = today_edition()
    anna = make_registration(
        edition, status="confirmed", first_name="Anna", last_name="Rossi", organisation="AFIL"
    )
    make_registration(edition, status="confirmed", first_name="Bruno", last_name="Bianchi")
    door_staff(monkeypatch)
    page = open_page("/", device=PHONE)
    sign_in(page, edition)

    page.get_by_role("searchbox", name="Name or organisation").fill("rossi")
    with page.expect_navigation():
        page.get_by_role("button", name="Find").click()
    assert "1 person found for “rossi”" in page.inner_text("main")

    # The first answer is lost on the way back (the check-in did reach the server).
    def lose_the_answer(route):
        route.fetch()
        route.abort()

    page.route("**/door/check-in/", lose_the_answer)
    page.get_by_role("button", name="Check in Anna Rossi").click()
    failure = page.locator("#door-result")
    failure.get_by_role("button", name="Try again").wait_for()
    assert "Not recorded: the connection failed" in failure.inner_text()
    assert CheckIn.objects.filter(registration=anna).count() == 1
    page.unroute("**/door/check-in/")
    failure.get_by_role("button", name="Try again").click()
    page.locator("#door-result.door-green").wait_for()
    assert "Checked in" in page.inner_text("#door-result")
    assert CheckIn.objects.filter(registration=anna).count() == 1  # the retry found it
    assert "1 / 2 Today" in page.inner_text("#door-counts")
    # The search is done once she is in: no list left to tap twice, the box empty.
    assert page.locator(".door-found").count() == 0
    assert page.get_by_role("searchbox", name="Name or organisation").input_value() == ""

    page.get_by_role("button", name="Undo this check-in").click()
    page.locator("#door-result.door-neutral").wait_for()
    assert "Check-in undone: Anna Rossi" in page.inner_text("#door-result")
    assert not CheckIn.objects.filter(registration=anna).exists()
    assert "0 / 2 Today" in page.inner_text("#door-counts")
