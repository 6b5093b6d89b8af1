"""iCalendar (RFC 5545 / RFC 7986) output for the programme, as pure functions.

Nothing here touches the request or the database beyond the objects it is given, so the same
code serves the edition feed, a single session and (later) an attendee's personal feed.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from email.utils import parseaddr
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from events.models import Edition, Session

PRODID = "-//European Cluster Collaboration Platform//Clusters meet Regions//EN"
UID_DOMAIN = "clusters-meet-regions.eccp"
REFRESH_INTERVAL = dt.timedelta(hours=1)

# Builds an absolute URL from a site path, e.g. request.build_absolute_uri.
AbsoluteUrl = Callable[[str], str]


def session_uid(session: Session) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def calendar_for_sessions(
    *,
    edition: Edition,
    sessions: Iterable[Session],
    name: str,
    absolute_url: AbsoluteUrl,
    method: str = "PUBLISH",
) -> Calendar:
    """Return a calendar of the given sessions, in the edition's time zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", edition.time_zone)
    calendar.add("description", edition.summary)
    calendar.add("x-wr-caldesc", edition.summary)
    calendar.add("url", absolute_url(edition.get_absolute_url()))
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for session in sessions:
        calendar.add_component(event_for_session(session, edition, absolute_url))
    # Rules for the edition's years only, rather than icalendar's default of 1970 to 2038.
    calendar.add_missing_timezones(
        first_date=dt.date(edition.start_date.year - 1, 1, 1),
        last_date=dt.date(edition.end_date.year + 2, 1, 1),
    )
    return calendar


def event_for_session(session: Session, edition: Edition, absolute_url: AbsoluteUrl) -> Event:
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
    event.add(
        "location",
        f"{session.place}, {venue.full_address}" if session.place_id else venue.full_address,
    )
    if venue.has_coordinates:
        event.add("geo", (float(venue.latitude), float(venue.longitude)))
    event.add("url", session_url)
    event.add("description", session_description(session, session_url))
    event.add("categories", [session.get_session_type_display()])
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event["organizer"] = organizer_address(edition)
    return event


def session_description(session: Session, session_url: str) -> str:
    parts = []
    if session.is_cancelled:
        parts.append(_("This session has been cancelled."))
    if session.description:
        parts.append(session.description)
    speakers = [
        f"{appearance.speaker.name} ({appearance.get_role_display()})"
        if not appearance.speaker.affiliation
        else f"{appearance.speaker.name}, {appearance.speaker.affiliation} "
        f"({appearance.get_role_display()})"
        for appearance in session.appearances.all()
    ]
    if speakers:
        parts.append(_("Speakers:") + "\n" + "\n".join(speakers))
    parts.append(session_url)
    return "\n\n".join(parts)


def organizer_address(edition: Edition) -> vCalAddress:
    """Return the ORGANIZER that RFC 5546 requires on every published event."""
    contact = next((contact for contact in edition.contacts.all() if contact.email), None)
    email = contact.email if contact else parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(edition.series.organiser)
    return address


def webcal_url(https_url: str) -> str:
    """Return the subscription form of a feed URL, which calendar apps open directly."""
    scheme, _sep, rest = https_url.partition("://")
    return f"webcal://{rest}" if scheme in {"http", "https"} else https_url


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
