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
