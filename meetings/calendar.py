"""A person's meetings as iCalendar events, for their feed and the acceptance email."""

from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event

from common.links import absolute_url
from events import ical
from meetings.models import Meeting
from registrations.models import Registration


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{ical.UID_DOMAIN}"


def where(meeting: Meeting) -> str:
    """Return the table, the room and the venue's address, as a calendar's location."""
    matchmaking = meeting.block.matchmaking
    venue = matchmaking.place.venue if matchmaking.place_id else matchmaking.edition.venue
    table = _("Table %(table)s") % {"table": meeting.table.name} if meeting.table_id else ""
    room = str(matchmaking.place.name) if matchmaking.place_id else ""
    return ", ".join(part for part in (table, room, venue.full_address) if part)


def meeting_event(meeting: Meeting, registration: Registration) -> Event:
    """Return the VEVENT of a confirmed (or since cancelled) meeting, seen by one participant."""
    edition = meeting.block.matchmaking.edition
    other = meeting.other(registration)
    slot = meeting.slot_times
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add(
        "summary",
        _("Meeting with %(name)s (%(organisation)s)")
        % {"name": other.full_name, "organisation": other.organisation},
    )
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("location", where(meeting))
    event.add("description", f"{meeting.message}\n\n{absolute_url(my_meetings_path(edition))}")
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", ical.organizer_address(edition))
    return event


def my_meetings_path(edition) -> str:
    return reverse("meetings:mine", kwargs={"edition_slug": edition.slug})


def calendar_meetings(registration: Registration):
    """Return the meetings a person's calendar holds: confirmed ones, and cancelled ones that
    were confirmed (so that calendars mark them cancelled rather than keep them)."""
    return (
        Meeting.objects.involving(registration)
        .filter(table__isnull=False)
        .filter(status__in=[Meeting.Status.CONFIRMED, Meeting.Status.CANCELLED])
        .select_related(
            "block__matchmaking__edition__venue",
            "block__matchmaking__place__venue",
            "table",
            "requester",
            "invitee",
        )
        .prefetch_related("block__matchmaking__edition__contacts")
    )


def meeting_calendar(meeting: Meeting, registration: Registration) -> bytes:
    edition = meeting.block.matchmaking.edition
    return ical.calendar_for_sessions(
        edition=edition,
        sessions=[],
        name=_("Meeting – %(edition)s") % {"edition": edition.title},
        other_events=[meeting_event(meeting, registration)],
    )
