"""What the evaluation holds about a person: their survey answers (unless anonymous, when
nothing links them to the person) and what they said of their meetings."""

import datetime as dt
from typing import Any

from outcomes.models import MeetingView, Response
from registrations.models import Registration
from registrations.personal_data import PersonalData, register


@register
class EvaluationData(PersonalData):
    models = (Response, MeetingView)

    def export(self, registration: Registration) -> dict[str, Any]:
        return {
            "survey_answers": [
                {
                    "overall": response.overall,
                    "expectations": response.expectations,
                    "reason": response.reason,
                    "programme": response.programme,
                    "organisation_before": response.before,
                    "organisation_during": response.during,
                    "would_recommend": response.recommend,
                    "missing": response.missing,
                    "own_questions": response.answers,
                    "sessions": response.session_ratings,
                }
                for response in Response.objects.filter(registration=registration)
            ],
            "meetings_outcomes": [
                {
                    "meeting_with": view.meeting.other(registration).full_name,
                    "how_it_went": view.assessment,
                    "what_came_of_it": view.follow_up,
                }
                for view in MeetingView.objects.filter(registration=registration).select_related(
                    "meeting__requester", "meeting__invitee"
                )
            ],
        }

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        Response.objects.filter(registration_id__in=registration_ids).delete()
        MeetingView.objects.filter(registration_id__in=registration_ids).delete()
