"""Demo meetings: many partners each, every pair at most once, for any number of people."""

import pytest

from meetings.demo import demo_pairs, load_demo_meetings
from meetings.models import Meeting
from networking.demo import load_demo_participants
from tests.factories import open_edition


@pytest.mark.parametrize("people", [2, 3, 4, 5, 6, 7, 50])
def test_every_pair_comes_once(people):
    pairs = list(demo_pairs(list(range(people))))
    assert len(pairs) == people * (people - 1) // 2
    assert len({frozenset(pair) for pair in pairs}) == len(pairs)
    assert all(first != second for first, second in pairs)


@pytest.mark.django_db
def test_demo_meetings_are_confirmed_between_people_open_to_them(ecosystem_sectors):
    edition = open_edition()
    load_demo_participants(edition, 40)
    assert load_demo_meetings(edition, 15) == 15
    meetings = Meeting.objects.filter(block__matchmaking__edition=edition)
    assert meetings.filter(status="confirmed").count() == 15
    people = {m.requester_id for m in meetings} | {m.invitee_id for m in meetings}
    assert len(people) > 10  # spread over many participants, not a few who meet everyone
