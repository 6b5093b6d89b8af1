"""How the agenda arranges sessions: by local day, and what is on now and next."""

import datetime as dt
from itertools import groupby

from events.models import Edition, Session


def group_by_day(sessions: list[Session]) -> list[tuple[dt.date, list[Session]]]:
    """Return the sessions (in time order) grouped by their local day."""
    return [(day, list(group)) for day, group in groupby(sessions, key=lambda s: s.local_day)]


def sessions_now_and_next(
    edition: Edition, sessions: list[Session], now: dt.datetime
) -> tuple[set[int], set[int]]:
    """Return the ids of the sessions running at `now` and of those starting next."""
    if not edition.is_running(now):
        return set(), set()
    on_now = {session.pk for session in sessions if session.is_on_at(now)}
    later = [s for s in sessions if s.starts_at > now and not s.is_cancelled]
    if not later:
        return on_now, set()
    next_start = later[0].starts_at
    return on_now, {session.pk for session in later if session.starts_at == next_start}
