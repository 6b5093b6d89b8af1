"""A matchmaking set-up and meetings among demo participants, for trying it and for the bench."""

import datetime as dt
import itertools
import random
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from events.models import Edition
from meetings import services
from meetings.models import Matchmaking, MeetingBlock, MeetingTable
from networking.models import Profile

AFTERNOON = (dt.time(14, 0), dt.time(17, 30))
MORNING = (dt.time(9, 30), dt.time(12, 30))


@transaction.atomic
def set_up_matchmaking(edition: Edition, *, tables: int = 20) -> Matchmaking:
    """Give an edition meetings as Milan had them: the first afternoon and the next morning,
    20-minute slots, numbered tables, requests open from now until the day before."""
    matchmaking, created = Matchmaking.objects.get_or_create(
        edition=edition,
        defaults={
            # A month ahead (or from now): an edition set in the past gets its meetings too.
            "booking_opens_at": min(timezone.now(), edition.starts_at - dt.timedelta(days=30)),
            "booking_closes_at": edition.starts_at - dt.timedelta(minutes=1),
        },
    )
    if created:
        times = [AFTERNOON, *([MORNING] * (len(edition.days) - 1))]
        for day, (starts, ends) in zip(edition.days, times, strict=True):
            MeetingBlock.objects.create(
                matchmaking=matchmaking, day=day, starts_at=starts, ends_at=ends
            )
        MeetingTable.objects.bulk_create(
            MeetingTable(matchmaking=matchmaking, name=str(number), order=number)
            for number in range(1, tables + 1)
        )
    return matchmaking


def load_demo_meetings(edition: Edition, count: int, seed: int = 2024) -> int:
    """Confirm up to `count` meetings between demo participants open to meetings, through the
    same services as participants (so every rule holds); return how many were made."""
    chance = random.Random(f"{seed}-{edition.slug}-meetings")
    matchmaking = set_up_matchmaking(edition)
    people = [
        profile.registration
        for profile in Profile.objects.in_directory(edition)
        .filter(open_to_meetings=True)
        .select_related("registration__edition")
        .order_by("pk")
    ]
    slots = [slot for block in matchmaking.blocks.all() for slot in block.slots(matchmaking)]
    chance.shuffle(people)
    made = 0
    now = timezone.now()
    opens, closes = matchmaking.booking_opens_at, matchmaking.booking_closes_at
    moment = now if opens <= now < closes else opens  # as if booked while requests were open
    for (first, second), slot in zip(demo_pairs(people), itertools.cycle(slots)):
        if made >= count:
            break
        try:
            meeting = services.request_meeting(
                requester=first, invitee=second, slot=slot, message="Demo", now=moment
            )
            services.accept(meeting_id=meeting.pk, by=second, now=moment)
        except services.MeetingRefused:
            continue
        made += 1
    return made


def demo_pairs(people: list) -> Iterator[tuple]:
    """Yield every pair of people once, neighbours first, then those two apart, and so on: a
    spread of partners without listing all pairs (12 million for 5,000 people)."""
    total = len(people)
    for distance in range(1, total // 2 + 1):
        # At half the circle, (a, b) and (b, a) are the same pair: take each once.
        starts = total // 2 if 2 * distance == total else total
        for index in range(starts):
            yield people[index], people[(index + distance) % total]
