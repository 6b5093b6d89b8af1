"""Realistic fake participants for trying the participants' area and for the benchmark.

Names, organisations, regions, sectors and entries in English and Italian, from a fixed seed
so that two runs give the same people. Addresses end in .invalid (RFC 2606): nothing is ever
delivered to them.
"""

import random

from django.db import transaction
from django.utils import timezone

from events.models import Edition
from networking.models import Entry, Profile, Sector
from registrations.models import AttendedDay, Category, Registration, new_token

# (country, regions, first names, last names, language)
PLACES = [
    ("IT", ["Lombardia", "Piemonte", "Emilia-Romagna", "Veneto", "Puglia"],
     ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Andrea"],
     ["Rossi", "Bianchi", "Colombo", "Ferrari", "Ricci", "Galli"], "it"),
    ("LT", ["Vilnius", "Kaunas"], ["Ieva", "Tomas", "Rūta", "Mantas"],
     ["Kazlauskaitė", "Petrauskas", "Jankauskienė", "Vasiliauskas"], "en"),
    ("PL", ["Dolnośląskie", "Małopolskie", "Mazowieckie"], ["Agnieszka", "Piotr", "Katarzyna"],
     ["Nowak", "Kowalski", "Wiśniewska"], "en"),
    ("ES", ["Cataluña", "País Vasco", "Andalucía"], ["Lucía", "Javier", "Marta"],
     ["García", "Fernández", "López"], "en"),
    ("DE", ["Bayern", "Baden-Württemberg", "Sachsen"], ["Anna", "Jonas", "Lena"],
     ["Müller", "Schmidt", "Schneider"], "en"),
    ("FR", ["Auvergne-Rhône-Alpes", "Occitanie", "Grand Est"], ["Camille", "Hugo", "Léa"],
     ["Martin", "Bernard", "Dubois"], "en"),
    ("RO", ["Nord-Est", "Vest"], ["Ioana", "Andrei"], ["Popescu", "Ionescu"], "en"),
]  # fmt: skip
ORGANISATION_KINDS = {
    Category.CLUSTER: ("{region} {sector} Cluster", "Cluster {sector} {region}"),
    Category.REGIONAL_AUTHORITY: ("Regional Development Agency {region}", "Regione {region}"),
    Category.COMPANY: ("{sector} Solutions {region}", "{sector} Sistemi {region}"),
    Category.START_UP: ("{sector} Lab {number}", "{sector} Lab {number}"),
    Category.RESEARCH: ("University of {region}", "Università di {region}"),
}
ABOUT = {
    "en": "We bring together {count} organisations working on {sector} in {region}.",
    "it": "Riuniamo {count} organizzazioni che lavorano nel settore {sector} in {region}.",
}
SEEKING = {
    "en": "Partners for interregional projects and pilot sites in {sector}.",
    "it": "Partner per progetti interregionali e siti pilota nel settore {sector}.",
}
ENTRIES = {
    "en": [
        (Entry.Kind.OFFER, "Test facilities for {sector}"),
        (Entry.Kind.REQUEST, "Pilot sites for {sector} in another region"),
        (Entry.Kind.PARTNER, "Partners for a Horizon Europe proposal on {sector}"),
    ],
    "it": [
        (Entry.Kind.OFFER, "Laboratori di prova per il settore {sector}"),
        (Entry.Kind.REQUEST, "Siti pilota per il settore {sector} in un'altra regione"),
        (Entry.Kind.PARTNER, "Partner per una proposta Horizon Europe sul settore {sector}"),
    ],
}


@transaction.atomic
def load_demo_participants(edition: Edition, count: int, seed: int = 2024) -> int:
    """Add `count` confirmed participants with listed profiles and entries; return how many."""
    chance = random.Random(f"{seed}-{edition.slug}")
    sectors = list(Sector.objects.all())
    start = edition.registrations.count()
    now = timezone.now()
    registrations = []
    for number in range(start, start + count):
        country, regions, first_names, last_names, language = chance.choice(PLACES)
        category = chance.choice(list(ORGANISATION_KINDS))
        region, sector = chance.choice(regions), chance.choice(sectors)
        pattern = ORGANISATION_KINDS[category][language == "it"]
        first, last = chance.choice(first_names), chance.choice(last_names)
        registrations.append(
            Registration(
                edition=edition,
                first_name=first,
                last_name=last,
                email=f"demo.{number}@participants.invalid",
                organisation=pattern.format(region=region, sector=sector.name_en, number=number),
                country=country,
                category=category,
                language=language,
                status=Registration.Status.CONFIRMED,
                confirmed_at=now,
                privacy_consent_at=now,
                on_participant_list=chance.random() < 0.7,
                manage_token=new_token(),
                calendar_token=new_token(),
                confirmation_token=new_token(),
            )
        )
    Registration.objects.bulk_create(registrations)
    AttendedDay.objects.bulk_create(
        AttendedDay(registration=registration, day=day)
        for registration in registrations
        for day in edition.days
    )
    for registration in registrations:
        language = registration.language
        region = registration.organisation.split()[-1]
        chosen = chance.sample(sectors, k=chance.randint(1, 3))
        sector = (chosen[0].name_it if language == "it" else chosen[0].name_en).lower()
        profile = Profile.objects.create(
            registration=registration,
            listed=chance.random() < 0.9,
            open_to_meetings=chance.random() < 0.6,
            region=region,
            languages=sorted({language, "en"}),
            text_language=language,
            about=ABOUT[language].format(
                count=chance.randint(12, 180), sector=sector, region=region
            ),
            seeking=SEEKING[language].format(sector=sector),
        )
        profile.sectors.set(chosen)
        for kind, title in chance.sample(ENTRIES[language], k=chance.randint(0, 2)):
            entry = Entry.objects.create(
                profile=profile,
                kind=kind,
                title=title.format(sector=sector),
                description=SEEKING[language].format(sector=sector),
            )
            entry.sectors.set(chosen[:1])
    return count
