"""The agenda on a phone: day tabs, search, subscriptions that work everywhere, a printed QR."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import weasyprint

from tests.factories import add_speaker, make_edition, make_session, make_speaker
from tests.helpers import SITE_URL, pdf_pages, qr_codes_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = make_edition(slug="milano-2024")
    opening = make_session(edition, title="Opening plenary", description="Città e regioni.")
    add_speaker(opening, make_speaker(name="Layla Pavone", organisation="Comune di Milano"))
    make_session(
        edition,
        title="Pitching session",
        description="Start-ups present hydrogen valleys.",
        starts_at=opening.starts_at.replace(hour=14),
        ends_at=opening.starts_at.replace(hour=15),
    )
    day_two = opening.starts_at.replace(day=opening.starts_at.day + 1)
    make_session(edition, title="Guided visit to MIND", starts_at=day_two)
    return edition


def titles(response) -> list[str]:
    return re.findall(r'<h3 class="session-title"><a [^>]*>([^<]+)', response.content.decode())


def test_day_tabs_are_plain_links_with_the_current_day_marked(client, edition):
    page = client.get("/milano-2024/agenda/").content.decode()
    tabs = re.findall(r'<nav class="day-tabs[^"]*" aria-label="Days">(.*?)</nav>', page, re.S)[0]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', tabs)
    assert [(href, text) for href, _current, text in links] == [
        ("/milano-2024/agenda/", "All days"),
        ("?day=2024-03-26", "Tue 26 Mar"),
        ("?day=2024-03-27", "Wed 27 Mar"),
    ]
    assert links[0][1]  # "All days" is current
    day_two = client.get("/milano-2024/agenda/", {"day": "2024-03-27"})
    assert titles(day_two) == ["Guided visit to MIND"]
    assert 'aria-current="page">Wed 27 Mar</a>' in day_two.content.decode()
    # Search and the type filter are folded away until a visitor opens them.
    assert re.search(r'<details class="agenda-filter[^"]*">', page)


def test_search_finds_titles_speakers_and_descriptions_without_accents(client, edition):
    assert titles(client.get("/milano-2024/agenda/", {"q": "pavone"})) == ["Opening plenary"]
    assert titles(client.get("/milano-2024/agenda/", {"q": "citta"})) == ["Opening plenary"]
    assert titles(client.get("/milano-2024/agenda/", {"q": "HYDROGEN start-ups"})) == [
        "Pitching session"
    ]
    found = client.get("/milano-2024/agenda/", {"q": "nothing like this"})
    assert titles(found) == []
    assert "0 sessions match “nothing like this”." in text_of(found)
    # Typed text is never kept in the shared page cache.
    assert "no-store" in found["Cache-Control"]
    assert '<details class="agenda-filter d-print-none" open>' in found.content.decode()


def test_the_programme_subscribes_by_webcal_https_and_google_calendar(client, edition):
    page = client.get("/milano-2024/agenda/").content.decode()
    assert f'href="webcal://{SITE_URL.removeprefix("https://")}/milano-2024/agenda.ics"' in page
    assert f'value="{SITE_URL}/milano-2024/agenda.ics"' in page  # to paste into Android apps
    [google] = re.findall(r'href="(https://calendar\.google\.com/[^"]+)"', page)
    cid = parse_qs(urlsplit(google.replace("&amp;", "&")).query)["cid"]
    assert cid == [f"webcal://{SITE_URL.removeprefix('https://')}/milano-2024/agenda.ics"]


def test_the_printed_agenda_carries_a_qr_code_that_opens_it(client, edition):
    html = client.get("/milano-2024/agenda/").content.decode()
    start = html.index('<div class="print-qr')
    qr = html[html.index("<svg", start) : html.index("</svg>", start) + 6]
    [page] = pdf_pages(weasyprint.HTML(string=qr).write_pdf())
    assert qr_codes_in(page.render(scale=3).to_pil()) == [f"{SITE_URL}/milano-2024/agenda/"]
    assert "Scan for the latest agenda on your phone:" in text_of(
        client.get("/milano-2024/agenda/")
    )
