"""The VTIMEZONE of a calendar file, written as yearly rules from the time zone database.

icalendar's own `Timezone.from_tzid` lists the changes of later years as one RDATE with several
dates; Mozilla's ical.js and vobject read only the first of them, so events after it came out an
hour off. Here each kind of change (to summer time, back to standard time) becomes one
sub-component with the RRULE the zone follows (Europe/Rome: the last Sunday of March at 02:00),
as Outlook, Google and Apple write them. A change that follows no yearly rule in the years
asked for (a zone whose law changed) gets a sub-component of its own, one date each.
"""

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STEP = dt.timedelta(hours=6)  # no zone changes twice within six hours


@dataclass(frozen=True)
class Change:
    at: dt.datetime  # UTC
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    summer: bool

    @property
    def onset(self) -> dt.datetime:
        """The local wall-clock time of the change, before it (RFC 5545's DTSTART)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return (self.offset_from, self.offset_to, self.name, self.summer)


def _state(zone: zoneinfo.ZoneInfo, moment: dt.datetime) -> tuple:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.tzname()


def changes(zone: zoneinfo.ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[Change]:
    """Return the zone's changes of offset or name between two UTC instants, to the second."""
    found = []
    moment, state = start, _state(zone, start)
    while moment < end:
        later = moment + STEP
        new_state = _state(zone, later)
        if new_state != state:
            low, high = moment, later  # the change lies in (low, high]
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            # Summer time is the change to a later clock (the database calls Irish summer
            # time standard and its winter a negative DST).
            summer = new_state[0] > state[0]
            found.append(Change(at, state[0], new_state[0], new_state[1], summer))
            state = new_state
        moment = later
    return found


def yearly_rule(group: list[Change]) -> dict | None:
    """Return the RRULE every change of the group follows, one a year, or None."""
    onsets = [change.onset for change in group]
    years = [onset.year for onset in onsets]
    if len(group) < 2 or years != list(range(years[0], years[0] + len(years))):
        return None
    if len({(onset.month, onset.weekday(), onset.time()) for onset in onsets}) != 1:
        return None
    day = DAYS[onsets[0].weekday()]
    if all((onset + dt.timedelta(days=7)).month != onset.month for onset in onsets):
        return {"freq": "yearly", "bymonth": onsets[0].month, "byday": f"-1{day}"}
    weeks = {(onset.day - 1) // 7 + 1 for onset in onsets}
    if len(weeks) == 1:
        return {"freq": "yearly", "bymonth": onsets[0].month, "byday": f"{weeks.pop()}{day}"}
    return None


def sub_component(change: Change, rule: dict | None = None):
    component = TimezoneDaylight() if change.summer else TimezoneStandard()
    component.add("dtstart", change.onset)
    if rule:
        component.add("rrule", rule)
    component.add("tzname", change.name)
    component.add("tzoffsetfrom", change.offset_from)
    component.add("tzoffsetto", change.offset_to)
    return component


@functools.cache
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """Return the VTIMEZONE of a zone for events from `first_year` to `last_year`.

    It depends on nothing but the zone's rules: built once per process, then only read.
    """
    zone = zoneinfo.ZoneInfo(tzid)
    start = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    timezone = Timezone()
    timezone.add("tzid", tzid)
    found = changes(zone, start, end)
    if not found:
        offset, name = _state(zone, start)
        still = Change(start, offset, offset, name, summer=False)
        timezone.add_component(sub_component(still))
        return timezone
    groups: dict[tuple, list[Change]] = {}
    for change in found:
        groups.setdefault(change.kind, []).append(change)
    for group in groups.values():
        rule = yearly_rule(group)
        if rule is None:
            for change in group:
                timezone.add_component(sub_component(change))
            continue
        if group[-1].at.year < last_year:  # the zone stopped following this rule
            rule["until"] = group[-1].at
        timezone.add_component(sub_component(group[0], rule))
    return timezone
