import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registrations.models import Registration, Seat
from tests.factories import ROME, make_edition, make_registration, make_session
from tests.helpers import create_account


@pytest.fixture
def edition(db):
    """An edition whose first of two days is today, in its time zone."""
    today = timezone.now().astimezone(ROME).date()
    return make_edition(start_date=today, title="Clusters meet Regions – Door test")


@pytest.fixture
def visit(edition):
    """The MIND visit: limited places, this afternoon."""
    start = dt.datetime.combine(edition.start_date, dt.time(14, 30), tzinfo=edition.tz)
    return make_session(
        edition,
        title="Guided visit to MIND",
        slug="visit",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=20,
    )


@pytest.fixture
def attendee(edition):
    """A registration (confirmed, for today, by default), with places on `seats`."""

    def make(*, days=None, seats=(), **fields) -> Registration:
        fields.setdefault("status", "confirmed")
        days = days if days is not None else [edition.start_date]
        registration = make_registration(edition, days=days, **fields)
        for session in seats:
            Seat.objects.create(registration=registration, session=session, status="confirmed")
        return registration

    return make


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def door_staff(db, monkeypatch) -> User:
    return create_account("create_door_staff", "desk1", monkeypatch)


@pytest.fixture
def door(door_staff) -> Client:
    """A check-in staff member's phone, signed in."""
    return signed_in(door_staff)


@pytest.fixture
def organiser(db, monkeypatch) -> User:
    return create_account("create_organiser", "giulia", monkeypatch)


def door_url(edition, name: str = "desk") -> str:
    return reverse(f"door:{name}", kwargs={"edition_slug": edition.slug})


def scan(client: Client, edition, code: str, *, fragment: bool = True, **fields):
    """Send what the door page's script sends for one scan."""
    headers = {"X-Door-Fragment": "1"} if fragment else {}
    data = {"code": code, "day": edition.start_date.isoformat(), **fields}
    return client.post(door_url(edition, "check_in"), data, headers=headers)
