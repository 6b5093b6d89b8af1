"""The evaluation's emails, declared as outbox kinds: each opens the person's own page through
their manage link (valid long after the edition, unlike a signed-in session)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.links import absolute_url
from outbox import kinds
from registrations.emails import RegistrationEmail
from registrations.models import Registration

SURVEY = "outcomes_survey"
SURVEY_REMINDER = "outcomes_survey_reminder"
MEETINGS = "outcomes_meetings"
FOLLOW_UP = "outcomes_follow_up"


def personal_url(registration: Registration, name: str) -> str:
    """The address of one of the person's evaluation pages, in their language."""
    with translation.override(registration.language):
        path = reverse(
            f"outcomes:{name}",
            kwargs={"edition_slug": registration.edition.slug, "token": registration.manage_token},
        )
    return absolute_url(path)


class EvaluationEmail(RegistrationEmail):
    page = "survey"

    def context(self) -> dict:
        from outcomes.models import Evaluation

        evaluation = Evaluation.objects.filter(edition=self.edition).first()
        return super().context() | {
            "page_url": personal_url(self.registration, self.page),
            "closes_at": evaluation.closes_at() if evaluation else None,
        }


@kinds.register
class SurveyInvitation(EvaluationEmail):
    name = SURVEY
    label = _("Feedback survey")
    subject_text = _("How was %(edition)s? Five minutes of your feedback")


@kinds.register
class SurveyReminder(EvaluationEmail):
    name = SURVEY_REMINDER
    label = _("Feedback survey reminder")
    subject_text = _("Reminder: your feedback on %(edition)s")


@kinds.register
class MeetingsAsked(EvaluationEmail):
    name = MEETINGS
    page = "meetings"
    label = _("How did your meetings go?")
    subject_text = _("How did your meetings at %(edition)s go?")


@kinds.register
class MeetingsFollowUp(EvaluationEmail):
    name = FOLLOW_UP
    page = "meetings"
    label = _("What came of your meetings?")
    subject_text = _("What came of your meetings at %(edition)s?")
