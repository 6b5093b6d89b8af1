"""What the door page counts: who has arrived against who is expected, today and per session."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from common.dates import format_date
from events.models import Edition, Session
from registrations.models import CheckIn, Registration, Seat

CONFIRMED = Registration.Status.CONFIRMED


@dataclass(frozen=True)
class DoorCount:
    label: str
    checked_in: int
    expected: int
    session_id: int | None = None


def limited_sessions(edition: Edition, day: dt.date) -> list[Session]:
    """Return the sessions with limited places on `day` (the visit whose bus staff board)."""
    sessions = edition.sessions.filter(capacity__isnull=False, is_cancelled=False)
    return [session for session in sessions.order_by("starts_at") if session.local_day == day]


def door_counts(edition: Edition, day: dt.date) -> list[DoorCount]:
    """Return checked in / expected for the day and for each limited session of the day."""
    expected_today = (
        edition.registrations.filter(status=CONFIRMED, attended_days__day=day).distinct().count()
    )
    arrived = CheckIn.objects.at_the_door(day).filter(registration__edition=edition).count()
    label = _("Today") if day == edition.day_of() else format_date(day, "D j M")
    counts = [DoorCount(label, arrived, expected_today)]
    sessions = {session.pk: session for session in limited_sessions(edition, day)}
    rows = (
        Session.objects.filter(pk__in=sessions)
        .annotate(
            booked=Count(
                "seats",
                filter=Q(
                    seats__status=Seat.Status.CONFIRMED,
                    seats__registration__status=CONFIRMED,
                ),
                distinct=True,
            ),
            boarded=Count("check_ins", distinct=True),
        )
        .values_list("pk", "booked", "boarded")
    )
    for session_id, booked, boarded in sorted(rows, key=lambda row: list(sessions).index(row[0])):
        counts.append(DoorCount(sessions[session_id].title, boarded, booked, session_id))
    return counts
