"""The report for funders, read back by independent readers, with small groups suppressed; its
queries do not grow with the number of people."""

from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from outcomes import documents, survey
from outcomes.report import build_report
from outcomes.results import survey_results
from registrations.models import AttendedDay, CheckIn, Registration
from tests.helpers import file_made_by_the_worker, page_text, pdf_pages


def crowd(edition, count: int, *, country="IT", gender="", came=True) -> list[Registration]:
    start = Registration.objects.count()
    people = Registration.objects.bulk_create(
        Registration(
            edition=edition,
            first_name="Person",
            last_name=f"Number {start + n}",
            email=f"p{start + n}@example.org",
            organisation="Org",
            country=country,
            category="cluster",
            gender=gender,
            status="confirmed",
            privacy_consent_at=edition.starts_at,
            manage_token=f"m{start + n}",
            calendar_token=f"c{start + n}",
            confirmation_token=f"k{start + n}",
            check_in_token=f"d{start + n}",
        )
        for n in range(count)
    )
    AttendedDay.objects.bulk_create(
        AttendedDay(registration=p, day=day) for p in people for day in edition.days
    )
    if came:
        CheckIn.objects.bulk_create(
            CheckIn(registration=p, day=edition.start_date, checked_in_at=edition.starts_at)
            for p in people
        )
    return people


def workbook_rows(content: bytes) -> dict[str, list[list]]:
    book = load_workbook(BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_the_report_counts_from_the_data_and_hides_groups_under_five(
    run_worker, admin_client, finished
):
    finished.asks_gender = True
    finished.save()
    crowd(finished, 12, country="IT", gender="woman")
    crowd(finished, 6, country="FR", gender="man")
    crowd(finished, 2, country="DE", gender="woman")
    crowd(finished, 1, country="ES", gender="non_binary")
    crowd(finished, 3, country="IT", came=False)  # confirmed, never came
    response = admin_client.get(f"/admin/outcomes/{finished.pk}/report.xlsx")
    sheets = workbook_rows(file_made_by_the_worker(admin_client, response, run_worker))
    participation = {row[0]: row[1] for row in sheets["Participation"][2:]}
    assert participation["Registered (every registration made)"] == 24
    assert participation["Confirmed"] == 24
    assert participation["Checked in on at least one day"] == 21
    day_one = next(label for label in participation if label.startswith("Checked in on "))
    assert participation[day_one] == 21
    countries = {row[0]: row[1] for row in sheets["By country"][2:] if row[0]}
    assert countries["Italy"] == 12 and countries["France"] == 6
    assert "Germany" not in countries and "Spain" not in countries
    assert countries["Others (groups of fewer than 5)"] == "fewer than 5"  # 3 people
    genders = {row[0]: row[1] for row in sheets["By gender (optional question)"][2:] if row[0]}
    assert genders["Woman"] == 14 and genders["Man"] == 6
    assert "Non-binary or another gender" not in genders
    local = {row[0]: row[1] for row in sheets["Local and international"][2:] if row[0]}
    assert local["From the host country (Italy)"] == 12 and local["From other countries"] == 9
    satisfaction = {row[0]: row[1] for row in sheets["Satisfaction"][2:] if row[0]}
    assert satisfaction["Invited (checked in)"] == 21 and satisfaction["Answers"] == 0

    response = admin_client.get(f"/admin/outcomes/{finished.pk}/report.pdf")
    pdf = file_made_by_the_worker(admin_client, response, run_worker)
    text = " ".join(page_text(page) for page in pdf_pages(pdf))
    assert "Italy" in text and "France" in text and "fewer than 5" in text
    assert "Germany" not in text and "Spain" not in text
    assert f"What {finished.title} achieved" in text


def test_averages_appear_from_five_answers(finished, person, evaluation):
    people = [person() for _ in range(5)]
    for number, someone in enumerate(people[:4]):
        answers = {
            "overall": 5 - number % 2, "expectations": "met", "reason": "partners",
            "programme": 4, "before": 4, "during": 4, "recommend": 10 - number,
            "missing": "", "answers": {}, "session_ratings": {},
        }  # fmt: skip
        survey.save_response(evaluation=evaluation, registration=someone, answers=answers)
    tables = {table.title: table for table in build_report(finished).tables}
    assert "fewer than 5" in str(tables["Satisfaction"].rows)
    survey.save_response(
        evaluation=evaluation,
        registration=people[4],
        answers=answers | {"overall": 3, "recommend": 6},
    )
    results = survey_results(evaluation)
    assert results.distributions[0].average == round((5 + 4 + 5 + 4 + 3) / 5, 2)
    assert results.nps == 20  # 10, 9, 8, 7, 6: two promoters, one detractor, of five
    assert results.response_rate == 100.0


def test_results_and_report_take_the_same_queries_for_50_and_2000_people(admin_client, finished):
    counts = []
    for size in (50, 1950):
        crowd(finished, size)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(f"/admin/outcomes/{finished.pk}/").status_code == 200
            documents.report_xlsx(build_report(finished))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert survey_results(finished.evaluation).invited == 2000
