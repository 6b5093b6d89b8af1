import datetime as dt
import io
import zoneinfo

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from events.services import save_session
from tests.factories import ROME, make_edition, make_place, make_session, make_venue
from tests.helpers import SITE_URL

pytestmark = pytest.mark.django_db


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_programme_feed_matches_the_agenda(client, milano, read_calendar):
    response = client.get("/milano-2024/agenda.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="milano-2024.ics"'
    calendar = read_calendar(response.content)
    assert calendar["method"] == "PUBLISH"
    assert calendar["version"] == "2.0"
    assert calendar["name"] == "Clusters meet Regions – Milan 2024"
    assert calendar["timezones"] == ["Europe/Rome"]

    sessions = list(milano.sessions.for_agenda())
    expected = [
        {
            "uid": f"{s.uid}@clusters-meet-regions.eccp",
            "summary": s.title,
            "start_utc": utc(s.starts_at),
            "end_utc": utc(s.ends_at),
            "location": (
                f"{s.place}, {s.actual_venue.full_address}"
                if s.place
                else s.actual_venue.full_address
            ),
            "url": f"{SITE_URL}{s.get_absolute_url()}",
            "status": "TENTATIVE" if s.time_to_be_confirmed else "CONFIRMED",
        }
        for s in sessions
    ]
    read_back = [{key: event[key] for key in expected[0]} for event in calendar["events"]]
    assert read_back == expected
    visit = next(e for e in calendar["events"] if e["summary"].startswith("Guided visit"))
    assert (
        visit["location"]
        == "MIND Milano Innovation District, Former Expo 2015 site, 20157 Milano, Italy"
    )
    assert visit["start_utc"] == "2024-03-27T13:30:00.000Z"
    assert visit["start_tzid"] == "Europe/Rome"
    assert visit["geo"] == [45.52, 9.101]
    assert visit["categories"] == "Guided visit"
    assert visit["organizer"] == "mailto:a.mazzoleni@confindustriabergamo.it"


def test_sessions_either_side_of_the_daylight_saving_change_come_out_at_the_right_instants(
    client, read_calendar
):
    # Italy moved from CET (+01:00) to CEST (+02:00) at 02:00 on Sunday 31 March 2024.
    edition = make_edition(start_date=dt.date(2024, 3, 30), end_date=dt.date(2024, 4, 1))
    slots = [
        (dt.datetime(2024, 3, 30, 10, 0, tzinfo=ROME), "2024-03-30T09:00:00.000Z"),
        (dt.datetime(2024, 3, 31, 1, 30, tzinfo=ROME), "2024-03-31T00:30:00.000Z"),
        (dt.datetime(2024, 3, 31, 3, 30, tzinfo=ROME), "2024-03-31T01:30:00.000Z"),
        (dt.datetime(2024, 4, 1, 10, 0, tzinfo=ROME), "2024-04-01T08:00:00.000Z"),
    ]
    for start, _ in slots:
        make_session(edition, starts_at=start, ends_at=start + dt.timedelta(minutes=45))
    calendar = read_calendar(client.get(f"/{edition.slug}/agenda.ics").content)
    assert [event["start_utc"] for event in calendar["events"]] == [instant for _, instant in slots]
    # The agenda shows the same sessions at the same local clock times.
    html = client.get(f"/{edition.slug}/agenda/").content.decode()
    for start, _ in slots:
        assert f'<time datetime="{start.isoformat()}">{start:%H:%M}–' in html


@pytest.mark.parametrize(
    ("time_zone", "first_day"),
    [
        ("America/New_York", dt.date(2024, 3, 9)),  # clocks go forward on 10 March
        ("Australia/Sydney", dt.date(2024, 4, 6)),  # and back on 7 April, down under
        ("Asia/Kolkata", dt.date(2024, 3, 26)),  # +05:30 all year
        ("Europe/Dublin", dt.date(2024, 10, 26)),  # tzdata's "negative" summer time
    ],
)
def test_editions_in_other_time_zones_come_out_at_the_right_instants(
    client, read_calendar, time_zone, first_day
):
    edition = make_edition(
        time_zone=time_zone, start_date=first_day, end_date=first_day + dt.timedelta(days=2)
    )
    zone = zoneinfo.ZoneInfo(time_zone)
    sessions = [
        make_session(
            edition,
            starts_at=dt.datetime.combine(first_day + dt.timedelta(days=day), dt.time(9, 30), zone),
        )
        for day in range(3)
    ]
    calendar = read_calendar(client.get(f"/{edition.slug}/agenda.ics").content)
    assert calendar["timezones"] == [time_zone]
    assert [event["start_utc"] for event in calendar["events"]] == [
        utc(session.starts_at) for session in sessions
    ]
    assert {event["start_tzid"] for event in calendar["events"]} == {time_zone}


def test_single_session_file_holds_that_session_only(client, milano, read_calendar):
    response = client.get("/milano-2024/sessions/guided-visit-mind.ics")
    assert response["Content-Disposition"] == (
        'attachment; filename="milano-2024-guided-visit-mind.ics"'
    )
    calendar = read_calendar(response.content)
    assert [event["summary"] for event in calendar["events"]] == [
        "Guided visit to MIND Milano Innovation District"
    ]


def test_cancelled_session_stays_in_the_feed_marked_cancelled(client, read_calendar):
    edition = make_edition()
    session = make_session(edition, title="Site visit")
    session.is_cancelled = True
    save_session(session=session)
    calendar = read_calendar(client.get(f"/{edition.slug}/agenda.ics").content)
    [event] = calendar["events"]
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 1
    assert event["description"].startswith("This session has been cancelled.")


def test_sequence_rises_when_time_place_or_title_change_and_uid_stays(client, read_calendar):
    edition = make_edition()
    session = make_session(edition, title="Pitching")

    def read_event():
        [event] = read_calendar(client.get(f"/{edition.slug}/agenda.ics").content)["events"]
        return event

    first = read_event()
    session.description = "More details"
    save_session(session=session)
    assert read_event()["sequence"] == first["sequence"] == 0

    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    save_session(session=session)
    moved = read_event()
    assert moved["sequence"] == 1
    assert moved["uid"] == first["uid"]
    assert moved["start_utc"] == "2024-03-26T10:00:00.000Z"

    session.place = make_place(make_venue())
    save_session(session=session)
    assert read_event()["sequence"] == 2
    session.title = "Pitching session"
    save_session(session=session)
    assert read_event()["sequence"] == 3


def test_file_format_is_strict_rfc_5545(client, milano):
    body = client.get("/milano-2024/agenda.ics").content
    lines = body.split(b"\r\n")
    assert lines[-1] == b""
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    unfolded = body.replace(b"\r\n ", b"").decode()
    for expected in [
        "PRODID:-//European Cluster Collaboration Platform//Clusters meet Regions//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Clusters meet Regions – Milan 2024",
        "NAME:Clusters meet Regions – Milan 2024",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Rome",
        "DTSTART;TZID=Europe/Rome:20240327T100000",
    ]:
        assert expected in unfolded, expected
    events = unfolded.split("BEGIN:VEVENT")[1:]
    assert len(events) == milano.sessions.count()
    for event in events:
        for prop in (
            "UID:",
            "DTSTAMP:",
            "SEQUENCE:",
            "LAST-MODIFIED:",
            "LOCATION:",
            "GEO:",
            "URL:",
            "DESCRIPTION:",
            "CATEGORIES:",
            "ORGANIZER;",
            "STATUS:",
        ):
            assert f"\r\n{prop}" in event, prop


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
# An escape ("\\n", "\\,") or a two-byte character right on the 75th octet.
@example("x" * 62 + "\n" + "y" * 20)
@example("x" * 61 + "\\" + "y" * 20)
@example("x" * 62 + "è" * 20)
@settings(max_examples=300, deadline=None)
def test_text_is_folded_within_75_octets_and_reads_back_exactly(value):
    """The writer's contract we rely on: escaping and folding of any text, by icalendar."""
    event = icalendar.Event()
    event.add("description", value)
    physical = event.to_ical().split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    # Each physical line is valid UTF-8 on its own: no character is cut in two.
    for line in physical:
        line.decode()
    parsed = icalendar.Event.from_ical(event.to_ical())
    expected = value.replace("\r\n", "\n").replace("\r", "\n")
    assert str(parsed["DESCRIPTION"]).replace("\r\n", "\n").replace("\r", "\n") == expected


def test_awkward_text_reads_back_exactly_with_icalendars_own_parser(client):
    edition = make_edition()
    edition.series.organiser = "Cluster Collaboration Platform: ECCP, Brussels"
    edition.series.save()
    title = "Città; transizione, «doppia» \\ verde " + "è" * 60
    description = "Prima riga; seconda, terza\nQuarta riga – fine. " + "ü" * 80
    session = make_session(edition, title=title, description=description)
    body = client.get(f"/{edition.slug}/agenda.ics").content

    calendar = icalendar.Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).startswith(description + "\n\n")
    assert event["DTSTART"].dt == session.starts_at
    assert event["DTSTART"].dt.tzinfo.key == "Europe/Rome"
    assert event["ORGANIZER"].params["CN"] == "Cluster Collaboration Platform: ECCP, Brussels"
    assert str(event["UID"]) == f"{session.uid}@clusters-meet-regions.eccp"
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Rome"


def raw_components(body: bytes, name: str) -> list[list[str]]:
    """Return the unfolded content lines of each `name` component, read as plain text."""
    lines = body.replace(b"\r\n ", b"").decode().split("\r\n")
    found, current = [], None
    for line in lines:
        if line == f"BEGIN:{name}":
            current = []
        elif line == f"END:{name}" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


@pytest.mark.parametrize(
    "time_zone", ["Europe/Rome", "America/New_York", "Australia/Sydney", "Europe/Dublin"]
)
def test_time_zone_changes_are_yearly_rules_that_a_strict_reader_follows(client, time_zone):
    from dateutil import tz

    edition = make_edition(
        time_zone=time_zone, start_date=dt.date(2024, 3, 26), end_date=dt.date(2024, 3, 27)
    )
    make_session(edition)
    body = client.get(f"/{edition.slug}/agenda.ics").content
    [zone_lines] = raw_components(body, "VTIMEZONE")
    changes = raw_components(body, "DAYLIGHT") + raw_components(body, "STANDARD")
    assert len(changes) == 2  # one rule each way, not a list of dates
    for lines in changes:
        # A reader that takes the first date of a list (ical.js, vobject) needs none.
        assert not [line for line in lines if line.startswith("RDATE")]
        assert len([line for line in lines if line.startswith("RRULE:FREQ=YEARLY;")]) == 1
    # dateutil's reader follows the rules: every hour of the years the file is for (and
    # beyond: a rule has no end) has the database's offset.
    vtimezone = "BEGIN:VTIMEZONE\r\n" + "\r\n".join(zone_lines) + "\r\nEND:VTIMEZONE\r\n"
    read = tz.tzical(io.StringIO(vtimezone)).get()
    zone = zoneinfo.ZoneInfo(time_zone)
    moment = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
    while moment < dt.datetime(2030, 1, 1, tzinfo=dt.UTC):
        expected = moment.astimezone(zone).utcoffset()
        assert moment.astimezone(read).utcoffset() == expected, moment
        moment += dt.timedelta(hours=5)


def test_calendar_description_escapes_its_commas_and_sessions_to_be_confirmed_are_tentative(
    client, read_calendar
):
    edition = make_edition(summary="Clusters, regions; and the twin transition")
    start = dt.datetime.combine(edition.start_date, dt.time(9), ROME)
    make_session(edition, title="Opening", starts_at=start)
    make_session(
        edition, title="Closing", starts_at=start.replace(hour=17), time_to_be_confirmed=True
    )
    body = client.get(f"/{edition.slug}/agenda.ics").content
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert "\r\nX-WR-CALDESC:Clusters\\, regions\\; and the twin transition\r\n" in unfolded
    statuses = {event["summary"]: event["status"] for event in read_calendar(body)["events"]}
    assert statuses == {"Opening": "CONFIRMED", "Closing": "TENTATIVE"}
