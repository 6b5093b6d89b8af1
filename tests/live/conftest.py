import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_edition, make_place, make_session, make_venue


@pytest.fixture
def edition(db):
    """An edition running today, in its own time zone."""
    today = timezone.now().astimezone(dt.UTC).date()
    return make_edition(start_date=today, title="Clusters meet Regions – Live")


@pytest.fixture
def panel(edition):
    """A panel under way now, in Sala Biagi."""
    now = timezone.now()
    venue = edition.venue or make_venue()
    return make_session(
        edition,
        slug="panel",
        title="Hydrogen valleys",
        place=make_place(venue, name="Sala Biagi"),
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(minutes=40),
    )


def questions_url(session) -> str:
    return f"/{session.edition.slug}/sessions/{session.slug}/questions/"
