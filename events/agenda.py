"""How the agenda arranges sessions: by local day, and what is on now and next."""

import datetime as dt
import unicodedata
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


def folded(text: str) -> str:
    """Return text for matching: lower case, accents dropped ("Città" matches "citta")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def matching(sessions: list[Session], query: str) -> list[Session]:
    """Return the sessions whose title, description or speakers hold every word of `query`.

    In memory: the agenda's sessions and speakers are loaded anyway, and a programme has at
    most a few hundred sessions.
    """
    words = folded(query).split()
    found = []
    for session in sessions:
        people = " ".join(
            f"{appearance.speaker.name} {appearance.speaker.organisation}"
            for appearance in session.appearances.all()
        )
        haystack = folded(f"{session.title} {session.description} {people}")
        if all(word in haystack for word in words):
            found.append(session)
    return found
