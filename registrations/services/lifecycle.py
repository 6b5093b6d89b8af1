"""A registration's life: submitted, confirmed or waiting, changed, promoted, cancelled.

All capacity decisions for an edition are taken while holding a row lock on that edition
(`select_for_update`), so concurrent confirmations, cancellations and promotions for the same
edition run one after another and can never hand out the last place twice. The lock order is
always the edition, then the registration, then its seats (`lock_registration`). Emails are
queued inside the transaction and sent only after it commits.
"""

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.caching import content_changed
from events.models import Edition, Session
from outbox.models import Email
from registrations import emails
from registrations.figures import (
    availability,
    has_free_place,
    seats_by_session,
    who_is_coming,
)
from registrations.models import AttendedDay, Registration, Seat, StarredSession
from registrations.signals import registration_cancelled

Status = Registration.Status


class RegistrationClosedError(Exception):
    """Registration for this edition is not open at this moment."""


def lock_edition(edition_id: int) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition_id)


def lock_registration(registration_id: int) -> tuple[Edition, Registration]:
    """Lock the registration's edition, then the registration: always in that order."""
    edition_id = Registration.objects.values_list("edition_id", flat=True).get(pk=registration_id)
    edition = lock_edition(edition_id)
    return edition, Registration.objects.select_for_update().get(pk=registration_id)


def submit_registration(
    *,
    registration: Registration,
    days: Iterable[dt.date],
    sessions: Iterable[Session] = (),
    now: dt.datetime | None = None,
) -> tuple[Registration, bool]:
    """Record a pending registration and email the link that confirms it.

    `registration` is unsaved, with the person's fields, the edition and the language. When the
    address is already registered, re-send that registration's link to it instead; return the
    registration and whether it was created.

    The registration is inserted without looking first (INSERT … ON CONFLICT DO NOTHING): the
    unique index on the address (one active registration per address and edition) leaves out a
    second one, also when two requests race, in one probe whatever the edition's size, and
    without an error (whose detail, the address, would go to the database's log).
    """
    now = now or timezone.now()
    edition = registration.edition
    if edition.registration_state(now) != Edition.RegistrationState.OPEN:
        raise RegistrationClosedError
    record_consent(registration, now)
    with transaction.atomic():
        for _attempt in range(3):
            Registration.objects.bulk_create([registration], ignore_conflicts=True)
            inserted = Registration.objects.filter(manage_token=registration.manage_token)
            if (pk := inserted.values_list("pk", flat=True).first()) is not None:
                registration.pk = pk  # not returned when conflicts are ignored
                break
            existing = Registration.objects.active().for_email(edition, registration.email).first()
            if existing is not None:
                remind_already_registered(existing, now)
                return existing, False
            # The registration in the way was cancelled a moment ago: the address is free again.
        else:
            raise RuntimeError("the address was taken and freed three times in a row")
        record_choices(registration, days, sessions)
        emails.queue_email(registration, emails.ConfirmAddress)
    return registration, True


def record_consent(registration: Registration, now: dt.datetime) -> None:
    registration.email = registration.email.strip()
    registration.privacy_consent_at = now
    registration.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION


def record_choices(
    registration: Registration, days: Iterable[dt.date], sessions: Iterable[Session]
) -> None:
    """Store a new registration's days, and its requests for limited sessions of its edition."""
    AttendedDay.objects.bulk_create(
        AttendedDay(registration=registration, day=day) for day in sorted(set(days))
    )
    if requested := [session.pk for session in sessions]:
        limited = registration.edition.sessions.filter(pk__in=requested, capacity__isnull=False)
        Seat.objects.bulk_create(Seat(registration=registration, session=s) for s in limited)


@transaction.atomic
def add_registration(
    *,
    registration: Registration,
    days: Iterable[dt.date],
    sessions: Iterable[Session] = (),
    added_by,
    beyond_capacity: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """Register someone on the organisers' word (a walk-in, a speaker, a guest).

    No address to confirm: the registration is confirmed at once if a place is free, or
    `beyond_capacity`, else it joins the waiting list; the person gets the usual email.
    """
    now = now or timezone.now()
    edition = lock_edition(registration.edition_id)
    record_consent(registration, now)
    registration.added_by = added_by
    registration.confirmed_at = now
    registration.save()
    record_choices(registration, days, sessions)
    with telling_pages_about_availability(edition):
        if beyond_capacity:
            registration.status = Status.CONFIRMED
            registration.save(update_fields=["status"])
            allocate_seats(registration, now)
            emails.queue_email(registration, emails.Confirmed)
        else:
            confirm_or_wait(edition, registration, now)
    return registration


def set_days(registration: Registration, days: Iterable[dt.date]) -> None:
    registration.attended_days.all().delete()
    AttendedDay.objects.bulk_create(
        AttendedDay(registration=registration, day=day) for day in sorted(set(days))
    )


# A registered address is mailed its link again at most this often, however often the form is
# sent with it: otherwise the form could be used to flood someone's mailbox.
REMINDER_INTERVAL = dt.timedelta(hours=1)


def remind_already_registered(registration: Registration, now: dt.datetime) -> None:
    recently = Email.objects.of(registration).filter(
        kind=emails.AlreadyRegistered.name, created_at__gte=now - REMINDER_INTERVAL
    )
    if not recently.exists():
        emails.queue_email(registration, emails.AlreadyRegistered)


@transaction.atomic
def confirm_registration(*, registration_id: int, now: dt.datetime | None = None) -> Registration:
    """Confirm the address: take a place, or a place on the waiting list when the edition is full.

    Following the link again changes nothing; after the confirmation window it expires instead.
    """
    now = now or timezone.now()
    edition, registration = lock_registration(registration_id)
    if registration.status != Status.PENDING:
        return registration
    if now >= registration.confirmation_expires_at:
        registration.status = Status.EXPIRED
        registration.save(update_fields=["status"])
        registration.seats.update(status=Seat.Status.CANCELLED)
        return registration
    registration.confirmed_at = now
    with telling_pages_about_availability(edition):
        confirm_or_wait(edition, registration, now)
    return registration


def confirm_or_wait(edition: Edition, registration: Registration, now: dt.datetime) -> None:
    # Those waiting come first: a place freed by a raised capacity is theirs, not a newcomer's.
    promote_from_waiting_list(edition, now)
    if has_free_place(edition):
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "confirmed_at"])
        allocate_seats(registration, now)
        emails.queue_email(registration, emails.Confirmed)
    else:
        registration.status = Status.WAITING
        registration.waiting_since = now
        registration.save(update_fields=["status", "confirmed_at", "waiting_since"])
        emails.queue_email(registration, emails.Waiting)


@contextmanager
def telling_pages_about_availability(edition: Edition):
    """Raise the page version when what the edition's pages say about registrations changes.

    The pages (cached) say "full, N waiting", the places left in limited sessions, and show who
    is coming in figures and names of organisations; only a change of those needs new pages.
    """
    before = (availability(edition), who_is_coming(edition), seats_by_session(edition))
    yield
    if (availability(edition), who_is_coming(edition), seats_by_session(edition)) != before:
        content_changed(changed=edition)


def has_free_seat(session: Session) -> bool:
    if session.capacity is None:
        return True
    return session.seats.filter(status=Seat.Status.CONFIRMED).count() < session.capacity


def allocate_seats(registration: Registration, now: dt.datetime) -> None:
    """Give a newly confirmed registration its requested session places, or waiting ones."""
    for seat in registration.seats.filter(status=Seat.Status.REQUESTED).select_related("session"):
        promote_seats(seat.session)  # those waiting for the session come first
        if has_free_seat(seat.session):
            seat.status = Seat.Status.CONFIRMED
        else:
            seat.status = Seat.Status.WAITING
            seat.waiting_since = now
        seat.save(update_fields=["status", "waiting_since"])


def promote_from_waiting_list(edition: Edition, now: dt.datetime) -> list[Registration]:
    """Fill free places of the edition from its waiting list, first come first served."""
    promoted = []
    while has_free_place(edition):
        registration = edition.registrations.waiting_in_order().select_for_update().first()
        if registration is None:
            break
        promote(registration, now)
        promoted.append(registration)
    return promoted


def promote(registration: Registration, now: dt.datetime) -> None:
    registration.status = Status.CONFIRMED
    registration.waiting_since = None
    registration.save(update_fields=["status", "waiting_since"])
    allocate_seats(registration, now)
    emails.queue_email(registration, emails.Promoted)


def promote_seats(session: Session) -> None:
    """Fill free places of a session from its waiting list, first come first served."""
    while has_free_seat(session):
        seat = (
            session.seats.waiting_in_order()
            .filter(registration__status=Status.CONFIRMED)
            .select_related("registration")
            .first()
        )
        if seat is None:
            break
        seat.status = Seat.Status.CONFIRMED
        seat.waiting_since = None
        seat.save(update_fields=["status", "waiting_since"])
        emails.queue_email(seat.registration, emails.Promoted, details={"session": session.pk})


@transaction.atomic
def cancel_registration(*, registration_id: int, now: dt.datetime | None = None) -> Registration:
    """Cancel a registration and give its places to the first people waiting."""
    now = now or timezone.now()
    edition, registration = lock_registration(registration_id)
    if not registration.is_active:
        return registration
    held_place = registration.status == Status.CONFIRMED
    freed_sessions = list(
        Session.objects.filter(
            seats__registration=registration, seats__status=Seat.Status.CONFIRMED
        )
    )
    with telling_pages_about_availability(edition):
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.waiting_since = None
        registration.save(update_fields=["status", "cancelled_at", "waiting_since"])
        registration.seats.update(status=Seat.Status.CANCELLED, waiting_since=None)
        emails.queue_email(registration, emails.Cancelled)
        registration_cancelled.send(Registration, registration=registration)
        if held_place:
            promote_from_waiting_list(edition, now)
    for session in freed_sessions:
        promote_seats(session)
    return registration


@transaction.atomic
def fill_free_places(*, edition_id: int, now: dt.datetime | None = None) -> None:
    """Give the edition's and its limited sessions' free places to those waiting, in order
    (after organisers raised a capacity)."""
    now = now or timezone.now()
    edition = lock_edition(edition_id)
    with telling_pages_about_availability(edition):
        promote_from_waiting_list(edition, now)
    for session in edition.sessions.filter(capacity__isnull=False):
        promote_seats(session)


@transaction.atomic
def promote_registration(*, registration_id: int, now: dt.datetime | None = None) -> Registration:
    """Let a waiting registration in now, even beyond capacity: the organiser's decision."""
    now = now or timezone.now()
    edition, registration = lock_registration(registration_id)
    if registration.status == Status.WAITING:
        with telling_pages_about_availability(edition):
            promote(registration, now)
    return registration


@transaction.atomic
def change_registration(
    *,
    registration_id: int,
    changes: dict[str, Any],
    days: Iterable[dt.date],
    sessions: Iterable[Session],
    now: dt.datetime | None = None,
) -> Registration:
    """Change the person's fields, days and sessions; a dropped place goes to the next in line.

    `changes` maps the registration's own fields (as a form validated them) to new values.
    """
    now = now or timezone.now()
    edition, registration = lock_registration(registration_id)
    if not registration.is_active:
        return registration
    with telling_pages_about_availability(edition):
        return apply_changes(registration, changes, days, sessions, now)


def apply_changes(
    registration: Registration,
    changes: dict[str, Any],
    days: Iterable[dt.date],
    sessions: Iterable[Session],
    now: dt.datetime,
) -> Registration:
    for name, value in changes.items():
        setattr(registration, name, value)
    registration.save(update_fields=list(changes))
    set_days(registration, days)

    wanted = {session.pk for session in sessions}
    current = {seat.session_id: seat for seat in registration.seats.select_related("session")}
    freed = []
    for session_id, seat in current.items():
        if session_id not in wanted and seat.status != Seat.Status.CANCELLED:
            if seat.status == Seat.Status.CONFIRMED:
                freed.append(seat.session)
            seat.status = Seat.Status.CANCELLED
            seat.waiting_since = None
            seat.save(update_fields=["status", "waiting_since"])
    for session in registration.edition.sessions.filter(pk__in=wanted, capacity__isnull=False):
        seat = current.get(session.pk)
        if seat is None:
            seat = Seat(registration=registration, session=session)
        elif seat.status != Seat.Status.CANCELLED:
            continue
        seat.status = Seat.Status.REQUESTED
        seat.save()
    if registration.status == Status.CONFIRMED:
        allocate_seats(registration, now)
    for session in freed:
        promote_seats(session)
    return registration


def star_session(*, registration: Registration, session: Session, starred: bool) -> None:
    """Put a session of the person's edition in their agenda (their calendar follows), or not."""
    if session.edition_id != registration.edition_id:
        raise ValueError("a session of another edition")
    if starred:
        StarredSession.objects.get_or_create(registration=registration, session=session)
    else:
        StarredSession.objects.filter(registration=registration, session=session).delete()
