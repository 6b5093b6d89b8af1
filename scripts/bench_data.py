"""Generate benchmark editions: a realistic one and a large one. Run with DJANGO_SETTINGS_MODULE."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from events.models import Edition, Series, Session, SessionSpeaker, Speaker, Venue

TYPES = [t for t, _label in Session.Type.choices]


@transaction.atomic
def make_edition(slug: str, sessions: int, speakers: int, days: int = 2) -> Edition:
    series, _ = Series.objects.get_or_create(
        slug="bench-series", defaults={"name": "Clusters meet Regions", "organiser": "ECCP"}
    )
    venue, _ = Venue.objects.get_or_create(
        slug="bench-venue",
        defaults={
            "name": "Palazzo Lombardia",
            "street_address": "Piazza Città di Lombardia 1",
            "postal_code": "20124",
            "city": "Milano",
            "country": "IT",
            "latitude": "45.486200",
            "longitude": "9.195700",
        },
    )
    start = timezone.localdate() + dt.timedelta(days=60)
    edition = Edition.objects.create(
        series=series,
        slug=slug,
        title_en=f"Benchmark edition {slug}",
        title_it=f"Edizione di prova {slug}",
        theme_en="Twin Transition: Italian ecosystems and the European agenda for sustainability",
        summary_en="A generated edition of realistic size for the benchmark.",
        city="Milano",
        country="IT",
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        time_zone="Europe/Rome",
        venue=venue,
        is_published=True,
    )
    people = [
        Speaker(name=f"Speaker {slug} {n}", slug=f"{slug}-speaker-{n}", job_title="Director",
                organisation=f"Cluster {n % 17}", bio="Works on cluster policy. " * 3)
        for n in range(speakers)
    ]  # fmt: skip
    Speaker.objects.bulk_create(people)
    per_day = -(-sessions // days)
    slot = dt.timedelta(minutes=max(5, (10 * 60) // per_day))
    created = []
    for number in range(sessions):
        day, index = divmod(number, per_day)
        begins = (
            dt.datetime.combine(start + dt.timedelta(days=day), dt.time(8, 0), tzinfo=edition.tz)
            + index * slot
        )
        created.append(
            Session(
                edition=edition,
                slug=f"session-{number}",
                title_en=f"Session {number}: regional ecosystems and the twin transition",
                title_it=f"Sessione {number}: ecosistemi regionali e doppia transizione",
                description_en="Panel with representatives of regions and clusters. " * 4,
                session_type=TYPES[number % len(TYPES)],
                starts_at=begins,
                ends_at=begins + slot,
            )
        )
    Session.objects.bulk_create(created)
    links = [
        SessionSpeaker(session=session, speaker=people[(2 * n + k) % speakers], order=k)
        for n, session in enumerate(created)
        for k in range(2)
    ]
    SessionSpeaker.objects.bulk_create(links, ignore_conflicts=True)
    return edition
