"""The audience's vote (once per checked-in participant, even at the same instant), its place in
the edition's report, and applicants' data purged with the edition's retention."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from outcomes.report import build_report
from pitches import services
from pitches.models import Application, Vote
from registrations.services import check_in, purge_personal_data
from tests.factories import make_application, make_call, make_registration, open_edition
from tests.helpers import sign_in_participant, text_of


@pytest.fixture
def voting(db):
    call = make_call(open_edition(slug="upcoming"))
    pitches = []
    for number in (1, 2):
        application = make_application(
            call, status="accepted", title=f"Pitch {number}", organisation=f"Org {number}"
        )
        application.confirm_by = call.closes_at + dt.timedelta(days=20)
        application.save()
        pitches.append(services.confirm_pitch(application_id=application.pk))
    return call, pitches


@pytest.mark.django_db
def test_a_checked_in_participant_votes_once_from_their_phone(client, admin_client, voting):
    call, (first, second) = voting
    session = call.slots.get().session
    person = make_registration(call.edition, status="confirmed", days=call.edition.days)
    sign_in_participant(client, person)
    vote_page = reverse("pitches:vote", args=[call.edition.slug])
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=10)):
        page = text_of(client.get(vote_page))
        assert "Only participants checked in at the door vote." in page
        check_in(registration_id=person.pk, day=call.edition.days[0])
        page = text_of(client.get(vote_page))
        assert "Pitch 1 Org 1, Italy" in page
        missing = client.post(vote_page, {})
        assert missing.status_code == 400 and "Choose the pitch you vote for." in text_of(missing)
        client.post(vote_page, {"pitch": second.pk})
        client.post(vote_page, {"pitch": first.pk})  # a second vote is not counted
        page = text_of(client.get(f"/it{vote_page}"))
        assert "Grazie: avete votato “Pitch 2” (Org 2)." in page
    live = text_of(admin_client.get(reverse("pitches_admin:votes", args=[call.pk])))
    assert "1 vote" in live
    assert "Pitch 2 Org 2 1 100 %" in live and "Pitch 1 Org 1 0 0 %" in live
    assert list(Vote.objects.values_list("application__title", flat=True)) == ["Pitch 2"]
    with time_machine.travel(session.ends_at + dt.timedelta(minutes=20)):
        assert "Voting is open during the pitching session" in text_of(client.get(vote_page))

    report = build_report(call.edition)
    [votes] = [table for table in report.tables if table.title == "The audience's vote"]
    assert votes.rows == [["Pitch 2", "Org 2", 1, "100%"], ["Pitch 1", "Org 1", 0, "0%"]]


@pytest.mark.django_db(transaction=True)
def test_one_person_voting_twice_at_the_same_instant_counts_once(voting):
    call, (first, second) = voting
    session = call.slots.get().session
    person = make_registration(call.edition, status="confirmed", days=call.edition.days)
    barrier, outcomes = threading.Barrier(2), []

    def vote(pitch: Application) -> None:
        try:
            barrier.wait()
            services.cast_vote(
                call=call,
                application=pitch,
                registration=person,
                now=session.starts_at + dt.timedelta(minutes=5),
            )
            outcomes.append("counted")
        except services.VoteRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(pitch,)) for pitch in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted", "refused"]
    assert Vote.objects.filter(registration=person).count() == 1


@pytest.mark.django_db
def test_applicants_personal_data_goes_with_the_editions_retention(client):
    call = make_call(open_edition(slug="upcoming"))
    application = make_application(call, contact_name="Giulia Bassi", email="g@example.org")
    kept = make_registration(call.edition, email="g@example.org", status="confirmed")
    download = client.get(kept.manage_url() + "my-data.json").json()
    assert download["pitch_applications"][0]["contact_person"] == "Giulia Bassi"

    purge_personal_data(
        editions=[call.edition], after_days=30, now=call.edition.ends_at + dt.timedelta(days=29)
    )
    assert Application.objects.get().contact_name == "Giulia Bassi"  # not yet
    purge_personal_data(
        editions=[call.edition], after_days=30, now=call.edition.ends_at + dt.timedelta(days=31)
    )
    purged = Application.objects.get(pk=application.pk)
    assert (purged.contact_name, purged.email, purged.phone) == ("", "", "")
    assert (purged.organisation, purged.country.code, purged.status) == (
        application.organisation,
        "IT",
        "submitted",
    )


@pytest.mark.django_db
def test_after_the_pitch_an_agreed_deck_becomes_the_sessions_slides(client, run_worker):
    from django.core.files.base import ContentFile

    from pitches.demo import sample_deck
    from tests.helpers import page_text, pdf_pages

    call = make_call(open_edition(slug="upcoming"))
    shared, kept = (
        make_application(call, status="accepted", title=title, publish_deck=agreed)
        for title, agreed in (("Shared deck", True), ("Private deck", False))
    )
    for application in (shared, kept):
        application.deck.save("d.pdf", ContentFile(sample_deck(application.title)), save=False)
        application.confirm_by = call.closes_at + dt.timedelta(days=20)
        application.save()
        services.confirm_pitch(application_id=application.pk)
    session = call.slots.get().session
    with time_machine.travel(session.ends_at - dt.timedelta(minutes=5)):
        run_worker()
    assert session.materials.count() == 0  # not before the pitch
    with time_machine.travel(session.ends_at + dt.timedelta(minutes=1)):
        run_worker()
    [material] = session.materials.all()
    assert material.title == "Shared deck – Applicant 1"
    page = text_of(client.get(session.get_absolute_url()))
    assert "Shared deck – Applicant 1" in page and "Private deck" not in page.split("Slides")[-1]
    download = client.get(material.get_absolute_url())
    [first_page] = pdf_pages(b"".join(download.streaming_content))
    assert "Shared deck" in page_text(first_page)
