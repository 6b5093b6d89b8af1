"""An edition's public facts and figures, counted from the data: for its page and the series'."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from events.models import Edition
from meetings.models import Meeting
from outcomes.models import Response
from outcomes.results import HELD, SMALLEST_GROUP, with_views
from registrations.models import Registration


@dataclass(frozen=True)
class Facts:
    edition: Edition
    participants: int
    countries: int
    meetings_held: int
    agreements: int
    satisfaction: float | None  # the average overall rating, from 5 answers up

    @property
    def has_data(self) -> bool:
        return self.participants > 0


def facts_for(editions: list[Edition]) -> list[Facts]:
    """The facts of each edition, in a fixed number of queries however many editions."""
    ids = [edition.pk for edition in editions]
    people = (
        Registration.objects.filter(edition_id__in=ids)
        .came()
        .values("edition_id")
        .annotate(people=Count("pk"), countries=Count("country", distinct=True))
    )
    by_people = {row["edition_id"]: row for row in people}
    meetings = (
        with_views(
            Meeting.objects.filter(
                block__matchmaking__edition_id__in=ids, status=Meeting.Status.CONFIRMED
            )
        )
        .values("block__matchmaking__edition_id")
        .annotate(held=Count("pk", filter=HELD), agreements=Count("pk", filter=Q(agreed=True)))
    )
    by_meetings = {row["block__matchmaking__edition_id"]: row for row in meetings}
    ratings = (
        Response.objects.filter(evaluation__edition_id__in=ids)
        .values("evaluation__edition_id")
        .annotate(answers=Count("pk"), overall=Avg("overall"))
    )
    by_rating = {row["evaluation__edition_id"]: row for row in ratings}
    found = []
    for edition in editions:
        came = by_people.get(edition.pk, {})
        met = by_meetings.get(edition.pk, {})
        rated = by_rating.get(edition.pk, {})
        enough = rated.get("answers", 0) >= SMALLEST_GROUP
        found.append(
            Facts(
                edition=edition,
                participants=came.get("people", 0),
                countries=came.get("countries", 0),
                meetings_held=met.get("held", 0),
                agreements=met.get("agreements", 0),
                satisfaction=round(rated["overall"], 1) if enough else None,
            )
        )
    return found


def countries_in_all(editions: list[Edition]) -> int:
    """How many countries people came from across these editions (each counted once)."""
    return (
        Registration.objects.filter(edition__in=editions)
        .came()
        .values("country")
        .distinct()
        .count()
    )
