"""The worker's part: the survey opened and recalled, meetings asked about after each meeting
day and months later. Each task checks, when it runs, that its time still holds (an edition
moved gets a newer plan), and each person gets each email once (the outbox's purpose).

Tasks are stored by their import path when queued, weeks ahead: keep these names here.
"""

import datetime as dt

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from events.models import Edition
from meetings.models import MeetingBlock
from outbox import sending as outbox
from outcomes import emails
from outcomes.meeting_views import asked_at, people_met_on
from outcomes.models import Evaluation
from outcomes.survey import answered, checked_in, respondent_key


@transaction.atomic
def plan(edition: Edition, now: dt.datetime | None = None) -> None:
    """Queue the edition's evaluation tasks at their times, each once for each time."""
    now = now or timezone.now()
    evaluation = Evaluation.objects.select_for_update().filter(edition=edition).first()
    if evaluation is None:
        return
    planned = dict(evaluation.planned)
    for due, job, arguments in (
        (evaluation.opens_at(), open_survey, [evaluation.pk]),
        (evaluation.reminder_at(), remind_survey, [evaluation.pk]),
        (evaluation.follow_up_at(), ask_follow_up, [evaluation.pk]),
        *(
            (when, ask_about_meetings, [evaluation.pk, day.isoformat()])
            for day, when in meeting_days(edition).items()
        ),
    ):
        asks_survey = job in (open_survey, remind_survey)
        key = ":".join([job.name, *map(str, arguments)])
        if due <= now or (asks_survey and not evaluation.survey_on):
            continue
        if planned.get(key) != due.isoformat():
            job.using(run_after=due).enqueue(*arguments, due.isoformat())
            planned[key] = due.isoformat()
    if planned != evaluation.planned:
        Evaluation.objects.filter(pk=evaluation.pk).update(planned=planned)  # no signal again


def meeting_days(edition: Edition) -> dict[dt.date, dt.datetime]:
    """Each meeting day and the end of its last block."""
    ends: dict[dt.date, dt.datetime] = {}
    for block in MeetingBlock.objects.filter(matchmaking__edition=edition):
        end = asked_at(block, edition.tz)
        ends[block.day] = max(end, ends.get(block.day, end))
    return ends


def current(evaluation_id: int) -> Evaluation | None:
    return Evaluation.objects.select_related("edition").filter(pk=evaluation_id).first()


@task()
def open_survey(evaluation_id: int, planned_for: str) -> int:
    """Invite everyone checked in on any day, once each."""
    with transaction.atomic():
        evaluation = current(evaluation_id)
        if evaluation is None or not evaluation.survey_on:
            return 0
        if evaluation.opens_at().isoformat() != planned_for:
            return 0  # the edition moved: a newer plan takes over
        people = checked_in(evaluation.edition).exclude(email="")
        return len(
            outbox.queue_many(
                emails.SURVEY,
                people,
                purpose=f"{emails.SURVEY}:{evaluation.pk}",
                edition_id=evaluation.edition_id,
            )
        )


@task()
def remind_survey(evaluation_id: int, planned_for: str) -> int:
    """Remind once those invited who have not answered, while the survey is open."""
    with transaction.atomic():
        evaluation = current(evaluation_id)
        if evaluation is None or evaluation.reminder_at().isoformat() != planned_for:
            return 0
        if not evaluation.survey_is_open(timezone.now()):
            return 0
        done = answered(evaluation)
        people = [
            person
            for person in checked_in(evaluation.edition).exclude(email="")
            if respondent_key(evaluation, person) not in done
        ]
        return len(
            outbox.queue_many(
                emails.SURVEY_REMINDER,
                people,
                purpose=f"{emails.SURVEY_REMINDER}:{evaluation.pk}",
                edition_id=evaluation.edition_id,
            )
        )


@task()
def ask_about_meetings(evaluation_id: int, day: str, planned_for: str) -> int:
    """After a meeting day, ask both sides of each meeting how it went."""
    with transaction.atomic():
        evaluation = current(evaluation_id)
        if evaluation is None:
            return 0
        edition = evaluation.edition
        when = meeting_days(edition).get(dt.date.fromisoformat(day))
        if when is None or when.isoformat() != planned_for:
            return 0
        people = people_met_on(edition, dt.date.fromisoformat(day)).exclude(email="")
        return len(
            outbox.queue_many(
                emails.MEETINGS,
                people,
                purpose=f"{emails.MEETINGS}:{edition.pk}:{day}",
                edition_id=edition.pk,
                details={"day": day},
            )
        )


@task()
def ask_follow_up(evaluation_id: int, planned_for: str) -> int:
    """Months after the edition, ask what came of each meeting."""
    with transaction.atomic():
        evaluation = current(evaluation_id)
        if evaluation is None or evaluation.follow_up_at().isoformat() != planned_for:
            return 0
        people = people_met_on(evaluation.edition).exclude(email="")
        return len(
            outbox.queue_many(
                emails.FOLLOW_UP,
                people,
                purpose=f"{emails.FOLLOW_UP}:{evaluation.pk}",
                edition_id=evaluation.edition_id,
            )
        )
