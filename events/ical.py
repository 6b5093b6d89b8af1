"""iCalendar (RFC 5545 / RFC 7986) output for the programme, as pure functions.

Nothing here touches the request or the database beyond the objects it is given, so the same
code serves the edition feed, a single session and an attendee's personal feed. icalendar
builds, escapes and folds everything (its component objects cost about 18 ms for a 40-session
feed, measured; the page cache serves every read and the worker renders after an edit, so no
visitor waits for it), and the tests read every feed back with two independent parsers
(icalendar's and Mozilla's ical.js).
"""

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from common.links import absolute_url
from events.models import Edition, Session
from events.vtimezone import vtimezone

PRODID = "-//European Cluster Collaboration Platform//Clusters meet Regions//EN"
UID_DOMAIN = "clusters-meet-regions.eccp"
REFRESH_INTERVAL = dt.timedelta(hours=1)


def session_uid(session: Session) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def calendar_for_sessions(
    *,
    edition: Edition,
    sessions: Iterable[Session],
    name: str,
    method: str = "PUBLISH",
    other_events: Iterable[Event] = (),
) -> bytes:
    """Return an iCalendar file of the given sessions (and other events, such as a person's
    meetings), in the edition's time zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("name", name)
    # Non-standard properties are TEXT too (RFC 5545, 3.8.8.2): vText escapes their commas.
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText(edition.time_zone))
    calendar.add("description", edition.summary)
    calendar.add("x-wr-caldesc", vText(edition.summary))
    calendar.add("url", absolute_url(edition.get_absolute_url()))
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(
        vtimezone(edition.time_zone, edition.start_date.year - 1, edition.end_date.year + 2)
    )
    organizer = organizer_address(edition)
    for session in sessions:
        calendar.add_component(session_event(session, edition, organizer))
    for event in other_events:
        calendar.add_component(event)
    return calendar.to_ical()


def session_event(session: Session, edition: Edition, organizer: vCalAddress) -> Event:
    """Return one VEVENT for a session; a cancelled session is kept and marked CANCELLED."""
    venue = session.actual_venue
    session_url = absolute_url(session.get_absolute_url())
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("sequence", session.sequence)
    event.add("summary", session.title)
    event.add("dtstart", session.starts_at.astimezone(edition.tz))
    event.add("dtend", session.ends_at.astimezone(edition.tz))
    location = f"{session.place}, {venue.full_address}" if session.place_id else venue.full_address
    event.add("location", location)
    if venue.has_coordinates:
        event.add("geo", (float(venue.latitude), float(venue.longitude)))
    event.add("url", session_url)
    event.add("description", session_description(session, session_url))
    event.add("categories", [session.get_session_type_display()])
    if session.is_cancelled:
        status = "CANCELLED"
    elif session.time_to_be_confirmed:
        status = "TENTATIVE"  # calendars show it as not yet certain
    else:
        status = "CONFIRMED"
    event.add("status", status)
    event.add("transp", "OPAQUE")
    event.add("organizer", organizer)
    return event


def session_description(session: Session, session_url: str) -> str:
    parts = []
    if session.is_cancelled:
        parts.append(_("This session has been cancelled."))
    elif session.time_to_be_confirmed:
        parts.append(_("Time to be confirmed."))
    if description := session.description:
        parts.append(description)
    speakers = []
    for appearance in session.appearances.all():
        speaker, role = appearance.speaker, appearance.get_role_display()
        affiliation = speaker.affiliation
        line = f"{speaker.name}, {affiliation}" if affiliation else speaker.name
        line += f" ({role})"
        if appearance.presents:
            line += f": “{appearance.presents}”"
        if session.session_type == Session.Type.PITCHING:  # a running order
            line = f"{len(speakers) + 1}. {line}"
        speakers.append(line)
    if speakers:
        parts.append(_("Speakers:") + "\n" + "\n".join(speakers))
    parts.append(session_url)
    return "\n\n".join(parts)


def organizer_address(edition: Edition) -> vCalAddress:
    """Return the ORGANIZER that RFC 5546 requires on every published event."""
    contact = next((contact for contact in edition.contacts.all() if contact.email), None)
    email = contact.email if contact else parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["CN"] = vText(edition.series.organiser)
    return organizer


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
