"""What an edition's pages say about registrations: read-only figures, never a change."""

from dataclasses import dataclass

from django.db.models import Count, Q

from events.models import Edition, Session
from registrations.models import Registration, Seat

Status = Registration.Status


def has_free_place(edition: Edition) -> bool:
    if edition.capacity is None:
        return True
    confirmed = edition.registrations.filter(status=Status.CONFIRMED).count()
    return confirmed < edition.capacity


@dataclass(frozen=True)
class Availability:
    is_full: bool
    waiting: int


def availability(edition: Edition) -> Availability:
    """Return whether the edition is full and how many wait, as its pages say it."""
    if edition.capacity is None:
        return Availability(is_full=False, waiting=0)
    counts = edition.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    is_full = counts["confirmed"] >= edition.capacity
    return Availability(is_full=is_full, waiting=counts["waiting"] if is_full else 0)


# A group of participants is shown in the public figures only from this size: smaller ones
# could single a person out.
SMALLEST_GROUP_SHOWN = 5


@dataclass(frozen=True)
class WhoIsComing:
    confirmed: int
    by_country: tuple[tuple[str, int], ...]  # (country code, count), groups shown only
    by_category: tuple[tuple[str, int], ...]  # (category value, count), groups shown only
    organisations: tuple[str, ...]  # of those who agreed to appear on the participant list


def who_is_coming(edition: Edition) -> WhoIsComing:
    """Return the edition's public figures: confirmed participants in groups of 5 or more."""
    confirmed = edition.registrations.filter(status=Status.CONFIRMED)

    def groups(field: str) -> tuple[tuple[str, int], ...]:
        counts = (
            confirmed.values(field)
            .annotate(count=Count("pk"))
            .filter(count__gte=SMALLEST_GROUP_SHOWN)
            .order_by("-count", field)
        )
        return tuple((str(row[field]), row["count"]) for row in counts)

    return WhoIsComing(
        confirmed=confirmed.count(),
        by_country=groups("country"),
        by_category=groups("category"),
        organisations=organisations_listed(confirmed),
    )


def organisations_listed(confirmed) -> tuple[str, ...]:
    """Each organisation once, however many of its people come or how they typed its name: a
    name repeated per person would count them (and single out a group under five)."""
    names = (
        confirmed.filter(on_participant_list=True)
        .exclude(organisation="")
        .order_by()  # the model's ordering would otherwise join the DISTINCT
        .values_list("organisation", flat=True)
        .distinct()
    )
    by_key: dict[str, str] = {}
    for name in sorted(names):
        shown = " ".join(name.split())
        by_key.setdefault(shown.casefold(), shown)
    return tuple(sorted(by_key.values(), key=str.casefold))


@dataclass(frozen=True)
class SessionPlaces:
    left: int
    waiting: int


def session_places(session: Session) -> SessionPlaces:
    """Return the places left in a limited session and how many wait for one."""
    counts = session.seats.aggregate(
        confirmed=Count("pk", filter=Q(status=Seat.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Seat.Status.WAITING)),
    )
    return SessionPlaces(
        left=max(0, (session.capacity or 0) - counts["confirmed"]), waiting=counts["waiting"]
    )


def seats_by_session(edition: Edition) -> dict[int, dict[str, int]]:
    return Seat.objects.counts_by_session(edition)
