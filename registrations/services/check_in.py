"""Letting people in at the door: one arrival a day, one check-in per limited session."""

import datetime as dt
import enum
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from events.models import Session
from registrations.models import CheckIn, Registration, Seat

Status = Registration.Status


class Arrival(enum.StrEnum):
    """What the door tells staff about one check-in, from green to red."""

    CHECKED_IN = "checked_in"  # green: let them in
    ALREADY = "already"  # amber: checked in before (at what time)
    NOT_EXPECTED = "not_expected"  # amber: not registered for today, or no place on the session
    NO_PLACE = "no_place"  # red: waiting list, unconfirmed, cancelled


@dataclass(frozen=True)
class CheckInResult:
    arrival: Arrival
    registration: Registration
    check_in: CheckIn | None = None  # the one made, or found when already checked in


@transaction.atomic
def check_in(
    *,
    registration_id: int,
    day: dt.date,
    session: Session | None = None,
    by=None,
    anyway: bool = False,
    request_key: str = "",
    now: dt.datetime | None = None,
) -> CheckInResult:
    """Check a person in at the door on `day`, or onto a limited `session`, once.

    Only confirmed registrations hold a place. Someone not registered for that day (or without
    a place on the session) is checked in only `anyway`, on the staff's decision. The same tap
    sent again (`request_key`) finds the check-in it made.
    """
    now = now or timezone.now()
    # One check-in at a time per person: two phones scanning the same code record one.
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if registration.status != Status.CONFIRMED:
        return CheckInResult(Arrival.NO_PLACE, registration)
    if session is not None:
        day = session.local_day
        existing = registration.check_ins.filter(session=session).first()
    else:
        existing = registration.check_ins.filter(day=day, session__isnull=True).first()
    if existing is not None:
        if request_key and existing.request_key == request_key:
            return CheckInResult(Arrival.CHECKED_IN, registration, existing)
        return CheckInResult(Arrival.ALREADY, registration, existing)
    if not anyway and not is_expected(registration, day=day, session=session):
        return CheckInResult(Arrival.NOT_EXPECTED, registration)
    made = CheckIn.objects.create(
        registration=registration,
        day=day,
        session=session,
        checked_in_at=now,
        checked_in_by=by if by is not None and by.is_authenticated else None,
        request_key=request_key[:64],
    )
    return CheckInResult(Arrival.CHECKED_IN, registration, made)


def is_expected(registration: Registration, *, day: dt.date, session: Session | None) -> bool:
    """Return whether a confirmed person is registered for this day, or holds a session place."""
    if session is not None:
        return registration.seats.filter(session=session, status=Seat.Status.CONFIRMED).exists()
    return registration.attended_days.filter(day=day).exists()


@transaction.atomic
def undo_check_in(*, check_in_id: int) -> Registration | None:
    """Undo a check-in recorded by mistake; return whose it was (None if already undone)."""
    made = CheckIn.objects.select_related("registration").filter(pk=check_in_id).first()
    if made is None:
        return None
    made.delete()
    return made.registration
