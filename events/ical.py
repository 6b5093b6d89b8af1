"""iCalendar (RFC 5545 / RFC 7986) output for the programme, as pure functions.

Nothing here touches the request or the database beyond the objects it is given, so the same
code serves the edition feed, a single session and an attendee's personal feed.

The content lines are written directly: icalendar's component objects cost about 14 ms for a
40-session feed, ten times the rest of the request, because every property becomes a typed
object with its own parameter dictionary before it is serialised and folded character by
character. icalendar still builds the VTIMEZONE from the time zone database (the part worth a
library), and the tests read every feed back with two independent parsers (icalendar's and
Mozilla's ical.js).
"""

import datetime as dt
import functools
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Timezone

from clusters_event.links import absolute_url
from events.models import Edition, Session

PRODID = "-//European Cluster Collaboration Platform//Clusters meet Regions//EN"
UID_DOMAIN = "clusters-meet-regions.eccp"
REFRESH_INTERVAL = "PT1H"
# RFC 5545 3.1: content lines SHOULD NOT be longer than 75 octets, excluding the line break.
LINE_OCTETS = 75


def session_uid(session: Session) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def calendar_for_sessions(
    *,
    edition: Edition,
    sessions: Iterable[Session],
    name: str,
    method: str = "PUBLISH",
) -> bytes:
    """Return an iCalendar file of the given sessions, in the edition's time zone."""
    summary = escape_text(edition.summary)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{escape_text(edition.time_zone)}",
        f"DESCRIPTION:{summary}",
        f"X-WR-CALDESC:{summary}",
        f"URL:{absolute_url(edition.get_absolute_url())}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
        # Rules for the edition's years only, rather than icalendar's default of 1970 to 2038.
        *vtimezone_lines(edition.time_zone, edition.start_date.year - 1, edition.end_date.year + 2),
    ]
    organizer = organizer_line(edition)
    for session in sessions:
        lines += event_lines(session, edition, organizer)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines).encode()


def event_lines(session: Session, edition: Edition, organizer: str) -> list[str]:
    """Return one VEVENT for a session; a cancelled session is kept and marked CANCELLED."""
    venue = session.actual_venue
    session_url = absolute_url(session.get_absolute_url())
    location = f"{session.place}, {venue.full_address}" if session.place_id else venue.full_address
    tzid = edition.time_zone
    lines = [
        "BEGIN:VEVENT",
        f"UID:{session_uid(session)}",
        f"DTSTAMP:{utc_datetime(session.updated_at)}",
        f"LAST-MODIFIED:{utc_datetime(session.updated_at)}",
        f"SEQUENCE:{session.sequence}",
        f"SUMMARY:{escape_text(session.title)}",
        f"DTSTART;TZID={tzid}:{local_datetime(session.starts_at, edition)}",
        f"DTEND;TZID={tzid}:{local_datetime(session.ends_at, edition)}",
        f"LOCATION:{escape_text(location)}",
    ]
    if venue.has_coordinates:
        lines.append(f"GEO:{float(venue.latitude)};{float(venue.longitude)}")
    lines += [
        f"URL:{session_url}",
        f"DESCRIPTION:{escape_text(session_description(session, session_url))}",
        f"CATEGORIES:{escape_text(session.get_session_type_display())}",
        f"STATUS:{'CANCELLED' if session.is_cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        organizer,
        "END:VEVENT",
    ]
    return lines


def session_description(session: Session, session_url: str) -> str:
    parts = []
    if session.is_cancelled:
        parts.append(_("This session has been cancelled."))
    if description := session.description:
        parts.append(description)
    speakers = []
    for appearance in session.appearances.all():
        speaker, role = appearance.speaker, appearance.get_role_display()
        affiliation = speaker.affiliation
        speakers.append(
            f"{speaker.name}, {affiliation} ({role})" if affiliation else f"{speaker.name} ({role})"
        )
    if speakers:
        parts.append(_("Speakers:") + "\n" + "\n".join(speakers))
    parts.append(session_url)
    return "\n\n".join(parts)


def organizer_line(edition: Edition) -> str:
    """Return the ORGANIZER that RFC 5546 requires on every published event."""
    contact = next((contact for contact in edition.contacts.all() if contact.email), None)
    email = contact.email if contact else parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"ORGANIZER;CN={parameter_value(edition.series.organiser)}:mailto:{email}"


@functools.cache
def vtimezone_lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """Return the VTIMEZONE for a zone over those years, from the time zone database.

    It depends on nothing but the zone's rules, and building it takes about a millisecond, so
    it is computed once per process (as icalendar's documentation advises).
    """
    timezone = Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 1, 1)
    )
    # Unfolded here; every line is folded once, on the way out.
    return tuple(timezone.to_ical().decode().replace("\r\n ", "").splitlines())


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def parameter_value(value: str) -> str:
    """Quote a parameter value when it needs it (RFC 5545 3.2); it cannot hold a double quote."""
    value = value.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(char in value for char in ":;,") else value


def utc_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_datetime(moment: dt.datetime, edition: Edition) -> str:
    return moment.astimezone(edition.tz).strftime("%Y%m%dT%H%M%S")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545 3.1).

    A fold never splits a UTF-8 character, nor a backslash from the character it escapes
    (some clients read "\\" + fold + "n" wrongly).
    """
    if len(line) <= LINE_OCTETS and line.isascii():
        return line
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return line
    pieces = []
    start, width = 0, LINE_OCTETS
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back up to the character's start
            end -= 1
        backslashes = 0
        while end - backslashes - 1 > start and data[end - backslashes - 1] == 0x5C:
            backslashes += 1
        if backslashes % 2:
            end -= 1
        pieces.append(data[start:end])
        # A continuation line starts with a space, which counts towards its 75 octets.
        start, width = end, LINE_OCTETS - 1
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def google_calendar_url(session: Session, session_url: str) -> str:
    """Return Google Calendar's "add event" link, pre-filled with the session."""
    fmt = "%Y%m%dT%H%M%SZ"
    start = session.starts_at.astimezone(dt.UTC).strftime(fmt)
    end = session.ends_at.astimezone(dt.UTC).strftime(fmt)
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": session.title,
            "dates": f"{start}/{end}",
            "ctz": session.edition.time_zone,
            "location": session.actual_venue.full_address,
            "details": f"{session.description}\n\n{session_url}".strip(),
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"
