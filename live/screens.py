"""What the room screens show: in each place, what is on now and what comes next."""

import datetime as dt
from dataclasses import dataclass

from events.models import Edition, Place, Session


@dataclass(frozen=True)
class PlaceNow:
    place_name: str
    now: Session | None
    next: Session | None

    @property
    def current_or_next(self) -> Session:
        return self.now or self.next


def now_and_next(edition: Edition, moment: dt.datetime, *, place: Place | None) -> list[PlaceNow]:
    """Each place's session under way and the next one (today's and later), cancelled ones
    included so that a screen says so; places with nothing left are left out."""
    sessions = edition.sessions.for_agenda().filter(ends_at__gt=moment)
    if place is not None:
        sessions = sessions.filter(place=place)
    by_place: dict[str, list[Session]] = {}
    for session in sessions:
        by_place.setdefault(session.location_label, []).append(session)
    rows = []
    for name, coming in by_place.items():
        current = next((s for s in coming if s.starts_at <= moment and not s.is_cancelled), None)
        later = [s for s in coming if s.starts_at > moment]
        if current is None and not later:
            continue
        rows.append(PlaceNow(name, current, later[0] if later else None))
    return rows
