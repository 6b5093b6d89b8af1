"""Who an announcement reaches, what each person reads, and queueing it once."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from messaging.emails import ANNOUNCEMENT, TIMED
from messaging.models import Announcement, TimedMessage
from outbox import sending as outbox
from registrations.models import CheckIn, Registration, Seat

Status = Registration.Status


def recipients(announcement: Announcement) -> QuerySet[Registration]:
    """Return the registrations the announcement goes to, as its filters say."""
    edition = announcement.edition
    if announcement.audience == Announcement.Audience.FUTURE_NEWS:
        people = Registration.objects.filter(
            edition__series_id=edition.series_id, wants_future_editions=True
        )
    else:
        statuses = announcement.statuses or [Status.CONFIRMED]
        people = edition.registrations.filter(status__in=statuses)
        if announcement.day:
            people = people.filter(attended_days__day=announcement.day)
        if announcement.session_id:
            people = people.filter(
                seats__session_id=announcement.session_id, seats__status=Seat.Status.CONFIRMED
            )
        arrived = Exists(CheckIn.objects.filter(registration=OuterRef("pk"), session__isnull=True))
        if announcement.checked_in == Announcement.CheckedIn.YES:
            people = people.filter(arrived)
        elif announcement.checked_in == Announcement.CheckedIn.NO:
            people = people.exclude(arrived)
    if announcement.open_to_meetings:
        people = people.filter(profile__open_to_meetings=True)
    if announcement.category:
        people = people.filter(category=announcement.category)
    if announcement.country:
        people = people.filter(country=announcement.country)
    return people.filter(personal_data_purged_at__isnull=True).exclude(email="").distinct()


def one_per_address(people: QuerySet[Registration]) -> list[Registration]:
    """Keep each address's latest registration: news of the series reaches a person once."""
    latest: dict[str, Registration] = {}
    for person in people.select_related("edition").order_by("created_at"):
        latest[person.email.lower()] = person
    return list(latest.values())


def announcement_purpose(announcement_id: int) -> str:
    return f"{ANNOUNCEMENT}:{announcement_id}"


def announcement_purpose_expression(announcement_id) -> Concat:
    """The purpose as a database expression, for a query over many announcements."""
    return Concat(Value(f"{ANNOUNCEMENT}:"), Cast(announcement_id, CharField()))


def recipient_count(announcement: Announcement) -> int:
    """Return how many people the announcement goes to (news: one per address)."""
    people = recipients(announcement)
    if announcement.audience == Announcement.Audience.FUTURE_NEWS:
        return len(one_per_address(people))
    return people.count()


def timed_purpose(message_id: int) -> str:
    return f"{TIMED}:{message_id}"


@transaction.atomic
def queue(announcement_id: int, now: dt.datetime | None = None) -> int:
    """Record one email per recipient and let the worker send them; twice is once.

    The request only inserts rows (in bulk); each email is written and sent by the worker.
    """
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.state == Announcement.State.SENDING:
        return 0
    people = recipients(announcement)
    if announcement.audience == Announcement.Audience.FUTURE_NEWS:
        people = one_per_address(people)
    else:
        people = list(people)
    if not people:
        return 0  # stays a draft: nobody matches yet
    queued = outbox.queue_many(
        ANNOUNCEMENT,
        people,
        purpose=announcement_purpose(announcement.pk),
        edition_id=announcement.edition_id,
        details={"announcement": announcement.pk},
    )
    announcement.state = Announcement.State.SENDING
    announcement.queued_at = now or timezone.now()
    announcement.save(update_fields=["state", "queued_at"])
    return len(queued)


@task()
def send_announcement(announcement_id: int) -> int:
    """Hand each of the announcement's emails to the sending task (for tasks queued before the
    outbox; new ones are handed on by `outbox.sending.send_queued`)."""
    return outbox.send_queued.call(announcement_purpose(announcement_id))


@transaction.atomic
def schedule(announcement_id: int) -> Announcement:
    """Queue the announcement at its `send_at`, by a task the worker runs then."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.state == Announcement.State.SENDING or announcement.send_at is None:
        return announcement
    announcement.state = Announcement.State.SCHEDULED
    announcement.save(update_fields=["state"])
    queue_when_due.using(run_after=announcement.send_at).enqueue(
        announcement.pk, announcement.send_at.isoformat()
    )
    return announcement


@task()
def queue_when_due(announcement_id: int, planned_for: str) -> int:
    """Queue a scheduled announcement, unless it was sent or rescheduled meanwhile."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if (
        announcement is None
        or announcement.state != Announcement.State.SCHEDULED
        or announcement.send_at is None
        or announcement.send_at.isoformat() != planned_for
    ):
        return 0
    return queue(announcement_id)


@transaction.atomic
def send_preview(announcement: Announcement, to_address: str) -> int:
    """Send the organiser the message as a participant reads it, once in each language, for a
    fictitious participant (no one's links); return how many were sent."""
    for language, _name in settings.LANGUAGES:
        outbox.queue(
            ANNOUNCEMENT,
            edition_id=announcement.edition_id,
            to_address=to_address,
            details={"announcement": announcement.pk, "preview": True, "language": language},
        )
    return len(settings.LANGUAGES)


# The timed messages' defaults: (kind, days, anchor, subject, body), in English; the Italian
# comes from the catalogue when an edition's messages are created.
DEFAULT_TIMED_MESSAGES = [
    (
        TimedMessage.Kind.PRACTICAL,
        3,
        TimedMessage.Anchor.BEFORE_START,
        gettext_lazy("Practical information for %(edition)s"),
        gettext_lazy(
            "We look forward to seeing you. The venue: {venue}.\n{directions}\n\n"
            "Your programme: {my_programme}.\n"
            "Add it to your calendar (it follows changes): {calendar_link}\n"
            "See or change your registration: {manage_link}\n"
            "The agenda: {agenda_link}"
        ),
    ),
    (
        TimedMessage.Kind.SEE_YOU_TOMORROW,
        1,
        TimedMessage.Anchor.BEFORE_START,
        gettext_lazy("See you tomorrow at %(edition)s"),
        gettext_lazy(
            "See you tomorrow! Your first session: {next_session}.\n"
            "The venue: {venue}.\nThe agenda: {agenda_link}"
        ),
    ),
    (
        TimedMessage.Kind.THANK_YOU,
        1,
        TimedMessage.Anchor.AFTER_END,
        gettext_lazy("Thank you for taking part in %(edition)s"),
        gettext_lazy(
            "Thank you for taking part. The programme, and the materials as they are "
            "published, stay at {agenda_link}"
        ),
    ),
]


def ensure_timed_messages(edition) -> None:
    """Give an edition its timed messages (off until organisers switch them on)."""
    for kind, days, anchor, subject, body in DEFAULT_TIMED_MESSAGES:
        if TimedMessage.objects.filter(edition=edition, kind=kind).exists():
            continue
        texts = {}
        for language in ("en", "it"):
            with translation.override(language):
                texts[f"subject_{language}"] = str(subject) % {"edition": edition.title}
                texts[f"body_{language}"] = str(body)
        TimedMessage.objects.create(edition=edition, kind=kind, days=days, anchor=anchor, **texts)


@transaction.atomic
def plan(message_id: int, now: dt.datetime | None = None) -> TimedMessage:
    """Have the worker send a switched-on message at its time; a stale plan does nothing."""
    message = TimedMessage.objects.select_for_update().select_related("edition").get(pk=message_id)
    due = message.due_at()
    if not message.is_on or due <= (now or timezone.now()) or message.planned_for == due:
        return message
    message.planned_for = due
    message.save(update_fields=["planned_for"])
    send_timed_message.using(run_after=due).enqueue(message.pk, due.isoformat())
    return message


@task()
def send_timed_message(message_id: int, planned_for: str) -> int:
    """Queue a timed message for the confirmed participants, once each, if still as planned."""
    with transaction.atomic():
        message = (
            TimedMessage.objects.select_for_update()
            .select_related("edition")
            .filter(pk=message_id)
            .first()
        )
        if message is None or not message.is_on or message.due_at().isoformat() != planned_for:
            return 0  # switched off, or the edition moved: a newer plan takes over
        people = message.edition.registrations.filter(
            status=Status.CONFIRMED, personal_data_purged_at__isnull=True
        ).exclude(email="")  # registered at the door without an address
        queued = outbox.queue_many(
            TIMED,
            people,
            purpose=timed_purpose(message.pk),
            edition_id=message.edition_id,
            details={"timed_message": message.pk},
        )
    return len(queued)
