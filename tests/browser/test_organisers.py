"""An organiser account (not a superuser) runs an edition in Chromium: the programme, an
announcement with its test and its confirmation, the overview, the B2B grid."""

import datetime as dt

import pytest

from meetings.demo import load_demo_meetings
from networking.demo import load_demo_participants
from tests.browser.conftest import DESKTOP
from tests.factories import make_registration, make_session, open_edition
from tests.helpers import create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_runs_an_edition(open_page, monkeypatch, ecosystem_sectors, run_worker):
    from django.core import mail

    edition = open_edition(title_en="Milan 2027", title_it="Milano 2027")
    start = dt.datetime.combine(edition.start_date, dt.time(10), tzinfo=edition.tz)
    panel = make_session(
        edition, title_en="Panel", title_it="Panel", starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )  # fmt: skip
    for number in range(3):
        make_registration(
            edition, status="confirmed", email=f"person{number}@example.org", country="IT"
        )
    load_demo_participants(edition, 20)
    load_demo_meetings(edition, 6)
    run_worker()
    mail.outbox.clear()
    organiser = create_account("create_organiser", "giulia", monkeypatch)
    assert not organiser.is_superuser
    organiser.email = "giulia.organiser@example.eu"
    organiser.save()

    page = open_page("/admin/", device=DESKTOP)
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-door-password-2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert "Clusters meet Regions: organisers" in page.locator("#header").inner_text()

    # The programme: the panel moves an hour later; the attendees are told.
    page.goto(f"/admin/events/session/{panel.pk}/change/")
    page.locator("#id_starts_at_1").fill("11:00")
    page.locator("#id_ends_at_1").fill("12:00")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/events/session/")
    assert "attendees are being emailed the change" in page.locator(".messagelist").inner_text()

    # An announcement: a test to the organiser, then everyone after the confirmation.
    page.goto("/admin/messaging/announcement/add/")
    page.select_option("#id_edition", str(edition.pk))
    page.fill("#id_subject_en", "Bring your badge")
    page.fill("#id_subject_it", "Portate il badge")
    page.fill("#id_body_en", "Dear all,\n\nplease bring it: {manage_link}")
    page.fill("#id_body_it", "Cari tutti,\n\nportatelo: {manage_link}")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    preview = page.locator(".message-preview").first
    assert preview.locator("p").count() >= 2  # the paragraphs are kept
    with page.expect_navigation():
        page.get_by_role("button", name="Save and send me a test").click()
    assert "A test is on its way to giulia.organiser@example.eu" in page.inner_text(".messagelist")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and send to everyone now…").click()
    confirm = page.get_by_role("button", name="Yes, send it to")
    count = int(confirm.input_value().split()[-2])
    assert f"This sends the announcement to {count} people now." in page.inner_text("main")
    with page.expect_navigation():
        confirm.click()
    assert f"{count} emails queued" in page.inner_text(".messagelist")
    run_worker()
    page.reload()
    assert "Sent" in page.inner_text(".field-state_shown")

    # The overview: every figure, and the list behind one of them.
    page.goto(f"/admin/overview/{edition.pk}/")
    assert page.locator("svg.chart").count() >= 4
    assert page.get_by_role("heading", name="To do").is_visible()
    with page.expect_navigation():
        page.locator("tr", has_text="Italy").get_by_role("link").click()
    assert "registrations" in page.inner_text("#changelist").lower()

    # The B2B grid: fits the screen, prints without the admin around it.
    page.goto("/admin/meetings/matchmaking/")
    page.get_by_role("link", name=str(edition)).first.click()
    page.get_by_role("link", name="Tables and slots").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator(".meeting-grid .meeting-side").count() >= 2
    page.emulate_media(media="print")
    assert page.locator("#header").is_hidden()
    assert page.locator(".meeting-grid").first.is_visible()
