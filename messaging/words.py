"""What each person reads of an organisers' message: the words, placeholders filled in."""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from common.dates import format_date
from common.links import absolute_url
from events.models import Edition
from messaging.models import Announcement, TimedMessage
from registrations.models import Registration

# Not a token of anyone's: the links of a test email open no registration.
EXAMPLE_TOKEN = "example-link-of-a-test-email"


@dataclass(frozen=True)
class SampleParticipant:
    """The fictitious participant organisers' previews and test emails are written for: the
    message as a participant reads it, with links that open nobody's registration."""

    edition: Edition
    language: str

    @property
    def first_name(self) -> str:
        with translation.override(self.language):
            return pgettext("a first name in examples", "Alex")

    @property
    def full_name(self) -> str:
        with translation.override(self.language):
            return pgettext("a full name in examples", "Alex Example")

    @property
    def days(self) -> list[dt.date]:
        return self.edition.days

    def attended_sessions(self):
        return self.edition.sessions.for_agenda().filter(capacity__isnull=True)

    def _example_path(self, name: str) -> str:
        with translation.override(self.language):
            return reverse(
                f"registrations:{name}",
                kwargs={"edition_slug": self.edition.slug, "token": EXAMPLE_TOKEN},
            )

    def manage_url(self) -> str:
        return self._example_path("manage")

    def calendar_url(self) -> str:
        return self._example_path("calendar")


def programme_of(registration: "Registration | SampleParticipant", sessions=None) -> str:
    days = ", ".join(format_date(day, "l j F") for day in registration.days)
    sessions = [
        f"{format_date(session.local_starts_at, 'j F, H:i')} {session.title}"
        for session in (registration.attended_sessions() if sessions is None else sessions)
        if session.capacity is not None
    ]
    return "; ".join([days, *sessions]) if days else ""


def message_for(
    announcement: "Announcement | TimedMessage",
    registration: "Registration | SampleParticipant",
    language: str | None = None,
) -> tuple[str, str]:
    """Return the subject and body the person reads, in their language (or the one asked
    for, for previews), placeholders filled."""
    edition = announcement.edition
    language = language or registration.language
    with translation.override(language), timezone.override(edition.tz):
        venue = edition.venue

        @cache
        def attended() -> list:
            return list(registration.attended_sessions())

        def next_session() -> str:
            upcoming = [session for session in attended() if session.starts_at > timezone.now()]
            if not upcoming:
                return ""
            return f"{format_date(upcoming[0].local_starts_at, 'l j F, H:i')} {upcoming[0].title}"

        values = Placeholders(
            {
                "first_name": lambda: registration.first_name,
                "my_programme": lambda: programme_of(registration, attended()),
                "next_session": next_session,
                "manage_link": lambda: absolute_url(registration.manage_url()),
                "calendar_link": lambda: absolute_url(registration.calendar_url()),
                "agenda_link": lambda: absolute_url(
                    reverse("events:agenda", kwargs={"edition_slug": edition.slug})
                ),
                "venue": lambda: (
                    f"{venue.name}, {venue.street_address}, {venue.postal_code} {venue.city}"
                    if venue
                    else edition.city
                ),
                "directions": lambda: venue.directions if venue else "",
            }
        )
        subject = getattr(announcement, f"subject_{language}") or announcement.subject_en
        body = getattr(announcement, f"body_{language}") or announcement.body_en
        return subject.format_map(values), body.format_map(values)


class Placeholders(dict):
    """The placeholders' values, each worked out only when the message uses it (a person's
    programme takes queries; most messages name only the first name and a link)."""

    def __init__(self, makers: dict):
        super().__init__()
        self.makers = makers

    def __missing__(self, name: str) -> str:
        value = self[name] = self.makers[name]()
        return value
