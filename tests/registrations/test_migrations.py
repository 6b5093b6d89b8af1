"""Data migrations keep what people registered."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import make_edition

pytestmark = pytest.mark.django_db(transaction=True)


def migrate_to(target: list[tuple[str, str]]):
    """Migrate the database to `target`; return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_attended_days_become_rows_and_a_check_in_becomes_that_days_arrival():
    """One walk back through the migrations and forward again (each walk renders every app's
    migrations: seconds), checking each data migration on the way."""
    edition = make_edition(time_zone="Europe/Rome")
    common = {
        "edition_id": edition.pk,
        "country": "IT",
        "category": "cluster",
        "privacy_consent_at": timezone.now(),
        "privacy_notice_version": "2024-01",
    }

    # 0006: the attended days move from a JSON list to rows.
    Registration = migrate_to([("registrations", "0005_validate_deliverable_email")]).get_model(
        "registrations", "Registration"
    )
    both = Registration.objects.create(
        first_name="Ana", email="ana@example.org", days=["2024-03-27", "2024-03-26"], **common
    )
    one = Registration.objects.create(
        first_name="Bo", email="bo@example.org", days=["2024-03-27"], **common
    )
    AttendedDay = migrate_to([("registrations", "0006_attended_days_as_rows")]).get_model(
        "registrations", "AttendedDay"
    )
    rows = sorted((row.registration_id, row.day.isoformat()) for row in AttendedDay.objects.all())
    assert rows == sorted(
        [(both.pk, "2024-03-26"), (both.pk, "2024-03-27"), (one.pk, "2024-03-27")]
    )

    # 0013: a check-in on the registration becomes that day's arrival, in the edition's zone.
    Registration = migrate_to([("registrations", "0012_email_kinds_of_other_apps")]).get_model(
        "registrations", "Registration"
    )
    Registration.objects.all().delete()
    confirmed = {**common, "status": "confirmed"}
    # 23:30 in UTC on the 26th is half past midnight on the 27th in Rome.
    late = dt.datetime(2024, 3, 26, 23, 30, tzinfo=dt.UTC)
    came = Registration.objects.create(email="came@example.org", checked_in_at=late, **confirmed)
    Registration.objects.create(email="stayed@example.org", **confirmed)
    new = migrate_to([("registrations", "0013_check_ins_per_day_and_session")])
    CheckIn = new.get_model("registrations", "CheckIn")
    rows = [
        (c.registration_id, c.day, c.checked_in_at, c.session_id) for c in CheckIn.objects.all()
    ]
    assert rows == [(came.pk, dt.date(2024, 3, 27), late, None)]
    tokens = new.get_model("registrations", "Registration").objects.values_list(
        "check_in_token", flat=True
    )
    assert len(set(tokens)) == 2 and all(len(token) == 32 for token in tokens)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
