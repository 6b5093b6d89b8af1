"""Who is asked, who may answer, and keeping one answer per person (anonymous or not)."""

import datetime as dt
import hmac
from hashlib import sha256

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from events.models import Edition, Session
from outcomes.models import Evaluation, Response
from registrations.models import Registration


def respondent_key(evaluation: Evaluation, registration: Registration) -> str:
    """A keyed hash of the person for this survey: it finds their own answers again, and
    without the site's secret it names nobody (so an anonymous survey stays anonymous)."""
    message = f"outcomes.survey:{evaluation.pk}:{registration.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, sha256).hexdigest()


def checked_in(edition: Edition) -> QuerySet[Registration]:
    """The people let in at the door on any day: those the survey asks."""
    return edition.registrations.came().filter(
        status=Registration.Status.CONFIRMED, personal_data_purged_at__isnull=True
    )


def may_answer(evaluation: Evaluation, registration: Registration, now: dt.datetime) -> bool:
    return (
        evaluation.survey_is_open(now)
        and checked_in(evaluation.edition).filter(pk=registration.pk).exists()
    )


def response_of(evaluation: Evaluation, registration: Registration) -> Response | None:
    return evaluation.responses.filter(respondent=respondent_key(evaluation, registration)).first()


def sessions_attended(registration: Registration) -> list[Session]:
    """The published sessions of the days the person came, to rate one by one."""
    edition = registration.edition
    days = registration.arrival_days()
    return list(
        edition.sessions.published()
        .on_days(days, edition.tz)
        .filter(is_cancelled=False)
        .order_by("starts_at")
    )


@transaction.atomic
def save_response(
    *,
    evaluation: Evaluation,
    registration: Registration,
    answers: dict,
    now: dt.datetime | None = None,
) -> Response:
    """Record or replace the person's answers; an anonymous survey keeps no link to them."""
    now = now or timezone.now()
    if not may_answer(evaluation, registration, now):
        raise PermissionError("the survey is not open to this person")
    key = respondent_key(evaluation, registration)
    response, _created = Response.objects.select_for_update().get_or_create(
        evaluation=evaluation,
        respondent=key,
        defaults={**answers, "language": registration.language},
    )
    for name, value in answers.items():
        setattr(response, name, value)
    response.language = registration.language
    response.registration = None if evaluation.anonymous else registration
    response.save()
    return response


def answered(evaluation: Evaluation) -> set[str]:
    return set(evaluation.responses.values_list("respondent", flat=True))
