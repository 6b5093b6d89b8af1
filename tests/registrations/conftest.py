import datetime as dt

import pytest

from events.models import Edition
from registrations import services
from registrations.models import Registration
from tests.factories import make_session, open_edition, registration_input


@pytest.fixture
def edition(db) -> Edition:
    edition = open_edition()
    return edition


@pytest.fixture
def visit(edition):
    """A capacity-limited session on the second day, like the MIND visit."""
    start = dt.datetime.combine(edition.end_date, dt.time(14, 30), tzinfo=edition.tz)
    return make_session(
        edition,
        title="Guided visit to MIND",
        slug="visit",
        session_type="guided_visit",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=2,
    )


@pytest.fixture
def register(django_capture_on_commit_callbacks, run_worker):
    """Submit and (by default) confirm a registration, letting the worker send the emails."""

    def run(edition, confirm=True, **fields) -> Registration:
        fields.setdefault("days", edition.days)
        with django_capture_on_commit_callbacks(execute=True):
            registration, _ = services.submit_registration(**registration_input(edition, **fields))
        run_worker()
        if confirm:
            with django_capture_on_commit_callbacks(execute=True):
                registration = services.confirm_registration(registration_id=registration.pk)
            run_worker()
        return registration

    return run
