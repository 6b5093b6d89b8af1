"""Create the seeded Milan 2024 edition from `events.seed.milano_2024`, once."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from events.models import (
    Contact,
    Edition,
    EditionLink,
    EditionPartner,
    Objective,
    Organisation,
    Place,
    Series,
    Session,
    SessionSpeaker,
    Speaker,
    Venue,
)
from events.seed import milano_2024 as seed


def translated(name: str, value: str | dict[str, str]) -> dict[str, str]:
    """Return model field values for a seed text, one per language where it has several."""
    if isinstance(value, dict):
        return {f"{name}_{language}": text for language, text in value.items()}
    return {name: value}


@transaction.atomic
def load_milano_2024() -> tuple[Edition, bool]:
    """Create the Milan 2024 edition unless it exists; return it and whether it was created.

    An existing edition is left untouched, so organisers' corrections survive `make run`.
    """
    existing = Edition.objects.filter(slug=seed.EDITION["slug"]).first()
    if existing:
        return existing, False

    series, _ = Series.objects.get_or_create(
        slug=seed.SERIES["slug"],
        defaults={
            "name": seed.SERIES["name"],
            "organiser": seed.SERIES["organiser"],
            "organiser_url": seed.SERIES["organiser_url"],
            **translated("description", seed.SERIES["description"]),
        },
    )
    venues = {}
    places = {}
    for data in seed.VENUES:
        venue, _ = Venue.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "street_address": data["street_address"],
                "postal_code": data["postal_code"],
                "city": data["city"],
                "country": data["country"],
                "latitude": Decimal(data["latitude"]),
                "longitude": Decimal(data["longitude"]),
                **translated("description", data["description"]),
                **translated("directions", data["directions"]),
                **translated("accessibility", data["accessibility"]),
            },
        )
        venues[data["slug"]] = venue
        for place_data in data["places"]:
            place, _ = Place.objects.get_or_create(
                venue=venue,
                name=place_data["name"],
                defaults=translated("location_detail", place_data["location_detail"]),
            )
            places[place.name] = place

    data = seed.EDITION
    edition = Edition(
        series=series,
        slug=data["slug"],
        number_in_series=data["number_in_series"],
        **translated("title", data["title"]),
        **translated("theme", data["theme"]),
        **translated("subtitle", data["subtitle"]),
        city=data["city"],
        country=data["country"],
        start_date=dt.date.fromisoformat(data["start_date"]),
        end_date=dt.date.fromisoformat(data["end_date"]),
        time_zone=data["time_zone"],
        venue=venues[data["venue"]],
        **translated("summary", data["summary"]),
        **translated("description", data["description"]),
        **translated("context", data["context"]),
        **translated("attendance_note", data["attendance_note"]),
        **translated("host_region", data["host_region"]),
        is_published=True,
    )
    edition.full_clean()
    edition.save()

    for order, objective in enumerate(data["objectives"], start=1):
        Objective.objects.create(edition=edition, order=order, **translated("text", objective))
    for order, partner in enumerate(data["partners"], start=1):
        org_data = seed.ORGANISATIONS[partner["organisation"]]
        organisation, _ = Organisation.objects.get_or_create(
            name=org_data["name"],
            defaults={
                "short_name": org_data["short_name"],
                "url": org_data["url"],
                **translated("description", org_data["description"]),
            },
        )
        EditionPartner.objects.create(
            edition=edition,
            organisation=organisation,
            role=partner["role"],
            **translated("role_detail", partner["role_detail"]),
            order=order,
        )
    for order, contact in enumerate(data["contacts"], start=1):
        Contact.objects.create(edition=edition, order=order, **contact)
    for order, link in enumerate(data["links"], start=1):
        EditionLink.objects.create(
            edition=edition,
            order=order,
            kind=link["kind"],
            **translated("label", link["label"]),
            url=link["url"],
        )

    speakers = {}
    for slug, speaker_data in seed.SPEAKERS.items():
        speakers[slug], _ = Speaker.objects.get_or_create(
            slug=slug,
            defaults={
                "name": speaker_data["name"],
                **translated("job_title", speaker_data["job_title"]),
                "organisation": speaker_data["organisation"],
            },
        )

    for session_data in seed.SESSIONS:
        day = dt.date.fromisoformat(session_data["day"])
        session = Session(
            edition=edition,
            slug=session_data["slug"],
            **translated("title", session_data["title"]),
            session_type=session_data["type"],
            starts_at=local_datetime(day, session_data["start"], edition),
            ends_at=local_datetime(day, session_data["end"], edition),
            **translated("description", session_data["description"]),
            place=places.get(session_data.get("place")),
            venue=venues.get(session_data.get("venue")),
            capacity=session_data.get("capacity"),
            time_to_be_confirmed=not session_data.get("time_reported", False),
        )
        session.full_clean()
        session.save()
        for order, (speaker_slug, role) in enumerate(session_data.get("speakers", []), start=1):
            SessionSpeaker.objects.create(
                session=session, speaker=speakers[speaker_slug], role=role, order=order
            )
    return edition, True


def local_datetime(day: dt.date, clock: str, edition: Edition) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=edition.tz)
