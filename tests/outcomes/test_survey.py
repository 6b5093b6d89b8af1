"""The feedback survey: sent by the worker to those who came, once; answered once per person."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outcomes.models import Evaluation, Question, Response
from registrations.personal_data import data_download
from registrations.services import check_in
from tests.factories import make_edition, make_registration, make_session
from tests.helpers import file_made_by_the_worker, text_of


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_the_survey_reaches_those_who_came_once_and_reminds_once(smtp_server, run_worker):
    edition = make_edition(start_date=timezone.localdate() + dt.timedelta(days=3))
    last_day = edition.days[-1]
    make_session(
        edition,
        starts_at=dt.datetime.combine(last_day, dt.time(16), tzinfo=edition.tz),
        ends_at=dt.datetime.combine(last_day, dt.time(17, 30), tzinfo=edition.tz),
    )
    evaluation = Evaluation.objects.get(edition=edition)
    evaluation.save()  # plans again, now that the programme ends at 17:30
    planned = DBTaskResult.objects.filter(task_path__startswith="outcomes.planning").count()
    edition.save()
    evaluation.save()  # nothing moved: nothing queued again
    assert DBTaskResult.objects.filter(task_path__startswith="outcomes.planning").count() == planned
    assert evaluation.opens_at() == dt.datetime.combine(
        last_day, dt.time(17, 30), tzinfo=edition.tz
    )
    anna = make_registration(
        edition, status="confirmed", email="anna@example.org", days=edition.days
    )
    giulia = make_registration(
        edition, status="confirmed", email="giulia@example.it", language="it", days=edition.days
    )
    stayed_home = make_registration(edition, status="confirmed", email="home@example.org")
    for person, day in ((anna, edition.days[0]), (giulia, last_day)):
        check_in(registration_id=person.pk, day=day)
    run_worker()
    assert smtp_server.messages == []  # not before the end of the last day

    with time_machine.travel(evaluation.opens_at() + dt.timedelta(minutes=1)):
        run_worker()
        run_worker()  # as after a restart: nobody gets it twice
        invited = smtp_server.wait_for(2)
    assert len(invited) == 2
    by_address = {recipients[0]: message for recipients, message in invited}
    assert set(by_address) == {"anna@example.org", "giulia@example.it"}  # not who stayed home
    english, italian = by_address["anna@example.org"], by_address["giulia@example.it"]
    assert english["Subject"] == f"How was {edition.title}? Five minutes of your feedback"
    assert italian["Subject"] == f"Com'è andato {edition.title}? Cinque minuti per il vostro parere"
    link = next(line for line in plain(english).splitlines() if "/feedback/" in line)
    assert anna.manage_token in link and "/it/" in plain(italian)

    with time_machine.travel(evaluation.opens_at() + dt.timedelta(hours=2)):
        from outcomes import survey

        survey.save_response(evaluation=evaluation, registration=anna, answers=good_answers())
    with time_machine.travel(evaluation.reminder_at() + dt.timedelta(minutes=1)):
        run_worker()
        run_worker()
        reminded = smtp_server.wait_for(3)[2:]
    assert [recipients for recipients, _message in reminded] == [["giulia@example.it"]]
    assert reminded[0][1]["Subject"] == f"Promemoria: il vostro parere su {edition.title}"
    assert not stayed_home.emails.exists()


def good_answers(**changes) -> dict:
    answers = {
        "overall": 5,
        "expectations": "met",
        "reason": "partners",
        "programme": 4,
        "before": 4,
        "during": 5,
        "recommend": 9,
        "missing": "",
        "answers": {},
        "session_ratings": {},
    }
    return answers | changes


def survey_url(registration, language="") -> str:
    prefix = f"/{language}" if language else ""
    token = registration.manage_token
    return f"{prefix}/{registration.edition.slug}/my-registration/{token}/feedback/"


def form(**changes) -> dict:
    data = {
        "overall": "5",
        "expectations": "met",
        "reason": "meetings",
        "programme": "4",
        "before": "3",
        "during": "5",
        "recommend": "10",
        "missing": "",
    }
    return {name: value for name, value in (data | changes).items() if value is not None}


def test_one_answer_per_person_changed_until_it_closes_and_bad_input_kept(
    client, finished, person, evaluation
):
    anna = person(came=(0,))
    page = client.get(survey_url(anna))
    assert "Overall, how was the event?" in text_of(page)
    assert "Panel" in text_of(page)  # the sessions of the day she came, to rate
    wrong = client.post(survey_url(anna), form(overall=None, recommend="11", missing="a\u202eb"))
    assert wrong.status_code == 400
    shown = text_of(wrong)
    assert "Some answers need your attention" in shown
    assert "Choose a rating from 1 to 5." in shown  # the overall rating left out
    assert "Select a valid choice. 11 is not one of the available choices." in shown
    assert "invisible" in shown or "control" in shown
    html = wrong.content.decode()
    assert re.search(r'<input[^>]*name="during"[^>]*value="5"[^>]*checked', html)  # kept
    assert not Response.objects.exists()  # nothing claimed saved

    saved = client.post(survey_url(anna), form(missing="More coffee"), follow=True)
    assert "Thank you: your answers are saved." in text_of(saved)
    client.post(survey_url(anna), form(overall="2", missing="Longer breaks"))
    [response] = Response.objects.all()
    assert (response.overall, response.missing, response.registration) == (2, "Longer breaks", anna)
    assert data_download(anna)["survey_answers"][0]["missing"] == "Longer breaks"

    with time_machine.travel(evaluation.closes_at() + dt.timedelta(minutes=1)):
        closed = client.get(survey_url(anna))
        assert "The survey is closed." in text_of(closed)
        client.post(survey_url(anna), form(overall="1"))
    response.refresh_from_db()
    assert response.overall == 2


def test_only_those_who_came_may_answer(client, finished, person):
    stayed_home = person(came=())
    page = client.get(survey_url(stayed_home))
    assert "your arrival was not recorded at the door" in text_of(page)
    client.post(survey_url(stayed_home), form())
    assert not Response.objects.exists()


def test_an_anonymous_survey_links_no_answer_to_its_author(
    run_worker, client, admin_client, finished, person, evaluation
):
    evaluation.anonymous = True
    evaluation.save()
    anna = person(came=(0, 1), first_name="Annabel", last_name="Quist", email="annabel@example.org")
    assert "This survey is anonymous" in text_of(client.get(survey_url(anna)))
    client.post(survey_url(anna), form(missing="Nothing at all"))
    client.post(survey_url(anna), form(overall="4", missing="Nothing at all"))  # changes hers
    [response] = Response.objects.all()
    assert response.registration is None and response.overall == 4
    assert data_download(anna)["survey_answers"] == []
    results = admin_client.get(f"/admin/outcomes/{finished.pk}/")
    assert "Nothing at all" in text_of(results)
    report = file_made_by_the_worker(
        admin_client, admin_client.get(f"/admin/outcomes/{finished.pk}/report.xlsx"), run_worker
    )
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(report))
    cells = " ".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )
    assert "Quist" not in cells and "annabel" not in cells
    # Once answered under the promise, it stays anonymous.
    evaluation.refresh_from_db()
    change = admin_client.get(f"/admin/outcomes/evaluation/{evaluation.pk}/change/")
    assert 'name="anonymous"' not in change.content.decode()


def test_organisers_questions_in_both_languages_and_kept_by_choice(
    client, finished, person, evaluation
):
    question = Question.objects.create(
        evaluation=evaluation,
        text_en="Which formats would you like next time?",
        text_it="Quali formati vorreste la prossima volta?",
        kind=Question.Kind.MULTIPLE,
        choices_en="Site visits\nPitches",
        choices_it="Visite\nPresentazioni",
        required=True,
    )
    giulia = person(came=(1,), language="it")
    page = client.get(survey_url(giulia, "it"))
    assert "Quali formati vorreste la prossima volta?" in text_of(page)
    assert "Nel complesso, com'è stato l'evento?" in text_of(page)
    missing = client.post(survey_url(giulia, "it"), form())
    assert missing.status_code == 400
    client.post(survey_url(giulia, "it"), form() | {f"question_{question.pk}": ["0", "1"]})
    [response] = Response.objects.all()
    assert response.answers == {str(question.pk): [0, 1]}
