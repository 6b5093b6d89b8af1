"""Questions to the speakers: asked from a phone, voted once each, moderated, shown on the stage,
closed when the session ends; hostile input and floods answered."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client

from live import services
from live.models import Question, QuestionVote, SessionLive
from live.voters import Voter
from tests.factories import make_registration
from tests.helpers import sign_in_participant, text_of
from tests.live.conftest import questions_url

pytestmark = pytest.mark.django_db


def ask(client, session, text, name="", language=""):
    prefix = f"/{language}" if language else ""
    return client.post(
        f"{prefix}{questions_url(session)}", {"action": "ask", "text": text, "name": name}
    )


def test_the_audience_asks_and_votes_once_each_in_both_languages(panel):
    anna, bruno, visitor = Client(), Client(), Client()
    ask(anna, panel, "How do regions fund hydrogen valleys?", name="Anna")
    ask(bruno, panel, "Which pilots are running today?", language="it")
    assert "Grazie: la vostra domanda è nell'elenco." in text_of(
        bruno.get(f"/it{questions_url(panel)}")
    )
    late = Question.objects.get(text__startswith="Which")
    for client in (anna, visitor, visitor):  # the visitor's second vote is not counted
        client.post(questions_url(panel), {"action": "vote", "question": late.pk})
    page = text_of(visitor.get(questions_url(panel)))
    assert "You have voted for this question already." in page
    assert page.index("Which pilots are running today?") < page.index("How do regions fund")
    assert "Anonymous · 2 votes" in page and "Anna · 0 votes" in page
    assert QuestionVote.objects.count() == 2

    stage = text_of(Client().get(f"/{panel.edition.slug}/sessions/{panel.slug}/presenter/"))
    assert stage.index("2 Which pilots") < stage.index("0 How do regions")


def test_a_moderated_session_shows_questions_once_approved(panel):
    SessionLive.objects.create(session=panel, needs_approval=True)
    asker = Client()
    ask(asker, panel, "Is the call open to clusters outside the EU?")
    page = text_of(asker.get(questions_url(panel)))
    assert "your question appears once a moderator approves it" in page
    assert "Your question is waiting for approval." in page
    assert "outside the EU" not in page.split("Your question is waiting")[1]
    moderator = Client()
    link = f"/{panel.edition.slug}/moderate/{panel.live.moderator_token}/"
    question = Question.objects.get()
    moderator.post(link, {"action": "approve", "question": question.pk})
    assert "Is the call open to clusters outside the EU?" in text_of(
        Client().get(questions_url(panel))
    )
    moderator.post(link, {"action": "pin", "question": question.pk})
    assert "Being answered Is the call open" in text_of(Client().get(questions_url(panel)))
    moderator.post(link, {"action": "hide", "question": question.pk})
    assert "outside the EU" not in text_of(Client().get(questions_url(panel)))
    assert Client().get(f"/{panel.edition.slug}/moderate/not-the-token/").status_code == 404


def test_questions_close_when_the_session_ends_or_earlier(panel):
    with time_machine.travel(panel.ends_at + dt.timedelta(minutes=1)):
        response = ask(Client(), panel, "Too late?")
        assert "Questions to this session are closed." in text_of(
            Client().get(questions_url(panel))
        )
    assert Question.objects.count() == 0 and response.status_code == 302
    services.close_questions(session=panel)
    ask(Client(), panel, "Closed by the organisers?")
    assert Question.objects.count() == 0
    moderator = f"/{panel.edition.slug}/moderate/{panel.live.moderator_token}/"
    Client().post(moderator, {"action": "reopen_questions"})
    Client().post(moderator, {"action": "settings", "keep_open": "on"})
    with time_machine.travel(panel.ends_at + dt.timedelta(days=2)):
        ask(Client(), panel, "Kept open for after the event?")
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("x" * 281, "Ensure this value has at most 280 characters (it has 281)."),
        ("   ", "This field is required."),
        ("Hidden\u200bcharacter", "invisible"),
    ],
)
def test_bad_questions_get_a_specific_error_and_keep_what_was_typed(panel, text, error):
    response = ask(Client(), panel, text, name="Anna")
    assert response.status_code == 400
    assert error in text_of(response)
    assert 'value="Anna"' in response.content.decode()
    assert Question.objects.count() == 0


def test_markup_in_a_question_is_shown_as_text(panel):
    ask(Client(), panel, "<script>alert(1)</script> & <b>bold</b>?")
    html = Client().get(questions_url(panel)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;?" in html
    assert "<script>alert(1)" not in html


def test_a_flood_of_questions_from_one_browser_is_limited(panel):
    flooder = Client()
    for number in range(7):
        ask(flooder, panel, f"Question number {number}?")
    assert Question.objects.count() == 5
    assert "Too many at once" in text_of(flooder.get(questions_url(panel)))
    ask(Client(), panel, "Someone else still asks?")  # another browser is not held back
    assert Question.objects.count() == 6


def test_a_signed_in_participant_votes_as_themselves_in_any_browser(client, panel):
    person = make_registration(panel.edition, status="confirmed")
    sign_in_participant(client, person)
    ask(client, panel, "Asked as a participant?")
    question = Question.objects.get()
    assert question.registration == person and question.asker_key == f"r{person.pk}"


@pytest.mark.django_db(transaction=True)
def test_many_votes_at_once_count_each_person_once(panel):
    question = Question.objects.create(
        session=panel, text="Popular?", status=Question.Status.APPROVED, asker_key="b0"
    )
    voters = [Voter(key=f"b{number}", registration=None) for number in range(12)]
    voters += [voters[0]] * 4  # one person voting four times at the same instant
    barrier, results = threading.Barrier(len(voters)), []

    def vote(voter):
        try:
            barrier.wait()
            results.append(services.vote(question=question, voter=voter))
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    question.refresh_from_db()
    assert results.count(True) == 12
    assert question.votes == QuestionVote.objects.filter(question=question).count() == 12


def test_the_question_list_takes_the_same_queries_for_5_and_200_questions(panel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        reader = Client()
        reader.get(questions_url(panel))
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(questions_url(panel)).status_code == 200
        return len(captured)

    def add(count: int) -> None:
        Question.objects.bulk_create(
            Question(session=panel, text=f"Q{n}?", status="approved", asker_key=f"b{n}")
            for n in range(count)
        )

    add(5)
    few = queries()
    add(195)
    assert queries() == few


def test_breaks_take_no_questions_other_sessions_link_to_theirs(edition, panel):
    from tests.factories import make_session

    coffee = make_session(edition, slug="coffee", session_type="break")
    assert "Ask the speakers a question" in text_of(Client().get(panel.get_absolute_url()))
    assert "Ask the speakers a question" not in text_of(Client().get(coffee.get_absolute_url()))


def test_a_phone_shows_the_thirty_most_voted_and_the_rest_on_demand(panel):
    Question.objects.bulk_create(
        Question(session=panel, text=f"Q{n:02d}?", status="approved", votes=n, asker_key=f"b{n}")
        for n in range(35)
    )
    page = text_of(Client().get(questions_url(panel)))
    assert "35 questions" in page and "Q34?" in page and "Q05?" in page and "Q04?" not in page
    assert "Show all 35 questions" in page
    assert "Q00?" in text_of(Client().get(questions_url(panel) + "?all=1"))
