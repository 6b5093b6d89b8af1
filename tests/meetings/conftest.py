import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Matchmaking, MeetingBlock, MeetingTable
from tests.networking import conftest as networking_fixtures

edition = networking_fixtures.edition
participant = networking_fixtures.participant
sign_in = networking_fixtures.sign_in

BLOCKS = [(0, dt.time(14, 0), dt.time(17, 30)), (1, dt.time(9, 30), dt.time(12, 30))]


@pytest.fixture
def make_matchmaking():
    """Give an edition the Milan set-up: two blocks, 20-minute slots, numbered tables, open."""

    def make(edition, *, tables=5, **fields):
        now = timezone.now()
        defaults = {
            "booking_opens_at": now - dt.timedelta(days=1),
            "booking_closes_at": edition.starts_at - dt.timedelta(days=1),
        }
        matchmaking = Matchmaking.objects.create(edition=edition, **(defaults | fields))
        for offset, starts, ends in BLOCKS:
            MeetingBlock.objects.create(
                matchmaking=matchmaking,
                day=edition.start_date + dt.timedelta(days=offset),
                starts_at=starts,
                ends_at=ends,
            )
        MeetingTable.objects.bulk_create(
            MeetingTable(matchmaking=matchmaking, name=str(number), order=number)
            for number in range(1, tables + 1)
        )
        return Matchmaking.objects.prefetch_related("blocks").get(pk=matchmaking.pk)

    return make


@pytest.fixture
def matchmaking(edition, make_matchmaking):
    return make_matchmaking(edition)


@pytest.fixture
def person(edition, participant):
    """A confirmed participant attending both days, listed and open to meetings."""

    def make(**fields):
        days = fields.pop("days", edition.days)
        from tests.factories import make_registration

        registration = make_registration(
            edition,
            status="confirmed",
            days=days,
            **{
                name: fields.pop(name)
                for name in ("first_name", "last_name", "organisation", "language")
                if name in fields
            },
        )
        return participant(
            edition, registration=registration, **({"open_to_meetings": True} | fields)
        ).registration

    return make
