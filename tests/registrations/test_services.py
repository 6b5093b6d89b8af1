import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from events.services import save_session
from outbox.models import Email
from registrations import services
from registrations.figures import has_free_place
from registrations.models import Registration, Seat
from tests.factories import make_edition, make_registration, open_edition, registration_input
from tests.helpers import free_port

pytestmark = pytest.mark.django_db
Status = Registration.Status


def confirmation_link_for(body: str) -> int:
    """Return the registration id that the email's confirmation link confirms."""
    token = re.search(r"/register/confirm/([^/\s]+)/", body).group(1)
    return Registration.objects.get(confirmation_token=token).pk


def calendar_of(message) -> bytes:
    [(_filename, content, mimetype)] = message.attachments
    assert mimetype.startswith("text/calendar")
    return content if isinstance(content, bytes) else content.encode()


def test_registration_counts_only_after_the_address_is_confirmed(edition, register):
    registration = register(edition, confirm=False, email="ana@example.org")
    assert registration.status == Status.PENDING
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == f"Please confirm your registration for {edition.title}"
    assert confirmation_link_for(message.body) == registration.pk
    assert has_free_place(edition)

    confirmed = services.confirm_registration(registration_id=registration.pk)
    assert confirmed.status == Status.CONFIRMED
    assert confirmed.confirmed_at is not None


def test_confirmation_email_carries_the_attendees_sessions(edition, visit, register, read_calendar):
    day_one = edition.days[0].isoformat()
    registration = register(edition, days=[day_one], email="ana@example.org")
    confirmation = mail.outbox[-1]
    assert confirmation.subject == f"You are registered for {edition.title}"
    assert registration.manage_url() in confirmation.body
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    assert registration.manage_url() in html
    calendar = read_calendar(calendar_of(confirmation))
    # Day one only: the visit on day two is not in it.
    assert [e["summary"] for e in calendar["events"]] == [
        s.title for s in edition.sessions.for_agenda() if s.local_day.isoformat() == day_one
    ]


def test_following_the_link_twice_changes_nothing(edition, register):
    registration = register(edition)
    again = services.confirm_registration(registration_id=registration.pk)
    assert again.status == Status.CONFIRMED
    assert Email.objects.filter(kind="confirmed").count() == 1


def test_unconfirmed_registration_expires_and_holds_no_place(edition, register, settings):
    edition.capacity = 1
    edition.save()
    late = register(edition, confirm=False)
    later = timezone.now() + dt.timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS + 1)
    assert services.confirm_registration(registration_id=late.pk, now=later).status == "expired"
    assert register(edition).status == Status.CONFIRMED


def test_full_edition_puts_people_on_the_waiting_list_with_their_position(edition, register):
    edition.capacity = 1
    edition.save()
    register(edition)
    second = register(edition)
    third = register(edition)
    assert (second.status, third.status) == (Status.WAITING, Status.WAITING)
    assert (second.waiting_position(), third.waiting_position()) == (1, 2)
    waiting_email = mail.outbox[-1]
    assert waiting_email.subject == f"You are on the waiting list for {edition.title}"
    assert "at number 2" in waiting_email.body


def test_cancelling_promotes_the_first_waiting_and_again_after_cancel(edition, register):
    edition.capacity = 1
    edition.save()
    first = register(edition, email="first@example.org")
    second = register(edition, email="second@example.org")
    third = register(edition, email="third@example.org")
    mail.outbox.clear()

    services.cancel_registration(registration_id=first.pk)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.CONFIRMED, Status.WAITING)
    assert third.waiting_position() == 1

    # Cancel after being promoted: the place moves on to the next in line.
    services.cancel_registration(registration_id=second.pk)
    third.refresh_from_db()
    assert third.status == Status.CONFIRMED
    assert Registration.objects.filter(edition=edition, status=Status.CONFIRMED).count() == 1


def test_promotion_and_cancellation_emails_go_out_after_commit(
    run_worker, edition, register, django_capture_on_commit_callbacks
):
    edition.capacity = 1
    edition.save()
    first = register(edition, email="first@example.org")
    register(edition, email="second@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration_id=first.pk)
    run_worker()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("first@example.org", f"Your registration for {edition.title} is cancelled"),
        ("second@example.org", f"A place is free for you at {edition.title}"),
    ]
    promoted = next(m for m in mail.outbox if m.to == ["second@example.org"])
    assert promoted.attachments, "the promoted attendee gets their calendar"


def test_limited_session_fills_then_waits_and_promotes(edition, visit, register):
    people = [register(edition, sessions=[visit]) for _ in range(3)]
    seats = [Seat.objects.get(registration=p, session=visit) for p in people]
    assert [s.status for s in seats] == ["confirmed", "confirmed", "waiting"]
    assert seats[2].waiting_position() == 1

    services.change_registration(
        registration_id=people[0].pk, changes={}, days=people[0].days, sessions=[]
    )
    seats[2].refresh_from_db()
    assert seats[2].status == "confirmed"
    assert Seat.objects.filter(session=visit, status="confirmed").count() == 2


def test_second_registration_with_the_same_address_resends_the_link(edition, register):
    first = register(edition, confirm=False, email="Ana.Rossi@example.org")
    mail.outbox.clear()
    again = register(edition, confirm=False, email="ana.rossi@EXAMPLE.org", first_name="Mallory")
    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    assert Registration.objects.get().first_name == "Zoë"
    [message] = mail.outbox
    assert message.to == ["Ana.Rossi@example.org"]
    assert confirmation_link_for(message.body) == first.pk
    assert "Mallory" not in message.body


def test_an_address_registered_again_makes_no_database_error(edition):
    """A refused statement goes to the database's log with its values: the person's address."""
    services.submit_registration(**registration_input(edition, email="ana@example.org"))
    failed = []

    def watch(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except Exception as error:
            failed.append(error)
            raise

    with connection.execute_wrapper(watch):
        again, created = services.submit_registration(
            **registration_input(edition, email="Ana@Example.org")
        )
    assert not created and again.email == "ana@example.org"
    assert failed == []


def test_the_database_refuses_two_active_registrations_for_one_address(edition):
    from django.db import IntegrityError, transaction

    services.submit_registration(**registration_input(edition, email="a@example.org"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(edition, email="A@Example.org")


def test_after_cancelling_the_same_address_can_register_again(edition, register):
    first = register(edition, email="ana@example.org")
    services.cancel_registration(registration_id=first.pk)
    again = register(edition, email="ana@example.org")
    assert again.pk != first.pk
    assert again.status == Status.CONFIRMED


def test_nothing_is_accepted_outside_the_registration_window(db):
    edition = make_edition(start_date=dt.date(2024, 3, 26))
    with pytest.raises(services.RegistrationClosedError):
        services.submit_registration(**registration_input(edition))
    assert not Registration.objects.exists()


def test_moving_a_session_emails_its_attendees_an_updated_calendar_entry(
    run_worker, edition, visit, register, read_calendar, django_capture_on_commit_callbacks
):
    holder = register(edition, sessions=[visit], email="holder@example.org")
    register(edition, days=[edition.days[0].isoformat()], email="dayone@example.org")
    mail.outbox.clear()
    uid = f"{visit.uid}@clusters-meet-regions.eccp"
    visit.starts_at += dt.timedelta(hours=1)
    visit.ends_at += dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_session(session=visit)
    run_worker()
    [message] = mail.outbox
    assert message.to == [holder.email]
    assert message.subject == f"A session of {edition.title} has changed"
    day = visit.local_starts_at.strftime("%A %-d %B %Y")
    assert f"Before: {day}, 14:30–16:30, " in message.body
    assert f"Now: {day}, 15:30–17:30, " in message.body
    assert f"“{visit.title}” has changed (time)." in message.body
    [event] = read_calendar(calendar_of(message))["events"]
    assert (event["uid"], event["sequence"], event["status"]) == (uid, 1, "CONFIRMED")

    mail.outbox.clear()
    visit.is_cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        save_session(session=visit)
    run_worker()
    [message] = mail.outbox
    assert "has been cancelled" in message.body
    [event] = read_calendar(calendar_of(message))["events"]
    assert (event["uid"], event["sequence"], event["status"]) == (uid, 2, "CANCELLED")


def test_erasing_frees_the_place_and_deletes_everything(edition, register):
    edition.capacity = 1
    edition.save()
    first = register(edition)
    second = register(edition)
    services.erase_registration(registration_id=first.pk)
    assert not Registration.objects.filter(pk=first.pk).exists()
    assert not Email.objects.filter(registration=first.pk).exists()
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED


def test_purge_erases_personal_data_but_keeps_counts_and_consent(register, db):
    edition = make_edition(start_date=dt.date(2024, 3, 26))
    consent_at = dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC)
    kept = make_registration(
        edition,
        first_name="Zoë",
        last_name="Müller",
        email="zoe@example.org",
        job_title="CEO",
        category="start_up",
        dietary_requirements="Vegan",
        status="confirmed",
        privacy_consent_at=consent_at,
        privacy_notice_version="2024-01",
    )
    Email.objects.create(person=kept, kind="confirmed", status="sent")
    call_command("purge_personal_data", "--days", "30")
    kept.refresh_from_db()
    assert (kept.first_name, kept.last_name, kept.email, kept.organisation) == ("", "", "", "")
    assert (kept.job_title, kept.dietary_requirements) == ("", "")
    assert (kept.status, kept.category, kept.country.code, kept.days) == (
        "confirmed",
        "start_up",
        "IT",
        [dt.date(2024, 3, 26)],
    )
    assert (kept.privacy_consent_at, kept.privacy_notice_version) == (consent_at, "2024-01")
    assert kept.personal_data_purged_at is not None
    assert not Email.objects.exists()


def test_purge_leaves_editions_that_ended_recently(register, edition):
    registration = register(edition)
    call_command("purge_personal_data", "--days", "0")
    registration.refresh_from_db()
    assert registration.email.endswith("@example.org")


def test_failed_email_is_recorded_and_retried_later_by_the_worker(
    edition, register, settings, smtp_server, run_worker
):
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    registration = register(edition, confirm=False, email="ana@example.org")
    [delivery] = registration.emails.all()
    assert delivery.status == "failed"
    assert delivery.attempts == 1
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error

    settings.MAILERS = working
    run_worker()  # the retry waits a minute: nothing yet
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1, seconds=1)):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    [(recipients, message)] = smtp_server.wait_for(1)
    assert recipients == ["ana@example.org"]
    body = message.get_body(("plain",)).get_content()
    assert confirmation_link_for(body) == registration.pk


def test_copying_an_edition_leaves_its_registrations_behind(edition, register):
    register(edition)
    register(edition, confirm=False)
    call_command("copy_edition", edition.slug, "next-one", "--start", "2031-03-25")
    copy = edition.__class__.objects.get(slug="next-one")
    assert copy.registrations.count() == 0
    assert edition.registrations.count() == 2


def test_emails_say_how_long_the_link_works_as_the_page_does_and_keep_a_single_space(
    register, db, settings, smtp_server
):
    settings.REGISTRATION_CONFIRMATION_HOURS = 48
    title = "Clusters meet Regions – Milano 2027"
    register(open_edition(title=title), confirm=False)
    [(_recipients, message)] = smtp_server.wait_for(1)
    assert "The link is valid for 48 hours." in message.get_body(("plain",)).get_content()
    assert message["Subject"] == f"Please confirm your registration for {title}"


def test_raised_capacities_go_to_those_waiting_in_order_before_any_newcomer(
    admin_client, edition, visit, register, run_worker
):
    from events.services import save_edition

    edition.capacity = 1
    edition.save()
    type(visit).objects.filter(pk=visit.pk).update(capacity=1)
    visit.refresh_from_db()
    register(edition, email="first@example.org", sessions=[visit])
    second = register(edition, email="second@example.org", sessions=[visit])
    third = register(edition, email="third@example.org")
    mail.outbox.clear()

    edition.capacity = 2  # the organisers find a bigger room
    save_edition(edition=edition)
    run_worker()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.CONFIRMED, Status.WAITING)
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert mail.outbox[0].subject == f"A place is free for you at {edition.title}"
    newcomer = register(edition, email="newcomer@example.org")
    assert newcomer.status == Status.WAITING  # behind the third, who waited longer

    # A limited session's places too, in the order people asked for them.
    visit_seats = Seat.objects.filter(session=visit)
    assert sorted(visit_seats.values_list("status", flat=True)) == ["confirmed", "waiting"]
    Edition = type(edition)
    Edition.objects.filter(pk=edition.pk).update(capacity=10)  # behind the services' back
    latecomer = register(edition, email="late@example.org", sessions=[visit])
    third.refresh_from_db()
    assert (third.status, latecomer.status) == (Status.CONFIRMED, Status.CONFIRMED)
    assert dict(visit_seats.values_list("registration__email", "status")) == {
        "first@example.org": "confirmed",
        "second@example.org": "waiting",
        "late@example.org": "waiting",
    }
    visit.capacity = 2
    visit.save()
    assert dict(visit_seats.values_list("registration__email", "status")) == {
        "first@example.org": "confirmed",
        "second@example.org": "confirmed",  # asked first
        "late@example.org": "waiting",
    }
    visit.capacity = 3
    visit.save()
    statuses = dict(visit_seats.values_list("registration__email", "status"))
    assert statuses == {
        "first@example.org": "confirmed",
        "second@example.org": "confirmed",
        "late@example.org": "confirmed",
    }


def test_a_session_change_reaches_those_whose_calendar_holds_it_and_no_one_else(
    run_worker, edition, register, read_calendar, django_capture_on_commit_callbacks
):
    from events.models import Session
    from tests.factories import make_session

    first_day, second_day = edition.days
    panel = make_session(edition, title="Panel on hydrogen")
    other = make_session(edition, title="Workshop on textiles")
    starred_it = register(edition, days=[first_day], email="starred.it@example.org")
    starred_other = register(edition, days=[first_day], email="starred.other@example.org")
    no_stars = register(edition, days=[first_day], email="no.stars@example.org")
    register(edition, days=[second_day], email="second.day@example.org")
    services.star_session(registration=starred_it, session=panel, starred=True)
    services.star_session(registration=starred_other, session=other, starred=True)
    mail.outbox.clear()

    panel.title = "Panel on green hydrogen"
    with django_capture_on_commit_callbacks(execute=True):
        save_session(session=panel)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [no_stars.email, starred_it.email]
    for message in mail.outbox:  # the attached entry holds the changed session only
        [event] = read_calendar(calendar_of(message))["events"]
        assert event["summary"] == "Panel on green hydrogen"

    # A minor correction: nobody is emailed, the calendars still follow.
    mail.outbox.clear()
    panel.title = "Panel on green hydrogen valleys"
    with django_capture_on_commit_callbacks(execute=True):
        save_session(session=panel, tell_attendees=False)
    run_worker()
    assert mail.outbox == []
    assert Session.objects.get(pk=panel.pk).sequence == 2
