"""The designed site in Chromium: phone and desktop, both languages, light and dark, my agenda."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from events.models import Material, Organisation
from events.services import copy_edition
from registrations.models import Seat
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_accessibility import violations
from tests.factories import make_registration
from tests.networking import conftest as networking_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
participant = networking_fixtures.participant


def banner() -> ContentFile:
    """A wide picture, as organisers upload: a sky over a city of blocks."""
    image = Image.new("RGB", (1600, 500), "#6fa3d8")
    draw = ImageDraw.Draw(image)
    for x in range(0, 1600, 90):
        draw.rectangle((x, 260 + (x * 7) % 140, x + 70, 500), fill="#2d3e50")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), "skyline.jpg")


def logo(text: str, colour: str) -> ContentFile:
    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 60, 380, 140), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), f"{text}.png")


@pytest.fixture
def designed(milano):
    """Milan 2024 with its figures and materials, and the next edition with its own look."""
    milano.participant_count, milano.country_count = 163, 21
    milano.host_region = "Lombardia"
    milano.save()
    panel = milano.sessions.get(slug="round-table-smart-communities")
    Material.objects.create(
        edition=milano,
        session=panel,
        kind="recording",
        title_en="Recording of the round table",
        title_it="Registrazione della tavola rotonda",
        url="https://www.youtube.com/watch?v=example",
    )
    Material.objects.create(
        edition=milano,
        kind="document",
        title_en="Input paper: the Lombardy clusters",
        title_it="Documento di riferimento: i cluster lombardi",
        url="https://example.org/input-paper.pdf",
    )
    upcoming = copy_edition(
        source=milano, new_slug="milano-2027", new_start=milano.start_date.replace(year=2027)
    )
    upcoming.is_published = True
    upcoming.accent_colour = "#1b5e3b"
    upcoming.header_image.save("skyline.jpg", banner(), save=False)
    upcoming.save()
    for organisation, colour in zip(
        Organisation.objects.all()[:3], ["#0b3d91", "#1b7f3b", "#b3261e"], strict=False
    ):
        organisation.logo.save(
            f"{organisation.pk}.png", logo(organisation.name, colour), save=False
        )
        organisation.logo_alt_en = organisation.logo_alt_it = organisation.name
        organisation.save()
    return milano, upcoming


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize(("device", "size"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_main_pages_fit_and_are_captured(open_page, designed, device, size, language):
    milano, upcoming = designed
    prefix = "" if language == "en" else "/it"
    pages = {
        "edition": f"/{upcoming.slug}/",
        "agenda": f"/{upcoming.slug}/agenda/",
        "speakers": f"/{upcoming.slug}/speakers/",
        "archived-edition": f"/{milano.slug}/",
    }
    page = open_page(f"{prefix}/", device=device)
    for name, path in pages.items():
        page.goto(prefix + path)
        width = device["viewport"]["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        if name in ("edition", "archived-edition"):
            band = page.locator(".edition-band")
            assert band.is_visible()
        if name == "edition":
            colour = page.evaluate(
                "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            )
            assert colour == "rgb(27, 94, 59)"  # the edition's own accent
        if name == "archived-edition":
            materials = page.locator("#materials-heading").locator("xpath=..")
            assert "163" in materials.inner_text() and "21" in materials.inner_text()
            materials.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{size}-{language}")


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dark_mode_follows_the_system_and_keeps_the_contrast(open_page, designed, device):
    milano, upcoming = designed
    found = {}
    page = open_page(f"/{upcoming.slug}/", device=device, color_scheme="dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 23, 27)"
    for path in (
        f"/{upcoming.slug}/",
        f"/{upcoming.slug}/agenda/",
        f"/{upcoming.slug}/speakers/",
        f"/{upcoming.slug}/register/",
        f"/{milano.slug}/",
        f"/it/{milano.slug}/sessions/round-table-smart-communities/",
        "/editions/",
    ):
        page.goto(path)
        if problems := violations(page):
            found[path] = problems
    assert found == {}


def test_a_visitor_stars_sessions_in_the_browser(open_page, designed):
    _milano, upcoming = designed
    page = open_page(f"/{upcoming.slug}/agenda/", device=PHONE)
    sessions = page.locator("li.session")
    total = sessions.count()
    first = sessions.nth(0)
    second = sessions.nth(3)
    first.get_by_role("button", name="Add to my agenda").click()
    second.get_by_role("button", name="Add to my agenda").click()
    assert first.get_by_role("button", name="In my agenda").get_attribute("aria-pressed") == "true"
    page.reload()
    only = page.get_by_role("button", name="Show only my agenda")
    assert only.inner_text().endswith("(2)")
    only.click()
    assert page.locator("li.session:visible").count() == 2
    only.click()
    assert page.locator("li.session:visible").count() == total


def test_a_participant_stars_sessions_without_javascript_and_the_feed_follows(
    open_page, designed, read_calendar
):
    _milano, upcoming = designed
    person = make_registration(upcoming, status="confirmed", days=upcoming.days[:1])
    visit = upcoming.sessions.get(capacity__isnull=False)
    Seat.objects.create(registration=person, session=visit, status="confirmed")
    page = open_page(person.manage_url(), device=PHONE, java_script_enabled=False)
    page.get_by_role("link", name="Choose the sessions of my agenda").click()
    day_one = [
        s for s in upcoming.sessions.order_by("starts_at") if s.local_day == upcoming.start_date
    ]
    chosen = [s for s in day_one if s.capacity is None][1:3]
    for session in chosen:
        with page.expect_navigation():
            page.locator(f"#session-{session.slug} button.star-button").click()
        assert page.locator(f"#session-{session.slug} button").get_attribute("aria-pressed") == (
            "true"
        )
    feed = read_calendar(page.request.get(person.calendar_url()).body())
    assert sorted(event["summary"] for event in feed["events"]) == sorted(
        [session.title for session in chosen] + [visit.title]
    )


@pytest.mark.parametrize("language", ["en", "it"])
def test_on_a_phone_the_header_is_two_lines_and_day_tabs_show_whole(open_page, designed, language):
    _milano, upcoming = designed
    prefix = "" if language == "en" else "/it"
    page = open_page(f"{prefix}/{upcoming.slug}/agenda/?day={upcoming.end_date}", device=PHONE)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 90, header  # the name and languages, then the pages' line
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for tab in page.locator(".day-tabs a").all():
        box = tab.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, tab.inner_text()
    # The page one is on stays in sight in the header's sideways line.
    page.goto(f"{prefix}/{upcoming.slug}/participants/")
    current = page.locator(".site-header .site-nav [aria-current]").bounding_box()
    assert current["x"] >= 0 and current["x"] + current["width"] <= 360
    screenshot(page, f"participants-phone-{language}")


def test_the_directory_is_a_grid_of_cards_in_the_editions_colours(open_page, designed, participant):
    _milano, upcoming = designed
    people = [participant(upcoming, first_name=f"Person{number}") for number in range(4)]
    me = people[0].registration
    page = open_page(me.manage_url(), device=DESKTOP)
    page.get_by_role("button", name="Open the participants' area").click()
    page.wait_for_url(f"**/{upcoming.slug}/participants/")
    page.goto(f"/{upcoming.slug}/participants/directory/")
    cards = page.locator(".profile-grid .profile-card")
    assert cards.count() == 4
    tops = {round(card.bounding_box()["y"]) for card in cards.all()}
    assert len(tops) < 4  # side by side, not a list
    initials = page.locator(".profile-grid .profile-initials").all_inner_texts()
    assert sorted(initials) == sorted(person.initials for person in people)
    current = page.locator(".area-tabs [aria-current]")
    assert current.inner_text() == "Directory"
    colour = current.evaluate("element => getComputedStyle(element).backgroundColor")
    assert colour == "rgb(27, 94, 59)"  # the edition's accent, not Bootstrap's blue
    screenshot(page, "directory-desktop-en")
