"""Every change to a registration: one transaction each, with the edition row locked.

All capacity decisions for an edition are taken while holding a row lock on that edition
(`select_for_update`), so concurrent confirmations, cancellations and promotions for the same
edition run one after another and can never hand out the last place twice. Emails are queued
inside the transaction and sent only after it commits.
"""

import datetime as dt
import enum
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.caching import content_changed
from events.models import Edition, Session
from registrations.emails import queue_email
from registrations.models import (
    AttendedDay,
    CheckIn,
    EmailDelivery,
    Registration,
    Seat,
    StarredSession,
    new_token,
)
from registrations.personal_data import purged_values
from registrations.signals import personal_data_purged, registration_cancelled

Kind = EmailDelivery.Kind
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


@transaction.atomic
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
    """
    now = now or timezone.now()
    edition = registration.edition
    if edition.registration_state(now) != Edition.RegistrationState.OPEN:
        raise RegistrationClosedError
    existing = Registration.objects.active().for_email(edition, registration.email).first()
    if existing:
        remind_already_registered(existing, now)
        return existing, False
    record_consent(registration, now)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # The same address was registered a moment ago by a concurrent request.
        existing = Registration.objects.active().for_email(edition, registration.email).get()
        remind_already_registered(existing, now)
        return existing, False
    record_choices(registration, days, sessions)
    queue_email(registration, Kind.CONFIRM_ADDRESS)
    return registration, True


def record_consent(registration: Registration, now: dt.datetime) -> None:
    registration.email = registration.email.strip()
    registration.privacy_consent_at = now
    registration.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION


def record_choices(
    registration: Registration, days: Iterable[dt.date], sessions: Iterable[Session]
) -> None:
    """Store a new registration's days, and its requests for limited sessions of its edition."""
    set_days(registration, days)
    limited = registration.edition.sessions.filter(
        pk__in=[session.pk for session in sessions], capacity__isnull=False
    )
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
            queue_email(registration, Kind.CONFIRMED)
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
    recently = registration.emails.filter(
        kind=Kind.ALREADY_REGISTERED, created_at__gte=now - REMINDER_INTERVAL
    )
    if not recently.exists():
        queue_email(registration, Kind.ALREADY_REGISTERED)


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
    if has_free_place(edition):
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "confirmed_at"])
        allocate_seats(registration, now)
        queue_email(registration, Kind.CONFIRMED)
    else:
        registration.status = Status.WAITING
        registration.waiting_since = now
        registration.save(update_fields=["status", "confirmed_at", "waiting_since"])
        queue_email(registration, Kind.WAITING)


def has_free_place(edition: Edition) -> bool:
    if edition.capacity is None:
        return True
    confirmed = edition.registrations.filter(status=Status.CONFIRMED).count()
    return confirmed < edition.capacity


@dataclass(frozen=True)
class Availability:
    is_full: bool
    waiting: int


def availability(edition: Edition) -> Availability:
    """Return whether the edition is full and how many wait, as its pages say it."""
    if edition.capacity is None:
        return Availability(is_full=False, waiting=0)
    counts = edition.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    is_full = counts["confirmed"] >= edition.capacity
    return Availability(is_full=is_full, waiting=counts["waiting"] if is_full else 0)


# A group of participants is shown in the public figures only from this size: smaller ones
# could single a person out.
SMALLEST_GROUP_SHOWN = 5


@dataclass(frozen=True)
class WhoIsComing:
    confirmed: int
    by_country: tuple[tuple[str, int], ...]  # (country code, count), groups shown only
    by_category: tuple[tuple[str, int], ...]  # (category value, count), groups shown only
    organisations: tuple[str, ...]  # of those who agreed to appear on the participant list


def who_is_coming(edition: Edition) -> WhoIsComing:
    """Return the edition's public figures: confirmed participants in groups of 5 or more."""
    confirmed = edition.registrations.filter(status=Status.CONFIRMED)

    def groups(field: str) -> tuple[tuple[str, int], ...]:
        counts = (
            confirmed.values(field)
            .annotate(count=Count("pk"))
            .filter(count__gte=SMALLEST_GROUP_SHOWN)
            .order_by("-count", field)
        )
        return tuple((str(row[field]), row["count"]) for row in counts)

    organisations = (
        confirmed.filter(on_participant_list=True)
        .exclude(organisation="")
        .values_list("organisation", flat=True)
        .distinct()
    )
    return WhoIsComing(
        confirmed=confirmed.count(),
        by_country=groups("country"),
        by_category=groups("category"),
        organisations=tuple(sorted(organisations, key=str.casefold)),
    )


@contextmanager
def telling_pages_about_availability(edition: Edition):
    """Raise the page version when what the edition's pages say about registrations changes.

    The pages (cached) say "full, N waiting" and show who is coming in figures and names of
    organisations; only a change of those needs new pages.
    """
    before = (availability(edition), who_is_coming(edition))
    yield
    if (availability(edition), who_is_coming(edition)) != before:
        content_changed(changed=edition)


def has_free_seat(session: Session) -> bool:
    if session.capacity is None:
        return True
    return session.seats.filter(status=Seat.Status.CONFIRMED).count() < session.capacity


def allocate_seats(registration: Registration, now: dt.datetime) -> None:
    """Give a newly confirmed registration its requested session places, or waiting ones."""
    for seat in registration.seats.filter(status=Seat.Status.REQUESTED).select_related("session"):
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
    queue_email(registration, Kind.PROMOTED)


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
        queue_email(seat.registration, Kind.PROMOTED, session=session)


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
        queue_email(registration, Kind.CANCELLED)
        registration_cancelled.send(Registration, registration=registration)
        if held_place:
            promote_from_waiting_list(edition, now)
    for session in freed_sessions:
        promote_seats(session)
    return registration


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


def star_session(*, registration: Registration, session: Session, starred: bool) -> None:
    """Put a session of the person's edition in their agenda (their calendar follows), or not."""
    if session.edition_id != registration.edition_id:
        raise ValueError("a session of another edition")
    if starred:
        StarredSession.objects.get_or_create(registration=registration, session=session)
    else:
        StarredSession.objects.filter(registration=registration, session=session).delete()


@transaction.atomic
def replace_links(*, registration_id: int) -> Registration:
    """Give the registration new personal links, voiding the old ones, and email the new one."""
    _edition, registration = lock_registration(registration_id)
    registration.manage_token = new_token()
    registration.calendar_token = new_token()
    registration.confirmation_token = new_token()
    registration.check_in_token = new_token()
    registration.save(
        update_fields=["manage_token", "calendar_token", "confirmation_token", "check_in_token"]
    )
    queue_email(registration, Kind.NEW_LINKS)
    return registration


@transaction.atomic
def stop_news(*, registration_id: int) -> None:
    """Stop news of future editions for this address, in every edition of the series."""
    registration = Registration.objects.select_related("edition").get(pk=registration_id)
    Registration.objects.filter(
        edition__series_id=registration.edition.series_id, email__iexact=registration.email
    ).update(wants_future_editions=False)


class NewAddressError(Exception):
    """The registration cannot move to the new address; the message says why."""


@transaction.atomic
def request_new_address(*, registration_id: int, new_email: str) -> None:
    """Email a link to the new address; the registration moves there when it is opened."""
    _edition, registration = lock_registration(registration_id)
    queue_email(registration, Kind.CONFIRM_NEW_ADDRESS, to_address=new_email)


@transaction.atomic
def move_to_new_address(*, registration_id: int, new_email: str) -> Registration:
    """Give the registration its confirmed new address, and tell the old address."""
    edition, registration = lock_registration(registration_id)
    if not registration.is_active:
        raise NewAddressError(
            _("This registration is cancelled: its address can no longer change.")
        )
    taken = (
        edition.registrations.filter(status__in=Registration.ACTIVE_STATUSES)
        .filter(email__iexact=new_email)
        .exclude(pk=registration.pk)
    )
    if taken.exists():
        raise NewAddressError(
            _(
                "%(email)s already has a registration for this edition. Cancel that one with "
                "its own link first, or write to the organisers."
            )
            % {"email": new_email}
        )
    old_email = registration.email
    registration.email = new_email
    registration.save(update_fields=["email"])
    queue_email(registration, Kind.ADDRESS_CHANGED, to_address=old_email)
    return registration


@transaction.atomic
def erase_registration(*, registration_id: int, now: dt.datetime | None = None) -> None:
    """Delete a registration and everything about the person, freeing their places first."""
    cancel_registration(registration_id=registration_id, now=now)
    # The cancellation email was only queued; it must not go out to an erased person.
    Registration.objects.filter(pk=registration_id).delete()


def expire_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Mark registrations whose confirmation link ran out as expired; they held no places."""
    with transaction.atomic():
        expired = list(
            Registration.objects.expired_pending(now)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Seat.objects.filter(registration_id__in=expired).update(status=Seat.Status.CANCELLED)
        Registration.objects.filter(pk__in=expired).update(status=Status.EXPIRED)
    return len(expired)


def attendees_of(session: Session) -> list[Registration]:
    """Return the confirmed registrations whose calendars hold this session."""
    registrations = session.edition.registrations.filter(
        status=Status.CONFIRMED, personal_data_purged_at__isnull=True
    )
    if session.capacity is not None:
        return list(
            registrations.filter(seats__session=session, seats__status=Seat.Status.CONFIRMED)
        )
    return list(registrations.filter(attended_days__day=session.local_day))


@dataclass(frozen=True)
class PurgeResult:
    edition: Edition
    count: int


def purge_personal_data(
    *, editions, after_days: int, dry_run: bool = False, now: dt.datetime | None = None
) -> list[PurgeResult]:
    """Erase attendees' personal data of editions that ended `after_days` ago or more.

    What stays: the status, category, country and days (anonymous counts), and when consent
    was given to which version of the privacy notice.
    """
    now = now or timezone.now()
    results = []
    for edition in editions:
        if edition.ends_at + dt.timedelta(days=after_days) > now:
            continue
        registrations = edition.registrations.filter(personal_data_purged_at__isnull=True)
        if dry_run:
            results.append(PurgeResult(edition, registrations.count()))
            continue
        with transaction.atomic():
            ids = list(registrations.select_for_update().values_list("pk", flat=True))
            EmailDelivery.objects.filter(registration_id__in=ids).delete()
            count = Registration.objects.filter(pk__in=ids).update(
                personal_data_purged_at=now, **purged_values()
            )
            personal_data_purged.send(Registration, registration_ids=ids)
            if count:
                content_changed(changed=edition)  # its pages named organisations
        results.append(PurgeResult(edition, count))
    return results
