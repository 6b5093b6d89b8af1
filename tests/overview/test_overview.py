"""An edition's overview: every figure, the list behind each, what is left to do."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Session
from registrations.models import CheckIn, Registration
from tests.factories import make_edition, make_registration, make_session
from tests.helpers import create_account, text_of

pytestmark = pytest.mark.django_db


def overview_of(client: Client, edition) -> str:
    response = client.get(reverse("overview:edition", args=[edition.pk]))
    assert response.status_code == 200
    return response.content.decode()


def linked_count(page: str, label: str) -> tuple[int, str]:
    """Return the figure the table gives for a row, and the address it links to."""
    row = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td class="number"><a href="([^"]+)">(\d+)</a>',
        page,
    )
    assert row, label
    return int(row[2]), row[1].replace("&amp;", "&")


def listed(client: Client, link: str) -> int:
    page = text_of(client.get(link))
    found = re.search(r"(\d+) registrations?\b", page)
    return int(found[1]) if found else 0


def test_the_overview_gives_each_figure_and_the_list_behind_it(monkeypatch):
    start = timezone.localdate() - dt.timedelta(days=1)  # the first day is over
    edition = make_edition(start_date=start, is_published=False)
    make_session(edition, title="Keynote", time_to_be_confirmed=True)
    visit = make_session(edition, title="Visit", capacity=2)
    people = [
        make_registration(edition, status="confirmed", country="IT", category="cluster"),
        make_registration(edition, status="confirmed", country="IT", category="company"),
        make_registration(edition, status="confirmed", country="PL", category="cluster"),
        make_registration(edition, status="waiting", country="FR", category="cluster"),
        make_registration(edition, status="pending", country="FR", category="start_up"),
    ]
    assert all(start in person.days for person in people)
    CheckIn.objects.create(registration=people[0], day=start, checked_in_at=timezone.now())
    people[0].seats.create(session=visit, status="confirmed")
    organiser = Client()
    organiser.force_login(create_account("create_organiser", "giulia", monkeypatch))
    page = overview_of(organiser, edition)

    assert linked_count(page, "Confirmed")[0] == 3
    assert linked_count(page, "On the waiting list")[0] == 1
    italy, italy_link = linked_count(page, "Italy")
    assert (italy, listed(organiser, italy_link)) == (2, 2)
    clusters, clusters_link = linked_count(page, "Cluster organisation")
    assert (clusters, listed(organiser, clusters_link)) == (2, 2)
    # The first day: 3 confirmed expected, 1 came, 2 did not; each links to those people.
    arrivals = re.search(
        r"<tr><th scope=\"row\">[^<]+</th>(.*?)</tr>", page[page.index("Arrivals per day") :]
    )
    numbers = re.findall(r'<a href="([^"]+)">(\d+)</a>', arrivals[1])
    assert [int(number) for _link, number in numbers] == [3, 1, 2]
    assert listed(organiser, numbers[2][0].replace("&amp;", "&")) == 2
    # Charts are drawn on the server, named for screen readers, beside their tables.
    assert page.count('<svg class="chart" role="img"') >= 4
    assert "<title>Confirmed participants by country</title>" in page
    # What is left to do.
    todo = text_of_section(page, "todo-heading")
    assert "The edition is not published" in todo
    assert "1 session's time is still to be confirmed." in todo
    assert "is missing in Italian" in todo


def text_of_section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</section>", start)]))


def test_the_overview_is_for_organisers_and_speaks_italian(monkeypatch):
    edition = make_edition()
    content = Client()
    content.force_login(create_account("create_organiser", "paola", monkeypatch, "content"))
    refused = content.get(reverse("overview:edition", args=[edition.pk]))
    assert refused.status_code == 403
    assert "This page is for these roles: Organiser." in text_of(refused)
    organiser = Client()
    organiser.force_login(create_account("create_organiser", "giulia", monkeypatch))
    organiser.cookies["language"] = "it"
    page = overview_of(organiser, edition)
    assert "Panoramica di" in page and "Da fare" in page
    edition_page = text_of(organiser.get(reverse("admin:events_edition_change", args=[edition.pk])))
    assert "Cifre e cose da fare" in edition_page


@pytest.mark.parametrize("size", [10, 2000])
def test_the_overview_makes_the_same_number_of_queries_at_any_size(admin_client, size):
    counts = {}
    for count in (10, size):
        edition = make_edition()
        make_session(edition, capacity=30)
        Registration.objects.bulk_create(
            Registration(
                edition=edition, first_name="P", last_name=str(number), country="IT",
                email=f"p{number}.{count}@example.org", category="cluster", status="confirmed",
                privacy_consent_at=timezone.now(), privacy_notice_version="2024-01",
                manage_token=f"m{number}-{count}-{edition.pk}",
                calendar_token=f"c{number}-{count}-{edition.pk}",
                confirmation_token=f"f{number}-{count}-{edition.pk}",
                check_in_token=f"k{number}-{count}-{edition.pk}",
            )
            for number in range(count)
        )  # fmt: skip
        admin_client.get(reverse("overview:edition", args=[edition.pk]))  # warm
        with CaptureQueriesContext(connection) as queries:
            overview_of(admin_client, edition)
        counts[count] = len(queries)
    assert counts[10] == counts[size]
    assert Session.objects.exists()
