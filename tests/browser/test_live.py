"""Live in Chromium: a question asked from a phone, approved by the moderator, shown on the
presenter's view; a room screen at 1920 × 1080, legible, its QR code read by ZXing."""

import datetime as dt

import pytest
from django.utils import timezone

from live.models import SessionLive
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations
from tests.factories import add_speaker, make_edition, make_place, make_session, make_speaker
from tests.helpers import qr_codes_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "device_scale_factor": 1}


def running_panel():
    edition = make_edition(start_date=timezone.localdate(), title="Clusters meet Regions – Live")
    now = timezone.now()
    panel = make_session(
        edition,
        slug="panel",
        title="Hydrogen valleys across borders",
        place=make_place(edition.venue, name="Sala Biagi"),
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=50),
    )
    add_speaker(panel, make_speaker(name="Layla Pavone"))
    return panel


def test_a_question_from_a_phone_is_approved_and_shown_on_the_stage(open_page):
    panel = running_panel()
    live = SessionLive.objects.create(session=panel, needs_approval=True)
    phone = open_page(panel.get_absolute_url(), device=PHONE)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Ask the speakers a question").click()
    phone.get_by_label("Your question").fill("Which regions co-fund the pilots?")
    phone.get_by_label("Your name (optional)").fill("Giulia")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send my question").click()
    assert "your question appears once a moderator approves it" in phone.inner_text("main")
    assert violations(phone) == []

    moderator = open_page(f"/{panel.edition.slug}/moderate/{live.moderator_token}/")
    assert violations(moderator) == []
    with moderator.expect_navigation():
        moderator.get_by_role("button", name="Approve").click()
    stage = open_page(f"/{panel.edition.slug}/sessions/{panel.slug}/presenter/", device=SCREEN)
    assert "Which regions co-fund the pilots?" in stage.inner_text("main")
    assert violations(stage) == []
    phone.reload()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Which regions co-fund the pilots?").click()
    assert "You voted for this question." in phone.inner_text("main")
    stage.reload()  # as its own refresh does
    assert "1 Which regions co-fund the pilots?" in stage.inner_text("ol.screen-questions")


def test_a_room_screen_reads_from_across_the_room_and_its_code_opens_the_session(open_page):
    panel = running_panel()
    screen = open_page(f"/{panel.edition.slug}/screens/{panel.place.pk}/", device=SCREEN)
    title = screen.locator(".screen-session-title").first
    assert title.inner_text() == "Hydrogen valleys across borders"
    size = float(title.evaluate("element => getComputedStyle(element).fontSize")[:-2])
    assert size >= 60  # about 2 cm high on a 55-inch screen: read from 10 metres
    assert screen.locator("body").evaluate("b => b.scrollWidth") <= 1920  # nothing cut off
    assert violations(screen) == []
    from io import BytesIO

    from PIL import Image

    picture = Image.open(BytesIO(screen.screenshot()))
    [code] = qr_codes_in(picture)
    assert code.endswith(f"/{panel.edition.slug}/sessions/{panel.slug}/")
    desktop = open_page(f"/{panel.edition.slug}/screens/", device=DESKTOP)
    assert "Sala Biagi" in desktop.inner_text("main")


def test_the_stage_keeps_its_questions_when_the_network_drops_and_follows_again_after(
    open_page,
):
    from live.models import Question

    panel = running_panel()
    Question.objects.create(session=panel, text="First?", status="approved", asker_key="b1")
    stage = open_page(f"/{panel.edition.slug}/sessions/{panel.slug}/presenter/", device=SCREEN)
    status = stage.locator("[data-refresh-status]")
    stage.context.set_offline(True)
    status.wait_for(state="visible", timeout=15_000)  # its next refresh failed
    assert "Not updated since" in status.inner_text()
    assert "First?" in stage.inner_text("ol.screen-questions")  # still shown, no error page
    Question.objects.create(session=panel, text="Second?", status="approved", asker_key="b2")
    stage.context.set_offline(False)
    stage.locator("ol.screen-questions", has_text="Second?").wait_for(timeout=15_000)
    assert status.is_hidden()
