import csv
import datetime as dt
import io
import re
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from outbox.models import Email
from registrations import services
from registrations.models import Registration, Seat
from tests.factories import make_edition, make_registration
from tests.helpers import file_made_by_the_worker, form_data, text_of

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:registrations_registration_changelist")


def run_action(admin_client, action: str, registrations, query: str = "", **fields):
    return admin_client.post(
        CHANGELIST + (f"?{query}" if query else ""),
        {"action": action, "_selected_action": [r.pk for r in registrations], **fields},
    )


def test_csv_export_opens_with_accents_intact(admin_client, edition, register, run_worker):
    register(edition, first_name="Zoë", last_name="Łukasiewicz", organisation="=HYPERLINK()")
    register(edition, first_name="André", last_name="Müller")
    response = run_action(admin_client, "export_csv", Registration.objects.all())
    body = file_made_by_the_worker(admin_client, response, run_worker)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["first name", "last name", "email"]
    names = sorted((row[0], row[1]) for row in rows[1:])
    assert names == [("André", "Müller"), ("Zoë", "Łukasiewicz")]
    zoe = dict(zip(rows[0], next(row for row in rows if row[0] == "Zoë"), strict=True))
    assert zoe["organisation"] == "'=HYPERLINK()"  # not run as a formula by the spreadsheet
    assert zoe["country"] == "Italy"
    assert zoe["stakeholder category"] == "Cluster organisation"
    assert zoe["status"] == "Confirmed"
    assert zoe["days"] == " ".join(day.isoformat() for day in edition.days)


def test_list_filters_by_status_and_searches_by_name(admin_client, edition, register):
    edition.capacity = 1
    edition.save()
    register(edition, last_name="Rossi", email="rossi@example.org")
    register(edition, last_name="Bianchi", email="bianchi@example.org")
    waiting = admin_client.get(CHANGELIST, {"status__exact": "waiting"}).content.decode()
    assert "Bianchi" in waiting
    assert "Rossi" not in waiting
    found = admin_client.get(CHANGELIST, {"q": "rossi@example"}).content.decode()
    assert "Rossi" in found
    assert "Bianchi" not in found


def test_cancel_and_promote_actions_follow_the_rules(admin_client, edition, register):
    edition.capacity = 1
    edition.save()
    first = register(edition)
    second = register(edition)
    third = register(edition)
    run_action(admin_client, "promote_registrations", [third])
    third.refresh_from_db()
    assert third.status == "confirmed"  # the organiser let them in beyond capacity
    run_action(admin_client, "cancel_registrations", [first])
    second.refresh_from_db()
    assert second.status == "waiting"  # still two confirmed for one place: nobody promoted


@contextmanager
def on_the_first_day(edition, client):
    """Travel to 09:00 on the edition's first day, in its time zone, still signed in."""
    moment = dt.datetime.combine(edition.start_date, dt.time(9, 0), tzinfo=edition.tz)
    with time_machine.travel(moment, tick=False):
        client.force_login(User.objects.get(username="admin"))  # the session would have aged
        yield


def arrivals(registration) -> list[dt.date]:
    return [made.day for made in registration.check_ins.filter(session__isnull=True)]


def test_check_in_marks_confirmed_people_only_on_a_day_of_the_edition(
    admin_client, edition, register
):
    confirmed = register(edition)
    pending = register(edition, confirm=False)
    response = run_action(admin_client, "check_in", [confirmed])
    assert [str(m) for m in response.wsgi_request._messages] == [
        "0 people checked in.",
        "1 person was not checked in: today is not a day of their edition.",
    ]
    assert arrivals(confirmed) == []
    with on_the_first_day(edition, admin_client):
        run_action(admin_client, "check_in", [confirmed, pending])
    assert arrivals(confirmed) == [edition.start_date]
    assert arrivals(pending) == []
    made = confirmed.check_ins.get()
    assert made.checked_in_by.username == "admin"
    changelist = text_of(admin_client.get(CHANGELIST))
    assert f"{edition.start_date.day} {edition.start_date:%b} 09:00" in changelist
    change = reverse("admin:registrations_registration_change", args=[confirmed.pk])
    page = text_of(admin_client.get(change))
    assert f"{edition.start_date:%A} {edition.start_date.day} " in page
    assert "(09:00, admin)" in page


def test_resend_confirmation_queues_and_sends_the_right_email(
    run_worker, admin_client, edition, register, django_capture_on_commit_callbacks
):
    pending = register(edition, confirm=False, email="late@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_action(admin_client, "resend_confirmation", [pending])
    run_worker()
    [message] = mail.outbox
    assert message.to == ["late@example.org"]
    assert pending.confirmation_url().split(":")[0] in message.body


def test_failed_emails_are_visible_and_can_be_sent_again(
    admin_client, edition, register, run_worker
):
    registration = register(edition, confirm=False)
    delivery = registration.emails.get()
    Email.objects.filter(pk=delivery.pk).update(
        status="failed", last_error="SMTPServerDisconnected: Connection unexpectedly closed"
    )
    listing = admin_client.get(
        reverse("admin:outbox_email_changelist"), {"status__exact": "failed"}
    ).content.decode()
    assert "Confirm your address" in listing
    mail.outbox.clear()
    admin_client.post(
        reverse("admin:outbox_email_changelist"),
        {"action": "send_again", "_selected_action": [delivery.pk]},
    )
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(mail.outbox) == 1


def test_edition_page_counts_places_against_capacity(admin_client, edition, visit, register):
    edition.capacity = 50
    edition.save()
    people = [register(edition, sessions=[visit]) for _ in range(3)]
    register(edition, confirm=False)
    # Who came: one person on both days (counted once), one who boarded the visit.
    for day in edition.days:
        services.check_in(registration_id=people[0].pk, day=day)
    services.check_in(registration_id=people[1].pk, day=edition.days[0])
    services.check_in(registration_id=people[0].pk, day=visit.local_day, session=visit)
    html = admin_client.get(reverse("admin:events_edition_change", args=[edition.pk])).content
    html = html.decode()
    assert "<th>checked in at the door</th>" in html
    assert (
        "<tr><td>Whole edition</td><td>3</td><td>50</td><td>0</td><td>1</td><td>2</td></tr>" in html
    )
    assert (
        "<tr><td>Guided visit to MIND</td><td>2</td><td>2</td><td>1</td><td>–</td><td>1</td></tr>"
        in html
    )


def test_deleting_registrations_in_the_admin_gives_their_places_to_those_waiting(
    admin_client, edition, register, run_worker
):
    edition.capacity = 1
    edition.save()
    first = register(edition, email="first@example.org")
    second = register(edition, email="second@example.org")
    assert second.status == "waiting"
    mail.outbox.clear()
    response = run_action(admin_client, "delete_selected", [first], post="yes")
    run_worker()
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["second@example.org"], f"A place is free for you at {edition.title}")
    ]


def test_organisers_can_replace_a_persons_links(admin_client, edition, register, run_worker):
    registration = register(edition)
    old = registration.manage_url()
    mail.outbox.clear()
    run_action(admin_client, "replace_links", [registration])
    run_worker()
    registration.refresh_from_db()
    assert registration.manage_url() != old
    [message] = mail.outbox
    assert registration.manage_url() in message.body


def test_check_in_explains_who_has_no_place_and_can_be_undone(admin_client, edition, register):
    edition.capacity = 1
    edition.save()
    confirmed = register(edition)
    waiting = register(edition)
    with on_the_first_day(edition, admin_client):
        response = run_action(admin_client, "check_in", [confirmed, waiting])
        shown = [str(m) for m in response.wsgi_request._messages]
        assert shown == [
            "1 person checked in.",
            "1 person was not checked in: they have no place (waiting list, not confirmed or "
            "cancelled). Promote them from the waiting list first.",
        ]
        assert arrivals(confirmed) == [edition.start_date]
        run_action(admin_client, "undo_check_in", [confirmed])
    assert arrivals(confirmed) == []


def test_the_country_filter_offers_only_the_countries_people_came_from(
    admin_client, edition, register
):
    register(edition, country="PL")
    register(edition, country="IT")
    html = admin_client.get(CHANGELIST).content.decode()
    filter_html = html[html.index('id="changelist-filter"') :]
    assert "Poland" in filter_html and "Italy" in filter_html
    assert "Zimbabwe" not in filter_html


def test_a_registration_shows_its_language_and_days_as_people_read_them(
    admin_client, edition, register
):
    registration = register(edition)
    html = admin_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    ).content.decode()
    assert "English" in html
    assert edition.days[0].strftime("%A %-d %B %Y") in html
    assert '["20' not in html  # no raw JSON list of days


def test_the_session_form_says_how_many_attendees_a_change_emails(
    admin_client, edition, register, run_worker, django_capture_on_commit_callbacks
):
    from events.models import Session
    from tests.events.test_admin import session_form

    session = Session.objects.create(
        edition=edition,
        slug="pitching",
        title="Pitching session",
        session_type="pitching",
        starts_at=edition.starts_at.replace(hour=14),
        ends_at=edition.starts_at.replace(hour=15, minute=30),
    )
    register(edition, days=edition.days[:1])
    register(edition, days=edition.days[:1])
    url = reverse("admin:events_session_change", args=[session.pk])
    assert "Changing the time, place or title emails 2 attendees the update." in (
        admin_client.get(url).content.decode()
    )
    data = session_form(
        edition,
        starts_at_0=edition.start_date.isoformat(),
        ends_at_0=edition.start_date.isoformat(),
        starts_at_1="15:00",
        ends_at_1="16:30",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)
    assert "2 attendees are being emailed the change." in [
        str(m) for m in response.context["messages"]
    ]
    run_worker()
    assert len([m for m in mail.outbox if "has changed" in m.subject]) == 2

    # A typo corrected, "email the attendees" unticked: nobody is emailed, calendars follow.
    mail.outbox.clear()
    corrected = {key: value for key, value in data.items() if key != "tell_attendees"}
    corrected["title_en"] = "Pitching session for start-ups"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, corrected, follow=True)
    assert not any("emailed" in str(m) for m in response.context["messages"])
    run_worker()
    assert mail.outbox == []
    session.refresh_from_db()
    assert (session.title_en, session.sequence) == ("Pitching session for start-ups", 2)


def walk_in(edition, **fields) -> dict:
    data = {
        "edition": edition.pk,
        "first_name": "Wanda",
        "last_name": "Walk-In",
        "email": "wanda@example.org",
        "organisation": "Cluster Polska",
        "job_title": "",
        "country": "PL",
        "category": "cluster",
        "dietary_requirements": "",
        "accessibility_needs": "",
        "language": "en",
        "days": [edition.days[0].isoformat()],
    }
    return data | fields


def test_organisers_register_a_walk_in_through_the_services(
    admin_client, admin_user, edition, register, run_worker
):
    edition.capacity = 1
    edition.save()
    register(edition)
    mail.outbox.clear()
    add = reverse("admin:registrations_registration_add")
    assert "Let them in even if the edition is full" in admin_client.get(add).content.decode()

    response = admin_client.post(add, walk_in(edition), follow=True)
    wanda = Registration.objects.get(email="wanda@example.org")
    assert (wanda.status, wanda.added_by) == ("waiting", admin_user)  # full: they wait
    shown = [str(m) for m in response.context["messages"]]
    assert "Wanda Walk-In is registered: On the waiting list. They are emailed their link." in (
        shown
    )

    admin_client.post(add, walk_in(edition, email="guest@example.org", beyond_capacity="on"))
    guest = Registration.objects.get(email="guest@example.org")
    assert guest.status == "confirmed"
    assert guest.days == [edition.days[0]]
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["guest@example.org", "wanda@example.org"]

    again = admin_client.post(add, walk_in(edition))
    assert "This address is already registered for this edition." in again.content.decode()


def test_organisers_change_an_attendees_days_and_sessions_through_the_services(
    admin_client, edition, visit, register, run_worker
):
    holder = register(edition, sessions=[visit])
    second = register(edition, sessions=[visit])
    third = register(edition, sessions=[visit])  # the visit has 2 places: third waits
    assert Seat.objects.get(registration=third).status == "waiting"
    url = reverse("admin:registrations_registration_change", args=[holder.pk])
    data = form_data(admin_client.get(url).content.decode(), "registration_form")
    assert data["days"] == [day.isoformat() for day in edition.days]
    mail.outbox.clear()
    response = admin_client.post(
        url, data | {"days": [edition.days[0].isoformat()], "sessions": []}
    )
    assert response.status_code == 302
    run_worker()
    holder.refresh_from_db()
    assert holder.days == [edition.days[0]]
    assert Seat.objects.get(registration=holder).status == "cancelled"
    assert Seat.objects.get(registration=third).status == "confirmed"  # promoted
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert second.pk  # unchanged


def columns(changelist) -> list[str]:
    return re.findall(r'<th scope="col" class="[^"]*column-(\w+)', changelist.content.decode())


def test_the_registrations_list_opens_on_the_current_edition(admin_client, edition, register):
    past = make_edition(slug="vilnius-2022", title_en="Clusters meet Regions – Vilnius 2022")
    register(edition, last_name="Rossi")
    make_registration(past, last_name="Kazlauskas")
    opening = admin_client.get(CHANGELIST)
    assert "Rossi" in text_of(opening) and "Kazlauskas" not in text_of(opening)
    assert "Vilnius 2022" in text_of(opening)  # offered in the filter
    every = admin_client.get(CHANGELIST, {"edition": "all"})
    assert "Kazlauskas" in text_of(every) and "edition" in columns(every)
    assert "edition" not in columns(opening)


def day_filter_of(admin_client, query: dict) -> list[str]:
    html = admin_client.get(CHANGELIST, query).content.decode()
    section = html[html.index('id="changelist-filter"') :]
    section = section[section.index("By day") :]
    days = re.compile(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}")
    return days.findall(section[: section.index("</ul>")])


def test_the_day_filter_offers_the_days_of_the_edition_the_list_shows(
    admin_client, edition, register
):
    earlier = make_edition(start_date=dt.date(2024, 3, 26))
    first, second = edition.days
    only_second = register(edition, days=[second], email="second@example.org")
    register(edition, days=[first], email="first@example.org")
    label = "%a %-d %b %Y"

    assert day_filter_of(admin_client, {}) == [second.strftime(label), first.strftime(label)]
    assert day_filter_of(admin_client, {"edition": earlier.pk}) == [
        "Wed 27 Mar 2024",
        "Tue 26 Mar 2024",
    ]
    listed = text_of(
        admin_client.get(CHANGELIST, {"edition": edition.pk, "day": second.isoformat()})
    )
    assert only_second.email in listed and "first@example.org" not in listed
    # Malformed values filter nothing out, and never fail.
    for query in ({"edition": "²"}, {"day": "2024-13-45"}, {"session": "²"}, {"edition": "x"}):
        assert admin_client.get(CHANGELIST, query).status_code == 200


def test_each_model_has_one_admin_that_other_apps_extend(admin_client, edition, register):
    from django.contrib import admin

    from events.admin.editions import EditionAdmin
    from events.admin.sessions import SessionAdmin
    from registrations.admin.registrations import RegistrationAdmin
    from registrations.models import Registration as RegistrationModel

    registry = admin.site._registry
    assert type(registry[type(edition)]) is EditionAdmin
    assert type(registry[RegistrationModel]) is RegistrationAdmin
    assert type(registry[edition.sessions.model]) is SessionAdmin
    page = text_of(admin_client.get(reverse("admin:events_edition_change", args=[edition.pk])))
    assert "Registrations so far" in page and "Participants' area" in page
    register(edition)
    actions = admin_client.get(CHANGELIST).content.decode()
    assert "Print badges: A4 sheets of 10" in actions


def test_organisers_actions_are_written_on_each_registrations_history(
    admin_client, edition, register
):
    edition.capacity = 1
    edition.save()
    person = register(edition, email="person@example.org")
    waiting = register(edition, email="waiting@example.org")
    run_action(admin_client, "replace_links", [person])
    run_action(admin_client, "promote_registrations", [waiting])
    run_action(admin_client, "cancel_registrations", [person])

    def history(registration) -> str:
        url = reverse("admin:registrations_registration_history", args=[registration.pk])
        return text_of(admin_client.get(url))

    mine = history(person)
    assert "Replaced the personal links." in mine
    assert "Cancelled the registration; its places went to those waiting." in mine
    assert "admin" in mine  # who did it
    assert "Promoted from the waiting list, even beyond capacity." in history(waiting)
    admin_client.cookies["language"] = "it"
    assert "Ammesso dalla lista d'attesa, anche oltre i posti disponibili." in history(waiting)
