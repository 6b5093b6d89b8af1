"""Both sides of each meeting say how it went, after the meeting day and months later."""

import datetime as dt

import pytest
import time_machine

from outcomes import planning
from outcomes.models import Evaluation, MeetingView
from outcomes.results import meeting_results
from tests.helpers import text_of


def meetings_url(registration, language="") -> str:
    prefix = f"/{language}" if language else ""
    return (
        f"{prefix}/{registration.edition.slug}/my-registration/"
        f"{registration.manage_token}/meetings-outcomes/"
    )


def test_each_side_says_how_it_went_and_later_what_came_of_it(
    client, finished, person, meet, evaluation
):
    anna = person(first_name="Anna", last_name="Berg")
    marco = person(first_name="Marco", last_name="Rossi", language="it")
    other = person(first_name="Olga", last_name="Other")
    meeting = meet(anna, marco)
    page = client.get(meetings_url(anna))
    assert "Marco Rossi" in text_of(page) and "Olga" not in text_of(page)
    assert "What came of it?" not in text_of(page)  # not before the follow-up
    saved = client.post(
        meetings_url(anna), {"meeting": meeting.pk, "assessment": "cooperation"}, follow=True
    )
    assert "Saved: your meeting with Marco Rossi." in text_of(saved)
    refused = client.post(meetings_url(other), {"meeting": meeting.pk, "assessment": "cooperation"})
    assert refused.status_code == 400  # not hers
    wrong = client.post(meetings_url(marco, "it"), {"meeting": meeting.pk, "assessment": "great"})
    assert "Scegliete una delle risposte proposte" in text_of(wrong)
    client.post(meetings_url(marco, "it"), {"meeting": meeting.pk, "assessment": "informative"})
    assert dict(MeetingView.objects.values_list("registration__first_name", "assessment")) == {
        "Anna": "cooperation",
        "Marco": "informative",
    }
    results = meeting_results(finished)
    assert (results.requested, results.accepted, results.held, results.rated) == (1, 1, 1, 1)

    with time_machine.travel(evaluation.follow_up_at() + dt.timedelta(days=1)):
        later = client.get(meetings_url(anna))
        assert "What came of it?" in text_of(later)
        client.post(
            meetings_url(anna),
            {"meeting": meeting.pk, "assessment": "cooperation", "follow_up": "agreement"},
        )
    assert MeetingView.objects.get(registration=anna).follow_up == "agreement"
    assert meeting_results(finished).agreements == 1


@pytest.mark.django_db(transaction=True)
def test_asked_by_email_after_the_meeting_day_and_months_later(
    smtp_server, run_worker, finished, person, meet
):
    anna, marco = person(email="anna@example.org"), person(email="marco@example.it", language="it")
    person(email="nomeeting@example.org")
    meet(anna, marco, day=1)
    evaluation = Evaluation.objects.get(edition=finished)
    evaluation.survey_on = False  # the meetings only
    evaluation.save()
    run_worker()  # the request and its confirmation
    before = len(smtp_server.wait_for(2))
    # The edition is over: plan as if it were the day before, then let the worker catch up.
    with time_machine.travel(finished.starts_at - dt.timedelta(days=1)):
        planning.plan(finished)
    day_end = planning.meeting_days(finished)[finished.days[1]]
    with time_machine.travel(day_end + dt.timedelta(minutes=5)):
        run_worker()
        run_worker()
        asked = smtp_server.wait_for(before + 2)[before:]
    assert sorted(recipients[0] for recipients, _m in asked) == [
        "anna@example.org",
        "marco@example.it",
    ]
    italian = next(m for r, m in asked if r == ["marco@example.it"])
    assert italian["Subject"] == f"Come sono andati i vostri incontri a {finished.title}?"
    assert "/it/" in italian.get_body(("plain",)).get_content()
    with time_machine.travel(evaluation.follow_up_at() + dt.timedelta(minutes=5)):
        run_worker()
        later = smtp_server.wait_for(before + 4)[before + 2 :]
    assert {m["Subject"] for _r, m in later} == {
        f"What came of your meetings at {finished.title}?",
        f"Che cosa è nato dai vostri incontri a {finished.title}?",
    }
    assert evaluation.follow_up_at().month == (finished.end_date.month + 5) % 12 + 1
