"""Data migrations keep what people registered."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import make_edition

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("registrations", "0005_validate_deliverable_email")]
AFTER = [("registrations", "0006_attended_days_as_rows")]


def test_attended_days_move_from_the_json_list_to_rows():
    edition = make_edition()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Registration = old.get_model("registrations", "Registration")
    common = {
        "edition_id": edition.pk,
        "country": "IT",
        "category": "cluster",
        "privacy_consent_at": timezone.now(),
        "privacy_notice_version": "2024-01",
    }
    both = Registration.objects.create(
        first_name="Ana", email="ana@example.org", days=["2024-03-27", "2024-03-26"], **common
    )
    one = Registration.objects.create(
        first_name="Bo", email="bo@example.org", days=["2024-03-27"], **common
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    AttendedDay = new.get_model("registrations", "AttendedDay")
    rows = sorted((row.registration_id, row.day.isoformat()) for row in AttendedDay.objects.all())
    assert rows == sorted(
        [(both.pk, "2024-03-26"), (both.pk, "2024-03-27"), (one.pk, "2024-03-27")]
    )
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def test_a_check_in_on_the_registration_becomes_that_days_arrival():
    import datetime as dt

    before = [("registrations", "0012_email_kinds_of_other_apps")]
    after = [("registrations", "0013_check_ins_per_day_and_session")]
    edition = make_edition(time_zone="Europe/Rome")
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Registration = old.get_model("registrations", "Registration")
    common = {
        "edition_id": edition.pk,
        "country": "IT",
        "category": "cluster",
        "privacy_consent_at": timezone.now(),
        "privacy_notice_version": "2024-01",
        "status": "confirmed",
    }
    # 23:30 in UTC on the 26th is half past midnight on the 27th in Rome.
    late = dt.datetime(2024, 3, 26, 23, 30, tzinfo=dt.UTC)
    came = Registration.objects.create(email="came@example.org", checked_in_at=late, **common)
    Registration.objects.create(email="stayed@example.org", **common)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    CheckIn = new.get_model("registrations", "CheckIn")
    rows = [
        (c.registration_id, c.day, c.checked_in_at, c.session_id) for c in CheckIn.objects.all()
    ]
    assert rows == [(came.pk, dt.date(2024, 3, 27), late, None)]
    tokens = new.get_model("registrations", "Registration").objects.values_list(
        "check_in_token", flat=True
    )
    assert len(set(tokens)) == 2 and all(len(token) == 32 for token in tokens)
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
