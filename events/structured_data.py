"""schema.org JSON-LD for an edition, so search engines show it as an event."""

import json

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from common.links import absolute_url
from events.models import Edition, Session, Venue


def place_data(venue: Venue) -> dict:
    data = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street_address,
            "postalCode": venue.postal_code,
            "addressLocality": venue.city,
            "addressCountry": venue.country.code,
        },
    }
    if venue.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def edition_data(edition: Edition, sessions: list[Session]) -> dict:
    """Return the schema.org Event for an edition, with its sessions as sub-events."""
    organisers = [
        {"@type": "Organization", "name": p.organisation.name, "url": p.organisation.url}
        for p in edition.partnerships.all()
        if p.role == p.Role.ORGANISER
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.title,
        "alternateName": edition.theme,
        "description": edition.summary,
        "inLanguage": get_language(),
        "url": absolute_url(edition.get_absolute_url()),
        "startDate": edition.starts_at.date().isoformat()
        if not sessions
        else sessions[0].local_starts_at.isoformat(),
        "endDate": edition.end_date.isoformat()
        if not sessions
        else max(s.ends_at for s in sessions).astimezone(edition.tz).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place_data(edition.venue),
        "organizer": organisers or [{"@type": "Organization", "name": edition.series.organiser}],
        "superEvent": {"@type": "EventSeries", "name": edition.series.name},
        "subEvent": [
            {
                "@type": "Event",
                "name": session.title,
                "url": absolute_url(session.get_absolute_url()),
                "startDate": session.local_starts_at.isoformat(),
                "endDate": session.local_ends_at.isoformat(),
                "eventStatus": "https://schema.org/EventCancelled"
                if session.is_cancelled
                else "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": place_data(session.actual_venue),
            }
            for session in sessions
        ],
    }


def edition_json_ld(edition: Edition, sessions: list[Session]) -> SafeString:
    """Return the JSON-LD, safe to place inside a <script> element."""
    text = json.dumps(edition_data(edition, sessions), ensure_ascii=False)
    # "</script>" or "<!--" inside a string must not end the element early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)
