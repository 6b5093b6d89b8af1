"""Arrivals, survey answers and meetings' outcomes for a finished edition's demo participants,
through the same services as people (so every rule holds), from a fixed seed."""

import datetime as dt
import random

from django.db import transaction

from events.models import Edition
from meetings.models import Meeting
from outcomes import meeting_views, survey
from outcomes.models import Evaluation, Response
from registrations.models import Registration
from registrations.services import check_in

MISSING = {
    "en": ["More time for the one-to-one meetings.", "A list of participants before the event."],
    "it": [
        "Più tempo per gli incontri bilaterali.",
        "L'elenco dei partecipanti prima dell'evento.",
    ],
}


def weighted(chance: random.Random, options: dict):
    return chance.choices(list(options), weights=list(options.values()))[0]


@transaction.atomic
def load_demo_outcomes(edition: Edition, seed: int = 2024) -> dict[str, int]:
    """Check most confirmed people in on their days, have half of them answer the survey, and
    most meetings' two people say how it went and what came of it; return what was made."""
    chance = random.Random(f"{seed}-{edition.slug}-outcomes")
    evaluation, _created = Evaluation.objects.get_or_create(edition=edition)
    people = list(
        edition.registrations.filter(status=Registration.Status.CONFIRMED)
        .prefetch_related("attended_days")
        .order_by("pk")
    )
    arrivals = 0
    for person in people:
        for day in person.days:
            if chance.random() < 0.85:
                moment = dt.datetime.combine(
                    day, dt.time(9, chance.randint(0, 50)), tzinfo=edition.tz
                )
                result = check_in(registration_id=person.pk, day=day, now=moment)
                arrivals += result.check_in is not None
    answering = evaluation.opens_at() + dt.timedelta(hours=2)
    answers = 0
    for person in survey.checked_in(edition):
        if chance.random() < 0.55 and survey.may_answer(evaluation, person, answering):
            survey.save_response(
                evaluation=evaluation,
                registration=person,
                answers=demo_answers(chance, person, evaluation),
                now=answering,
            )
            answers += 1
    views = 0
    for meeting in (
        Meeting.objects.of_edition(edition).confirmed().select_related("requester", "invitee")
    ):
        for side in (meeting.requester, meeting.invitee):
            if chance.random() < 0.8:
                meeting_views.record_view(
                    meeting=meeting,
                    registration=side,
                    assessment=weighted(
                        chance,
                        {"not_held": 1, "no_interest": 2, "informative": 5, "cooperation": 4},
                    ),
                    follow_up=weighted(
                        chance,
                        {
                            "": 4,
                            "no_contact": 2,
                            "knowledge": 2,
                            "contact": 3,
                            "negotiation": 1,
                            "agreement": 1,
                        },
                    ),
                )
                views += 1
    return {"arrivals": arrivals, "answers": answers, "meeting_views": views}


def demo_answers(chance: random.Random, person: Registration, evaluation: Evaluation) -> dict:
    rating = {1: 1, 2: 2, 3: 6, 4: 14, 5: 10}
    return {
        "overall": weighted(chance, rating),
        "expectations": weighted(chance, {"exceeded": 3, "met": 6, "partly": 2, "not_met": 1}),
        "reason": chance.choice(Response.Reason.values),
        "programme": weighted(chance, rating),
        "before": weighted(chance, rating),
        "during": weighted(chance, rating),
        "recommend": weighted(chance, {10: 6, 9: 6, 8: 6, 7: 3, 6: 2, 5: 1, 3: 1}),
        "missing": chance.choice(MISSING.get(person.language, MISSING["en"]))
        if chance.random() < 0.3
        else "",
        "answers": {},
        "session_ratings": {
            str(session.pk): weighted(chance, rating)
            for session in survey.sessions_attended(person)
            if chance.random() < 0.4
        },
    }
