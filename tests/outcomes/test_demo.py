import pytest
from django.core.management import CommandError, call_command

from outcomes.models import MeetingView, Response
from outcomes.results import meeting_results, survey_results
from registrations.models import CheckIn
from tests.factories import open_edition


def test_a_finished_edition_filled_with_arrivals_answers_and_outcomes(
    finished, evaluation, ecosystem_sectors
):
    call_command("load_demo_participants", finished.slug, "--count", "60")
    call_command("load_demo_meetings", finished.slug, "--count", "20")
    call_command("load_demo_outcomes", finished.slug)
    confirmed = finished.registrations.filter(status="confirmed").count()
    arrived = (
        CheckIn.objects.filter(registration__edition=finished).values("registration").distinct()
    )
    assert 0.7 * confirmed < arrived.count() <= confirmed
    results = survey_results(evaluation)
    assert 0.3 < results.response_rate / 100 < 0.8 and results.nps is not None
    assert Response.objects.count() == results.responses
    meetings = meeting_results(finished)
    assert meetings.accepted == 20 and 0 < meetings.held <= 20
    assert MeetingView.objects.exclude(follow_up="").exists()


def test_an_edition_not_over_is_refused(db):
    upcoming = open_edition()
    with pytest.raises(CommandError, match="is not over yet"):
        call_command("load_demo_outcomes", upcoming.slug)
