"""Writes to the programme that have side effects: calendar revisions and copying editions."""

import datetime as dt
import uuid
import zoneinfo
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from common.dates import format_date
from events.copying import carry_texts
from events.models import Edition, Session
from events.signals import session_rescheduled


def changed_schedule_fields(session: Session) -> tuple[str, ...]:
    """Return which of the fields calendars care about differ from the stored session.

    The one definition of "this session changed": whoever saves (the admin, a command, a
    service), the session is compared with its stored row, every language of a translated
    field included (a title renamed in Italian only is a change).
    """
    if session.pk is None:
        return ()
    columns = {field: _columns(field) for field in Session.SCHEDULE_FIELDS}
    stored = (
        Session.objects.filter(pk=session.pk)
        .values(*[column for names in columns.values() for column in names])
        .first()
    )
    if stored is None:
        return ()
    return tuple(
        field
        for field, names in columns.items()
        if any(stored[name] != getattr(session, name) for name in names)
    )


def _columns(field: str) -> list[str]:
    """Return the database columns of a field: one per language for a translated field."""
    translated = translator.get_options_for_model(Session).all_fields
    if field in translated:
        return [f"{field}_{code}" for code, _name in settings.LANGUAGES]
    return [Session._meta.get_field(field).attname]


@transaction.atomic
def save_session(*, session: Session, tell_attendees: bool = True) -> Session:
    """Save a session, raising its calendar revision when its time, place or title changed.

    Without `tell_attendees` (a typo corrected) calendars and the changes feed still follow,
    but nobody is emailed.
    """
    changed = changed_schedule_fields(session)
    previous = schedule_as_it_was(session) if changed else {}
    if changed:
        session.sequence += 1
    session.save()
    if changed:
        transaction.on_commit(
            partial(
                session_rescheduled.send,
                sender=Session,
                session=session,
                changed_fields=changed,
                previous=previous,
                tell_attendees=tell_attendees,
            )
        )
    return session


def schedule_as_it_was(session: Session) -> dict:
    """Return the stored session's time, and its title and place in every language.

    Kept with the change, so that the email can say what the session was and what it is now.
    """
    stored = Session.objects.select_related("edition__venue", "place__venue", "venue").get(
        pk=session.pk
    )
    previous = {"starts_at": stored.starts_at.isoformat(), "ends_at": stored.ends_at.isoformat()}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            previous[language] = {"title": stored.title, "location": stored.location_label}
    return previous


@transaction.atomic
def save_edition(*, edition: Edition) -> Edition:
    """Save an edition; when its time zone changes, its sessions keep their local clock times.

    A session at 09:30 in Rome is at 09:30 in the new zone afterwards (a different instant, so
    its calendar revision rises and its attendees are told), instead of silently showing 08:30.
    """
    stored_zone = (
        Edition.objects.filter(pk=edition.pk).values_list("time_zone", flat=True).first()
        if edition.pk
        else None
    )
    edition.save()
    if stored_zone and stored_zone != edition.time_zone:
        old, new = zoneinfo.ZoneInfo(stored_zone), edition.tz
        for session in edition.sessions.all():
            session.starts_at = same_clock_time(session.starts_at, old, new)
            session.ends_at = same_clock_time(session.ends_at, old, new)
            save_session(session=session)
    return edition


def same_clock_time(moment: dt.datetime, old: zoneinfo.ZoneInfo, new: zoneinfo.ZoneInfo):
    """Return the instant that shows in `new` the clock time `moment` shows in `old`."""
    return moment.astimezone(old).replace(tzinfo=new)


# The texts of an edition that may name its dates (the title is the copy's own).
EDITION_TEXTS = ("theme", "subtitle", "summary", "description", "context", "attendance_note")


@transaction.atomic
def copy_edition(
    *,
    source: Edition,
    new_slug: str,
    new_start: dt.date,
    new_title: str | None = None,
    time_zone: str | None = None,
) -> Edition:
    """Copy an edition and its programme to new dates; registrations are not copied.

    The copy starts unpublished (organisers check its texts first, see `outdated_mentions`);
    dates of the old days in its texts move with the days (`events.copying`); in another
    `time_zone` every time keeps its local clock time.
    """
    shift = new_start - source.start_date
    old_zone = source.tz
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
    carry_texts(edition, EDITION_TEXTS, source.days, edition.days)
    edition.number_in_series = None
    edition.is_published = False
    edition.copied_from = source
    if time_zone:
        edition.time_zone = time_zone
    if source.registration_opens_at:
        edition.registration_opens_at = _shift_local(
            source.registration_opens_at, shift, old_zone, edition.tz
        )
    if source.registration_closes_at:
        edition.registration_closes_at = _shift_local(
            source.registration_closes_at, shift, old_zone, edition.tz
        )
    edition.full_clean()
    edition.save()

    for related in (*objectives, *partnerships, *contacts, *links):
        related.pk = None
        related.edition = edition
        if related in objectives:
            carry_texts(related, ("text",), source.days, edition.days)
        related.save()

    for session in sessions:
        appearances = list(session.appearances.all())
        session.pk = None
        session.uid = uuid.uuid4()
        session.edition = edition
        session.starts_at = _shift_local(session.starts_at, shift, old_zone, edition.tz)
        session.ends_at = _shift_local(session.ends_at, shift, old_zone, edition.tz)
        session.sequence = 0
        carry_texts(session, ("description",), source.days, edition.days)
        session.save()
        for appearance in appearances:
            appearance.pk = None
            appearance.session = session
            appearance.save()
    return edition


@transaction.atomic
def publish_edition(*, edition: Edition) -> Edition:
    """Publish an edition: its pages, agenda and calendar open to everyone."""
    edition.is_published = True
    return save_edition(edition=edition)


def _shift_local(
    moment: dt.datetime, shift: dt.timedelta, old: zoneinfo.ZoneInfo, new: zoneinfo.ZoneInfo
) -> dt.datetime:
    """Shift by whole days in local time, so 10:00 stays 10:00 across DST and zones."""
    local = moment.astimezone(old)
    return dt.datetime.combine(local.date() + shift, local.time(), tzinfo=new)


def outdated_mentions(edition: Edition) -> list[tuple[str, str]]:
    """Return (where, text) for each content text of a copy that names its source's dates.

    A copied edition starts with last edition's texts ("On 26 and 27 March 2024 ... the first
    of 2024"): organisers see this list before they publish it.
    """
    source = edition.copied_from
    if source is None:
        return []
    clues = {str(source.start_date.year)} - {str(edition.start_date.year)}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            clues |= {format_date(day, "j F") for day in source.days}
    texts = [
        (str(Edition._meta.get_field(name).verbose_name), name, edition)
        for name in ("title", *EDITION_TEXTS)
    ]
    texts += [(_("objective"), "text", objective) for objective in edition.objectives.all()]
    texts += [(_("session"), "description", session) for session in edition.sessions.all()]
    found = []
    for label, name, obj in texts:
        for language, _name in settings.LANGUAGES:
            value = getattr(obj, f"{name}_{language}", None) or ""
            if any(clue.casefold() in value.casefold() for clue in clues):
                found.append((f"{label} [{language}]", value))
    return found
