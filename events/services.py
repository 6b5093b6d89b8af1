"""Writes to the programme that have side effects: calendar revisions and copying editions."""

import datetime as dt
import uuid
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction

from events.models import Edition, Session
from events.signals import session_rescheduled


def changed_schedule_fields(session: Session) -> tuple[str, ...]:
    """Return which of the fields calendars care about differ from the stored session."""
    if session.pk is None:
        return ()
    stored = Session.objects.filter(pk=session.pk).values(*_schedule_columns()).first()
    if stored is None:
        return ()
    return tuple(
        field
        for field in Session.SCHEDULE_FIELDS
        if stored[_column(field)] != getattr(session, _column(field))
    )


def _column(field: str) -> str:
    return Session._meta.get_field(field).attname


def _schedule_columns() -> list[str]:
    return [_column(field) for field in Session.SCHEDULE_FIELDS]


@transaction.atomic
def save_session(*, session: Session, changed_fields: Iterable[str] | None = None) -> Session:
    """Save a session, raising its calendar revision when its time, place or title changed."""
    if changed_fields is None:
        changed = changed_schedule_fields(session)
    else:
        changed = tuple(field for field in Session.SCHEDULE_FIELDS if field in changed_fields)
    is_new = session.pk is None
    if changed and not is_new:
        session.sequence += 1
    session.save()
    if changed and not is_new:
        transaction.on_commit(
            partial(
                session_rescheduled.send,
                sender=Session,
                session=session,
                changed_fields=changed,
            )
        )
    return session


@transaction.atomic
def copy_edition(
    *, source: Edition, new_slug: str, new_start: dt.date, new_title: str | None = None
) -> Edition:
    """Copy an edition and its programme to new dates; registrations are not copied."""
    shift = new_start - source.start_date
    objectives = list(source.objectives.all())
    partnerships = list(source.partnerships.all())
    contacts = list(source.contacts.all())
    links = list(source.links.all())
    # A session cancelled last time is not part of the next programme.
    sessions = list(source.sessions.filter(is_cancelled=False).prefetch_related("appearances"))

    edition = Edition.objects.get(pk=source.pk)
    edition.pk = None
    edition.slug = new_slug
    for language, _name in settings.LANGUAGES:
        field = f"title_{language}"
        if new_title:
            setattr(edition, field, new_title)
        elif title := getattr(source, field):
            setattr(edition, field, title.replace(str(source.start_date.year), str(new_start.year)))
    edition.start_date = source.start_date + shift
    edition.end_date = source.end_date + shift
    edition.number_in_series = None
    edition.is_published = True
    if source.registration_opens_at:
        edition.registration_opens_at = source.registration_opens_at + shift
    if source.registration_closes_at:
        edition.registration_closes_at = source.registration_closes_at + shift
    edition.full_clean()
    edition.save()

    for related in (*objectives, *partnerships, *contacts, *links):
        related.pk = None
        related.edition = edition
        related.save()

    for session in sessions:
        appearances = list(session.appearances.all())
        session.pk = None
        session.uid = uuid.uuid4()
        session.edition = edition
        session.starts_at = _shift_local(session.starts_at, shift, edition)
        session.ends_at = _shift_local(session.ends_at, shift, edition)
        session.sequence = 0
        session.save()
        for appearance in appearances:
            appearance.pk = None
            appearance.session = session
            appearance.save()
    return edition


def _shift_local(moment: dt.datetime, shift: dt.timedelta, edition: Edition) -> dt.datetime:
    """Shift by whole days in local time, so 10:00 stays 10:00 across a DST change."""
    local = moment.astimezone(edition.tz)
    return dt.datetime.combine(local.date() + shift, local.time(), tzinfo=edition.tz)
