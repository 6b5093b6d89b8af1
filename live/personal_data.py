"""What the live pages hold about a participant signed in: the questions they asked (with the
name they gave) and their votes and poll answers, by their registration's key."""

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from live.caching import questions_changed
from live.models import PollResponse, Question, QuestionVote
from registrations.models import Registration
from registrations.personal_data import PersonalData, register


@register
class LiveData(PersonalData):
    models = (Question, QuestionVote, PollResponse)

    def export(self, registration: Registration) -> dict[str, Any]:
        key = f"r{registration.pk}"
        return {
            "questions_asked": [
                {"session": q.session.title, "question": q.text, "name": q.name, "at": q.created_at}
                for q in Question.objects.filter(asker_key=key).select_related("session")
            ],
            "questions_voted_for": list(
                QuestionVote.objects.filter(voter_key=key).values_list("question__text", flat=True)
            ),
            "polls_answered": [
                {
                    "poll": response.poll.question,
                    "answers": [c.text for c in response.choices.all()],
                }
                for response in PollResponse.objects.filter(voter_key=key)
                .select_related("poll")
                .prefetch_related("choices")
            ],
        }

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        keys = [f"r{pk}" for pk in registration_ids]
        # Their questions stay for the session (what was asked), without who asked them.
        Question.objects.filter(asker_key__in=keys).update(name="", registration=None, asker_key="")
        voted = list(
            QuestionVote.objects.filter(voter_key__in=keys).values_list("question_id", flat=True)
        )
        QuestionVote.objects.filter(voter_key__in=keys).delete()
        remaining = (
            QuestionVote.objects.filter(question=OuterRef("pk"))
            .values("question")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Question.objects.filter(pk__in=voted).update(votes=Coalesce(Subquery(remaining), 0))
        for session_id in set(
            Question.objects.filter(pk__in=voted).values_list("session_id", flat=True)
        ):
            questions_changed(session_id)
        PollResponse.objects.filter(voter_key__in=keys).delete()
