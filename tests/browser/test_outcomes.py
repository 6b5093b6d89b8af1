"""What an edition achieved, in Chromium: a participant answers the survey on a phone, an
organiser reads the results (axe-checked) and downloads the report."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from meetings.demo import load_demo_meetings
from networking.demo import load_demo_participants
from outcomes.demo import load_demo_outcomes
from outcomes.models import Response
from registrations.services import check_in
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations
from tests.factories import make_edition, make_registration, make_session
from tests.helpers import create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_answers_and_an_organiser_reads_the_results(
    open_page, monkeypatch, ecosystem_sectors, run_worker
):
    start = timezone.localdate() - dt.timedelta(days=3)
    edition = make_edition(start_date=start, title_en="Past edition", title_it="Edizione passata")
    make_session(edition, starts_at=dt.datetime.combine(start, dt.time(10), tzinfo=edition.tz))
    load_demo_participants(edition, 30)
    load_demo_meetings(edition, 10)
    load_demo_outcomes(edition)
    giulia = make_registration(edition, status="confirmed", language="it", days=edition.days)
    check_in(registration_id=giulia.pk, day=start)

    page = open_page(f"/it/{edition.slug}/my-registration/{giulia.manage_token}/", device=PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name="Questionario di gradimento").click()
    page.locator("input[name=overall][value='4']").check()
    page.locator("input[name=expectations][value='met']").check()
    page.locator("input[name=reason][value='partners']").check()
    for name in ("programme", "before", "during"):
        page.locator(f"input[name={name}][value='5']").check()
    page.locator("input[name=recommend][value='9']").check()
    page.fill("textarea[name=missing]", "Più tempo per gli incontri")
    with page.expect_navigation():
        page.get_by_role("button", name="Invia le risposte").click()
    assert "Grazie: le vostre risposte sono salvate." in page.inner_text("main")
    assert Response.objects.get(registration=giulia).overall == 4

    create_account("create_organiser", "carla", monkeypatch)
    admin = open_page("/admin/", device=DESKTOP)
    admin.get_by_label("Username").fill("carla")
    admin.get_by_label("Password").fill("a-long-door-password-2024")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Log in").click()
    admin.goto(f"/admin/events/edition/{edition.pk}/change/")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Results").click()
    assert admin.locator("svg.chart").count() >= 6
    assert "Più tempo per gli incontri" in admin.inner_text("main")
    assert violations(admin) == []
    with admin.expect_navigation():
        admin.get_by_role("link", name="Report (Excel)").first.click()
    assert "Waiting for the worker" in admin.inner_text("main")  # the request did not make it
    run_worker()
    admin.get_by_role("link", name=f"Download report-{edition.slug}.xlsx").wait_for()
    assert violations(admin) == []
    with admin.expect_download() as download:
        admin.get_by_role("link", name=f"Download report-{edition.slug}.xlsx").click()
    assert download.value.suggested_filename == f"report-{edition.slug}.xlsx"
    book = load_workbook(BytesIO(download.value.path().read_bytes()))
    assert "Satisfaction" in book.sheetnames
