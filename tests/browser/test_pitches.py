"""The call for pitches in Chromium: apply on a phone, review and accept in the admin (each page
axe-checked), confirm from the personal link, and find the pitch in the agenda."""

import pytest

from pitches.models import Application
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations
from tests.factories import make_call, open_edition
from tests.helpers import create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_on_a_phone_review_accept_confirm_and_see_the_pitch_in_the_agenda(
    open_page, monkeypatch
):
    call = make_call(open_edition(slug="upcoming"))
    page = open_page("/upcoming/", device=PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name="Apply to pitch").first.click()
    page.get_by_label("Organisation").fill("Baltic Blue Robotics")
    page.get_by_label("Country").select_option("EE")
    page.get_by_label("Contact person").fill("Mari Tamm")
    page.get_by_label("Email").fill("mari@bbr.example.org")
    page.get_by_label("Category").select_option(label="Start-up")
    page.get_by_label("Pitch title").fill("Underwater drones for offshore wind")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    summary = page.locator("#error-summary").inner_text()
    assert "Summary – This field is required." in summary  # what is missing, and only that
    assert page.get_by_label("Pitch title").input_value() == "Underwater drones for offshore wind"
    assert violations(page) == []
    page.get_by_label("Summary").fill("Drones that inspect turbine foundations.")
    page.get_by_label("What you seek from the audience").fill("Ports and wind farms.")
    page.get_by_label("I have read the privacy notice").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    application = Application.objects.get()
    page.goto(application.manage_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my application").click()
    assert "Your application is with the reviewers" in page.inner_text("main")

    create_account("create_organiser", "carla", monkeypatch)
    admin = open_page("/admin/", device=DESKTOP)
    admin.get_by_label("Username").fill("carla")
    admin.get_by_label("Password").fill("a-long-door-password-2024")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Log in").click()
    admin.goto(f"/admin/pitches/call/{call.pk}/change/")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Review the applications").click()
    found = {"ranking": violations(admin)}
    with admin.expect_navigation():
        admin.get_by_role("link", name="Underwater drones for offshore wind").click()
    for criterion in call.criteria.all():
        admin.locator(f"input[name=criterion_{criterion.pk}][value='4']").check()
    found["review"] = violations(admin)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save my review").click()
    assert "4.00" in admin.inner_text("table.ranking")
    admin.goto(f"/admin/pitches/review/{call.pk}/decisions/")
    admin.get_by_label("Decision on Underwater drones for offshore wind").select_option("accepted")
    found["decisions"] = violations(admin)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Review the emails and send").click()
    assert "Your pitch is accepted at" in admin.inner_text("main")
    found["emails"] = violations(admin)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Apply the decisions and send the emails").click()
    assert "Decisions sent: 1 accepted, 0 reserve, 0 declined." in admin.inner_text("main")
    assert {name: problems for name, problems in found.items() if problems} == {}

    page.goto(application.manage_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my pitch").click()
    assert "Your pitch is confirmed and on the agenda." in page.inner_text("main")
    page.goto("/upcoming/agenda/")
    pitching = page.locator("li.session-pitching")
    assert "Mari Tamm, Baltic Blue Robotics (Estonia)" in pitching.inner_text()
    assert "Underwater drones for offshore wind" in pitching.inner_text()
