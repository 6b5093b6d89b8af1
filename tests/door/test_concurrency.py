"""Real threads against PostgreSQL: phones at the door scanning the same pass at the same moment."""

import pytest
from django.db import connection

from registrations.models import CheckIn
from registrations.passes import pass_payload
from tests.door.conftest import scan, signed_in
from tests.door.test_check_in import result_of
from tests.registrations.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_phones_scanning_one_pass_at_once_record_one_check_in(edition, attendee, door_staff):
    assert connection.vendor == "postgresql"
    person = attendee(first_name="Giulia")
    phones = [signed_in(door_staff) for _ in range(2)]

    responses = run_at_once(2, lambda index: scan(phones[index], edition, pass_payload(person)))

    assert [response.status_code for response in responses] == [200, 200]
    colours = sorted(result_of(response).split(":")[0] for response in responses)
    assert colours == ["amber", "green"]
    assert CheckIn.objects.filter(registration=person).count() == 1


def test_eight_phones_at_once_on_one_pass_and_its_visit(edition, attendee, door_staff, visit):
    person = attendee(first_name="Marta", seats=[visit])
    phones = [signed_in(door_staff) for _ in range(8)]

    def scan_half_at_the_visit(index):
        extra = {"session": visit.pk} if index % 2 else {}
        return scan(phones[index], edition, pass_payload(person), **extra)

    responses = run_at_once(8, scan_half_at_the_visit)

    colours = sorted(result_of(response).split(":")[0] for response in responses)
    assert colours == ["amber"] * 6 + ["green"] * 2
    assert CheckIn.objects.filter(registration=person, session__isnull=True).count() == 1
    assert CheckIn.objects.filter(registration=person, session=visit).count() == 1
