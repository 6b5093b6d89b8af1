"""Planned work of the matchmaking: expiring unanswered requests, and the morning reminder."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from meetings import emails, services
from meetings.models import Matchmaking, Meeting
from outbox import sending as outbox
from registrations.models import Registration

REMINDER_TIME = dt.time(7, 30)


def reminder_due(matchmaking: Matchmaking, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, REMINDER_TIME, tzinfo=matchmaking.edition.tz)


def plan(matchmaking: Matchmaking, now: dt.datetime | None = None) -> None:
    """Have the worker expire requests at closing time and remind people each meeting day.

    Planning twice is harmless: each task checks the state when it runs.
    """
    now = now or timezone.now()
    if matchmaking.booking_closes_at > now:
        expire_requests.using(run_after=matchmaking.booking_closes_at).enqueue(matchmaking.pk)
    for day in sorted({block.day for block in matchmaking.blocks.all()}):
        due = reminder_due(matchmaking, day)
        if due > now:
            send_reminders.using(run_after=due).enqueue(matchmaking.pk, day.isoformat())


@task()
def expire_requests(matchmaking_id: int) -> int:
    return services.expire_requests(matchmaking_id)


@task()
def send_reminders(matchmaking_id: int, day: str) -> int:
    """Email each person with confirmed meetings that day their list, once."""
    with transaction.atomic():
        matchmaking = (
            Matchmaking.objects.select_for_update()
            .select_related("edition")
            .filter(pk=matchmaking_id)
            .first()
        )
        if matchmaking is None or timezone.now() < reminder_due(
            matchmaking, dt.date.fromisoformat(day)
        ):
            return 0  # the edition moved: a newer plan takes over
        meetings = Meeting.objects.confirmed().filter(
            block__matchmaking=matchmaking, block__day=day
        )
        people = Registration.objects.filter(
            Q(pk__in=meetings.values("requester_id")) | Q(pk__in=meetings.values("invitee_id")),
            status=Registration.Status.CONFIRMED,
            personal_data_purged_at__isnull=True,
        )
        queued = outbox.queue_many(
            emails.REMINDER,
            people.exclude(email=""),
            purpose=f"{emails.REMINDER}:{day}",
            edition_id=matchmaking.edition_id,
            details={"day": day},
        )
    return len(queued)
