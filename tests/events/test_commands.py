import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from events.models import Edition, Session, Speaker, Venue
from tests.factories import ROME

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Edition.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
        Venue.objects.count(),
    )


def test_loading_the_seed_twice_changes_nothing(milano):
    before = counts()
    title = Edition.objects.get(slug="milano-2024").title
    call_command("load_seed_edition")
    assert counts() == before
    assert Edition.objects.get(slug="milano-2024").title == title


def test_loading_the_seed_keeps_an_organisers_correction(milano):
    session = milano.sessions.get(slug="guided-visit-mind")
    session.title = "Visit to MIND (corrected)"
    session.save()
    call_command("load_seed_edition")
    assert milano.sessions.get(slug="guided-visit-mind").title == "Visit to MIND (corrected)"


def test_copy_edition_moves_sessions_by_whole_days_in_local_time(milano):
    call_command("copy_edition", "milano-2024", "milano-2027", "--start", "2027-03-23")
    copy = Edition.objects.get(slug="milano-2027")
    assert (copy.start_date, copy.end_date) == (dt.date(2027, 3, 23), dt.date(2027, 3, 24))
    assert not copy.is_published  # organisers check its texts first
    assert copy.title == "Clusters meet Regions – Milan 2027"
    visit = copy.sessions.get(slug="guided-visit-mind")
    # 14:30 in Rome on the second day, although 2027-03-24 is still CET like the original.
    assert visit.starts_at == dt.datetime(2027, 3, 24, 14, 30, tzinfo=ROME)
    original = milano.sessions.get(slug="guided-visit-mind")
    assert visit.uid != original.uid
    assert [
        a.speaker.slug for a in copy.sessions.get(slug="opening-plenary").appearances.all()
    ] == [a.speaker.slug for a in milano.sessions.get(slug="opening-plenary").appearances.all()]
    assert copy.sessions.count() == milano.sessions.count()
    assert list(copy.objectives.values_list("text", flat=True)) == list(
        milano.objectives.values_list("text", flat=True)
    )


def test_copy_edition_keeps_local_times_across_a_daylight_saving_change(milano):
    # Milan 2024 was in CET; a copy starting 2 April 2024 falls in CEST.
    call_command("copy_edition", "milano-2024", "later-2024", "--start", "2024-04-02")
    opening = Edition.objects.get(slug="later-2024").sessions.get(
        slug="round-table-smart-communities"
    )
    assert opening.starts_at == dt.datetime(2024, 4, 3, 10, 0, tzinfo=ROME)
    assert opening.starts_at.astimezone(dt.UTC).hour == 8


def test_copy_edition_moves_the_registration_window_along(milano):
    milano.registration_opens_at = dt.datetime(2024, 2, 1, 9, tzinfo=ROME)
    milano.registration_closes_at = dt.datetime(2024, 3, 20, 18, tzinfo=ROME)
    milano.save()
    call_command("copy_edition", "milano-2024", "milano-2025", "--start", "2025-03-25")
    copy = Edition.objects.get(slug="milano-2025")
    shift = dt.date(2025, 3, 25) - dt.date(2024, 3, 26)
    assert copy.registration_opens_at == milano.registration_opens_at + shift
    assert copy.registration_closes_at == milano.registration_closes_at + shift


def test_copy_edition_leaves_out_cancelled_sessions(milano):
    milano.sessions.filter(slug="lunch-day-2").update(is_cancelled=True)
    call_command("copy_edition", "milano-2024", "milano-2025", "--start", "2025-03-25")
    slugs = set(Edition.objects.get(slug="milano-2025").sessions.values_list("slug", flat=True))
    assert "lunch-day-2" not in slugs
    assert len(slugs) == milano.sessions.count() - 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nowhere", "x-2027", "--start", "2027-03-23"],
            "There is no edition with the slug 'nowhere'.",
        ),
        (
            ["milano-2024", "milano-2024", "--start", "2027-03-23"],
            "An edition with the slug 'milano-2024' exists already.",
        ),
        (
            ["milano-2024", "x-2027", "--start", "23/03/2027"],
            "--start must be a date as YYYY-MM-DD, not '23/03/2027'.",
        ),
    ],
)
def test_copy_edition_explains_bad_arguments(milano, args, message):
    with pytest.raises(CommandError) as error:
        call_command("copy_edition", *args)
    assert str(error.value) == message


def test_copy_edition_publishes_on_request_and_moves_to_another_host_regions_zone(milano):
    call_command(
        "copy_edition", "milano-2024", "vilnius-2027", "--start", "2027-03-23",
        "--time-zone", "Europe/Vilnius", "--publish", "--force",
    )  # fmt: skip
    copy = Edition.objects.get(slug="vilnius-2027")
    assert copy.is_published
    assert copy.time_zone == "Europe/Vilnius"
    visit = copy.sessions.get(slug="guided-visit-mind")
    vilnius = zoneinfo.ZoneInfo("Europe/Vilnius")
    assert visit.starts_at == dt.datetime(2027, 3, 24, 14, 30, tzinfo=vilnius)


def test_a_copy_moves_the_dates_in_its_texts_and_lists_what_it_could_not(milano, admin_client):
    out = io.StringIO()
    call_command("copy_edition", "milano-2024", "milano-2027", "--start", "2027-03-23", stdout=out)
    copy = Edition.objects.get(slug="milano-2027")
    assert copy.summary_en.startswith("On 23 and 24 March 2027 the international event")
    assert copy.summary_it.startswith("Il 23 e 24 marzo 2027 si terrà a Milano")
    assert "on the afternoon of 24 March, a guided visit to MIND" in copy.description_en
    assert "nel pomeriggio del 24 marzo" in copy.description_it
    # "the first of 2024" may or may not hold for 2027: organisers decide, and see it listed.
    assert "Still names the old dates: context in the series [en]" in out.getvalue()
    page = admin_client.get(reverse("admin:events_edition_change", args=[copy.pk]))
    html = page.content.decode()
    assert "Texts still naming the last edition&#x27;s dates" in html
    assert "the first of 2024" in html and "summary [en]" not in html


def test_a_copy_is_not_published_while_its_texts_name_the_old_dates(milano):
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "copy_edition", "milano-2024", "milano-2027", "--start", "2027-03-23", "--publish",
            stdout=out,
        )  # fmt: skip
    assert "Not published: the texts above still name the old dates." in str(refused.value)
    assert "Still names the old dates: context in the series [en]" in out.getvalue()
    assert not Edition.objects.get(slug="milano-2027").is_published
    call_command(
        "copy_edition", "milano-2024", "milano-2028", "--start", "2028-03-21", "--publish",
        "--force", stdout=io.StringIO(),
    )  # fmt: skip
    assert Edition.objects.get(slug="milano-2028").is_published


def test_organisers_copy_an_edition_from_the_admin(milano, admin_client):
    url = reverse("admin:events_edition_changelist")
    form = admin_client.post(url, {"action": "copy_edition", "_selected_action": [milano.pk]})
    assert "first day of the copy" in form.content.decode()
    response = admin_client.post(
        url,
        {
            "action": "copy_edition",
            "_selected_action": [milano.pk],
            "apply": "Copy",
            "new_slug": "milano-2028",
            "start_date": "2028-03-21",
            "title": "",
            "time_zone": "Europe/Rome",
        },
    )
    copy = Edition.objects.get(slug="milano-2028")
    assert response["Location"] == reverse("admin:events_edition_change", args=[copy.pk])
    assert not copy.is_published
    assert copy.sessions.count() == milano.sessions.count()


def test_publishing_in_the_admin_asks_while_texts_name_the_old_dates(milano, admin_client):
    from tests.helpers import form_data, text_of

    call_command("copy_edition", "milano-2024", "milano-2027", "--start", "2027-03-23")
    copy = Edition.objects.get(slug="milano-2027")
    url = reverse("admin:events_edition_change", args=[copy.pk])
    data = form_data(admin_client.get(url).content.decode(), "edition_form")
    refused = admin_client.post(url, data | {"is_published": "on"})
    assert refused.status_code == 200
    assert "These texts still name the last edition's dates: context in the series [en]" in (
        text_of(refused)
    )
    copy.refresh_from_db()
    assert not copy.is_published
    # Organisers look at the unpublished edition as visitors will see it.
    preview = admin_client.get(reverse("events:edition_preview", args=[copy.slug]))
    assert "Preview: this edition is not published" in text_of(preview)
    assert "On 23 and 24 March 2027" in text_of(preview)
    assert preview["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert admin_client.get(copy.get_absolute_url()).status_code == 404
    published = admin_client.post(url, data | {"is_published": "on", "publish_anyway": "on"})
    assert published.status_code == 302
    copy.refresh_from_db()
    assert copy.is_published
