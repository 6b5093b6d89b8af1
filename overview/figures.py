"""The figures of one edition's overview, each in a fixed number of queries whatever its size,
each with the address of the admin list behind it."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.dates import format_date
from events.models import Edition
from meetings import figures as meeting_figures
from meetings.models import Meeting
from outbox.models import Email
from overview.charts import Bar
from registrations.models import AttendedDay, Category, CheckIn, Registration, Seat

Status = Registration.Status


def admin_list(name: str, **query) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def registrations_list(edition: Edition, **query) -> str:
    return admin_list("registrations_registration", edition=edition.pk, **query)


def by_status(edition: Edition) -> list[Bar]:
    counts = dict(
        edition.registrations.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return [
        Bar(str(label), counts.get(status, 0), registrations_list(edition, status__exact=status))
        for status, label in Status.choices
    ]


def over_time(edition: Edition) -> list[Bar]:
    """Registrations made each day (in the edition's time zone), from the first to the last."""
    rows = dict(
        edition.registrations.order_by()
        .annotate(day=TruncDate("created_at", tzinfo=edition.tz))
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    if not rows:
        return []
    day, last, found = min(rows), max(rows), []
    while day <= last:
        found.append(Bar(format_date(day, "j M"), rows.get(day, 0)))
        day += dt.timedelta(days=1)
    return found


def confirmed(edition: Edition):
    return edition.registrations.filter(status=Status.CONFIRMED).order_by()


def by_country(edition: Edition) -> list[Bar]:
    rows = confirmed(edition).values_list("country").annotate(count=Count("pk"))
    return sorted(
        (
            Bar(
                countries.name(code) or code,
                count,
                registrations_list(edition, status__exact=Status.CONFIRMED, country=code),
            )
            for code, count in rows.values_list("country", "count")
        ),
        key=lambda bar: (-bar.value, bar.label),
    )


def by_category(edition: Edition) -> list[Bar]:
    counts = dict(confirmed(edition).values_list("category").annotate(count=Count("pk")))
    return [
        Bar(
            str(label),
            counts[value],
            registrations_list(edition, status__exact=Status.CONFIRMED, category__exact=value),
        )
        for value, label in Category.choices
        if counts.get(value)
    ]


@dataclass(frozen=True)
class DayAtTheDoor:
    day: dt.date
    expected: int  # confirmed and registered for the day
    arrived: int  # checked in at the door that day
    no_shows: int | None  # expected but never came (None until the day is over)
    expected_link: str
    arrived_link: str
    no_shows_link: str


def at_the_door(edition: Edition, today: dt.date) -> list[DayAtTheDoor]:
    came = CheckIn.objects.filter(
        registration=OuterRef("registration"), day=OuterRef("day"), session__isnull=True
    )
    expected = {
        row["day"]: row
        for row in AttendedDay.objects.filter(
            registration__edition=edition, registration__status=Status.CONFIRMED
        )
        .order_by()
        .values("day")
        .annotate(expected=Count("pk"), came=Count("pk", filter=Exists(came)))
    }
    arrivals = dict(
        CheckIn.objects.filter(registration__edition=edition, session__isnull=True)
        .order_by()
        .values_list("day")
        .annotate(count=Count("pk"))
    )
    return [
        DayAtTheDoor(
            day=day,
            expected=expected.get(day, {}).get("expected", 0),
            arrived=arrivals.get(day, 0),
            no_shows=(
                expected.get(day, {}).get("expected", 0) - expected.get(day, {}).get("came", 0)
                if day < today
                else None
            ),
            expected_link=registrations_list(edition, status__exact="confirmed", day=day),
            arrived_link=registrations_list(edition, door=f"came:{day.isoformat()}"),
            no_shows_link=registrations_list(edition, door=f"missed:{day.isoformat()}"),
        )
        for day in edition.days
    ]


@dataclass(frozen=True)
class LimitedSession:
    title: str
    capacity: int
    confirmed: int
    waiting: int
    boarded: int
    link: str


def limited_sessions(edition: Edition) -> list[LimitedSession]:
    rows = (
        edition.sessions.filter(capacity__isnull=False)
        .order_by("starts_at")
        .annotate(
            confirmed=Count(
                "seats",
                filter=Q(
                    seats__status=Seat.Status.CONFIRMED,
                    seats__registration__status=Status.CONFIRMED,
                ),
                distinct=True,
            ),
            waiting=Count("seats", filter=Q(seats__status=Seat.Status.WAITING), distinct=True),
            boarded=Count("check_ins", distinct=True),
        )
    )
    return [
        LimitedSession(
            session.title,
            session.capacity,
            session.confirmed,
            session.waiting,
            session.boarded,
            registrations_list(edition, session=session.pk),
        )
        for session in rows
    ]


def meetings(edition: Edition) -> list[Bar]:
    found = meeting_figures.figures(Meeting.objects.filter(block__matchmaking__edition=edition))
    link = {"block__matchmaking__edition__id__exact": edition.pk}
    rows = [
        ("requested", _("requested"), {}),
        ("accepted", _("accepted"), {"status__exact": Meeting.Status.CONFIRMED}),
        (
            "held",
            _("held"),
            {"status__exact": Meeting.Status.CONFIRMED, "outcome__exact": Meeting.Outcome.HELD},
        ),
    ]
    return [
        Bar(str(label), found[key], admin_list("meetings_meeting", **link, **query))
        for key, label, query in rows
    ]


def emails(edition: Edition) -> list[Bar]:
    counts = dict(
        Email.objects.of_edition(edition.pk)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return [
        Bar(
            str(label),
            counts.get(status, 0),
            admin_list("outbox_email", edition_id=edition.pk, status__exact=status),
        )
        for status, label in Email.Status.choices
    ]
