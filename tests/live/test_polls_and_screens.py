"""Polls prepared in the admin, opened live, answered once; their results on the stage and in the
report. The room screens: now and next in each place, a change at once."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Session
from live.models import Poll, PollChoice, PollResponse, Question, SessionLive
from outcomes.report import build_report
from registrations.personal_data import data_download, erase
from tests.factories import add_speaker, make_registration, make_session, make_speaker
from tests.helpers import sign_in_participant, text_of
from tests.live.conftest import questions_url

pytestmark = pytest.mark.django_db


def prepared_poll(admin_client, session, *, multiple=False) -> Poll:
    form = {
        "session": session.pk,
        "question_en": "Which sector should the next edition focus on?",
        "question_it": "Su quale settore dovrebbe concentrarsi la prossima edizione?",
        "state": "draft",
        "order": 0,
        "choices-TOTAL_FORMS": 2,
        "choices-INITIAL_FORMS": 0,
        "choices-0-order": 0,
        "choices-0-text_en": "Hydrogen",
        "choices-0-text_it": "Idrogeno",
        "choices-1-order": 1,
        "choices-1-text_en": "Aerospace",
        "choices-1-text_it": "Aerospazio",
    }
    if multiple:
        form["multiple"] = "on"
    response = admin_client.post(reverse("admin:live_poll_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Poll.objects.get()


def test_a_poll_opened_live_is_answered_once_and_its_results_reach_stage_and_report(
    admin_client, panel
):
    poll = prepared_poll(admin_client, panel)
    phone = Client()
    assert "Which sector" not in text_of(phone.get(questions_url(panel)))  # not open yet
    live, _created = SessionLive.objects.get_or_create(session=panel)
    moderator = f"/{panel.edition.slug}/moderate/{live.moderator_token}/"
    Client().post(moderator, {"action": "open_poll", "poll": poll.pk})
    italian = text_of(phone.get(f"/it{questions_url(panel)}"))
    assert "Su quale settore dovrebbe concentrarsi la prossima edizione?" in italian
    hydrogen, aerospace = PollChoice.objects.order_by("order")
    phone.post(
        questions_url(panel), {"action": "answer_poll", "poll": poll.pk, "choice": hydrogen.pk}
    )
    phone.post(
        questions_url(panel), {"action": "answer_poll", "poll": poll.pk, "choice": aerospace.pk}
    )
    assert "You have answered this poll already." in text_of(phone.get(questions_url(panel)))
    both = Client().post(
        questions_url(panel),
        {"action": "answer_poll", "poll": poll.pk, "choice": [hydrogen.pk, aerospace.pk]},
    )
    assert both.status_code == 302 and PollResponse.objects.count() == 1  # single choice
    for _ in range(3):
        Client().post(
            questions_url(panel), {"action": "answer_poll", "poll": poll.pk, "choice": aerospace.pk}
        )

    stage = text_of(Client().get(f"/{panel.edition.slug}/sessions/{panel.slug}/presenter/"))
    assert "(4 answers, open)" in stage
    assert "Hydrogen: 1 (25 %)" in stage and "Aerospace: 3 (75 %)" in stage
    Client().post(moderator, {"action": "close_poll", "poll": poll.pk})
    late = Client().post(
        questions_url(panel), {"action": "answer_poll", "poll": poll.pk, "choice": hydrogen.pk}
    )
    assert late.status_code == 302 and PollResponse.objects.count() == 4
    [table] = [t for t in build_report(panel.edition).tables if t.title.startswith("Poll:")]
    assert table.rows == [["Hydrogen", 1, "25%"], ["Aerospace", 3, "75%"]]
    assert "4 people answered" in table.note


def test_a_participants_questions_and_answers_are_in_their_data_and_erased_with_them(client, panel):
    person = make_registration(panel.edition, status="confirmed")
    sign_in_participant(client, person)
    client.post(questions_url(panel), {"action": "ask", "text": "Mine?", "name": "Giulia"})
    question = Question.objects.get()
    other = Question.objects.create(
        session=panel, text="Theirs?", status="approved", asker_key="b1"
    )
    client.post(questions_url(panel), {"action": "vote", "question": other.pk})
    data = data_download(person)
    assert data["questions_asked"][0]["question"] == "Mine?"
    assert data["questions_voted_for"] == ["Theirs?"]
    erase([person.pk])
    question.refresh_from_db()
    other.refresh_from_db()
    assert (question.name, question.registration, question.asker_key) == ("", None, "")
    assert other.votes == 0


def test_the_room_screen_shows_now_next_and_a_change_at_once(edition, panel):
    add_speaker(panel, make_speaker(name="Layla Pavone"))
    later = make_session(
        edition,
        slug="pitches",
        title="Pitching session",
        place=panel.place,
        starts_at=panel.ends_at + dt.timedelta(minutes=30),
        ends_at=panel.ends_at + dt.timedelta(minutes=90),
    )
    screen = reverse("live:place_screen", args=[edition.slug, panel.place.pk])
    page = Client().get(screen)
    text = text_of(page)
    assert "Now · " in text and "Hydrogen valleys" in text and "Layla Pavone" in text
    assert "Next · " in text and "Pitching session" in text
    assert 'data-refresh="30"' in page.content.decode()
    Session.objects.filter(pk=later.pk).update(is_cancelled=True)
    later.refresh_from_db()
    later.save()  # as the admin saves it: the cached screen is renewed at once
    assert "Cancelled" in text_of(Client().get(screen))
    italian = text_of(Client().get(f"/it{screen}"))
    assert "Ora · " in italian and "Successiva · " in italian and "Annullata" in italian
    venue = text_of(Client().get(reverse("live:venue_screen", args=[edition.slug])))
    assert "Sala Biagi" in venue and "Hydrogen valleys" in venue
