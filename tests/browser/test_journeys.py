"""The three journeys of attendees and organisers, in a real browser."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from events.models import Session
from registrations.models import Registration
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factories import make_registration, make_session, open_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_visitor_finds_day_two_and_downloads_the_mind_visit(open_page, milano, read_calendar):
    page = open_page("/", device=PHONE)
    assert page.url.endswith("/milano-2024/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("navigation", name="Edition").get_by_role("link", name="Agenda").click()
    page.wait_for_url("**/milano-2024/agenda/")
    # The programme comes first; the days are tabs (plain links), the filters folded away.
    assert page.locator("details.agenda-filter").get_attribute("open") is None
    page.get_by_role("navigation", name="Days").get_by_role("link", name="Wed 27 Mar").click()
    page.wait_for_url("**/agenda/?day=2024-03-27*")
    current = page.locator(".day-tabs [aria-current=page]")
    assert current.inner_text() == "Wed 27 Mar"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    titles = page.locator(".session-title").all_inner_texts()
    assert "Guided visit to MIND Milano Innovation District" in titles
    assert not any(title.startswith("Opening plenary") for title in titles)

    page.get_by_role("link", name="Guided visit to MIND Milano Innovation District").click()
    page.wait_for_url("**/sessions/guided-visit-mind/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Guided visit to MIND Milano Innovation District"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "milano-2024-guided-visit-mind.ics"
    calendar = read_calendar(download.path().read_bytes())
    [event] = calendar["events"]
    assert event["summary"] == "Guided visit to MIND Milano Innovation District"
    assert (event["start_utc"], event["end_utc"]) == (
        "2024-03-27T13:30:00.000Z",
        "2024-03-27T16:00:00.000Z",
    )


def focus_by_tab(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_registration_with_emailed_link_and_cancel(
    open_page, smtp_server, run_worker
):
    edition = open_edition(title_en="Clusters meet Regions – Milan 2027")
    start = dt.datetime.combine(edition.end_date, dt.time(14, 30), tzinfo=edition.tz)
    make_session(
        edition, title_en="Guided visit to MIND", slug="mind", starts_at=start, capacity=30
    )
    page = open_page(f"/{edition.slug}/register/", device=DESKTOP)

    focus_by_tab(page, "#id_first_name")
    page.keyboard.type("Zoë")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submit too early
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Last name – This field is required." in summary.inner_text()
    assert page.locator("#id_first_name").input_value() == "Zoë"
    assert page.locator("#id_last_name").get_attribute("aria-invalid") == "true"
    screenshot(page, "register-errors-desktop")

    focus_by_tab(page, "#id_last_name")
    page.keyboard.type("Łukasiewicz")
    focus_by_tab(page, "#id_email")
    page.keyboard.type("zoe@example.org")
    focus_by_tab(page, "#id_organisation")
    page.keyboard.type("Università di Milano")
    focus_by_tab(page, "#id_country")
    page.keyboard.type("Poland")
    focus_by_tab(page, "#id_category")
    page.keyboard.type("University")
    focus_by_tab(page, "#id_days_1")
    page.keyboard.press("Space")
    focus_by_tab(page, "input[name=sessions]")
    page.keyboard.press("Space")
    focus_by_tab(page, "#id_privacy_consent")
    page.keyboard.press("Space")
    focus_by_tab(page, "input[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/check-your-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"

    run_worker()
    [(recipients, message)] = smtp_server.wait_for(1)
    assert recipients == ["zoe@example.org"]
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/register/confirm/\S+/", body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm my registration").click()
    page.wait_for_url("**/my-registration/**")
    assert "Status: Confirmed" in page.get_by_role("heading", level=2).first.inner_text()
    registration = Registration.objects.get()
    assert (registration.country.code, registration.category) == ("PL", "research")
    assert registration.days == [edition.end_date]
    assert registration.seats.get().status == "confirmed"

    focus_by_tab(page, "a.btn-outline-danger")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Cancel my registration…"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "go at once to the next people on the waiting lists" in page.inner_text("main")
    focus_by_tab(page, "button.btn-danger")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Status: Cancelled" in page.locator("#status-heading").inner_text()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_organiser_moves_a_session_and_agenda_and_calendar_follow(
    open_page, milano, read_calendar, django_user_model
):
    django_user_model.objects.create_superuser("giulia", "giulia@example.org", "a-long-passphrase")
    session = Session.objects.get(edition=milano, slug="round-table-smart-communities")
    page = open_page("/admin/", device=DESKTOP)
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/events/session/{session.pk}/change/")
    assert page.locator("#id_starts_at_1").input_value() == "10:00:00"
    assert "Local time in Europe/Rome." in page.locator("#id_starts_at_helptext").inner_text()
    page.locator("#id_starts_at_1").fill("11:00")
    page.locator("#id_ends_at_1").fill("12:30")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/events/session/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto("/milano-2024/agenda/?day=2024-03-27")
    item = page.locator("li.session", has_text="Round table: Smart Communities")
    assert item.locator(".session-time time").inner_text() == "11:00–12:30"
    response = page.request.get("/milano-2024/agenda.ics")
    events = read_calendar(response.body())["events"]
    [moved] = [e for e in events if e["summary"].startswith("Round table")]
    assert (moved["start_utc"], moved["end_utc"], moved["sequence"]) == (
        "2024-03-27T10:00:00.000Z",
        "2024-03-27T11:30:00.000Z",
        1,
    )


@pytest.mark.parametrize(
    ("device", "width"), [(PHONE, 360), (DESKTOP, 1280)], ids=["phone", "desktop"]
)
def test_main_pages_fit_the_screen_at_phone_and_desktop_width(open_page, milano, device, width):
    """Also refreshes the README's screenshots when UPDATE_SCREENSHOTS is set."""
    upcoming = open_edition(slug="milano-2027", title_en="Clusters meet Regions – Milan 2027")
    name = "phone" if width == 360 else "desktop"
    page = open_page("/editions/", device=device)
    for page_name, path in [
        ("edition", "/milano-2024/"),
        ("agenda", "/milano-2024/agenda/"),
        ("session", "/milano-2024/sessions/round-table-smart-communities/"),
        ("register", f"/{upcoming.slug}/register/"),
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert page.get_by_role("heading", level=1).is_visible()
        assert page.get_by_role("navigation", name="Edition").is_visible()
        if page_name in ("session", "register"):  # the others: tests/browser/test_look.py
            screenshot(page, f"{page_name}-{name}")


def test_printed_agenda_is_a_clean_programme_with_one_page_per_day(open_page, milano):
    page = open_page("/milano-2024/agenda/", device=DESKTOP)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.site-header', '.site-footer', '.agenda-filter', '.calendar-links']
            .map((s) => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none", "none", "none", "none"]
    breaks = page.evaluate(
        """() => [...document.querySelectorAll('.agenda-day')]
            .map((day) => getComputedStyle(day).breakBefore)"""
    )
    assert breaks == ["auto", "page"]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_admin_lists_and_edition_inlines_fit_a_1280_pixel_screen(
    open_page, milano, django_user_model
):
    django_user_model.objects.create_superuser("giulia", "giulia@example.org", "a-long-passphrase")
    for number in range(3):
        make_registration(
            milano,
            first_name="Maria Antonietta",
            last_name=f"Castiglioni-Bevilacqua {number}",
            email=f"maria.antonietta.castiglioni.bevilacqua{number}@regione.lombardia.it",
            organisation="Agenzia regionale per l'innovazione e gli acquisti della Lombardia",
            status="confirmed",
        )
    page = open_page("/admin/", device=DESKTOP)
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    for path in (
        "/admin/registrations/registration/",
        "/admin/events/session/",
        f"/admin/events/edition/{milano.pk}/change/",
    ):
        page.goto(path)
        overflowing = page.evaluate(
            """() => [document.documentElement, ...document.querySelectorAll(
                    '#changelist .results, .inline-group .tabular, .inline-group fieldset')]
                .filter((box) => box.scrollWidth > box.clientWidth)
                .map((box) => box.className || box.tagName)"""
        )
        assert overflowing == [], path
        assert page.locator("#result_list th, .inline-group th").last.is_visible()
