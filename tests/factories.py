"""Small builders for test data, with defaults that surprise nobody."""

import datetime as dt
import itertools
import zoneinfo

from events.models import Edition, Place, Series, Session, SessionSpeaker, Speaker, Venue

_counter = itertools.count(1)
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def make_series(**fields) -> Series:
    number = next(_counter)
    defaults = {
        "name": "Clusters meet Regions",
        "slug": f"series-{number}",
        "organiser": "European Cluster Collaboration Platform (ECCP)",
    }
    return Series.objects.create(**(defaults | fields))


def make_venue(**fields) -> Venue:
    number = next(_counter)
    defaults = {
        "name": f"Palazzo {number}",
        "slug": f"venue-{number}",
        "street_address": "Piazza Città di Lombardia 1",
        "postal_code": "20124",
        "city": "Milano",
        "country": "IT",
        "latitude": "45.486200",
        "longitude": "9.195700",
    }
    return Venue.objects.create(**(defaults | fields))


def make_place(venue: Venue, **fields) -> Place:
    return Place.objects.create(venue=venue, **({"name": f"Room {next(_counter)}"} | fields))


def make_edition(**fields) -> Edition:
    number = next(_counter)
    start = fields.pop("start_date", dt.date(2024, 3, 26))
    defaults = {
        "series": fields.pop("series", None) or make_series(),
        "venue": fields.pop("venue", None) or make_venue(),
        "slug": f"edition-{number}",
        "title": f"Edition {number}",
        "theme": "Twin Transition",
        "city": "Milano",
        "country": "IT",
        "start_date": start,
        "end_date": start + dt.timedelta(days=1),
        "time_zone": "Europe/Rome",
        "summary": "A workshop of the series.",
        "is_published": True,
    }
    return Edition.objects.create(**(defaults | fields))


def make_session(edition: Edition, **fields) -> Session:
    number = next(_counter)
    tz = edition.tz
    starts_at = fields.pop(
        "starts_at", dt.datetime.combine(edition.start_date, dt.time(10, 0), tzinfo=tz)
    )
    defaults = {
        "edition": edition,
        "slug": f"session-{number}",
        "title": f"Session {number}",
        "session_type": Session.Type.PANEL,
        "starts_at": starts_at,
        "ends_at": fields.pop("ends_at", starts_at + dt.timedelta(hours=1)),
    }
    return Session.objects.create(**(defaults | fields))


def make_speaker(**fields) -> Speaker:
    number = next(_counter)
    defaults = {"name": f"Speaker {number}", "slug": f"speaker-{number}", "organisation": "AFIL"}
    return Speaker.objects.create(**(defaults | fields))


def add_speaker(session: Session, speaker: Speaker, role: str = "speaker", order: int = 0):
    return SessionSpeaker.objects.create(session=session, speaker=speaker, role=role, order=order)


def registration_input(edition: Edition, *, days=None, sessions=(), **fields) -> dict:
    """Return what the registration form hands `submit_registration`, filled in correctly."""
    from registrations.models import Registration

    number = next(_counter)
    defaults = {
        "edition": edition,
        "first_name": "Zoë",
        "last_name": f"Müller-{number}",
        "email": f"person{number}@example.org",
        "organisation": "AFIL",
        "country": "IT",
        "category": "cluster",
    }
    return {
        "registration": Registration(**(defaults | fields)),
        "days": [as_date(day) for day in days] if days is not None else edition.days[:1],
        "sessions": list(sessions),
    }


def as_date(day) -> dt.date:
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(day)


def registration_form(edition: Edition, **overrides) -> dict:
    """Return what a person types into the registration form, filled in correctly."""
    data = {
        "first_name": "Zoë",
        "last_name": "Müller",
        "email": "zoe@example.org",
        "organisation": "AFIL",
        "job_title": "Project manager",
        "country": "IT",
        "category": "cluster",
        "days": [edition.days[0].isoformat()],
        "privacy_consent": "on",
        "dietary_requirements": "",
        "accessibility_needs": "",
    }
    return data | overrides


def make_registration(edition: Edition, **fields):
    """Create a registration row directly, bypassing the services (for states and purges)."""
    from django.utils import timezone

    from registrations.models import AttendedDay, Registration

    number = next(_counter)
    defaults = {
        "edition": edition,
        "first_name": "Zoë",
        "last_name": f"Müller-{number}",
        "email": f"person{number}@example.org",
        "organisation": "AFIL",
        "country": "IT",
        "category": "cluster",
        "privacy_consent_at": timezone.now(),
    }
    days = fields.pop("days", [edition.start_date])
    registration = Registration.objects.create(**(defaults | fields))
    registration.attended_days.bulk_create(
        AttendedDay(registration=registration, day=as_date(day)) for day in days
    )
    return registration


def open_edition(**fields) -> Edition:
    """Return a published edition a month ahead, with registration open now."""
    from django.utils import timezone

    start = timezone.localdate() + dt.timedelta(days=30)
    return make_edition(**({"start_date": start} | fields))


def make_call(edition: Edition, *, pitching_sessions: int = 1, **fields):
    """Return a call for pitches open now on the edition, with the demo's categories and
    criteria (weights 2, 1, 1), filling `pitching_sessions` new pitching sessions."""
    from django.utils import timezone

    from pitches.demo import open_call

    for number in range(pitching_sessions):
        start = edition.starts_at + dt.timedelta(hours=2 + number)
        make_session(
            edition,
            slug=f"pitching-{number + 1}",
            title=f"Pitching session {number + 1}",
            session_type="pitching",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
    call = open_call(edition, now=timezone.now())
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    return call


def make_application(call, *, status="submitted", category=0, **fields):
    from pitches.models import Application

    number = Application.objects.count() + 1
    defaults = {
        "call": call,
        "status": status,
        "category": list(call.categories.all())[category],
        "organisation": f"Applicant {number}",
        "country": "IT",
        "contact_name": f"Contact {number}",
        "email": f"applicant{number}@example.org",
        "title": f"Pitch {number}",
        "summary": "What we do.",
        "seeking": "Partners.",
    }
    return Application.objects.create(**(defaults | fields))
