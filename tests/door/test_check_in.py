"""The door page: scans and taps, what staff see, the counts, and who may use it."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.dates import format_date
from outbox.models import Email
from registrations import services
from registrations.models import CheckIn
from registrations.passes import pass_payload
from tests.door.conftest import door_url, scan, signed_in
from tests.factories import make_edition, make_registration
from tests.helpers import text_of, visible_text

pytestmark = pytest.mark.django_db


def result_of(response) -> str:
    """Return the text of the answer box staff read, with its colour."""
    html = response.content.decode()
    start = html.index('class="door-result door-')
    colour = html[start:].split('"')[1].removeprefix("door-result door-")
    end = html.index("</section>", start)
    return f"{colour}: {visible_text(html[html.rindex('<', 0, start) : end])}"


def test_a_scanned_pass_checks_the_person_in_once_with_what_the_desk_needs(door, edition, attendee):
    person = attendee(
        first_name="Ieva",
        last_name="Kalniņa",
        organisation="Latvian IT Cluster",
        days=edition.days,
        dietary_requirements="Vegan",
        accessibility_needs="Step-free access",
    )
    response = scan(door, edition, pass_payload(person))
    assert response.status_code == 200
    shown = result_of(response)
    assert shown.startswith("green: ✓ Checked in Ieva Kalniņa Latvian IT Cluster")
    assert "Days: " in shown and "Dietary needs: Vegan" in shown
    assert "Accessibility needs: Step-free access" in shown
    made = person.check_ins.get()
    assert made.day == edition.start_date
    assert made.checked_in_by.username == "desk1"
    # The fragment is the changing part only: the answer and the counts, no page around it.
    assert "<html" not in response.content.decode()
    assert "1 / 1 Today" in text_of(response)

    again = scan(door, edition, pass_payload(person))
    at = timezone.localtime(made.checked_in_at, edition.tz).strftime("%H:%M")
    assert result_of(again).startswith(f"amber: ! Already checked in at {at} Ieva Kalniņa")
    assert CheckIn.objects.count() == 1


def test_the_door_says_who_has_no_place_and_which_codes_are_unknown(door, edition, attendee):
    waiting = attendee(status="waiting", first_name="Wanda")
    pending = attendee(status="pending", first_name="Pia")
    cancelled = attendee(status="cancelled", first_name="Carlo")
    elsewhere = make_registration(make_edition(title="Vilnius 2025"), status="confirmed")
    replaced = attendee(first_name="Rita")
    old_code = pass_payload(replaced)
    services.replace_links(registration_id=replaced.pk)

    expected = {
        pass_payload(waiting): "red: ✕ On the waiting list: no place Wanda",
        pass_payload(pending): "red: ✕ Registration not confirmed Pia",
        pass_payload(cancelled): "red: ✕ Registration cancelled Carlo",
        pass_payload(elsewhere): "red: ✕ Unknown code This pass is for another edition: "
        "Vilnius 2025.",
        old_code: "red: ✕ Unknown code This code is not valid any more (replaced links) or "
        "never was.",
        "https://example.org/menu": "red: ✕ Unknown code This is not a pass of this event.",
    }
    for code, shown in expected.items():
        assert result_of(scan(door, edition, code)).startswith(shown), code
    assert CheckIn.objects.count() == 0
    replaced.refresh_from_db()
    assert result_of(scan(door, edition, pass_payload(replaced))).startswith("green")


def test_not_registered_for_today_is_amber_and_can_be_let_in_anyway(door, edition, attendee):
    tomorrow = edition.days[1]
    person = attendee(first_name="Tomasz", days=[tomorrow])
    shown = result_of(scan(door, edition, pass_payload(person)))
    assert shown.startswith("amber: ! Not registered for ")
    assert "Check them in anyway if they may come today." in shown
    assert not person.check_ins.exists()

    anyway = door.post(
        door_url(edition, "check_in"),
        {"registration": person.pk, "anyway": "yes", "day": edition.start_date.isoformat()},
    )
    assert result_of(anyway).startswith("green: ✓ Checked in Tomasz")
    assert person.check_ins.get().day == edition.start_date


def test_the_same_tap_sent_again_finds_its_own_check_in(door, edition, attendee):
    """A poor connection: the answer was lost, staff press "Try again" with the same key."""
    person = attendee(first_name="Marco")
    first = scan(door, edition, pass_payload(person), request_key="tap-1")
    retried = scan(door, edition, pass_payload(person), request_key="tap-1")
    assert result_of(first).startswith("green: ✓ Checked in Marco")
    assert result_of(retried).startswith("green: ✓ Checked in Marco")
    assert person.check_ins.count() == 1
    # Another tap, later, is told the truth.
    assert result_of(scan(door, edition, pass_payload(person), request_key="tap-2")).startswith(
        "amber: ! Already checked in"
    )


def test_search_by_name_or_organisation_check_in_and_undo_without_javascript(
    door, edition, attendee
):
    anna = attendee(first_name="Anna", last_name="Rossi", organisation="Lombardy Energy Cluster")
    attendee(first_name="Bruno", last_name="Bianchi", organisation="AFIL")
    found = door.get(door_url(edition), {"q": "energy rossi"})
    text = text_of(found)
    assert "1 person found for “energy rossi”" in text
    assert "Rossi, Anna Lombardy Energy Cluster" in text
    assert "Bianchi" not in text
    assert text_of(door.get(door_url(edition), {"q": "afil"})).count("Bianchi, Bruno") == 1

    # A plain form post (no script): the whole page comes back with the answer on it.
    page = door.post(
        door_url(edition, "check_in"),
        {"registration": anna.pk, "day": edition.start_date.isoformat(), "q": "rossi"},
    )
    assert "<html" in page.content.decode()
    assert result_of(page).startswith("green: ✓ Checked in Anna Rossi")
    assert "person found" not in text_of(page)  # the search is done once she is in
    assert 'name="q" id="door-q" value=""' in page.content.decode()
    made = anna.check_ins.get()
    listed = text_of(door.get(door_url(edition), {"q": "rossi"}))
    assert "Rossi, Anna Lombardy Energy Cluster · Italy Checked in Undo" in listed

    undone = door.post(
        door_url(edition, "undo"), {"check_in": made.pk, "day": edition.start_date.isoformat()}
    )
    assert result_of(undone).startswith("neutral: ↺ Check-in undone: Anna Rossi")
    assert not anna.check_ins.exists()
    again = door.post(
        door_url(edition, "undo"), {"check_in": made.pk, "day": edition.start_date.isoformat()}
    )
    assert result_of(again).startswith("neutral: ↺ Nothing to undo")


def test_namesakes_are_told_apart_by_what_differs(door, edition, attendee):
    attendee(first_name="Andrea", last_name="Rossi", organisation="AFIL", email="ar@afil.it")
    attendee(first_name="Andrea", last_name="Rossi", organisation="AFIL", email="andrea@mit.edu",
             country="US")  # fmt: skip
    attendee(first_name="Maria", last_name="Rossi", email="maria@afil.it")
    found = text_of(door.get(door_url(edition), {"q": "rossi"}))
    assert "Rossi, Andrea AFIL · Italy · ar•••@afil.it" in found
    assert "Rossi, Andrea AFIL · United States of America · an•••@mit.edu" in found
    assert "ma•••" not in found  # only namesakes need more than their name
    # A wrong tap that finds nobody keeps the list on screen.
    kept = door.post(
        door_url(edition, "check_in"),
        {"registration": "0", "day": edition.start_date.isoformat(), "q": "rossi"},
    )
    assert "3 people found for “rossi”" in text_of(kept)


def test_the_visit_checks_in_those_with_a_place_and_counts_them(door, edition, visit, attendee):
    booked = attendee(first_name="Bea", seats=[visit])
    attendee(first_name="Ciro", seats=[visit])
    walker = attendee(first_name="Dino")
    fields = {"session": visit.pk}
    assert result_of(scan(door, edition, pass_payload(booked), **fields)).startswith(
        "green: ✓ Checked in for Guided visit to MIND Bea"
    )
    refused = result_of(scan(door, edition, pass_payload(walker), **fields))
    assert refused.startswith("amber: ! No place on Guided visit to MIND Dino")
    assert "They did not book this session." in refused
    # The visit's check-in is not an arrival at the door, and the other way round.
    assert booked.check_ins.get().session == visit
    assert result_of(scan(door, edition, pass_payload(booked))).startswith("green: ✓ Checked in")

    counts = text_of(door.get(door_url(edition, "counts"), {"session": visit.pk}))
    assert counts == "Checked in / expected 1 / 3 Today 1 / 2 Guided visit to MIND"


def test_counts_follow_every_phone(door, edition, attendee, door_staff):
    people = [attendee(first_name=f"P{number}") for number in range(3)]
    attendee(first_name="Later", days=[edition.days[1]])
    other_phone = signed_in(door_staff)
    scan(door, edition, pass_payload(people[0]))
    scan(other_phone, edition, pass_payload(people[1]))
    counts = door.get(door_url(edition, "counts"), {"day": edition.start_date.isoformat()})
    assert text_of(counts) == "Checked in / expected 2 / 3 Today"


def test_only_door_staff_and_organisers_open_the_door(edition, attendee, door_staff, organiser):
    person = attendee()
    anonymous = Client()
    response = anonymous.get(door_url(edition))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("door:sign_in") + "?next=")
    assert scan(anonymous, edition, pass_payload(person)).status_code == 302
    assert not person.check_ins.exists()

    someone = User.objects.create_user("visitor", password="a-long-password-2024")
    refused = signed_in(someone).get(door_url(edition))
    assert refused.status_code == 403
    assert "Your account may not check people in." in text_of(refused)

    # Check-in staff can do nothing else: the admin is closed to them.
    staff_phone = Client()
    signed = staff_phone.post(
        reverse("door:sign_in") + f"?next={door_url(edition)}",
        {"username": "desk1", "password": "a-long-door-password-2024"},
    )
    assert signed.status_code == 302 and signed["Location"] == door_url(edition)
    assert staff_phone.get(door_url(edition)).status_code == 200
    admin = staff_phone.get(reverse("admin:registrations_registration_changelist"))
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]

    # Organisers (staff accounts of the Organisers group) work the door too.
    assert signed_in(organiser).get(door_url(edition)).status_code == 200


def test_a_wrong_staff_password_is_refused_with_a_message(edition, door_staff):
    response = Client().post(
        reverse("door:sign_in"), {"username": "desk1", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password." in text_of(response)


def test_walk_ins_are_registered_through_the_service_and_checked_in(
    door, edition, organiser, django_capture_on_commit_callbacks
):
    data = {
        "first_name": "Walter",
        "last_name": "Ospite",
        "organisation": "Speaker's office",
        "email": "",
        "country": "IT",
        "category": "other",
        "day": edition.start_date.isoformat(),
    }
    response = door.post(door_url(edition, "walk_in"), data)
    assert result_of(response).startswith(
        "green: ✓ Registered at the door and checked in Walter Ospite"
    )
    walker = edition.registrations.get(last_name="Ospite")
    assert walker.status == "confirmed"
    assert walker.added_by.username == "desk1"
    assert walker.days == [edition.start_date]
    assert walker.check_ins.get().day == edition.start_date
    assert not Email.objects.filter(registration=walker).exists()  # no address

    # Capacity holds for check-in staff; only an organiser lets someone in beyond it.
    edition.capacity = 1
    edition.save()
    form = text_of(door.get(door_url(edition, "walk_in")))
    assert "Let them in even if the edition is full" not in form
    full = door.post(door_url(edition, "walk_in"), data | {"last_name": "Secondo"})
    assert result_of(full).startswith(
        "red: ✕ The edition is full: Walter Secondo is on the waiting list"
    )
    assert edition.registrations.get(last_name="Secondo").status == "waiting"
    with django_capture_on_commit_callbacks(execute=False):
        let_in = signed_in(organiser).post(
            door_url(edition, "walk_in"),
            data | {"last_name": "Terzo", "email": "terzo@example.org", "beyond_capacity": "on"},
        )
    assert result_of(let_in).startswith("green")
    terzo = edition.registrations.get(last_name="Terzo")
    assert terzo.status == "confirmed"
    assert list(terzo.emails.values_list("kind", flat=True)) == ["confirmed"]


def test_the_day_chosen_at_the_desk_follows_the_walk_in_and_back(door, edition):
    second_day = edition.days[1]
    desk = door.get(door_url(edition), {"day": second_day.isoformat()})
    links = {
        text: href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', desk.content.decode())
    }
    counts_url = re.search(r'data-counts-url="([^"]+)"', desk.content.decode())[1]
    assert f"day={second_day.isoformat()}" in counts_url.replace("&amp;", "&")
    form = door.get(links["Walk-in"])
    assert format_date(second_day, "l j F") in text_of(form)
    hidden = dict(re.findall(r'<input type="hidden" name="(day|session)" value="([^"]*)">',
                             form.content.decode()))  # fmt: skip
    data = {"first_name": "Walter", "last_name": "Ospite", "organisation": "Press",
            "email": "", "country": "IT", "category": "other"}  # fmt: skip
    door.post(links["Walk-in"], data | hidden)
    walker = edition.registrations.get(last_name="Ospite")
    assert walker.days == [second_day] and walker.check_ins.get().day == second_day
    back = re.search(r'<a href="([^"]+)"[^>]*>Check-in</a>', form.content.decode())[1]
    assert format_date(second_day, "l j F") in text_of(door.get(back.replace("&amp;", "&")))


def test_a_walk_in_with_bad_input_is_told_and_nothing_is_saved(door, edition, attendee):
    attendee(email="taken@example.org")
    response = door.post(
        door_url(edition, "walk_in"),
        {
            "first_name": "Eve\u202e",
            "last_name": "",
            "organisation": "X",
            "email": "taken@example.org",
            "country": "IT",
            "category": "other",
        },
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "invisible formatting character" in text
    assert "This field is required." in text
    assert "already registered for this edition: search for the person" in text
    assert edition.registrations.count() == 1


def test_the_door_page_makes_the_same_queries_for_few_and_many_found(door, edition, attendee):
    def queries(count: int) -> int:
        for number in range(count):
            attendee(last_name=f"Ferrari{number}", days=edition.days)
        with CaptureQueriesContext(connection) as captured:
            door.get(door_url(edition), {"q": "ferrari"})
        return len(captured)

    assert queries(2) == queries(18)
