"""Reviewers who see applications and nothing else, scores hidden until one has scored, the
weighted ranking, decisions held and sent together, the confirmation, a lapsed acceptance
passed to the next reserve, and the pitch in the agenda, the session page and the calendars."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from events.caching import content_changed
from pitches import services
from pitches.models import Application
from pitches.ranking import ranked
from tests.factories import make_application, make_call, open_edition
from tests.helpers import create_account, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return make_call(open_edition(slug="upcoming"))


def score(call, application, reviewer, *values, conflict=False, comment=""):
    criteria = list(call.criteria.all())
    services.save_review(
        application=application,
        reviewer=reviewer,
        scores=dict(zip(criteria, values, strict=True)) if values else {},
        comment=comment,
        conflict=conflict,
    )


def test_a_reviewer_sees_applications_and_nothing_else(client, call, monkeypatch):
    reviewer = create_account("create_organiser", "rita", monkeypatch, "reviewer")
    application = make_application(call, title="Underwater drones")
    client.force_login(reviewer)
    ranking = client.get(reverse("pitches_admin:ranking", args=[call.pk]))
    assert "Underwater drones" in text_of(ranking)
    review = client.get(reverse("pitches_admin:review", args=[application.pk]))
    assert "My review" in text_of(review)
    home = text_of(client.get(reverse("admin:index")))
    assert "Calls for pitches" in home and "Registrations" not in home
    for forbidden in (
        reverse("admin:registrations_registration_changelist"),
        reverse("admin:pitches_application_changelist"),
        reverse("pitches_admin:decisions", args=[call.pk]),
        reverse("overview:edition", args=[call.edition.pk]),
        reverse("admin:outbox_email_changelist"),
    ):
        assert client.get(forbidden).status_code == 403, forbidden


def test_others_scores_stay_hidden_until_one_has_scored(client, call, monkeypatch):
    anna = create_account("create_organiser", "anna", monkeypatch, "reviewer")
    marco = create_account("create_organiser", "marco", monkeypatch, "reviewer")
    application = make_application(call)
    score(call, application, anna, 5, 4, 3, comment="Strong team, thin market.")
    client.force_login(marco)
    page = text_of(client.get(reverse("pitches_admin:review", args=[application.pk])))
    assert "Hidden until you have scored this application yourself." in page
    assert "Strong team" not in page
    ranking = text_of(client.get(reverse("pitches_admin:ranking", args=[call.pk])))
    assert "hidden hidden" in ranking and "4.25" not in ranking

    criteria = list(call.criteria.all())
    response = client.post(
        reverse("pitches_admin:review", args=[application.pk]),
        {f"criterion_{criteria[0].pk}": "3", f"criterion_{criteria[1].pk}": "3"},
    )
    assert "Score this criterion from 1 to 5" in text_of(response)  # the third is missing
    client.post(
        reverse("pitches_admin:review", args=[application.pk]),
        {f"criterion_{c.pk}": "3" for c in criteria},
    )
    page = text_of(client.get(reverse("pitches_admin:review", args=[application.pk])))
    assert "Strong team, thin market." in page
    ranking = text_of(client.get(reverse("pitches_admin:ranking", args=[call.pk])))
    assert "3.63 1.25 2" in ranking  # (4.25 + 3) / 2, spread 1.25, two reviews


def test_the_ranking_weighs_criteria_leaves_out_conflicts_and_filters_by_category(call):
    anna, marco, lea = (create_account_simple(name) for name in ("anna", "marco", "lea"))
    start_up = make_application(call, title="Start-up pitch", category=0)
    cluster = make_application(call, title="Cluster pitch", category=1)
    score(call, start_up, anna, 5, 1, 1)  # (2×5 + 1 + 1) / 4 = 3
    score(call, start_up, marco, 2, 2, 2)  # 2
    score(call, start_up, lea, conflict=True)
    score(call, cluster, anna, 4, 4, 4)
    rows = ranked(call)
    assert [(r.application.title, r.average, r.spread, r.reviews, r.conflicts) for r in rows] == [
        ("Cluster pitch", 4.0, 0.0, 1, 0),
        ("Start-up pitch", 2.5, 1.0, 2, 1),
    ]
    start_ups = ranked(call, call.applications.filter(category=start_up.category))
    assert [row.application.title for row in start_ups] == ["Start-up pitch"]


def create_account_simple(name):
    from django.contrib.auth.models import User

    return User.objects.create(username=name, is_staff=True)


def test_decisions_are_held_shown_and_sent_together_in_each_language(
    admin_client, call, run_worker
):
    english = make_application(call, title="Accepted pitch", email="a@example.org")
    italian = make_application(call, title="Pitch in riserva", email="r@example.it", language="it")
    declined = make_application(call, title="Declined pitch", email="d@example.org")
    decisions = reverse("pitches_admin:decisions", args=[call.pk])
    admin_client.post(
        decisions,
        {
            f"decision_{english.pk}": "accepted",
            f"decision_{italian.pk}": "reserve",
            f"decision_{declined.pk}": "declined",
        },
    )
    run_worker()
    assert mail.outbox == []  # held, not sent
    assert "3 decisions are waiting to be sent." in text_of(admin_client.get(decisions))

    preview = text_of(admin_client.get(reverse("pitches_admin:send_decisions", args=[call.pk])))
    assert f"Your pitch is accepted at {call.edition.title}: please confirm" in preview
    assert f"Il vostro pitch per {call.edition.title} è in lista di riserva" in preview
    assert "Declined pitch" in preview
    run_worker()
    assert mail.outbox == []  # shown, still not sent

    admin_client.post(reverse("pitches_admin:send_decisions", args=[call.pk]))
    run_worker()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "a@example.org": f"Your pitch is accepted at {call.edition.title}: please confirm",
        "r@example.it": f"Il vostro pitch per {call.edition.title} è in lista di riserva",
        "d@example.org": f"Your application to pitch at {call.edition.title}",
    }
    assert [a.status for a in Application.objects.order_by("pk")] == [
        "accepted",
        "reserve",
        "declined",
    ]
    admin_client.post(reverse("pitches_admin:send_decisions", args=[call.pk]))
    run_worker()
    assert len(mail.outbox) == 3  # sending again sends nothing twice


def test_a_confirmed_pitch_is_in_the_running_order_of_agenda_page_and_calendars(
    client, call, read_calendar
):
    first = make_application(call, status="accepted", organisation="H2 Valley Lab", country="IT")
    second = make_application(
        call, status="accepted", organisation="Baltic Blue Robotics", country="EE"
    )
    for application in (second, first):
        application.confirm_by = call.closes_at + dt.timedelta(days=30)
        application.title = f"Pitch of {application.organisation}"
        application.save()
        client.post(application.manage_url(), {"action": "confirm_pitch"})
    assert "Your pitch is confirmed and on the agenda." in text_of(client.get(first.manage_url()))
    session = call.slots.get().session
    agenda = text_of(client.get(reverse("events:agenda", args=[call.edition.slug])))
    assert (
        "Contact 2, Baltic Blue Robotics (Estonia) (Pitcher) : “Pitch of Baltic Blue Robotics” "
        "Contact 1, H2 Valley Lab (Italy) (Pitcher) : “Pitch of H2 Valley Lab”"
    ) in agenda
    page = text_of(client.get(session.get_absolute_url()))
    assert "Running order" in page and "Italy" in page

    feed = client.get(reverse("events:edition_ics", args=[call.edition.slug])).content
    [event] = [e for e in Calendar.from_ical(feed).walk("VEVENT") if e["summary"] == session.title]
    assert (
        "1. Contact 2, Baltic Blue Robotics, Estonia (Pitcher): “Pitch of Baltic Blue Robotics”\n"
        "2. Contact 1, H2 Valley Lab, Italy (Pitcher): “Pitch of H2 Valley Lab”"
    ) in str(event["description"])
    read = read_calendar(feed)
    [mozilla] = [e for e in read["events"] if e["summary"] == session.title]
    assert "2. Contact 1, H2 Valley Lab, Italy (Pitcher)" in mozilla["description"]

    # The organisers reorder them (the session's speakers, order column): the calendars follow.
    first.refresh_from_db()
    first.appearance.order = 0
    first.appearance.save()
    content_changed(changed=call.edition)
    feed = client.get(reverse("events:edition_ics", args=[call.edition.slug])).content
    [mozilla] = [e for e in read_calendar(feed)["events"] if e["summary"] == session.title]
    assert "1. Contact 1, H2 Valley Lab, Italy (Pitcher)" in mozilla["description"]


def test_an_acceptance_not_confirmed_in_time_goes_to_the_next_reserve(
    admin_client, call, run_worker
):
    accepted = make_application(call, title="Accepted", category=0)
    better, worse = (
        make_application(call, title=title, category=0) for title in ("Better", "Worse")
    )
    other_category = make_application(call, title="Cluster reserve", category=1)
    reviewer = create_account_simple("anna")
    score(call, better, reviewer, 5, 5, 5)
    score(call, worse, reviewer, 2, 2, 2)
    score(call, other_category, reviewer, 5, 5, 5)
    services.record_decisions(
        call=call,
        decisions={
            accepted.pk: "accepted",
            better.pk: "reserve",
            worse.pk: "reserve",
            other_category.pk: "reserve",
        },
    )
    services.apply_decisions(call=call)
    run_worker()
    mail.outbox.clear()
    accepted.refresh_from_db()

    with time_machine.travel(accepted.confirm_by - dt.timedelta(minutes=1)):
        run_worker()
    assert Application.objects.get(pk=accepted.pk).status == "accepted"
    with time_machine.travel(accepted.confirm_by + dt.timedelta(minutes=1)):
        run_worker()  # the deadline's task
        run_worker()  # and the email it queued
    statuses = dict(Application.objects.values_list("title", "status"))
    assert statuses == {
        "Accepted": "lapsed",
        "Better": "accepted",
        "Worse": "reserve",
        "Cluster reserve": "reserve",
    }
    [message] = mail.outbox
    assert message.to == [better.email]
    assert "a place has become free" in message.body
    decisions = text_of(admin_client.get(reverse("pitches_admin:decisions", args=[call.pk])))
    assert "Accepted, to be confirmed (from the reserves)" in decisions
    assert "Not confirmed in time" in decisions


def test_reviewers_read_the_review_pages_in_italian(client, call, monkeypatch):
    reviewer = create_account("create_organiser", "rita", monkeypatch, "reviewer")
    application = make_application(call, title="Droni subacquei")
    client.force_login(reviewer)
    client.cookies["language"] = "it"  # the language the site's switch remembers
    ranking = text_of(client.get(reverse("pitches_admin:ranking", args=[call.pk])))
    assert f"Candidature per presentare a {call.edition.title}" in ranking
    assert "media ponderata" in ranking and "da fare" in ranking
    review = text_of(client.get(reverse("pitches_admin:review", args=[application.pk])))
    assert "La mia valutazione" in review and "Innovazione" in review
